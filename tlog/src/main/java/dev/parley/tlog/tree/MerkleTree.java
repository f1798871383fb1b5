package dev.parley.tlog.tree;

import java.util.ArrayList;
import java.util.List;

/**
 * Roots, inclusion proofs and consistency proofs of an RFC 9162 Merkle tree, generated from a
 * {@link NodeReader}.
 *
 * <p>RFC 9162 §2.1.1 defines the Merkle Tree Hash of {@code n} leaves recursively: split at {@code
 * k}, the largest power of two smaller than {@code n}, and hash the two halves with prefix 0x01.
 * Every left half is therefore a complete subtree whose leaves start at a multiple of its size, and
 * every range the recursion visits decomposes, left to right, into complete subtrees of strictly
 * decreasing size (the binary digits of its length). This class leans on that fact: it never reads
 * leaves, only the hashes of complete subtrees ("nodes", level {@code h}, index {@code i}, covering
 * leaves {@code [i·2^h, (i+1)·2^h)}). A tile store holds exactly those at levels 0, 8, 16, ..., and
 * the levels in between are rebuilt from one tile, so a proof costs O(log n) node reads and at most
 * a few tile reads per tile level (see {@code dev.parley.tlog.tiles.TileNodeReader}).
 *
 * <p>{@link #inclusionProof} follows PATH(m, D[n]) of RFC 9162 §2.1.3.1 and {@link
 * #consistencyProof} follows PROOF(m, D[n]) / SUBPROOF of §2.1.4.1, literally, with the recursion on
 * index ranges instead of lists. The verification algorithms of §2.1.3.2 and §2.1.4.2 live in
 * {@link Proofs}. Recursion depth is bounded by 64, the bit length of a tree size.
 */
public final class MerkleTree {
  private MerkleTree() {}

  /** MTH(D[0:size]); the empty tree has {@link Hashes#emptyRoot()}. */
  public static Hash root(NodeReader reader, TreeSize size) {
    return size.value() == 0 ? Hashes.emptyRoot() : range(reader, 0, size.value());
  }

  /** MTH of a list of leaf hashes held in memory; O(n) hashing. */
  public static Hash rootOfLeaves(List<Hash> leafHashes) {
    if (leafHashes.isEmpty()) {
      return Hashes.emptyRoot();
    }
    // A compact range: stack[l] holds the complete subtree of size 2^l at the right edge.
    Hash[] stack = new Hash[65];
    long count = 0;
    for (Hash leaf : leafHashes) {
      Hash hash = leaf;
      int level = 0;
      while ((count >>> level & 1) == 1) {
        hash = Hashes.node(stack[level], hash);
        level++;
      }
      stack[level] = hash;
      count++;
    }
    return foldRight(stack, count);
  }

  /** Folds a compact range (one complete subtree per set bit of {@code size}) into the root. */
  static Hash foldRight(Hash[] stack, long size) {
    Hash root = null;
    for (int level = 0; level < 64; level++) {
      if ((size >>> level & 1) == 1) {
        root = root == null ? stack[level] : Hashes.node(stack[level], root);
      }
    }
    return root;
  }

  /** PATH(index, D[size]) of RFC 9162 §2.1.3.1. */
  public static InclusionProof inclusionProof(NodeReader reader, long index, TreeSize size) {
    if (!size.contains(index)) {
      throw new IllegalArgumentException("leaf " + index + " is not in a tree of size " + size);
    }
    List<Hash> path = new ArrayList<>();
    path(reader, index, 0, size.value(), path);
    return new InclusionProof(index, size, path);
  }

  private static void path(NodeReader reader, long m, long start, long end, List<Hash> out) {
    if (end - start == 1) {
      return;
    }
    long k = largestPowerOfTwoBelow(end - start);
    if (m < start + k) {
      path(reader, m, start, start + k, out);
      out.add(range(reader, start + k, end));
    } else {
      path(reader, m, start + k, end, out);
      out.add(range(reader, start, start + k));
    }
  }

  /**
   * PROOF(first, D[second]) of RFC 9162 §2.1.4.1; empty when {@code first} is 0 or equals {@code
   * second}, where the RFC defines no proof and none is needed.
   */
  public static ConsistencyProof consistencyProof(NodeReader reader, TreeSize first, TreeSize second) {
    if (first.compareTo(second) > 0) {
      throw new IllegalArgumentException("first " + first + " is larger than second " + second);
    }
    List<Hash> path = new ArrayList<>();
    if (first.value() > 0 && first.value() < second.value()) {
      subproof(reader, first.value(), 0, second.value(), true, path);
    }
    return new ConsistencyProof(first, second, path);
  }

  private static void subproof(
      NodeReader reader, long m, long start, long end, boolean whole, List<Hash> out) {
    if (m == end) {
      if (!whole) {
        out.add(range(reader, start, end));
      }
      return;
    }
    long k = largestPowerOfTwoBelow(end - start);
    if (m - start <= k) {
      subproof(reader, m, start, start + k, whole, out);
      out.add(range(reader, start + k, end));
    } else {
      subproof(reader, m, start + k, end, false, out);
      out.add(range(reader, start, start + k));
    }
  }

  /**
   * MTH(D[start:end]) where {@code start} is a multiple of the largest power of two not above
   * {@code end - start}, as every range of the RFC recursion is: complete subtrees left to right in
   * decreasing size, folded from the right.
   */
  static Hash range(NodeReader reader, long start, long end) {
    Hash[] parts = new Hash[64];
    int count = 0;
    long at = start;
    while (at < end) {
      int level = 63 - Long.numberOfLeadingZeros(end - at);
      parts[count++] = reader.node(level, at >>> level);
      at += 1L << level;
    }
    Hash hash = parts[--count];
    while (count > 0) {
      hash = Hashes.node(parts[--count], hash);
    }
    return hash;
  }

  /** The largest power of two strictly smaller than {@code n}, for {@code n > 1}. */
  static long largestPowerOfTwoBelow(long n) {
    return Long.highestOneBit(n - 1);
  }
}
