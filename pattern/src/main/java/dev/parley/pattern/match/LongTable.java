package dev.parley.pattern.match;

import java.util.Arrays;

/**
 * An open-addressing hash table from long keys to int values, without boxing: the transitions of
 * the literal automaton and the IPv4 blocks of ISSUBSET live here. Built once, then read-only.
 */
final class LongTable {
  private static final long EMPTY = Long.MIN_VALUE;
  private long[] keys = newKeys(16);
  private int[] values = new int[16];
  private int size;

  void put(long key, int value) {
    if (key == EMPTY) throw new IllegalArgumentException("reserved key");
    if (size * 2 >= keys.length) grow();
    int i = find(key, keys);
    if (keys[i] == EMPTY) {
      keys[i] = key;
      size++;
    }
    values[i] = value;
  }

  /** The value for {@code key}, or {@code missing}. */
  int get(long key, int missing) {
    long[] k = keys;
    int mask = k.length - 1;
    for (int i = spread(key) & mask; ; i = (i + 1) & mask) {
      long found = k[i];
      if (found == key) return values[i];
      if (found == EMPTY) return missing;
    }
  }

  private static int find(long key, long[] k) {
    int mask = k.length - 1;
    int i = spread(key) & mask;
    while (k[i] != EMPTY && k[i] != key) i = (i + 1) & mask;
    return i;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = newKeys(oldKeys.length * 2);
    values = new int[oldKeys.length * 2];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        int slot = find(oldKeys[i], keys);
        keys[slot] = oldKeys[i];
        values[slot] = oldValues[i];
      }
    }
  }

  private static long[] newKeys(int n) {
    long[] k = new long[n];
    Arrays.fill(k, EMPTY);
    return k;
  }

  private static int spread(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
