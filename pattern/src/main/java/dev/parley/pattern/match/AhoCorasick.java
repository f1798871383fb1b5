package dev.parley.pattern.match;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aho-Corasick (1975) over UTF-16 units: finds in one pass which of many literals occur in a
 * string. LIKE and MATCHES atoms are only run when their chosen literal occurs. Transitions live
 * in one {@link LongTable} keyed by (state, unit); outputs are shared int arrays.
 */
final class AhoCorasick {
  private final LongTable next = new LongTable();
  private final List<int[]> outputs = new ArrayList<>();
  private final List<List<Character>> edges = new ArrayList<>();
  private int[] fail;
  private int[][] out;
  private final boolean[] startsLatin1 = new boolean[256]; // the first units of literals below U+0100

  AhoCorasick(List<String> literals) {
    newState();
    for (int id = 0; id < literals.size(); id++) {
      int state = 0;
      for (char c : literals.get(id).toCharArray()) {
        int to = next.get(key(state, c), -1);
        if (to < 0) {
          to = newState();
          next.put(key(state, c), to);
          edges.get(state).add(c);
        }
        state = to;
      }
      outputs.set(state, append(outputs.get(state), id));
    }
    for (char c : edges.get(0)) if (c < 256) startsLatin1[c] = true;
    fail = new int[outputs.size()];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (char c : edges.get(0)) queue.add(next.get(key(0, c), -1));
    while (!queue.isEmpty()) {
      int state = queue.poll();
      for (char c : edges.get(state)) {
        int child = next.get(key(state, c), -1);
        int f = fail[state];
        while (f > 0 && next.get(key(f, c), -1) < 0) f = fail[f];
        int target = next.get(key(f, c), -1);
        fail[child] = target >= 0 && target != child ? target : 0;
        for (int o : outputs.get(fail[child])) outputs.set(child, append(outputs.get(child), o));
        queue.add(child);
      }
    }
    out = outputs.toArray(int[][]::new);
    edges.clear();
  }

  /** Adds the id of every literal occurring in {@code text} to {@code found} (repeats possible). */
  void search(String text, IntList found) {
    int state = 0;
    int[] atRoot = out[0];
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (state == 0 && c < 256 && !startsLatin1[c]) { // no literal starts here: no table look-up
        for (int o : atRoot) found.add(o);
        continue;
      }
      int to;
      while ((to = next.get(key(state, c), -1)) < 0 && state > 0) state = fail[state];
      state = Math.max(to, 0);
      for (int o : out[state]) found.add(o);
    }
  }

  private int newState() {
    outputs.add(new int[0]);
    edges.add(new ArrayList<>());
    return outputs.size() - 1;
  }

  private static long key(int state, char c) {
    return ((long) state << 16) | c;
  }

  private static int[] append(int[] a, int v) {
    int[] grown = Arrays.copyOf(a, a.length + 1);
    grown[a.length] = v;
    return grown;
  }
}
