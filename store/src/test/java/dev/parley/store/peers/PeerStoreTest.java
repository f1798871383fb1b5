package dev.parley.store.peers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.store.Database;
import dev.parley.store.accounts.AccountStore;
import dev.parley.store.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What {@code peer add} keeps of a peer when it is given again. */
class PeerStoreTest {
  private final Database db = TestDatabases.fresh();
  private final PeerStore peers = new PeerStore(db);
  private final AccountStore accounts = new AccountStore(db);

  @AfterEach
  void close() {
    db.close();
  }

  private static final String OLD = "node-b+0a1b2c3d+AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg=";
  private static final String NEW = "node-b+0f0f0f0f+AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefh=";

  /**
   * A new log key given for a peer (its node re-installed) is another node: the witness key pinned
   * for the old one goes, to be pinned again at the next contact (hostile run 10p: the old one
   * stayed, and the new node's cosignatures were refused for ever). The same key given again keeps it.
   */
  @Test
  void put_newLogKey_unpinsTheWitnessKey_sameKeyKeepsIt() {
    peers.put("b", "http://127.0.0.1:1/api1/", null, OLD, accounts);
    assertThat(peers.pinWitnessKey("b", "node-b/witness+11111111+AAAA")).hasValue("node-b/witness+11111111+AAAA");
    peers.put("b", "http://127.0.0.1:1/api1/", null, OLD, accounts);
    assertThat(peers.witnessKey("b")).hasValue("node-b/witness+11111111+AAAA");
    peers.put("b", "http://127.0.0.1:1/api1/", "token", null, accounts);
    assertThat(peers.witnessKey("b")).hasValue("node-b/witness+11111111+AAAA");
    peers.put("b", "http://127.0.0.1:1/api1/", null, NEW, accounts);
    assertThat(peers.witnessKey("b")).isEmpty();
    assertThat(peers.find("b").orElseThrow().key()).isEqualTo(NEW);
  }
}
