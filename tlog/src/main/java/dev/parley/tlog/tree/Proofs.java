package dev.parley.tlog.tree;

import java.util.List;

/**
 * Verification of inclusion and consistency proofs by the algorithms of RFC 9162 §2.1.3.2 and
 * §2.1.4.2, step for step. Pure and thread-safe; bad proofs yield {@code false}, never an exception.
 */
public final class Proofs {
  private Proofs() {}

  /** RFC 9162 §2.1.3.2: whether {@code proof} shows {@code leafHash} at its index under {@code root}. */
  public static boolean verifyInclusion(Hash leafHash, InclusionProof proof, Hash root) {
    long leafIndex = proof.leafIndex();
    long treeSize = proof.treeSize().value();
    // 1. leaf_index >= tree_size fails (the record already forbids it; checked again for clarity).
    if (leafIndex >= treeSize) {
      return false;
    }
    // 2. fn = leaf_index, sn = tree_size - 1; 3. r = hash.
    long fn = leafIndex;
    long sn = treeSize - 1;
    Hash r = leafHash;
    // 4. for each p in inclusion_path:
    for (Hash p : proof.path()) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = Hashes.node(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        r = Hashes.node(r, p);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    // 5. sn must be 0 and r must equal the root.
    return sn == 0 && r.equals(root);
  }

  /**
   * RFC 9162 §2.1.4.2 for {@code 0 < first < second}. Outside that range the RFC defines no proof:
   * equal sizes are consistent when the roots are equal and the proof is empty; a first size of 0
   * is consistent with anything when the proof is empty (and {@code firstRoot} is the empty root).
   */
  public static boolean verifyConsistency(ConsistencyProof proof, Hash firstRoot, Hash secondRoot) {
    long first = proof.first().value();
    long second = proof.second().value();
    List<Hash> path = proof.path();
    if (first == second) {
      return path.isEmpty() && firstRoot.equals(secondRoot);
    }
    if (first == 0) {
      return path.isEmpty() && firstRoot.equals(Hashes.emptyRoot());
    }
    // 1. an empty consistency_path fails.
    if (path.isEmpty()) {
      return false;
    }
    // 2. if first is an exact power of two, prepend first_hash.
    int at = 0;
    Hash fr;
    Hash sr;
    if (Long.bitCount(first) == 1) {
      fr = firstRoot;
    } else {
      fr = path.get(at++);
    }
    sr = fr;
    // 3. fn = first - 1, sn = second - 1; 4. shift right while LSB(fn) is set.
    long fn = first - 1;
    long sn = second - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    // 5. fr = sr = first value (done above); 6. for each subsequent value c:
    for (; at < path.size(); at++) {
      Hash c = path.get(at);
      if (sn == 0) {
        return false;
      }
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
    // 7. fr == first_hash, sr == second_hash, sn == 0.
    return fr.equals(firstRoot) && sr.equals(secondRoot) && sn == 0;
  }
}
