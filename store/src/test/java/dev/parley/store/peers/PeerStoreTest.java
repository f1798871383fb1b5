package dev.parley.store.peers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.store.Database;
import dev.parley.store.accounts.AccountStore;
import dev.parley.store.testing.TestDatabases;
import java.util.List;
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
    for (String name : List.of("b1", "b2", "b3", "b4")) assertThat(peers.isForked(name)).as(name).isFalse();
    assertThat(peers.acceptFork("b2", "accepted")).isFalse();
  }

  /**
   * Hostile run 10s: a peer given a new key (its node re-keyed) is not forked by its old key's fork,
   * nor is a name that pins the new key; a name that pins the forked key, at first contact or given,
   * is forked, even after every name that pinned it was removed; an accepted fork shown again stands
   * again for every name of the key.
   */
  @Test
  void fork_staysWithTheKey_notWithTheName() {
    peers.put("c", "http://127.0.0.1:1/api1/", null, OLD, accounts);
    peers.markForked("c", "its log node-b forked");
    peers.put("c", "http://127.0.0.1:1/api1/", null, NEW, accounts);
    assertThat(peers.isForked("c")).isFalse();
    assertThat(peers.find("c").orElseThrow().state()).isEqualTo(Peer.UNREACHABLE);
    peers.put("c2", "http://127.0.0.1:1/api1/", null, null, accounts);
    peers.pinKey("c2", NEW);
    assertThat(peers.isForked("c2")).isFalse();

    peers.put("c4", "http://127.0.0.1:1/api1/", null, null, accounts);
    peers.pinKey("c4", OLD);
    assertThat(peers.isForked("c4")).isTrue();
    assertThat(peers.find("c4").orElseThrow().detail()).isEqualTo("its log node-b forked");
    peers.put("c", "http://127.0.0.1:1/api1/", null, OLD, accounts); // the old key given back: forked again
    assertThat(peers.isForked("c")).isTrue();
    peers.put("c", "http://127.0.0.1:1/api1/", null, NEW, accounts);
    peers.remove("c4", accounts, null);
    peers.put("c5", "http://127.0.0.1:1/api1/", null, OLD, accounts);
    assertThat(peers.isForked("c5")).isTrue();

    assertThat(peers.acceptFork("c5", "accepted")).isTrue();
    peers.put("c6", "http://127.0.0.1:1/api1/", null, OLD, accounts);
    assertThat(peers.isForked("c6")).isFalse();
    peers.markForked("c6", "its log node-b forked again");
    assertThat(peers.isForked("c5")).isTrue();
    assertThat(peers.isForked("c")).isFalse();
    assertThat(peers.isForked("c2")).isFalse();
  }
}
