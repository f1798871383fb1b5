package dev.parley.pattern.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.pattern.Patterns;
import dev.parley.pattern.eval.Evaluator;
import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.syntax.Pattern;
import dev.parley.pattern.syntax.PatternExpression;
import dev.parley.testing.Generator;
import dev.parley.testing.Randomized;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The compiled bulk matcher and the exact evaluator return the same matches (STIX 2.1 §9). */
class EnginesAgreeTest {

  /**
   * Patterns by id, the ids removed and added again before matching, and the observations in order;
   * a class, not a record, so that a failure prints the patterns in their text form.
   */
  static final class Case {
    final Map<String, Pattern> patterns = new LinkedHashMap<>();
    final Set<String> readded = new TreeSet<>();
    final List<Observation> observations = new ArrayList<>();

    Case(Random r) {
      for (int i = 0, n = 1 + r.nextInt(12); i < n; i++) {
        patterns.put("p" + i, RandomPatterns.pattern(r));
        if (r.nextInt(4) == 3) readded.add("p" + i); // exercise tombstones and merges
      }
      for (int i = 0, n = 1 + r.nextInt(6); i < n; i++) observations.add(RandomPatterns.observation(r, i + 1));
    }

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder("\n");
      patterns.forEach((id, p) -> text.append(id).append(readded.contains(id) ? " (re-added)" : "").append(": ")
          .append(Patterns.print(p)).append('\n'));
      observations.forEach(o -> text.append(o.id()).append(' ').append(o.objects()).append('\n'));
      return text.toString();
    }
  }

  @Test
  void match_randomPatternsAndObservations_enginesAgree() {
    int[] bracketMatches = {0};
    int[] compoundMatches = {0};
    Generator<Case> cases = Case::new;
    Randomized.check(1500, cases, c -> {
      BulkMatcher matcher = new BulkMatcher();
      c.patterns.forEach((id, p) -> {
        matcher.add(id, p);
        if (c.readded.contains(id)) {
          matcher.remove(id);
          matcher.add(id, p);
        }
      });
      MatchState state = new MatchState(64);
      Set<String> bulkPairs = new TreeSet<>();
      Set<String> bulkIds = new TreeSet<>();
      for (Observation o : c.observations) {
        for (Match m : matcher.snapshot().match(o, state)) {
          bulkIds.add(m.patternId());
          if (m.observationIds().size() == 1 && isBracket(c.patterns.get(m.patternId()))) {
            bulkPairs.add(m.patternId() + "@" + m.observationIds().get(0));
          }
        }
      }

      Set<String> exactPairs = new TreeSet<>();
      Set<String> exactIds = new TreeSet<>();
      c.patterns.forEach((id, p) -> {
        if (Evaluator.matches(p, c.observations)) exactIds.add(id);
        if (isBracket(p)) {
          for (Observation o : c.observations) if (Evaluator.matches(p, List.of(o))) exactPairs.add(id + "@" + o.id());
        }
      });
      assertThat(bulkIds).isEqualTo(exactIds);
      assertThat(bulkPairs).isEqualTo(exactPairs);
      if (!exactPairs.isEmpty()) bracketMatches[0]++;
      if (exactIds.stream().anyMatch(id -> !isBracket(c.patterns.get(id)))) compoundMatches[0]++;
    });
    // the agreement means little unless matches happen: about 2 cases in 3 match a bracket, 1 in 4 a compound pattern
    assertThat(bracketMatches[0]).as("cases with a bracket match").isGreaterThan(1500 / 3);
    assertThat(compoundMatches[0]).as("cases with a compound match").isGreaterThan(1500 / 10);
  }

  private static boolean isBracket(Pattern p) {
    return p.expression() instanceof PatternExpression.Observation;
  }
}
