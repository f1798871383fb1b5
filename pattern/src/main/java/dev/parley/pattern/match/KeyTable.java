package dev.parley.pattern.match;

/**
 * An open-addressing hash table from a key to a chain of entry ids, built once and then read by
 * many threads. Each slot's hash and chain head sit side by side in one int array, so a probe that
 * misses costs one cache line; the key object is touched only when the hashes agree.
 *
 * <p>A large table also keeps a blocked Bloom filter (one 64-bit word per key, four bits in it;
 * about 11 bits per key, a few percent false positives), eight times smaller than the slots: most
 * telemetry values hit no indicator, and their look-up then ends in a word that stays in cache
 * instead of a slot that does not.
 */
final class KeyTable {
  private static final int FILTERED = 1 << 14; // smaller tables stay in cache anyway

  private Object[] keys = new Object[16];
  private int[] meta = new int[32]; // slot i: meta[2i] = hash, meta[2i + 1] = first entry + 1 (0: empty)
  private long[] filter; // null until the table has FILTERED slots
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
      if (filter != null) mark(filter, hash);
    }
    pairs.set(2 * entry + 1, meta[2 * slot + 1] - 1);
    meta[2 * slot + 1] = entry + 1;
  }

  /** The first entry for {@code key}, or -1. */
  int get(Object key) {
    Object[] k = keys;
    int[] m = meta;
    int hash = key.hashCode();
    long[] f = filter;
    if (f != null) {
      long bits = bits(hash);
      if ((f[word(hash, f.length)] & bits) != bits) return -1;
    }
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
    long[] newFilter = keys.length >= FILTERED ? new long[keys.length / 8] : null;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != null) {
        int slot = slot(oldKeys[i], oldMeta[2 * i], keys, meta);
        keys[slot] = oldKeys[i];
        meta[2 * slot] = oldMeta[2 * i];
        meta[2 * slot + 1] = oldMeta[2 * i + 1];
        if (newFilter != null) mark(newFilter, oldMeta[2 * i]);
      }
    }
    filter = newFilter;
  }

  private static void mark(long[] f, int hash) {
    f[word(hash, f.length)] |= bits(hash);
  }

  private static int word(int hash, int words) {
    return (int) ((hash * 0x9E3779B97F4A7C15L) >>> 32) & (words - 1);
  }

  /** Four bit positions from other bits of the hash than those that chose the word. */
  private static long bits(int hash) {
    long h = (hash ^ 0x5bd1e995L) * 0xC2B2AE3D27D4EB4FL;
    return 1L << (h >>> 58) | 1L << (h >>> 52 & 63) | 1L << (h >>> 46 & 63) | 1L << (h >>> 40 & 63);
  }

  private static int spread(int h) {
    return (h * 0x9E3779B1) >>> 7 ^ h;
  }
}
