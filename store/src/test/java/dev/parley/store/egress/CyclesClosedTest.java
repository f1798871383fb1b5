package dev.parley.store.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Publisher#closed}: the largest set of waiting members that wait only for one another, against the definition. */
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
}
