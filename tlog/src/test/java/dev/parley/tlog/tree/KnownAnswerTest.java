package dev.parley.tlog.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The RFC 6962 / RFC 9162 test tree of eight leaves used across CT implementations. */
class KnownAnswerTest {
  private static final String[] ENTRIES = {
    "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"
  };
  private static final String[] ROOTS = {
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
  };

  private static List<Hash> leaves() {
    List<Hash> leaves = new ArrayList<>();
    for (String entry : ENTRIES) {
      leaves.add(Hashes.leaf(HexFormat.of().parseHex(entry)));
    }
    return leaves;
  }

  @Test
  void root_eachPrefixOfTheTestTree_matchesPublishedRoot() {
    List<Hash> leaves = leaves();
    for (int size = 1; size <= 8; size++) {
      Hash root = MerkleTree.root(Naive.reader(leaves), TreeSize.of(size));
      assertThat(root.toHex()).as("size %d", size).isEqualTo(ROOTS[size - 1]);
      assertThat(MerkleTree.rootOfLeaves(leaves.subList(0, size))).isEqualTo(root);
    }
  }

  @Test
  void inclusionProof_leafZeroOfEight_matchesPublishedPath() {
    InclusionProof proof = MerkleTree.inclusionProof(Naive.reader(leaves()), 0, TreeSize.of(8));
    assertThat(proof.path()).extracting(Hash::toHex).containsExactly(
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
    assertThat(Proofs.verifyInclusion(leaves().get(0), proof, Hash.fromHex(ROOTS[7]))).isTrue();
  }

  @Test
  void consistencyProof_sixToEight_matchesPublishedPath() {
    ConsistencyProof proof = MerkleTree.consistencyProof(Naive.reader(leaves()), TreeSize.of(6), TreeSize.of(8));
    assertThat(proof.path()).extracting(Hash::toHex).containsExactly(
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
    assertThat(Proofs.verifyConsistency(proof, Hash.fromHex(ROOTS[5]), Hash.fromHex(ROOTS[7]))).isTrue();
    assertThat(Proofs.verifyConsistency(proof, Hash.fromHex(ROOTS[4]), Hash.fromHex(ROOTS[7]))).isFalse();
  }

  @Test
  void consistencyProof_twoToFive_matchesPublishedPath() {
    ConsistencyProof proof = MerkleTree.consistencyProof(Naive.reader(leaves()), TreeSize.of(2), TreeSize.of(5));
    assertThat(proof.path()).extracting(Hash::toHex).containsExactly(
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
    assertThat(Proofs.verifyConsistency(proof, Hash.fromHex(ROOTS[1]), Hash.fromHex(ROOTS[4]))).isTrue();
  }
}
