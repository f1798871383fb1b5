package dev.parley.pattern.match;

import java.util.Arrays;

/**
 * An open-addressing hash table from a key to a chain of atom ids, built once and then read by
 * many threads. Far smaller than a HashMap of lists: two arrays and one shared "next" array.
 */
final class KeyTable {
  private Object[] keys = new Object[16];
  private int[] heads = new int[16];
  private int size;

  /** Links entry {@code atom} into the chain of {@code key}; {@code next} is the shared chain array. */
  void put(Object key, int atom, IntList next) {
    if (size * 2 >= keys.length) grow();
    int slot = slot(key, keys);
    if (keys[slot] == null) {
      keys[slot] = key;
      heads[slot] = -1;
      size++;
    }
    next.set(atom, heads[slot]);
    heads[slot] = atom;
  }

  /** The first atom for {@code key}, or -1. */
  int get(Object key) {
    Object[] k = keys;
    int mask = k.length - 1;
    for (int i = spread(key.hashCode()) & mask; ; i = (i + 1) & mask) {
      Object found = k[i];
      if (found == null) return -1;
      if (found.equals(key)) return heads[i];
    }
  }

  int size() {
    return size;
  }

  private static int slot(Object key, Object[] k) {
    int mask = k.length - 1;
    int i = spread(key.hashCode()) & mask;
    while (k[i] != null && !k[i].equals(key)) i = (i + 1) & mask;
    return i;
  }

  private void grow() {
    Object[] oldKeys = keys;
    int[] oldHeads = heads;
    keys = new Object[oldKeys.length * 2];
    heads = new int[oldKeys.length * 2];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != null) {
        int slot = slot(oldKeys[i], keys);
        keys[slot] = oldKeys[i];
        heads[slot] = oldHeads[i];
      }
    }
  }

  private static int spread(int h) {
    return (h ^ (h >>> 16)) * 0x9E3779B1;
  }

  @Override
  public String toString() {
    return "KeyTable" + Arrays.toString(Arrays.copyOf(keys, Math.min(keys.length, 8)));
  }
}
