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

  /**
   * A fork is of a log, its key: one node known under two names (hostile run 10q) is forked under
   * both when either showed it, stays so for a name added with its key, or pinning it, meanwhile,
   * and an operator's acceptance under one name is the log's; a peer of another key is untouched.
   */
  @Test
  void fork_isOfTheLogKey_everyNameForkedAcceptedTogether_namesAddedMeanwhileInherit() {
    peers.put("b1", "http://127.0.0.1:1/api1/", null, OLD, accounts);
    peers.put("b2", "http://127.0.0.1:2/api1/", null, OLD, accounts);
    peers.put("other", "http://127.0.0.1:3/api1/", null, NEW, accounts);
    peers.put("unpinned", "http://127.0.0.1:4/api1/", null, null, accounts);
    peers.markForked("b2", "its log node-b forked");
    assertThat(peers.isForked("b1")).isTrue();
    assertThat(peers.find("b1").orElseThrow().state()).isEqualTo(Peer.FORKED);
    assertThat(peers.isForked("other")).isFalse();
    assertThat(peers.isForked("unpinned")).isFalse();
    peers.state("b1", Peer.OK, null); // a later contact does not clear it
    assertThat(peers.isForked("b1")).isTrue();

    peers.put("b3", "http://127.0.0.1:5/api1/", null, OLD, accounts);
    assertThat(peers.find("b3").orElseThrow().state()).isEqualTo(Peer.FORKED);
    assertThat(peers.find("b3").orElseThrow().detail()).isEqualTo("its log node-b forked");
    peers.put("b4", "http://127.0.0.1:6/api1/", null, null, accounts);
    assertThat(peers.pinKey("b4", OLD)).isEqualTo(OLD);
    assertThat(peers.isForked("b4")).isTrue();

    assertThat(peers.acceptFork("b1", "accepted")).isTrue();
    for (String name : java.util.List.of("b1", "b2", "b3", "b4")) assertThat(peers.isForked(name)).as(name).isFalse();
    assertThat(peers.acceptFork("b2", "accepted")).isFalse();
  }
}
