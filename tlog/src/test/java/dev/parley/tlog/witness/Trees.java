package dev.parley.tlog.witness;

import dev.parley.tlog.checkpoint.Checkpoint;
import dev.parley.tlog.checkpoint.Checkpoints;
import dev.parley.tlog.note.SignerKey;
import dev.parley.tlog.tree.Hash;
import dev.parley.tlog.tree.Hashes;
import dev.parley.tlog.tree.MerkleTree;
import dev.parley.tlog.tree.NodeReader;
import dev.parley.tlog.tree.TreeSize;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Small in-memory histories of a log, for witness tests: leaves named by a history label. */
final class Trees {
  private Trees() {}

  static List<Hash> leaves(String history, int count) {
    List<Hash> out = new ArrayList<>();
    for (int i = 0; i < count; i++) out.add(Hashes.leaf((history + i).getBytes(StandardCharsets.UTF_8)));
    return out;
  }

  /** A history that shares the first {@code shared} leaves with "a" and then differs. */
  static List<Hash> forked(int shared, int count) {
    List<Hash> out = new ArrayList<>(leaves("a", shared));
    out.addAll(leaves("forged", count).subList(shared, count));
    return out;
  }

  static NodeReader nodes(List<Hash> leaves) {
    return (level, index) -> MerkleTree.rootOfLeaves(leaves.subList((int) (index << level), (int) ((index + 1) << level)));
  }

  static Checkpoint checkpoint(String origin, List<Hash> leaves) {
    return Checkpoint.of(origin, TreeSize.of(leaves.size()),
        leaves.isEmpty() ? Hashes.emptyRoot() : MerkleTree.rootOfLeaves(leaves));
  }

  static String signed(SignerKey key, List<Hash> leaves) {
    return Checkpoints.sign(checkpoint(key.name(), leaves), key);
  }

  static List<Hash> proof(List<Hash> leaves, int first) {
    return MerkleTree.consistencyProof(nodes(leaves), TreeSize.of(first), TreeSize.of(leaves.size())).path();
  }
}
