package dev.parley.tlog.tree;

import java.util.List;

/** An RFC 9162 §2.1.4 consistency proof between a tree of {@code first} leaves and one of {@code second}. */
public record ConsistencyProof(TreeSize first, TreeSize second, List<Hash> path) {
  public ConsistencyProof {
    if (first.compareTo(second) > 0) {
      throw new IllegalArgumentException("first " + first + " is larger than second " + second);
    }
    path = List.copyOf(path);
  }
}
