package dev.parley.pattern.match;

import java.util.Arrays;

/** A growable int array, for building the matcher's flat tables without boxing. */
final class IntList {
  private int[] values;
  private int size;

  IntList(int capacity) {
    values = new int[Math.max(4, capacity)];
  }

  void add(int value) {
    if (size == values.length) values = Arrays.copyOf(values, size * 2);
    values[size++] = value;
  }

  /** Sets index {@code i}, growing with -1 fill as needed. */
  void set(int i, int value) {
    while (i >= values.length) {
      int old = values.length;
      values = Arrays.copyOf(values, old * 2);
      Arrays.fill(values, old, values.length, -1);
    }
    values[i] = value;
    size = Math.max(size, i + 1);
  }

  int get(int i) {
    return values[i];
  }

  int size() {
    return size;
  }

  void clear() {
    size = 0;
  }

  /** Sorts and removes duplicates in place. */
  void sortUnique() {
    if (size < 2) return;
    if (size < 16) {
      for (int i = 1; i < size; i++) { // insertion sort: the lists here are tiny
        int v = values[i];
        int j = i - 1;
        while (j >= 0 && values[j] > v) values[j + 1] = values[j--];
        values[j + 1] = v;
      }
    } else {
      Arrays.sort(values, 0, size);
    }
    int out = 0;
    for (int i = 0; i < size; i++) {
      if (out == 0 || values[out - 1] != values[i]) values[out++] = values[i];
    }
    size = out;
  }

  boolean sortedContains(int value) {
    return Arrays.binarySearch(values, 0, size, value) >= 0;
  }

  /** The index of {@code value} in this sorted list, or a negative number when it is not there. */
  int sortedIndexOf(int value) {
    return Arrays.binarySearch(values, 0, size, value);
  }

  int[] toArray() {
    return Arrays.copyOf(values, size);
  }
}
