package dev.parley.detect.telemetry;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The members of a telemetry SCO: a map kept in insertion order (as {@link java.util.LinkedHashMap}
 * is, so an SCO prints and compares the same) in parallel arrays, searched linearly. An SCO
 * has two to eight members; a hash table cost more to build than the whole record's matching
 * (BENCHMARKS.md). Keys are compared by their hash codes first (Strings cache them), so that a
 * missing key costs no string comparison. Not thread-safe; null keys are refused.
 */
final class SmallMap<V> extends AbstractMap<String, V> {
  private String[] keys;
  private int[] hashes; // the keys' hash codes (Strings cache theirs): a missing key costs no equals
  private Object[] values;
  private int size;
  private int modifications;

  SmallMap(int capacity) {
    keys = new String[Math.max(2, capacity)];
    hashes = new int[keys.length];
    values = new Object[keys.length];
  }

  private int find(Object key) {
    if (key == null) return -1;
    int h = key.hashCode();
    String[] k = keys;
    int[] hs = hashes;
    for (int i = 0; i < size; i++) if (hs[i] == h && (k[i] == key || k[i].equals(key))) return i;
    return -1;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean containsKey(Object key) {
    return find(key) >= 0;
  }

  @Override
  @SuppressWarnings("unchecked")
  public V get(Object key) {
    int i = find(key);
    return i < 0 ? null : (V) values[i];
  }

  @Override
  @SuppressWarnings("unchecked")
  public V put(String key, V value) {
    Objects.requireNonNull(key, "key");
    int i = find(key);
    if (i >= 0) {
      V old = (V) values[i];
      values[i] = value;
      return old;
    }
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
      hashes = Arrays.copyOf(hashes, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    keys[size] = key;
    hashes[size] = key.hashCode();
    values[size] = value;
    size++;
    modifications++;
    return null;
  }

  @Override
  public V remove(Object key) {
    int i = find(key);
    if (i < 0) return null;
    @SuppressWarnings("unchecked")
    V old = (V) values[i];
    removeAt(i);
    return old;
  }

  private void removeAt(int i) {
    System.arraycopy(keys, i + 1, keys, i, size - i - 1);
    System.arraycopy(hashes, i + 1, hashes, i, size - i - 1);
    System.arraycopy(values, i + 1, values, i, size - i - 1);
    size--;
    keys[size] = null;
    values[size] = null;
    modifications++;
  }

  @Override
  public void clear() {
    Arrays.fill(keys, 0, size, null);
    Arrays.fill(values, 0, size, null);
    size = 0;
    modifications++;
  }

  @Override
  public Set<Map.Entry<String, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public Iterator<Map.Entry<String, V>> iterator() {
        return new Iterator<>() {
          private int next;
          private int last = -1;
          private int expected = modifications;

          @Override
          public boolean hasNext() {
            return next < size;
          }

          @Override
          public Map.Entry<String, V> next() {
            if (expected != modifications) throw new ConcurrentModificationException();
            if (next >= size) throw new NoSuchElementException();
            last = next++;
            return new Entry(last);
          }

          @Override
          public void remove() {
            if (last < 0) throw new IllegalStateException();
            if (expected != modifications) throw new ConcurrentModificationException();
            removeAt(last);
            next = last;
            last = -1;
            expected = modifications;
          }
        };
      }
    };
  }

  /** A live entry: setValue writes through, as a LinkedHashMap entry's does. */
  private final class Entry implements Map.Entry<String, V> {
    private final int at;
    private final String key;

    Entry(int at) {
      this.at = at;
      this.key = keys[at];
    }

    @Override
    public String getKey() {
      return key;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V getValue() {
      int i = keys[at] == key ? at : find(key);
      return i < 0 ? null : (V) values[i];
    }

    @Override
    @SuppressWarnings("unchecked")
    public V setValue(V value) {
      int i = keys[at] == key ? at : find(key);
      if (i < 0) throw new IllegalStateException("removed");
      V old = (V) values[i];
      values[i] = value;
      return old;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Map.Entry<?, ?> e && key.equals(e.getKey()) && Objects.equals(getValue(), e.getValue());
    }

    @Override
    public int hashCode() {
      return key.hashCode() ^ Objects.hashCode(getValue());
    }

    @Override
    public String toString() {
      return key + "=" + getValue();
    }
  }
}
