package dev.parley.tlog.witness;

import static dev.parley.tlog.witness.Trees.checkpoint;
import static dev.parley.tlog.witness.Trees.forked;
import static dev.parley.tlog.witness.Trees.leaves;
import static dev.parley.tlog.witness.Trees.nodes;
import static dev.parley.tlog.witness.Trees.signed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.tlog.note.SignerKey;
import dev.parley.tlog.tree.Hash;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fork evidence (tlog/EVIDENCE-FORMAT.md): found by a monitor's comparison, checked offline with the key alone. */
class ForkEvidenceTest {
  private static final SignerKey KEY = SignerKey.generate("a.example/log");

  private static ForkEvidence evidence(List<Hash> small, List<Hash> large, List<Hash> proof) {
    return new ForkEvidence(KEY.name(), List.of(signed(KEY, small), signed(KEY, large)), proof, List.of("x", "y"),
        List.of(Instant.EPOCH, Instant.EPOCH));
  }

  @Test
  void compare_prefix_isConsistentForEverySize() {
    for (int first = 0; first <= 20; first++) {
      for (int second = first; second <= 20; second++) {
        List<Hash> tree = leaves("a", second);
        assertThat(ForkCheck.compare(checkpoint(KEY.name(), leaves("a", first)), checkpoint(KEY.name(), tree), nodes(tree)))
            .as(first + "->" + second).isInstanceOf(ForkCheck.Outcome.Consistent.class);
      }
    }
  }

  @Test
  void compare_rewrittenHistory_isAForkWhoseEvidenceChecksOffline() {
    for (int first = 1; first <= 17; first++) {
      for (int second = first; second <= 19; second++) {
        List<Hash> forged = forked(first - 1, second);
        ForkCheck.Outcome outcome = ForkCheck.compare(checkpoint(KEY.name(), leaves("a", first)),
            checkpoint(KEY.name(), forged), nodes(forged));
        assertThat(outcome).as(first + "->" + second).isInstanceOf(ForkCheck.Outcome.Fork.class);
        ForkEvidence e = evidence(leaves("a", first), forged, ((ForkCheck.Outcome.Fork) outcome).proof());
        assertThat(e.check(KEY.verifierKey())).as(first + "->" + second).isEmpty();
      }
    }
  }

  @Test
  void check_honestPairWithTheirProof_isNoFork() {
    List<Hash> tree = leaves("a", 13);
    List<Hash> proof = ConsistencyRoots.path(nodes(tree), 8, 13);
    assertThat(evidence(leaves("a", 8), tree, proof).check(KEY.verifierKey())).contains("the proof shows the two trees consistent");
  }

  @Test
  void check_hostileEvidence_isRefused() {
    List<Hash> forged = forked(2, 13);
    List<Hash> proof = ConsistencyRoots.path(nodes(forged), 6, 13);
    // the proof of the forged tree, but the larger note is the honest one: the path does not lead to its root
    assertThat(evidence(leaves("a", 6), leaves("a", 13), proof).check(KEY.verifierKey())).isPresent();
    // a junk path
    assertThat(evidence(leaves("a", 6), forged, List.of(forged.get(0))).check(KEY.verifierKey())).isPresent();
    // notes by another key
    SignerKey other = SignerKey.generate(KEY.name());
    ForkEvidence foreign = new ForkEvidence(KEY.name(), List.of(signed(other, leaves("a", 5)), signed(other, forked(1, 5))),
        List.of(), List.of("x", "y"), List.of(Instant.EPOCH, Instant.EPOCH));
    assertThat(foreign.check(KEY.verifierKey())).isPresent();
    // the same checkpoint twice
    assertThat(evidence(leaves("a", 5), leaves("a", 5), List.of()).check(KEY.verifierKey())).isPresent();
    assertThat(evidence(forked(1, 5), leaves("a", 5), List.of()).check(KEY.verifierKey())).isEmpty();
  }

  @Test
  void compare_tilesOfAnotherTree_areUndecided() {
    List<Hash> forged = forked(2, 13);
    assertThat(ForkCheck.compare(checkpoint(KEY.name(), leaves("a", 6)), checkpoint(KEY.name(), leaves("a", 13)), nodes(forged)))
        .isInstanceOf(ForkCheck.Outcome.Undecided.class);
  }
}
