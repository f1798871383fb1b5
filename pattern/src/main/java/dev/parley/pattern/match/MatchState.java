package dev.parley.pattern.match;

import dev.parley.pattern.eval.Binding;
import dev.parley.pattern.eval.Bindings;
import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.syntax.Pattern;
import dev.parley.pattern.syntax.PatternExpression;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The memory of one observation stream for compound patterns (AND, OR, FOLLOWEDBY, qualifiers;
 * STIX 2.1 §9.5): for each pattern and bracket, the latest observations that satisfied the bracket,
 * at most {@code perBracketLimit} of them. Matches that would need an observation already evicted
 * are missed; that is the price of bounded state. Matches name their observations by
 * first_observed. Not thread-safe: one per stream.
 */
public final class MatchState {
  private final int perBracketLimit;
  private final Map<String, Map<PatternExpression.Observation, ArrayDeque<Observation>>> history = new HashMap<>();

  /** State that remembers up to {@code perBracketLimit} observations per bracket of each pattern. */
  public MatchState(int perBracketLimit) {
    if (perBracketLimit < 1) throw new IllegalArgumentException("perBracketLimit must be positive");
    this.perBracketLimit = perBracketLimit;
  }

  /** State with a limit of 16 observations per bracket. */
  public MatchState() {
    this(16);
  }

  void record(String patternId, PatternExpression.Observation bracket, Observation observation) {
    ArrayDeque<Observation> seen = history.computeIfAbsent(patternId, id -> new HashMap<>())
        .computeIfAbsent(bracket, b -> new ArrayDeque<>());
    if (seen.peekLast() == observation) return;
    if (seen.size() == perBracketLimit) seen.removeFirst();
    seen.addLast(observation);
  }

  /** A set of remembered observations, including {@code newest}, that satisfies the pattern. */
  Optional<List<String>> evaluate(String patternId, Pattern pattern, Observation newest) {
    Map<PatternExpression.Observation, ArrayDeque<Observation>> brackets = history.getOrDefault(patternId, Map.of());
    List<Observation> candidates = new ArrayList<>();
    Map<Observation, Integer> index = new IdentityHashMap<>();
    for (ArrayDeque<Observation> seen : brackets.values()) {
      for (Observation o : seen) index.computeIfAbsent(o, x -> { candidates.add(x); return candidates.size() - 1; });
    }
    Integer newestIndex = index.get(newest);
    if (newestIndex == null) return Optional.empty();
    Bindings.Leaves leaves = leaf -> {
      List<Integer> hits = new ArrayList<>();
      for (Observation o : brackets.getOrDefault(leaf, new ArrayDeque<>())) hits.add(index.get(o));
      return hits;
    };
    for (Binding b : Bindings.of(pattern.expression(), candidates, leaves)) {
      if (b.members().get(newestIndex)) {
        List<Observation> used = new ArrayList<>();
        b.members().stream().forEach(i -> used.add(candidates.get(i)));
        used.sort(Comparator.comparing(Observation::firstObserved).thenComparing(Observation::id));
        return Optional.of(used.stream().map(Observation::id).toList());
      }
    }
    return Optional.empty();
  }

  /** Forgets everything about a pattern, e.g. after it was removed. */
  public void forget(String patternId) {
    history.remove(patternId);
  }
}
