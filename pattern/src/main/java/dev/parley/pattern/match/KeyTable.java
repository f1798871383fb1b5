package dev.parley.pattern.match;

/**
 * An open-addressing hash table from a key to a chain of entry ids, built once and then read by
 * many threads. Each slot's hash and chain head sit side by side in one int array, so a probe that
 * misses costs one cache line; the key object is touched only when the hashes agree.
 */
final class KeyTable {
  private Object[] keys = new Object[16];
  private int[] meta = new int[32]; // slot i: meta[2i] = hash, meta[2i + 1] = first entry + 1 (0: empty)
  private int size;

  /** Links entry {@code entry} into the chain of {@code key}; entry e's link is {@code pairs[2e + 1]}. */
  void put(Object key, int entry, IntList pairs) {
    if (size * 4 >= keys.length * 3) grow(); // load factor 3/4: linear probing stays short
    int hash = key.hashCode();
    int slot = slot(key, hash, keys, meta);
    if (keys[slot] == null) {
      keys[slot] = key;
      meta[2 * slot] = hash;
      meta[2 * slot + 1] = 0;
      size++;
    }
    pairs.set(2 * entry + 1, meta[2 * slot + 1] - 1);
    meta[2 * slot + 1] = entry + 1;
  }

  /** The first entry for {@code key}, or -1. */
  int get(Object key) {
    Object[] k = keys;
    int[] m = meta;
    int hash = key.hashCode();
    int mask = k.length - 1;
    for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
      int head = m[2 * i + 1];
      if (head == 0) return -1;
      if (m[2 * i] == hash && k[i].equals(key)) return head - 1;
    }
  }

  int size() {
    return size;
  }

  private static int slot(Object key, int hash, Object[] k, int[] m) {
    int mask = k.length - 1;
    int i = spread(hash) & mask;
    while (k[i] != null && !(m[2 * i] == hash && k[i].equals(key))) i = (i + 1) & mask;
    return i;
  }

  private void grow() {
    Object[] oldKeys = keys;
    int[] oldMeta = meta;
    keys = new Object[oldKeys.length * 2];
    meta = new int[oldKeys.length * 4];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != null) {
        int slot = slot(oldKeys[i], oldMeta[2 * i], keys, meta);
        keys[slot] = oldKeys[i];
        meta[2 * slot] = oldMeta[2 * i];
        meta[2 * slot + 1] = oldMeta[2 * i + 1];
      }
    }
  }

  private static int spread(int h) {
    return (h * 0x9E3779B1) >>> 7 ^ h;
  }
}
