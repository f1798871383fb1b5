package dev.parley.ingest.detect;

import dev.parley.detect.telemetry.Digests;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The keys a source counted within the window of idempotency, in memory: each key's 128-bit
 * fingerprint with the second it was counted at, in an open-addressed table (linear probing,
 * deletion by backward shift), and the fingerprints by that second, so that forgetting takes out
 * the keys that ended their window without a look at the rest. With the records' window beside it, a
 * hit holds about 150 bytes of heap for the day, where maps of the keys' strings held 280 (measured
 * after 400,000 hits); hostile run 12x's bodies, sent without end, would fill any heap, which the
 * capacity prevents.
 *
 * <p>At most {@code capacity} keys: past that, the earliest counted are forgotten before their
 * window ends ({@link #forgottenEarly}): sent again, their records count again, which the caller
 * says. Not thread-safe (the source's lock guards it).
 */
final class KeyWindow {
  private static final int FREE = 0;
  /** Seconds are kept relative to this, in an int: 68 years either side. */
  private final long base = Instant.now().getEpochSecond();
  private final int capacity;
  private long[] high = new long[16];
  private long[] low = new long[16];
  private int[] second = new int[16];
  private int size;
  /** The fingerprints put at each second (pairs of longs, high then low), the earliest second first. */
  private final TreeMap<Integer, Pairs> bySecond = new TreeMap<>();
  private long forgottenEarly;
  // the fingerprint of the last key read (the caller's lock makes one at a time)
  private long h;
  private long l;

  KeyWindow(int capacity) {
    this.capacity = capacity;
  }

  boolean contains(String key) {
    fingerprint(key);
    return slot(h, l) >= 0;
  }

  /** The keys held. */
  int size() {
    return size;
  }

  /** Keys forgotten before their window ended, to stay within the capacity, since this window was made. */
  long forgottenEarly() {
    return forgottenEarly;
  }

  /** Puts the key as counted at {@code at}, or at its later time if it has one already. */
  void put(String key, Instant at) {
    fingerprint(key);
    int s = seconds(at);
    int i = slot(h, l);
    if (i >= 0) {
      if (second[i] >= s) return;
      second[i] = s;
    } else {
      if (size >= capacity) forgetEarliest();
      insert(h, l, s);
    }
    bySecond.computeIfAbsent(s, x -> new Pairs()).add(h, l);
  }

  /** Forgets the key, whenever it was counted. */
  void remove(String key) {
    fingerprint(key);
    int i = slot(h, l);
    if (i >= 0) deleteAt(i);
  }

  /** Forgets the keys counted at or before {@code horizon}, unless counted again since. */
  void forget(Instant horizon) {
    int limit = seconds(horizon);
    while (!bySecond.isEmpty() && bySecond.firstKey() <= limit) drop(bySecond.pollFirstEntry());
  }

  private void forgetEarliest() {
    int before = size;
    while (size >= capacity && !bySecond.isEmpty()) drop(bySecond.pollFirstEntry());
    forgottenEarly += before - size;
  }

  private void drop(Map.Entry<Integer, Pairs> batch) {
    int s = batch.getKey();
    Pairs p = batch.getValue();
    for (int k = 0; k < p.size; k += 2) {
      int i = slot(p.values[k], p.values[k + 1]);
      if (i >= 0 && second[i] == s) deleteAt(i); // counted again later: kept
    }
  }

  /** Whether a slot holds no key: a fingerprint is never both zero. */
  private static boolean free(long hi, long lo) {
    return hi == FREE && lo == FREE;
  }

  private int seconds(Instant at) {
    long s = at.getEpochSecond() - base;
    return (int) Math.max(Integer.MIN_VALUE + 1, Math.min(Integer.MAX_VALUE, s));
  }

  private int home(long hi, long lo) {
    long x = hi ^ Long.rotateLeft(lo, 29);
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    return (int) x & (high.length - 1);
  }

  private int slot(long hi, long lo) {
    int mask = high.length - 1;
    for (int i = home(hi, lo); ; i = (i + 1) & mask) {
      if (free(high[i], low[i])) return -1;
      if (high[i] == hi && low[i] == lo) return i;
    }
  }

  private void insert(long hi, long lo, int s) {
    if ((size + 1) * 2 > high.length) grow();
    int mask = high.length - 1;
    int i = home(hi, lo);
    while (!free(high[i], low[i])) i = (i + 1) & mask;
    high[i] = hi;
    low[i] = lo;
    second[i] = s;
    size++;
  }

  private void grow() {
    long[] oldHigh = high;
    long[] oldLow = low;
    int[] oldSecond = second;
    high = new long[oldHigh.length * 2];
    low = new long[oldHigh.length * 2];
    second = new int[oldHigh.length * 2];
    size = 0;
    for (int i = 0; i < oldHigh.length; i++) {
      if (!free(oldHigh[i], oldLow[i])) insert(oldHigh[i], oldLow[i], oldSecond[i]);
    }
  }

  /** Empties slot {@code i}, moving back the entries after it that probed past it (no tombstones). */
  private void deleteAt(int i) {
    int mask = high.length - 1;
    int j = i;
    while (true) {
      j = (j + 1) & mask;
      if (free(high[j], low[j])) break;
      int k = home(high[j], low[j]);
      // the entry at j stays where it is when its home lies cyclically in (i, j]
      boolean stays = i <= j ? i < k && k <= j : i < k || k <= j;
      if (stays) continue;
      high[i] = high[j];
      low[i] = low[j];
      second[i] = second[j];
      i = j;
    }
    high[i] = FREE;
    low[i] = FREE;
    size--;
  }

  /** The key's 128-bit fingerprint ({@link Digests#of}) into {@link #h} and {@link #l}, never both zero (the mark of a free slot). */
  private void fingerprint(String key) {
    Digests.of(key, SEED, scratch);
    h = scratch[0];
    l = free(h, scratch[1]) ? 1 : scratch[1];
  }

  private static final long SEED = 0x6b657973L;
  private final long[] scratch = new long[2];

  /** A growable list of longs. */
  private static final class Pairs {
    long[] values = new long[8];
    int size;

    void add(long hi, long lo) {
      if (size + 2 > values.length) values = Arrays.copyOf(values, values.length * 2);
      values[size++] = hi;
      values[size++] = lo;
    }
  }
}
