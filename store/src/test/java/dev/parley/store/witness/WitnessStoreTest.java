package dev.parley.store.witness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.store.Database;
import dev.parley.store.testing.TestDatabases;
import dev.parley.tlog.checkpoint.Checkpoint;
import dev.parley.tlog.tree.Hash;
import dev.parley.tlog.tree.Hashes;
import dev.parley.tlog.tree.MerkleTree;
import dev.parley.tlog.tree.NodeReader;
import dev.parley.tlog.tree.TreeSize;
import dev.parley.tlog.witness.AddCheckpoint;
import dev.parley.tlog.witness.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The witness's record (c2sp.org/tlog-witness, add-checkpoint): a batch committed together is judged
 * in order, each request against what the ones before it in the batch recorded, as if they had come
 * one by one.
 */
class WitnessStoreTest {
  private final Database db = TestDatabases.fresh();
  private final WitnessStore store = new WitnessStore(db);

  /** A log of {@code n} leaves, read node by node as the proofs ask. */
  private static NodeReader log(String name) {
    return new NodeReader() {
      @Override
      public Hash node(int level, long index) {
        if (level == 0) return Hashes.leaf((name + " " + index).getBytes(StandardCharsets.UTF_8));
        return Hashes.node(node(level - 1, 2 * index), node(level - 1, 2 * index + 1));
      }
    };
  }

  private static Checkpoint checkpoint(String origin, NodeReader log, long size) {
    return Checkpoint.of(origin, TreeSize.of(size), MerkleTree.root(log, TreeSize.of(size)));
  }

  /** A request for the log of {@code origin} whose key is "key of ORIGIN". */
  private static WitnessStore.Submission request(String origin, NodeReader log, long old, long size) {
    return request(origin, "key of " + origin, log, old, size);
  }

  private static WitnessStore.Submission request(String origin, String key, NodeReader log, long old, long size) {
    List<Hash> proof = old == 0 || old == size ? List.of()
        : MerkleTree.consistencyProof(log, TreeSize.of(old), TreeSize.of(size)).path();
    return new WitnessStore.Submission(new AddCheckpoint(old, proof, "note " + origin + " " + size),
        checkpoint(origin, log, size), "note " + origin + " " + size, key);
  }

  @Test
  void batch_judgedInOrder_laterRequestsSeeEarlierOnes_stateDurable() {
    NodeReader a = log("a");
    NodeReader b = log("b");
    NodeReader forked = log("b, forked");
    List<WitnessStore.Added> added = store.addAll(List.of(
        request("a.example/log", a, 0, 3),
        request("b.example/log", b, 0, 2),
        request("a.example/log", a, 3, 5),     // extends what the first one recorded
        request("a.example/log", a, 3, 6),     // stale: the witness is at 5 now
        request("b.example/log", forked, 2, 2) // the same size with another root: a fork
    ));
    assertThat(added.get(0).verdict()).isInstanceOf(Verdict.Cosign.class);
    assertThat(added.get(1).verdict()).isInstanceOf(Verdict.Cosign.class);
    assertThat(added.get(2).verdict()).isInstanceOf(Verdict.Cosign.class);
    assertThat(added.get(2).previous().orElseThrow().size()).isEqualTo(3);
    assertThat(added.get(3).verdict()).isEqualTo(new Verdict.Conflict(5, false));
    assertThat(added.get(4).verdict()).isEqualTo(new Verdict.Conflict(2, true));
    assertThat(added.get(4).previous().orElseThrow().note()).isEqualTo("note b.example/log 2");

    WitnessStore reopened = new WitnessStore(TestDatabases.reopen(db));
    assertThat(reopened.latest("key of a.example/log").orElseThrow().checkpoint()).isEqualTo(checkpoint("a.example/log", a, 5));
    assertThat(reopened.latest("key of b.example/log").orElseThrow().checkpoint()).isEqualTo(checkpoint("b.example/log", b, 2));
    assertThat(reopened.all()).hasSize(2);
  }

  @Test
  void batchesAfterBatches_andForget_startOver() {
    NodeReader a = log("a");
    assertThat(store.add(request("a.example/log", a, 0, 4).request(), checkpoint("a.example/log", a, 4), "n", "key of a.example/log").verdict())
        .isInstanceOf(Verdict.Cosign.class);
    List<WitnessStore.Added> next = store.addAll(List.of(request("a.example/log", a, 4, 9), request("a.example/log", a, 9, 9)));
    assertThat(next).allMatch(x -> x.verdict() instanceof Verdict.Cosign);
    assertThat(store.latest("key of a.example/log").orElseThrow().size()).isEqualTo(9);
    store.forget("a.example/log");
    assertThat(store.latest("key of a.example/log")).isEmpty();
    assertThat(store.addAll(List.of(request("a.example/log", a, 0, 2))).get(0).verdict()).isInstanceOf(Verdict.Cosign.class);
  }

  /**
   * Two logs under one origin (nodes started with the same name, or a peer that named its key after
   * another's log) are two logs: one's checkpoints are never judged against the other's (hostile run
   * 10o: the witness's conflict at one size between them was recorded as a fork).
   */
  @Test
  void twoLogsOfOneOrigin_judgedEachAgainstItsOwn() {
    NodeReader b = log("b");
    NodeReader c = log("c");
    List<WitnessStore.Added> added = store.addAll(List.of(request("parley", "key b", b, 0, 2), request("parley", "key c", c, 0, 2),
        request("parley", "key b", b, 2, 3)));
    assertThat(added).allMatch(x -> x.verdict() instanceof Verdict.Cosign);
    assertThat(added.get(1).previous()).isEmpty();
    assertThat(store.latest("key b").orElseThrow().size()).isEqualTo(3);
    assertThat(store.latest("key c").orElseThrow().size()).isEqualTo(2);
    store.forget("parley");
    assertThat(store.all()).isEmpty();
  }
}
