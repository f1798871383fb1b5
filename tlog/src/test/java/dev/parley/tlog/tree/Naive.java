package dev.parley.tlog.tree;

import java.util.ArrayList;
import java.util.List;

/** RFC 9162 §2.1 written as literally as possible over lists, as the reference the real code must match. */
final class Naive {
  private Naive() {}

  static List<Hash> leaves(int n) {
    List<Hash> leaves = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      leaves.add(Hashes.leaf(new byte[] {(byte) i, (byte) (i >>> 8), 7}));
    }
    return leaves;
  }

  /** MTH(D[n]) on leaf hashes. */
  static Hash mth(List<Hash> d) {
    if (d.isEmpty()) {
      return Hashes.emptyRoot();
    }
    if (d.size() == 1) {
      return d.get(0);
    }
    int k = Integer.highestOneBit(d.size() - 1);
    return Hashes.node(mth(d.subList(0, k)), mth(d.subList(k, d.size())));
  }

  /** PATH(m, D[n]). */
  static List<Hash> path(int m, List<Hash> d) {
    List<Hash> out = new ArrayList<>();
    if (d.size() <= 1) {
      return out;
    }
    int k = Integer.highestOneBit(d.size() - 1);
    if (m < k) {
      out.addAll(path(m, d.subList(0, k)));
      out.add(mth(d.subList(k, d.size())));
    } else {
      out.addAll(path(m - k, d.subList(k, d.size())));
      out.add(mth(d.subList(0, k)));
    }
    return out;
  }

  /** PROOF(m, D[n]) = SUBPROOF(m, D[n], true). */
  static List<Hash> proof(int m, List<Hash> d) {
    return subproof(m, d, true);
  }

  private static List<Hash> subproof(int m, List<Hash> d, boolean b) {
    List<Hash> out = new ArrayList<>();
    if (m == d.size()) {
      if (!b) {
        out.add(mth(d));
      }
      return out;
    }
    int k = Integer.highestOneBit(d.size() - 1);
    if (m <= k) {
      out.addAll(subproof(m, d.subList(0, k), b));
      out.add(mth(d.subList(k, d.size())));
    } else {
      out.addAll(subproof(m - k, d.subList(k, d.size()), false));
      out.add(mth(d.subList(0, k)));
    }
    return out;
  }

  /** A node reader over leaf hashes in memory: each node hashed from its leaves. */
  static NodeReader reader(List<Hash> leaves) {
    return (level, index) -> mth(leaves.subList((int) (index << level), (int) ((index + 1) << level)));
  }
}
