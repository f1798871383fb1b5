package dev.parley.pattern.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.pattern.Patterns;
import dev.parley.pattern.eval.Evaluator;
import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.syntax.Pattern;
import dev.parley.pattern.syntax.PatternExpression;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/** The compiled bulk matcher and the exact evaluator return the same matches (STIX 2.1 §9). */
class EnginesAgreeTest {

  @Property(tries = 1500)
  void match_randomPatternsAndObservations_enginesAgree(@ForAll long seed) {
    Random r = new Random(seed);
    Map<String, Pattern> patterns = new LinkedHashMap<>();
    for (int i = 0, n = 1 + r.nextInt(12); i < n; i++) patterns.put("p" + i, RandomPatterns.pattern(r));
    List<Observation> observations = new ArrayList<>();
    for (int i = 0, n = 1 + r.nextInt(6); i < n; i++) observations.add(RandomPatterns.observation(r));

    BulkMatcher matcher = new BulkMatcher();
    patterns.forEach((id, p) -> {
      matcher.add(id, p);
      if (r.nextInt(4) == 0) { // exercise tombstones and merges
        matcher.remove(id);
        matcher.add(id, p);
      }
    });
    MatchState state = new MatchState(64);
    Set<String> bulkPairs = new TreeSet<>();
    Set<String> bulkIds = new TreeSet<>();
    for (Observation o : observations) {
      for (Match m : matcher.snapshot().match(o, state)) {
        bulkIds.add(m.patternId());
        if (m.observationIds().size() == 1 && isBracket(patterns.get(m.patternId()))) {
          bulkPairs.add(m.patternId() + "@" + m.observationIds().get(0));
        }
      }
    }

    Set<String> exactPairs = new TreeSet<>();
    Set<String> exactIds = new TreeSet<>();
    patterns.forEach((id, p) -> {
      if (Evaluator.matches(p, observations)) exactIds.add(id);
      if (isBracket(p)) {
        for (Observation o : observations) if (Evaluator.matches(p, List.of(o))) exactPairs.add(id + "@" + o.id());
      }
    });
    Statistics.label("bracket matches").collect(exactPairs.isEmpty() ? "none" : "some");
    Statistics.label("compound matches").collect(
        exactIds.stream().anyMatch(id -> !isBracket(patterns.get(id))) ? "some" : "none");
    StringBuilder why = new StringBuilder();
    patterns.forEach((id, p) -> why.append(id).append(": ").append(Patterns.print(p)).append('\n'));
    observations.forEach(o -> why.append(o.id()).append(' ').append(o.objects()).append('\n'));
    assertThat(bulkIds).as(why.toString()).isEqualTo(exactIds);
    assertThat(bulkPairs).as(why.toString()).isEqualTo(exactPairs);
  }

  private static boolean isBracket(Pattern p) {
    return p.expression() instanceof PatternExpression.Observation;
  }
}
