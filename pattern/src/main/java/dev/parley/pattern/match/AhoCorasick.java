package dev.parley.pattern.match;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Aho-Corasick (1975) over UTF-16 units: finds in one pass which of many literals occur in a
 * string. LIKE and MATCHES atoms are only run when their required literal occurs.
 */
final class AhoCorasick {
  private final List<Map<Character, Integer>> next = new ArrayList<>();
  private final List<int[]> outputs = new ArrayList<>();
  private int[] fail;

  AhoCorasick(List<String> literals) {
    next.add(new HashMap<>());
    outputs.add(new int[0]);
    for (int id = 0; id < literals.size(); id++) {
      int state = 0;
      for (char c : literals.get(id).toCharArray()) {
        Integer to = next.get(state).get(c);
        if (to == null) {
          to = next.size();
          next.add(new HashMap<>());
          outputs.add(new int[0]);
          next.get(state).put(c, to);
        }
        state = to;
      }
      outputs.set(state, append(outputs.get(state), id));
    }
    fail = new int[next.size()];
    ArrayDeque<Integer> queue = new ArrayDeque<>(next.get(0).values());
    while (!queue.isEmpty()) {
      int state = queue.poll();
      for (Map.Entry<Character, Integer> e : next.get(state).entrySet()) {
        int child = e.getValue();
        int f = fail[state];
        while (f > 0 && !next.get(f).containsKey(e.getKey())) f = fail[f];
        Integer target = next.get(f).get(e.getKey());
        fail[child] = target != null && target != child ? target : 0;
        for (int out : outputs.get(fail[child])) outputs.set(child, append(outputs.get(child), out));
        queue.add(child);
      }
    }
  }

  /** Calls {@code found} with the id of every literal occurring in {@code text} (repeats possible). */
  void search(String text, IntList found) {
    int state = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      Integer to;
      while ((to = next.get(state).get(c)) == null && state > 0) state = fail[state];
      state = to == null ? 0 : to;
      for (int out : outputs.get(state)) found.add(out);
    }
  }

  private static int[] append(int[] a, int v) {
    int[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = v;
    return out;
  }
}
