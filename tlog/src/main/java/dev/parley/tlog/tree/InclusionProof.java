package dev.parley.tlog.tree;

import java.util.List;

/**
 * An RFC 9162 §2.1.3 inclusion proof: the audit path of leaf {@code leafIndex} in a tree of {@code
 * treeSize} leaves, nearest sibling first.
 */
public record InclusionProof(long leafIndex, TreeSize treeSize, List<Hash> path) {
  public InclusionProof {
    if (!treeSize.contains(leafIndex)) {
      throw new IllegalArgumentException("leaf " + leafIndex + " is not in a tree of size " + treeSize);
    }
    path = List.copyOf(path);
  }
}
