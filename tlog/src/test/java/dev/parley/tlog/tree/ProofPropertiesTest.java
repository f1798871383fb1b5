package dev.parley.tlog.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class ProofPropertiesTest {
  private static final List<Hash> LEAVES = Naive.leaves(3000);

  @Property(tries = 300)
  void inclusionProof_anySizeAndIndex_matchesRfcAndVerifies(
      @ForAll @IntRange(min = 1, max = 3000) int size, @ForAll @IntRange(min = 0, max = 2999) int seed) {
    int index = seed % size;
    List<Hash> leaves = LEAVES.subList(0, size);
    Hash root = Naive.mth(leaves);
    InclusionProof proof = MerkleTree.inclusionProof(Naive.reader(leaves), index, TreeSize.of(size));

    assertThat(proof.path()).isEqualTo(Naive.path(index, leaves));
    assertThat(MerkleTree.root(Naive.reader(leaves), TreeSize.of(size))).isEqualTo(root);
    assertThat(Proofs.verifyInclusion(leaves.get(index), proof, root)).isTrue();
  }

  @Property(tries = 300)
  void verifyInclusion_tamperedProof_fails(
      @ForAll @IntRange(min = 1, max = 3000) int size,
      @ForAll @IntRange(min = 0, max = 2999) int seed,
      @ForAll @IntRange(min = 0, max = 3) int tamper) {
    int index = seed % size;
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
          path.set(seed % path.size(), flip(path.get(seed % path.size())));
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

  @Property(tries = 300)
  void consistencyProof_anyPair_matchesRfcAndVerifies(
      @ForAll @IntRange(min = 0, max = 3000) int second, @ForAll @IntRange(min = 0, max = 3000) int seed) {
    int first = second == 0 ? 0 : seed % (second + 1);
    List<Hash> leaves = LEAVES.subList(0, second);
    ConsistencyProof proof = MerkleTree.consistencyProof(Naive.reader(leaves), TreeSize.of(first), TreeSize.of(second));

    if (first > 0 && first < second) {
      assertThat(proof.path()).isEqualTo(Naive.proof(first, leaves));
    }
    Hash firstRoot = Naive.mth(leaves.subList(0, first));
    Hash secondRoot = Naive.mth(leaves);
    assertThat(Proofs.verifyConsistency(proof, firstRoot, secondRoot)).isTrue();
  }

  @Property(tries = 300)
  void verifyConsistency_tamperedProofOrRoot_fails(
      @ForAll @IntRange(min = 2, max = 3000) int second,
      @ForAll @IntRange(min = 0, max = 3000) int seed,
      @ForAll @IntRange(min = 0, max = 2) int tamper) {
    int first = 1 + seed % (second - 1);
    List<Hash> leaves = LEAVES.subList(0, second);
    ConsistencyProof proof = MerkleTree.consistencyProof(Naive.reader(leaves), TreeSize.of(first), TreeSize.of(second));
    Hash firstRoot = Naive.mth(leaves.subList(0, first));
    Hash secondRoot = Naive.mth(leaves);
    List<Hash> path = new ArrayList<>(proof.path());
    switch (tamper) {
      case 0 -> path.set(seed % path.size(), flip(path.get(seed % path.size())));
      case 1 -> firstRoot = flip(firstRoot);
      default -> secondRoot = flip(secondRoot);
    }
    ConsistencyProof bad = new ConsistencyProof(proof.first(), proof.second(), path);
    assertThat(Proofs.verifyConsistency(bad, firstRoot, secondRoot)).isFalse();
  }

  @Property(tries = 100)
  void consistencyProof_exhaustiveForSmallTrees_verifies(@ForAll @IntRange(min = 1, max = 64) int second) {
    List<Hash> leaves = LEAVES.subList(0, second);
    for (int first = 0; first <= second; first++) {
      ConsistencyProof proof = MerkleTree.consistencyProof(Naive.reader(leaves), TreeSize.of(first), TreeSize.of(second));
      assertThat(Proofs.verifyConsistency(proof, Naive.mth(leaves.subList(0, first)), Naive.mth(leaves)))
          .as("%d -> %d", first, second).isTrue();
      for (int index = 0; index < first; index++) {
        InclusionProof inclusion = MerkleTree.inclusionProof(Naive.reader(leaves), index, TreeSize.of(second));
        assertThat(Proofs.verifyInclusion(leaves.get(index), inclusion, Naive.mth(leaves))).isTrue();
      }
    }
  }

  static Hash flip(Hash hash) {
    byte[] bytes = hash.bytes();
    bytes[0] ^= 1;
    return Hash.of(bytes);
  }
}
