package dev.parley.pattern.match;

import dev.parley.pattern.eval.Binding;
import dev.parley.pattern.eval.Bindings;
import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.syntax.Pattern;
import dev.parley.pattern.syntax.PatternExpression;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * The memory of one observation stream for compound patterns (AND, OR, FOLLOWEDBY, qualifiers;
 * STIX 2.1 §9.5): for each pattern and bracket, the latest observations that satisfied the bracket,
 * at most {@code perBracketLimit} of them. Matches that would need an observation already evicted
 * are missed; that is the price of bounded state. An observation whose id is already remembered for
 * a bracket is not remembered again: one id is one observed-data (§9.5 binds distinct ones).
 * Matches list their observations by first_observed.
 *
 * <p>A {@linkplain #counting counting} state also forgets, for a pattern, the observations of every
 * set it reports, so that each observation serves in at most one reported set per pattern, and
 * remembers for a pattern only the observations its filter admits. Not thread-safe: one per stream.
 */
public final class MatchState {
  private static final BiPredicate<String, Observation> ALL = (pattern, observation) -> true;

  private final int perBracketLimit;
  private final boolean consume;
  private final BiPredicate<String, Observation> admits;
  /** Per pattern and bracket, the observations remembered by id, oldest first. */
  private final Map<String, Map<PatternExpression.Observation, LinkedHashMap<String, Observation>>> history = new HashMap<>();
  /** Observations remembered, over every pattern and bracket (one held by two brackets counts twice). */
  private int remembered;

  private MatchState(int perBracketLimit, boolean consume, BiPredicate<String, Observation> admits) {
    if (perBracketLimit < 1) throw new IllegalArgumentException("perBracketLimit must be positive");
    this.perBracketLimit = perBracketLimit;
    this.consume = consume;
    this.admits = admits;
  }

  /** State that remembers up to {@code perBracketLimit} observations per bracket of each pattern. */
  public MatchState(int perBracketLimit) {
    this(perBracketLimit, false, ALL);
  }

  /** State with a limit of 16 observations per bracket. */
  public MatchState() {
    this(16);
  }

  /**
   * The bound of a counting state for detection: enough that a compound indicator's count stays
   * exact over the hits one request or file brings of one side before the other (a hostile run
   * planted 20 and saw 16), while each record that hits costs time in the records remembered, not
   * in their product ({@link Bindings#including}).
   */
  public static final int COUNTING_LIMIT = 1024;

  /**
   * State for counting matches: each observation is used in at most one reported set per pattern,
   * and a pattern remembers only the observations {@code admits} accepts for it (e.g. those within
   * the validity of its indicator).
   */
  public static MatchState counting(int perBracketLimit, BiPredicate<String, Observation> admits) {
    return new MatchState(perBracketLimit, true, admits);
  }

  void record(String patternId, PatternExpression.Observation bracket, Observation observation) {
    if (!admits.test(patternId, observation)) return;
    LinkedHashMap<String, Observation> seen = history.computeIfAbsent(patternId, id -> new HashMap<>())
        .computeIfAbsent(bracket, b -> new LinkedHashMap<>());
    if (seen.containsKey(observation.id())) return;
    if (seen.size() == perBracketLimit) {
      Iterator<Observation> oldest = seen.values().iterator();
      oldest.next();
      oldest.remove();
      remembered--;
    }
    seen.put(observation.id(), observation);
    remembered++;
  }

  /** A set of remembered observations, including {@code newest}, that satisfies the pattern. */
  Optional<List<Observation>> evaluate(String patternId, Pattern pattern, Observation newest) {
    Map<PatternExpression.Observation, LinkedHashMap<String, Observation>> brackets = history.getOrDefault(patternId, Map.of());
    List<Observation> candidates = new ArrayList<>();
    Map<Observation, Integer> index = new IdentityHashMap<>();
    for (LinkedHashMap<String, Observation> seen : brackets.values()) {
      for (Observation o : seen.values()) index.computeIfAbsent(o, x -> { candidates.add(x); return candidates.size() - 1; });
    }
    Integer newestIndex = index.get(newest);
    if (newestIndex == null) return Optional.empty();
    Bindings.Leaves leaves = leaf -> {
      LinkedHashMap<String, Observation> seen = brackets.get(leaf);
      if (seen == null) return List.of();
      List<Integer> hits = new ArrayList<>(seen.size());
      for (Observation o : seen.values()) hits.add(index.get(o));
      return hits;
    };
    for (Binding b : Bindings.including(pattern.expression(), candidates, leaves, newestIndex)) {
      if (b.members().get(newestIndex)) {
        List<Observation> used = new ArrayList<>();
        b.members().stream().forEach(i -> used.add(candidates.get(i)));
        used.sort(Comparator.comparing(Observation::firstObserved).thenComparing(Observation::id));
        if (consume) remembered -= forget(brackets, used);
        return Optional.of(used);
      }
    }
    return Optional.empty();
  }

  /** Removes {@code used} from every bracket; returns how many entries went. */
  private static int forget(Map<PatternExpression.Observation, LinkedHashMap<String, Observation>> brackets, List<Observation> used) {
    Set<Observation> gone = Collections.newSetFromMap(new IdentityHashMap<>());
    gone.addAll(used);
    int removed = 0;
    for (LinkedHashMap<String, Observation> seen : brackets.values()) {
      int before = seen.size();
      seen.values().removeIf(gone::contains);
      removed += before - seen.size();
    }
    return removed;
  }

  /** Forgets everything about a pattern, e.g. after it was removed. */
  public void forget(String patternId) {
    var brackets = history.remove(patternId);
    if (brackets != null) for (LinkedHashMap<String, Observation> seen : brackets.values()) remembered -= seen.size();
  }

  /** Forgets every pattern that {@code live} does not hold (no longer an indicator's). */
  public void retain(java.util.function.Predicate<String> live) {
    for (String id : List.copyOf(history.keySet())) {
      if (!live.test(id)) forget(id);
    }
  }

  /** Calls {@code each} for every observation remembered (once per pattern and bracket that holds it). */
  public void forEachRemembered(java.util.function.Consumer<Observation> each) {
    for (var brackets : history.values()) {
      for (LinkedHashMap<String, Observation> seen : brackets.values()) seen.values().forEach(each);
    }
  }

  /** How many observations are remembered, over every pattern and bracket. */
  public int remembered() {
    return remembered;
  }

  /**
   * When more than {@code max} observations are remembered, forgets the earliest by first_observed
   * (over every pattern and bracket) down to three quarters of {@code max}, so that trimming after
   * every run costs, amortized, a constant per observation remembered.
   */
  public void trim(int max) {
    if (remembered <= max) return;
    List<Observation> all = new ArrayList<>(remembered);
    for (var brackets : history.values()) {
      for (LinkedHashMap<String, Observation> seen : brackets.values()) all.addAll(seen.values());
    }
    all.sort(Comparator.comparing(Observation::firstObserved));
    Instant keepFrom = all.get(all.size() - max / 4 * 3 - 1).firstObserved();
    for (Iterator<Map.Entry<String, Map<PatternExpression.Observation, LinkedHashMap<String, Observation>>>> p = history.entrySet().iterator(); p.hasNext(); ) {
      Map<PatternExpression.Observation, LinkedHashMap<String, Observation>> brackets = p.next().getValue();
      for (LinkedHashMap<String, Observation> seen : brackets.values()) {
        int before = seen.size();
        seen.values().removeIf(o -> !o.firstObserved().isAfter(keepFrom));
        remembered -= before - seen.size();
      }
      brackets.values().removeIf(Map::isEmpty);
      if (brackets.isEmpty()) p.remove();
    }
  }
}
