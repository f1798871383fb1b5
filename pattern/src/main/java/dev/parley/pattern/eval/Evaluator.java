package dev.parley.pattern.eval;

import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.syntax.Pattern;
import dev.parley.pattern.syntax.PatternExpression;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The exact evaluator: the semantic reference for STIX 2.1 §9, written to be read rather than to
 * be fast. It tries every bracket on every observation. Stateless and thread-safe.
 */
public final class Evaluator {
  private Evaluator() {}

  /** True when some set of the observations satisfies the pattern (§9.4). */
  public static boolean matches(Pattern pattern, List<Observation> observations) {
    return match(pattern, observations).isPresent();
  }

  /** The ids of one set of observations that satisfies the pattern, in list order. */
  public static Optional<List<String>> match(Pattern pattern, List<Observation> observations) {
    List<Binding> bindings = bindings(pattern, observations);
    if (bindings.isEmpty()) return Optional.empty();
    return Optional.of(ids(bindings.get(0).members(), observations));
  }

  /** Every satisfying set of observations (up to {@link Bindings#LIMIT} per sub-expression). */
  public static List<Binding> bindings(Pattern pattern, List<Observation> observations) {
    Map<PatternExpression.Observation, List<Integer>> cache = new HashMap<>();
    Bindings.Leaves leaves = leaf -> cache.computeIfAbsent(leaf, l -> {
      List<Integer> hits = new ArrayList<>();
      for (int i = 0; i < observations.size(); i++) {
        if (Brackets.matches(l.comparisons(), observations.get(i))) hits.add(i);
      }
      return hits;
    });
    return Bindings.of(pattern.expression(), observations, leaves);
  }

  static List<String> ids(BitSet members, List<Observation> observations) {
    List<String> ids = new ArrayList<>();
    for (int i = members.nextSetBit(0); i >= 0; i = members.nextSetBit(i + 1)) {
      ids.add(observations.get(i).id());
    }
    return ids;
  }
}
