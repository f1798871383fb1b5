package dev.parley.pattern.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.pattern.Patterns;
import dev.parley.pattern.eval.SpecCases;
import dev.parley.pattern.observe.Observation;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bulk matcher gives every verdict of the §9 tables that the exact evaluator gives
 * ({@code EvaluatorTest}): observations arrive in table order, and the pattern matches when some
 * arrival reports it.
 */
class SpecCasesBulkTest {

  @ParameterizedTest
  @MethodSource("dev.parley.pattern.eval.SpecCases#comparisons")
  void match_comparisonTable_expectedVerdict(SpecCases.Case c) {
    assertThat(bulkMatches(c)).isEqualTo(c.expected());
  }

  @ParameterizedTest
  @MethodSource("dev.parley.pattern.eval.SpecCases#observationLevel")
  void match_observationTable_expectedVerdict(SpecCases.Case c) {
    assertThat(bulkMatches(c)).isEqualTo(c.expected());
  }

  private static boolean bulkMatches(SpecCases.Case c) {
    MatcherSnapshot matcher = BulkMatcher.compile(Map.of("p", Patterns.parse(c.pattern()).orThrow()));
    MatchState state = new MatchState(64);
    boolean matched = false;
    for (Observation o : c.observations()) matched |= !matcher.match(o, state).isEmpty();
    return matched;
  }
}
