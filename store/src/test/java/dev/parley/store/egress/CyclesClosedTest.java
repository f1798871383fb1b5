package dev.parley.store.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link Publisher#closed}: the largest set of waiting members that wait only for one another, against
 * the definition; and {@link Publisher#namedFirst}, the order in which such a set joins the feed.
 */
class CyclesClosedTest {
  /** The definition, by rounds: drop every member waiting for an id no member left has, until none is dropped. */
  private static Set<String> byRounds(Map<String, Set<String>> waitsOf, Map<String, String> idOf) {
    Set<String> in = new HashSet<>(waitsOf.keySet());
    boolean changed = true;
    while (changed) {
      changed = false;
      Set<String> named = new HashSet<>();
      for (String k : in) named.add(idOf.get(k));
      changed = in.removeIf(k -> !named.containsAll(waitsOf.get(k)));
    }
    return in;
  }

  @Test
  void closed_randomWaits_sameAsByRounds() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    for (int round = 0; round < 300; round++) {
      int members = 1 + random.nextInt(60);
      int ids = 1 + random.nextInt(members + 10);
      Map<String, Set<String>> waitsOf = new HashMap<>();
      Map<String, String> idOf = new HashMap<>();
      for (int m = 0; m < members; m++) {
        String key = "c/" + m;
        idOf.put(key, "id-" + random.nextInt(ids)); // several versions may share an id
        Set<String> refs = new HashSet<>();
        for (int r = 0; r <= random.nextInt(3); r++) refs.add("id-" + random.nextInt(ids + 5)); // some ids no member has
        waitsOf.put(key, refs);
      }
      assertThat(Publisher.closed(waitsOf, idOf)).as("seed %d round %d", seed, round).isEqualTo(byRounds(waitsOf, idOf));
    }
  }

  @Test
  void closed_longChainEndingOutside_empty_cycleKept() {
    Map<String, Set<String>> waitsOf = new HashMap<>();
    Map<String, String> idOf = new HashMap<>();
    for (int i = 0; i < 10_000; i++) {
      waitsOf.put("c/" + i, Set.of("id-" + (i + 1))); // id-10000 is no member's
      idOf.put("c/" + i, "id-" + i);
    }
    waitsOf.put("c/a", Set.of("id-b"));
    idOf.put("c/a", "id-a");
    waitsOf.put("c/b", Set.of("id-a"));
    idOf.put("c/b", "id-b");
    assertThat(Publisher.closed(waitsOf, idOf)).containsExactlyInAnyOrder("c/a", "c/b");
  }

  /**
   * Rule 4 in time: a member of a closed set joins the feed after what it names, unless what it names
   * leads back to it. A chain into a cycle, listed in the worst order (the chain's head first), and a
   * random closed set of 2,000 members, each member against every member it waits for.
   */
  @Test
  void namedFirst_eachAfterWhatItNames_exceptWithinACycle() {
    Map<String, Set<String>> waitsOf = new HashMap<>();
    Map<String, String> idOf = new HashMap<>();
    // c/0 -> c/1 -> ... -> c/9 -> c/10 <-> c/11
    for (int i = 0; i < 12; i++) {
      idOf.put("c/" + i, "id-" + i);
      waitsOf.put("c/" + i, Set.of("id-" + (i < 11 ? i + 1 : 10)));
    }
    List<String> order = Publisher.namedFirst(waitsOf.keySet(), waitsOf, idOf,
        Comparator.comparingInt(k -> Integer.parseInt(k.substring(2))));
    assertThat(order).hasSize(12);
    assertThat(order.subList(2, 12)).containsExactly("c/9", "c/8", "c/7", "c/6", "c/5", "c/4", "c/3", "c/2", "c/1", "c/0");
    assertThat(order.subList(0, 2)).containsExactlyInAnyOrder("c/10", "c/11");

    long seed = new Random().nextLong();
    Random random = new Random(seed);
    waitsOf.clear();
    idOf.clear();
    for (int m = 0; m < 2_000; m++) {
      idOf.put("c/" + m, "id-" + m);
      Set<String> refs = new HashSet<>();
      for (int r = 0; r <= random.nextInt(3); r++) refs.add("id-" + Math.floorMod(m + random.nextInt(9) - 4, 2_000));
      waitsOf.put("c/" + m, refs);
    }
    order = Publisher.namedFirst(waitsOf.keySet(), waitsOf, idOf, Comparator.naturalOrder());
    assertThat(order).as("seed %d", seed).hasSize(2_000).doesNotHaveDuplicates();
    Map<String, Integer> at = new HashMap<>();
    for (int i = 0; i < order.size(); i++) at.put(order.get(i), i);
    for (String k : order) {
      for (String ref : waitsOf.get(k)) {
        String named = "c/" + ref.substring(3);
        if (at.get(named) > at.get(k)) assertThat(reaches(waitsOf, named, idOf.get(k))).as("seed %d: %s before %s", seed, k, named).isTrue();
      }
    }
  }

  /** Whether member {@code from} waits for {@code id}, directly or through the members it waits for (member c/N has id id-N). */
  private static boolean reaches(Map<String, Set<String>> waitsOf, String from, String id) {
    Set<String> seen = new HashSet<>();
    ArrayDeque<String> todo = new ArrayDeque<>(List.of(from));
    while (!todo.isEmpty()) {
      String k = todo.pop();
      if (!seen.add(k)) continue;
      for (String ref : waitsOf.get(k)) {
        if (ref.equals(id)) return true;
        todo.push("c/" + ref.substring(3));
      }
    }
    return false;
  }
}
