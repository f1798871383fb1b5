package dev.parley.ingest.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.detect.Indicator;
import dev.parley.pattern.ParseResult;
import dev.parley.pattern.Patterns;
import dev.parley.pattern.syntax.Pattern;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IndicatorsByIdTest {
  private static final Pattern PATTERN =
      ((ParseResult.Valid) Patterns.parse("[ipv4-addr:value = '10.0.0.1']")).pattern();

  private static Indicator indicator(int n, int version) {
    return new Indicator("indicator--" + n, PATTERN, Instant.ofEpochSecond(version), null, null);
  }

  @Test
  void with_randomChangesFoldedOrNot_sameAsAPlainMap() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    List<Indicator> first = new ArrayList<>();
    for (int i = 0; i < 3000; i++) first.add(indicator(i, 0));
    Map<String, Indicator> expected = new HashMap<>();
    for (Indicator i : first) expected.put(i.id(), i);
    IndicatorsById byId = IndicatorsById.of(first);
    for (int round = 1; round <= 60; round++) {
      Map<String, Indicator> changed = new HashMap<>();
      for (int k = 0; k < random.nextInt(200); k++) {
        int n = random.nextInt(6000);
        Indicator now = random.nextInt(4) == 0 ? null : indicator(n, round);
        changed.put("indicator--" + n, now);
      }
      IndicatorsById before = byId;
      Map<String, Indicator> expectedBefore = new HashMap<>(expected);
      byId = byId.with(changed);
      changed.forEach((id, i) -> {
        if (i == null) expected.remove(id);
        else expected.put(id, i);
      });
      for (int n = 0; n < 6000; n++) {
        String id = "indicator--" + n;
        assertThat(byId.get(id)).as("seed %d round %d %s", seed, round, id).isEqualTo(expected.get(id));
        assertThat(before.get(id)).as("seed %d: an earlier snapshot is unchanged", seed).isEqualTo(expectedBefore.get(id));
      }
    }
    assertThat(byId).as("seed %d", seed).isEqualTo(expected);
  }
}
