package dev.parley.ingest.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, "Idempotent": the window of counted keys in memory answers as a map of the keys to the
 * second they were last counted at would, through puts, removals, forgetting by time and the
 * table's growth (seeded, reproducible); and past its capacity it forgets the earliest, counted.
 */
class KeyWindowTest {
  private final Instant start = Instant.parse("2026-12-06T00:00:00Z");

  @Test
  void window_answersAsAMapOfKeysToTheirLatestSecond_seededRandom() {
    for (long seed = 1; seed <= 20; seed++) {
      Random random = new Random(seed);
      KeyWindow window = new KeyWindow(Integer.MAX_VALUE);
      Map<String, Long> model = new HashMap<>();
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < 3000; i++) {
        keys.add(switch (random.nextInt(3)) {
          case 0 -> String.format("%032x", random.nextLong()) + " indicator--" + random.nextInt(50);
          case 1 -> String.format("%032x", random.nextLong());
          default -> "k" + random.nextInt(5000) + (random.nextBoolean() ? " g" + random.nextInt(3) : "");
        });
      }
      long second = 0;
      for (int op = 0; op < 20_000; op++) {
        String key = keys.get(random.nextInt(keys.size()));
        switch (random.nextInt(10)) {
          case 0 -> {
            window.remove(key);
            model.remove(key);
          }
          case 1 -> {
            long horizon = second - random.nextInt(30);
            window.forget(start.plusSeconds(horizon));
            model.values().removeIf(s -> s <= horizon);
          }
          case 2 -> second++;
          default -> {
            long at = second - random.nextInt(3); // learned keys come with earlier times too
            window.put(key, start.plusSeconds(at));
            model.merge(key, at, Math::max);
          }
        }
        if (op % 97 == 0) {
          for (String k : keys) assertThat(window.contains(k)).as("seed %d, op %d, %s", seed, op, k).isEqualTo(model.containsKey(k));
          assertThat(window.size()).isEqualTo(model.size());
        }
      }
      assertThat(window.forgottenEarly()).isZero();
    }
  }

  @Test
  void window_pastItsCapacity_forgetsTheEarliestCountedAndCountsThem() {
    KeyWindow window = new KeyWindow(1000);
    for (int i = 0; i < 1000; i++) window.put("a" + i, start);
    for (int i = 0; i < 500; i++) window.put("b" + i, start.plusSeconds(1));
    // the earliest second went whole to make room, the later one stays
    assertThat(window.forgottenEarly()).isEqualTo(1000);
    assertThat(window.contains("a0")).isFalse();
    assertThat(window.contains("b0")).isTrue();
    assertThat(window.contains("b499")).isTrue();
    assertThat(window.size()).isEqualTo(500);
  }
}
