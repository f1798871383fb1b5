package dev.parley.pattern.match;

import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.syntax.ObservationOperator;
import dev.parley.pattern.syntax.Pattern;
import dev.parley.pattern.syntax.PatternExpression;
import dev.parley.pattern.syntax.Qualifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Counts the sets of one pattern of a common shape without the observation algebra, for a counting
 * {@link MatchState}: a REPEATS of a single-observation expression ({@link RepeatsCounter}), or two
 * single-observation expressions joined by AND or FOLLOWEDBY ({@link PairCounter}), each under any
 * WITHIN and START/STOP; a single-observation pattern is a REPEATS 1. A single-observation
 * expression is brackets joined by OR under WITHIN and START/STOP qualifiers: every set it makes is
 * one observed-data, judged alone. The algebra ({@code eval.Bindings}) forms every set that holds
 * the newest observation, and its cost grows with the product of the observations waiting; a
 * counter finds the one set it takes in O(log n) expected (ordered trees of the waiting hits), so
 * that tens of thousands may wait. Sets are taken as they complete: a counter takes a set as soon as
 * the newest observation completes one, each observation in at most one set, so that no set is ever
 * possible among the hits still waiting. Which set it takes, when several would do, is stated by
 * each counter; a test counts the same way by brute force ({@code CountingAgreesTest}).
 *
 * <p>A hit waits whole (with its objects, for the sighting's examples) while fewer than {@value
 * #WHOLE} of the pattern's do, else {@linkplain Observation#withoutObjects without its objects}.
 * One observation id waits once per pattern (§9.5: one observed-data is one observation). Not
 * thread-safe.
 */
abstract sealed class SetCounter permits RepeatsCounter, PairCounter {
  /** Hits of one pattern kept whole at most. */
  static final int WHOLE = 16;
  /** WITHIN bounds past this many seconds (about 300,000 years) bound no span of STIX timestamps. */
  private static final BigDecimal UNBOUNDED = BigDecimal.valueOf(10_000_000_000_000L);
  private static final BigInteger BILLION = BigInteger.valueOf(1_000_000_000);
  private static final Comparator<Observation> BY_TIME =
      Comparator.comparing(Observation::firstObserved).thenComparing(Observation::id);

  /** The pattern counted; replaced by an equal one after indicators are read again. */
  Pattern pattern;
  /** The narrowest WITHIN over the whole set, or null. */
  final Duration within;
  /** The START/STOP qualifiers over the whole set: each observation of it must lie in every one. */
  final List<Qualifier.StartStop> windows;
  /** The hits waiting, by observation id. */
  private final Map<String, Hit> waiting = new HashMap<>();
  private long arrivals;
  private int whole;

  SetCounter(Pattern pattern, Duration within, List<Qualifier.StartStop> windows) {
    this.pattern = pattern;
    this.within = within;
    this.windows = List.copyOf(windows);
  }

  /**
   * A counter for {@code pattern}, or null when it is of no shape a counter takes (a chain of three
   * observations, a REPEATS over an observation operator, ...): the algebra counts those.
   */
  static SetCounter of(Pattern pattern) {
    if (!counted(pattern.expression())) return null;
    PatternExpression e = pattern.expression();
    Duration within = null;
    boolean unbounded = false;
    List<Qualifier.StartStop> windows = new ArrayList<>(0);
    while (e instanceof PatternExpression.Qualified q && !(q.qualifier() instanceof Qualifier.Repeats)) {
      if (q.qualifier() instanceof Qualifier.Within w) {
        Duration d = bound(w.seconds());
        if (d != null && (within == null || d.compareTo(within) < 0)) within = d;
      } else {
        windows.add((Qualifier.StartStop) q.qualifier());
      }
      e = q.expression();
    }
    if (Side.single(e)) return new RepeatsCounter(pattern, 1, new Side(e), within, windows);
    if (e instanceof PatternExpression.Qualified q) {
      return new RepeatsCounter(pattern, ((Qualifier.Repeats) q.qualifier()).times(), new Side(q.expression()), within, windows);
    }
    PatternExpression.Combined c = (PatternExpression.Combined) e;
    return new PairCounter(pattern, c.operator() == ObservationOperator.FOLLOWEDBY, new Side(c.left()), new Side(c.right()),
        within, windows);
  }

  /** Whether a counter takes this shape; allocates nothing, as it runs for every hit of a pattern the algebra counts. */
  static boolean counted(PatternExpression e) {
    while (e instanceof PatternExpression.Qualified q && !(q.qualifier() instanceof Qualifier.Repeats)) e = q.expression();
    if (Side.single(e)) return true;
    if (e instanceof PatternExpression.Qualified q) return Side.single(q.expression());
    return e instanceof PatternExpression.Combined c && c.operator() != ObservationOperator.OR
        && Side.single(c.left()) && Side.single(c.right());
  }

  /**
   * {@code WITHIN seconds} as the shortest span it excludes: spans of timestamps are whole
   * nanoseconds, so a span is shorter than x seconds exactly when it is shorter than x rounded up to
   * a nanosecond. Null when no span between the years 1 and 9999 reaches it.
   */
  static Duration bound(BigDecimal seconds) {
    if (seconds.compareTo(UNBOUNDED) > 0) return null;
    BigInteger[] parts = seconds.movePointRight(9).setScale(0, RoundingMode.CEILING).toBigIntegerExact().divideAndRemainder(BILLION);
    return Duration.ofSeconds(parts[0].longValueExact(), parts[1].longValue());
  }

  /** Whether the span from {@code from} to {@code to} is shorter than {@code bound} (null: no bound). */
  static boolean shorter(Instant from, Instant to, Duration bound) {
    return bound == null || Duration.between(from, to).compareTo(bound) < 0;
  }

  /**
   * Offers an observation that satisfies the brackets {@code hits} of the pattern, and that the
   * state admits: the set it completes, by first_observed, or null when it completes none (it then
   * waits, if it can be part of a set). {@code withoutObjects} makes the form a hit waits in when
   * the whole ones are many.
   */
  abstract List<Observation> offer(Observation o, List<PatternExpression.Observation> hits, UnaryOperator<Observation> withoutObjects);

  /** The waiting hit that starts earliest (evicted first), or null. */
  abstract Hit earliest();

  /** Calls {@code each} for every waiting hit once. */
  abstract void forEach(Consumer<Hit> each);

  /** Takes {@code hit} out of the counter's ordered trees. */
  abstract void unorder(Hit hit);

  /** Hits waiting. */
  final int size() {
    return waiting.size();
  }

  /** Whether an observation with this id waits. */
  final boolean waits(String id) {
    return waiting.containsKey(id);
  }

  /** The hit of the observation with this id that waits, or null. */
  final Hit waiting(String id) {
    return waiting.get(id);
  }

  /** Whether {@code o} lies in every START/STOP over the set and fits its WITHIN alone. */
  final boolean fits(Observation o) {
    for (int i = 0; i < windows.size(); i++) {
      Qualifier.StartStop w = windows.get(i);
      if (o.firstObserved().isBefore(w.start()) || !o.lastObserved().isBefore(w.stop())) return false;
    }
    return shorter(o.firstObserved(), o.lastObserved(), within);
  }

  /** Makes {@code o} wait; the caller puts the hit in its trees. */
  final Hit keep(Observation o, long weight, UnaryOperator<Observation> withoutObjects) {
    boolean keepWhole = whole < WHOLE;
    if (keepWhole) whole++;
    Hit hit = new Hit(keepWhole ? o : withoutObjects.apply(o), arrivals++, weight);
    waiting.put(o.id(), hit);
    return hit;
  }

  /** Takes a waiting hit out: into a set, or evicted. */
  final void release(Hit hit) {
    waiting.remove(hit.observation.id());
    if (hit.observation.hasObjects()) whole--;
    unorder(hit);
  }

  /** Releases the hits that start at or before {@code t}; returns how many. */
  final int releaseUpTo(Instant t) {
    int n = 0;
    for (Hit h = earliest(); h != null && !h.first().isAfter(t); h = earliest()) {
      release(h);
      n++;
    }
    return n;
  }

  /** The set of {@code chosen} hits (released here) and {@code newest}, by first_observed then id. */
  final List<Observation> set(List<Hit> chosen, Observation newest) {
    List<Observation> out = new ArrayList<>(chosen.size() + 1);
    for (int i = 0; i < chosen.size(); i++) {
      release(chosen.get(i));
      out.add(chosen.get(i).observation);
    }
    out.add(newest);
    out.sort(BY_TIME);
    return out;
  }
}
