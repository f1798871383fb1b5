package dev.parley.store.witness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.store.Database;
import dev.parley.store.accounts.AccountStore;
import dev.parley.store.peers.PeerStore;
import dev.parley.store.testing.TestDatabases;
import dev.parley.tlog.witness.ForkEvidence;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where a fork goes once proved. A checkpoint already in evidence shown again by anyone else is no
 * new fork and leaves an operator's acceptance alone (hostile run 10p); shown by the peer itself, its
 * own log serving a history against the one this node holds, it forks the peer again, without a new
 * record (hostile run 10q: a peer removed while forked and added again pulled the branch in evidence).
 */
class ForksTest {
  private final Database db = TestDatabases.fresh();
  private final PeerStore peers = new PeerStore(db);
  private final EvidenceStore evidence = new EvidenceStore(db);
  private final Forks forks = new Forks(evidence, peers);

  @AfterEach
  void close() {
    db.close();
  }

  private static final String KEY = "node-b+0a1b2c3d+AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg=";
  private static final String ONE = "node-b\n5\nAAAA\n\n\u2014 node-b sig1\n";
  private static final String OTHER = "node-b\n5\nBBBB\n\n\u2014 node-b sig2\n";

  private static ForkEvidence fork() {
    return new ForkEvidence("node-b", List.of(ONE, OTHER), List.of(), List.of("a", "b"), List.of(Instant.EPOCH, Instant.EPOCH));
  }

  @Test
  void shownAgain_byAnyone_noNewFork_byThePeerItself_forkedAgain() {
    peers.put("b", "http://127.0.0.1:1/api1/", null, KEY, new AccountStore(db));
    forks.found(fork(), "b", OTHER, false);
    assertThat(peers.isForked("b")).isTrue();
    assertThat(evidence.list()).hasSize(1);
    assertThat(peers.acceptFork("b", "accepted")).isTrue();

    forks.found(fork(), "b", OTHER, false); // a stranger's replay to the witness
    assertThat(peers.isForked("b")).isFalse();
    forks.found(fork(), "b", true); // the same evidence again, from the peer's own receipts
    assertThat(peers.isForked("b")).isTrue();
    assertThat(peers.acceptFork("b", "accepted")).isTrue();
    forks.found(fork(), "b"); // the evidence gossiped by another peer
    assertThat(peers.isForked("b")).isFalse();

    forks.found(fork(), "b", ONE, true); // its own /log/checkpoint serves the branch in evidence
    assertThat(peers.isForked("b")).isTrue();
    assertThat(evidence.list()).hasSize(1);

    // while it is forked, the branch refused grows: the same fork, no new record a checkpoint (hostile run 10y: one a second)
    String grown = "node-b\n6\nCCCC\n\n\u2014 node-b sig3\n";
    forks.found(new ForkEvidence("node-b", List.of(ONE, grown), List.of(), List.of("a", "b"), List.of(Instant.EPOCH, Instant.EPOCH)), "b",
        grown, true);
    assertThat(evidence.list()).hasSize(1);
    assertThat(peers.isForked("b")).isTrue();
  }

  /**
   * What a sync pass asks before it reads (hostile run 10r): a checkpoint a peer serves is of another
   * branch when it is one of a recorded fork's and not the one this node holds for the log (the one
   * accepted); with no fork of the log on record, nothing is asked.
   */
  @Test
  void otherBranch_inEvidenceAndNotTheOneHeld() {
    assertThat(forks.recorded("node-b")).isFalse();
    assertThat(forks.otherBranch("node-b", ONE, null)).isFalse();
    evidence.record(fork(), "b");
    assertThat(forks.recorded("node-b")).isTrue();
    assertThat(forks.otherBranch("node-b", OTHER, ONE)).isTrue();
    assertThat(forks.otherBranch("node-b", ONE, ONE.replace("sig1", "sig-of-a-witness"))).as("the one held, other signatures").isFalse();
    assertThat(forks.otherBranch("node-b", "node-b\n9\nCCCC\n\n\u2014 node-b sig3\n", ONE)).as("a later one, not in evidence").isFalse();
    assertThat(forks.otherBranch("node-b", OTHER, null)).isTrue();
  }
}
