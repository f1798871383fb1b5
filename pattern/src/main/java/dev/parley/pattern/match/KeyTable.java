package dev.parley.pattern.match;

import java.util.Arrays;

/**
 * An open-addressing hash table from a key to a chain of entry ids, built once and then read by
 * many threads.
 *
 * <p>Layout. A slot is four ints side by side: hash, chain head + 1 (0: empty), and where the key
 * is. Keys that are Latin-1 strings (nearly all indicator values: addresses, domains, URLs,
 * hashes) are stored as bytes in one pool, the slot holding offset and length; so a probe that
 * misses costs one cache line of {@code meta}, and a hit one more line of {@code pool} (two for a
 * 64-character hash, adjacent), without chasing a reference to a String and then to its array.
 * Other keys (non-Latin-1 text, booleans, instants) keep the object in {@code others} and the slot
 * holds {@code -1 - index} instead of an offset.
 */
final class KeyTable {
  private static final int SLOT = 4; // ints per slot: hash, head + 1, offset (or -1 - other), length

  private int[] meta = new int[16 * SLOT];
  private byte[] pool = new byte[64];
  private int poolSize;
  private Object[] others = new Object[0];
  private int otherCount;
  private int size;
  private int capacity = 16;

  /** Links entry {@code entry} into the chain of {@code key}; entry e's link is {@code pairs[2e + 1]}. */
  void put(Object key, int entry, IntList pairs) {
    if (size * 4 >= capacity * 3) grow(); // load factor 3/4: linear probing stays short
    int hash = key.hashCode();
    int slot = find(key, hash);
    int at = SLOT * slot;
    if (meta[at + 1] == 0) {
      meta[at] = hash;
      store(key, at);
      size++;
    }
    pairs.set(2 * entry + 1, meta[at + 1] - 1);
    meta[at + 1] = entry + 1;
  }

  /** The first entry for {@code key}, or -1. */
  int get(Object key) {
    int[] m = meta;
    int hash = key.hashCode();
    int mask = capacity - 1;
    for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
      int at = SLOT * i;
      int head = m[at + 1];
      if (head == 0) return -1;
      if (m[at] == hash && same(key, m[at + 2], m[at + 3])) return head - 1;
    }
  }

  int size() {
    return size;
  }

  /** Drops the spare capacity of the key pool once the table is complete. */
  void trim() {
    if (pool.length > poolSize) pool = Arrays.copyOf(pool, poolSize);
    if (others.length > otherCount) others = Arrays.copyOf(others, otherCount);
  }

  private boolean same(Object key, int offset, int length) {
    if (offset < 0) return others[-1 - offset].equals(key);
    if (!(key instanceof String s) || s.length() != length) return false;
    byte[] p = pool;
    for (int i = 0; i < length; i++) {
      if (s.charAt(i) != (p[offset + i] & 0xff)) return false;
    }
    return true;
  }

  private void store(Object key, int at) {
    if (key instanceof String s && latin1(s)) {
      int n = s.length();
      if (poolSize + n > pool.length) pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolSize + n));
      for (int i = 0; i < n; i++) pool[poolSize + i] = (byte) s.charAt(i);
      meta[at + 2] = poolSize;
      meta[at + 3] = n;
      poolSize += n;
    } else {
      if (otherCount == others.length) others = Arrays.copyOf(others, Math.max(4, otherCount * 2));
      others[otherCount] = key;
      meta[at + 2] = -1 - otherCount++;
      meta[at + 3] = 0;
    }
  }

  private static boolean latin1(String s) {
    for (int i = 0; i < s.length(); i++) if (s.charAt(i) > 0xff) return false;
    return true;
  }

  /** The slot of {@code key}, or the empty slot where it belongs. */
  private int find(Object key, int hash) {
    int mask = capacity - 1;
    int i = spread(hash) & mask;
    while (true) {
      int at = SLOT * i;
      if (meta[at + 1] == 0 || meta[at] == hash && same(key, meta[at + 2], meta[at + 3])) return i;
      i = (i + 1) & mask;
    }
  }

  private void grow() {
    int[] old = meta;
    int oldCapacity = capacity;
    capacity = oldCapacity * 2;
    meta = new int[capacity * SLOT];
    int mask = capacity - 1;
    for (int s = 0; s < oldCapacity; s++) {
      int from = SLOT * s;
      if (old[from + 1] == 0) continue;
      int i = spread(old[from]) & mask;
      while (meta[SLOT * i + 1] != 0) i = (i + 1) & mask;
      System.arraycopy(old, from, meta, SLOT * i, SLOT);
    }
  }

  private static int spread(int h) {
    return (h * 0x9E3779B1) >>> 7 ^ h;
  }
}
