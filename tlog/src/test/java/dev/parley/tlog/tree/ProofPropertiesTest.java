package dev.parley.tlog.tree;

import static dev.parley.testing.Generators.ints;
import static dev.parley.testing.Generators.zip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Randomized;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9162 §2.1 proofs against the literal definitions in {@link Naive}, for random tree sizes and indices. */
class ProofPropertiesTest {
  private static final List<Hash> LEAVES = Naive.leaves(3000);

  /** A tree size and a number that picks an index or an older size in it. */
  record Pick(int size, int choice) {}

  /** A pick and one of the ways to tamper with a proof. */
  record Tamper(int size, int choice, int how) {}

  @Test
  void inclusionProof_anySizeAndIndex_matchesRfcAndVerifies() {
    Randomized.check(300, zip(ints(1, 3000), ints(0, 2999), Pick::new), pick -> inclusion(pick.size(), pick.choice()));
  }

  private static void inclusion(int size, int choice) {
    int index = choice % size;
    List<Hash> leaves = LEAVES.subList(0, size);
    Hash root = Naive.mth(leaves);
    InclusionProof proof = MerkleTree.inclusionProof(Naive.reader(leaves), index, TreeSize.of(size));

    assertThat(proof.path()).isEqualTo(Naive.path(index, leaves));
    assertThat(MerkleTree.root(Naive.reader(leaves), TreeSize.of(size))).isEqualTo(root);
    assertThat(Proofs.verifyInclusion(leaves.get(index), proof, root)).isTrue();
  }

  @Test
  void verifyInclusion_tamperedProof_fails() {
    Randomized.check(300, zip(ints(1, 3000), ints(0, 2999), ints(0, 3), Tamper::new),
        tamper -> tamperedInclusion(tamper.size(), tamper.choice(), tamper.how()));
  }

  private static void tamperedInclusion(int size, int choice, int tamper) {
    int index = choice % size;
    List<Hash> leaves = LEAVES.subList(0, size);
    Hash root = Naive.mth(leaves);
    InclusionProof proof = MerkleTree.inclusionProof(Naive.reader(leaves), index, TreeSize.of(size));
    List<Hash> path = new ArrayList<>(proof.path());
    InclusionProof bad;
    Hash leaf = leaves.get(index);
    switch (tamper) {
      case 0 -> {
        if (path.isEmpty()) {
          path.add(leaf);
        } else {
          path.set(choice % path.size(), flip(path.get(choice % path.size())));
        }
        bad = new InclusionProof(index, proof.treeSize(), path);
      }
      case 1 -> {
        path.add(leaf);
        bad = new InclusionProof(index, proof.treeSize(), path);
      }
      case 2 -> {
        leaf = flip(leaf);
        bad = proof;
      }
      default -> {
        if (size == 1) {
          leaf = flip(leaf);
          bad = proof;
        } else {
          bad = new InclusionProof((index + 1) % size, proof.treeSize(), path);
        }
      }
    }
    assertThat(Proofs.verifyInclusion(leaf, bad, root)).isFalse();
  }

  @Test
  void consistencyProof_anyPair_matchesRfcAndVerifies() {
    Randomized.check(300, zip(ints(0, 3000), ints(0, 3000), Pick::new), pick -> consistency(pick.size(), pick.choice()));
  }

  private static void consistency(int second, int choice) {
    int first = second == 0 ? 0 : choice % (second + 1);
    List<Hash> leaves = LEAVES.subList(0, second);
    ConsistencyProof proof = MerkleTree.consistencyProof(Naive.reader(leaves), TreeSize.of(first), TreeSize.of(second));

    if (first > 0 && first < second) {
      assertThat(proof.path()).isEqualTo(Naive.proof(first, leaves));
    }
    Hash firstRoot = Naive.mth(leaves.subList(0, first));
    Hash secondRoot = Naive.mth(leaves);
    assertThat(Proofs.verifyConsistency(proof, firstRoot, secondRoot)).isTrue();
  }

  @Test
  void verifyConsistency_tamperedProofOrRoot_fails() {
    Randomized.check(300, zip(ints(2, 3000), ints(0, 3000), ints(0, 2), Tamper::new),
        tamper -> tamperedConsistency(tamper.size(), tamper.choice(), tamper.how()));
  }

  private static void tamperedConsistency(int second, int choice, int tamper) {
    int first = 1 + choice % (second - 1);
    List<Hash> leaves = LEAVES.subList(0, second);
    ConsistencyProof proof = MerkleTree.consistencyProof(Naive.reader(leaves), TreeSize.of(first), TreeSize.of(second));
    Hash firstRoot = Naive.mth(leaves.subList(0, first));
    Hash secondRoot = Naive.mth(leaves);
    List<Hash> path = new ArrayList<>(proof.path());
    switch (tamper) {
      case 0 -> path.set(choice % path.size(), flip(path.get(choice % path.size())));
      case 1 -> firstRoot = flip(firstRoot);
      default -> secondRoot = flip(secondRoot);
    }
    ConsistencyProof bad = new ConsistencyProof(proof.first(), proof.second(), path);
    assertThat(Proofs.verifyConsistency(bad, firstRoot, secondRoot)).isFalse();
  }

  @Test
  void consistencyProof_exhaustiveForSmallTrees_verifies() {
    for (int second = 1; second <= 64; second++) {
      exhaustive(second);
    }
  }

  private static void exhaustive(int second) {
    List<Hash> leaves = LEAVES.subList(0, second);
    for (int first = 0; first <= second; first++) {
      ConsistencyProof proof = MerkleTree.consistencyProof(Naive.reader(leaves), TreeSize.of(first), TreeSize.of(second));
      assertThat(Proofs.verifyConsistency(proof, Naive.mth(leaves.subList(0, first)), Naive.mth(leaves)))
          .as("%d -> %d", first, second).isTrue();
      for (int index = 0; index < first; index++) {
        InclusionProof inclusion = MerkleTree.inclusionProof(Naive.reader(leaves), index, TreeSize.of(second));
        assertThat(Proofs.verifyInclusion(leaves.get(index), inclusion, Naive.mth(leaves))).as("%d in %d", index, second).isTrue();
      }
    }
  }

  static Hash flip(Hash hash) {
    byte[] bytes = hash.bytes();
    bytes[0] ^= 1;
    return Hash.of(bytes);
  }
}
