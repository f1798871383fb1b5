package dev.parley.tlog.witness;

import dev.parley.tlog.tree.Hash;
import dev.parley.tlog.tree.Hashes;
import dev.parley.tlog.tree.MerkleTree;
import dev.parley.tlog.tree.NodeReader;
import dev.parley.tlog.tree.TreeSize;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The two roots a consistency path from {@code first} to {@code second} leaves commits to, by the
 * fold of RFC 9162 §2.1.4.2 (steps 2-6) without its final comparison: if the path yields the second
 * tree's signed root, the first root it yields is the only root the first tree can have (collision
 * resistance), so a signed first root that differs proves a fork.
 *
 * <p>A self-contained path starts with the root of the first tree when {@code first} is a power of
 * two (where RFC 9162 leaves it out because a verifier already holds it); this is how fork evidence
 * carries its proof (tlog/EVIDENCE-FORMAT.md).
 */
public final class ConsistencyRoots {
  private ConsistencyRoots() {}

  /** The roots (first, second) the path commits to; empty when it is malformed for these sizes. */
  public static Optional<Hash[]> of(long first, long second, List<Hash> path) {
    if (first <= 0 || first >= second || path.isEmpty()) return Optional.empty();
    int at = 0;
    Hash fr = path.get(at++);
    Hash sr = fr;
    long fn = first - 1;
    long sn = second - 1;
    // step 4: shift right while LSB(fn) is set (for a power-of-two first, path[0] is its root)
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    for (; at < path.size(); at++) {
      Hash c = path.get(at);
      if (sn == 0) return Optional.empty();
      if ((fn & 1) == 1 || fn == sn) {
        fr = Hashes.node(c, fr);
        sr = Hashes.node(c, sr);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        sr = Hashes.node(sr, c);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    return sn == 0 ? Optional.of(new Hash[] {fr, sr}) : Optional.empty();
  }

  /** The self-contained path from {@code first} to {@code second} in the tree {@code nodes} reads. */
  public static List<Hash> path(NodeReader nodes, long first, long second) {
    List<Hash> path = new ArrayList<>();
    if (Long.bitCount(first) == 1) path.add(nodes.node(Long.numberOfTrailingZeros(first), 0));
    path.addAll(MerkleTree.consistencyProof(nodes, TreeSize.of(first), TreeSize.of(second)).path());
    return path;
  }
}
