package dev.parley.pattern.match;

import dev.parley.pattern.eval.Binding;
import dev.parley.pattern.eval.Bindings;
import dev.parley.pattern.eval.Brackets;
import dev.parley.pattern.eval.Evaluator;
import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.syntax.ObservationOperator;
import dev.parley.pattern.syntax.Pattern;
import dev.parley.pattern.syntax.PatternExpression;
import dev.parley.pattern.syntax.Qualifier;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * A plain counter of the sets a counting {@link MatchState} reports, written to be checked by eye:
 * every hit a pattern admits in a list, no bound, and for each new observation the set the
 * documented rule takes, found by trying every candidate in turn. The rules (README-pattern.md,
 * item 16): a REPEATS of a single-observation expression S takes, for the earliest start s (a
 * waiting hit's first_observed or the newest's) at which the newest and the waiting hits in [s, s
 * + w) weigh enough, those hits by first_observed until they do; AND and FOLLOWEDBY of two such
 * expressions pair the newest, as the left side first, with the waiting hit of the other side that
 * starts earliest; every other pattern takes the first set the algebra forms that holds the
 * newest. Single observations are judged by the exact evaluator; times are compared as exact
 * decimals of seconds.
 */
final class ReferenceCounter {
  private static final Comparator<Entry> ORDER = Comparator.comparing((Entry e) -> e.o.firstObserved()).thenComparingLong(e -> e.seq);

  private final Map<String, Pattern> patterns;
  private final BiPredicate<String, Observation> admits;
  private final Map<String, Waiting> waiting = new HashMap<>();
  private long arrivals;

  private static final class Entry {
    final Observation o;
    final long seq;
    final long weight;

    Entry(Observation o, long seq, long weight) {
      this.o = o;
      this.seq = seq;
      this.weight = weight;
    }
  }

  /** A pattern's waiting hits: its sides', by first_observed then arrival, or its brackets', by arrival. */
  private static final class Waiting {
    final List<Entry> left = new ArrayList<>();
    final List<Entry> right = new ArrayList<>();
    final Map<PatternExpression.Observation, LinkedHashMap<String, Observation>> brackets = new LinkedHashMap<>();
  }

  /** The shapes counted directly: {@code times} repeats of {@code left}, or {@code left} and {@code right} as a pair. */
  record Shape(int times, PatternExpression left, PatternExpression right, boolean followedBy, BigDecimal within,
      List<Qualifier.StartStop> windows) {
    static Shape of(Pattern pattern) {
      PatternExpression e = pattern.expression();
      BigDecimal within = null;
      List<Qualifier.StartStop> windows = new ArrayList<>();
      while (e instanceof PatternExpression.Qualified q && !(q.qualifier() instanceof Qualifier.Repeats)) {
        if (q.qualifier() instanceof Qualifier.Within w) within = within == null ? w.seconds() : within.min(w.seconds());
        else windows.add((Qualifier.StartStop) q.qualifier());
        e = q.expression();
      }
      if (single(e)) return new Shape(1, e, null, false, within, windows);
      if (e instanceof PatternExpression.Qualified q && single(q.expression())) {
        return new Shape(((Qualifier.Repeats) q.qualifier()).times(), q.expression(), null, false, within, windows);
      }
      if (e instanceof PatternExpression.Combined c && c.operator() != ObservationOperator.OR && single(c.left()) && single(c.right())) {
        return new Shape(0, c.left(), c.right(), c.operator() == ObservationOperator.FOLLOWEDBY, within, windows);
      }
      return null;
    }

    static boolean single(PatternExpression e) {
      if (e instanceof PatternExpression.Observation) return true;
      if (e instanceof PatternExpression.Combined c) return c.operator() == ObservationOperator.OR && single(c.left()) && single(c.right());
      PatternExpression.Qualified q = (PatternExpression.Qualified) e;
      return !(q.qualifier() instanceof Qualifier.Repeats) && single(q.expression());
    }

    boolean pair() {
      return right != null;
    }

    /** §9.1: number_observed counts for a REPEATS directly over a bracket (under WITHIN or START/STOP only). */
    long weight(Observation o) {
      PatternExpression e = left;
      while (e instanceof PatternExpression.Qualified q) e = q.expression();
      return e instanceof PatternExpression.Observation ? Math.min(o.numberObserved(), Integer.MAX_VALUE) : 1;
    }

    boolean fits(Observation o) {
      for (Qualifier.StartStop w : windows) {
        if (o.firstObserved().isBefore(w.start()) || !o.lastObserved().isBefore(w.stop())) return false;
      }
      return within == null || shorter(o.firstObserved(), o.lastObserved(), within);
    }
  }

  ReferenceCounter(Map<String, Pattern> patterns, BiPredicate<String, Observation> admits) {
    this.patterns = patterns;
    this.admits = admits;
  }

  /** Whether {@code to - from} is shorter than {@code seconds}, in exact decimals. */
  static boolean shorter(Instant from, Instant to, BigDecimal seconds) {
    Duration d = Duration.between(from, to);
    return BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9)).compareTo(seconds) < 0;
  }

  /** The sets {@code o} completes, by pattern id, each ordered by first_observed then id. */
  Map<String, List<Observation>> offer(Observation o) {
    long seq = arrivals++;
    Map<String, List<Observation>> out = new TreeMap<>();
    patterns.forEach((id, pattern) -> {
      if (pattern.expression() instanceof PatternExpression.Observation) {
        if (Evaluator.matches(pattern, List.of(o))) out.put(id, List.of(o));
        return;
      }
      List<PatternExpression.Observation> hits = new ArrayList<>();
      for (PatternExpression.Observation leaf : pattern.brackets()) {
        if (Brackets.matches(leaf.comparisons(), o)) hits.add(leaf);
      }
      if (hits.isEmpty() || !admits.test(id, o)) return;
      Waiting w = waiting.computeIfAbsent(id, k -> new Waiting());
      Shape shape = Shape.of(pattern);
      List<Observation> set = shape == null ? algebra(pattern, w, hits, o)
          : shape.pair() ? pair(shape, w, o, seq) : repeats(shape, w, o, seq);
      if (set != null) {
        set.sort(Comparator.comparing(Observation::firstObserved).thenComparing(Observation::id));
        out.put(id, set);
      }
    });
    return out;
  }

  /** What waits for a pattern, each observation once. */
  List<Observation> waiting(String id) {
    Waiting w = waiting.get(id);
    Map<Observation, Boolean> all = new IdentityHashMap<>();
    List<Observation> out = new ArrayList<>();
    if (w == null) return out;
    for (Entry e : w.left) if (all.put(e.o, true) == null) out.add(e.o);
    for (Entry e : w.right) if (all.put(e.o, true) == null) out.add(e.o);
    for (var seen : w.brackets.values()) for (Observation o : seen.values()) if (all.put(o, true) == null) out.add(o);
    return out;
  }

  /** Whether an observation with this id waits for the pattern. */
  boolean waits(String id, String observationId) {
    for (Observation o : waiting(id)) if (o.id().equals(observationId)) return true;
    return false;
  }

  private static boolean holds(PatternExpression side, Observation o) {
    return Evaluator.matches(new Pattern(side), List.of(o));
  }

  private static boolean waitsIn(List<Entry> entries, String id) {
    for (Entry e : entries) if (e.o.id().equals(id)) return true;
    return false;
  }

  private List<Observation> repeats(Shape shape, Waiting w, Observation o, long seq) {
    if (!holds(shape.left(), o) || !shape.fits(o) || waitsIn(w.left, o.id())) return null;
    long weight = shape.weight(o);
    if (weight >= shape.times()) return new ArrayList<>(List.of(o));
    long target = shape.times() - weight;
    List<Entry> sorted = w.left; // kept by first_observed, then arrival
    List<Entry> chosen = null;
    if (shape.within() == null) {
      if (sum(sorted) >= target) chosen = prefix(sorted, null, null, target);
    } else {
      BigDecimal within = shape.within();
      List<Instant> starts = new ArrayList<>();
      for (Entry e : sorted) {
        Instant f = e.o.firstObserved();
        if (!f.isAfter(o.firstObserved()) && shorter(f, o.lastObserved(), within) && (starts.isEmpty() || !starts.get(starts.size() - 1).equals(f))) {
          starts.add(f);
        }
      }
      if (starts.isEmpty() || !starts.get(starts.size() - 1).equals(o.firstObserved())) starts.add(o.firstObserved());
      for (Instant s : starts) {
        long members = 0;
        long reachable = 0; // what any later start could still hold: hits from s that start before o's first + w
        for (Entry e : sorted) {
          if (e.o.firstObserved().isBefore(s)) continue;
          if (shorter(s, e.o.lastObserved(), within)) members += e.weight;
          if (!e.o.firstObserved().isAfter(o.firstObserved()) || shorter(o.firstObserved(), e.o.firstObserved(), within)) reachable += e.weight;
        }
        if (members >= target) {
          chosen = prefix(sorted, s, within, target);
          break;
        }
        if (reachable < target) break;
      }
    }
    if (chosen == null) {
      Entry e = new Entry(o, seq, weight);
      int at = 0;
      while (at < sorted.size() && ORDER.compare(sorted.get(at), e) < 0) at++;
      sorted.add(at, e);
      return null;
    }
    List<Observation> set = new ArrayList<>();
    for (Entry e : chosen) {
      sorted.remove(e);
      set.add(e.o);
    }
    set.add(o);
    return set;
  }

  private static long sum(List<Entry> entries) {
    long total = 0;
    for (Entry e : entries) total += e.weight;
    return total;
  }

  /** Entries from {@code s} (null: all) in order that lie in [s, s + within), until they weigh {@code target}. */
  private static List<Entry> prefix(List<Entry> sorted, Instant s, BigDecimal within, long target) {
    List<Entry> chosen = new ArrayList<>();
    long sum = 0;
    for (Entry e : sorted) {
      if (sum >= target) break;
      if (s != null && (e.o.firstObserved().isBefore(s) || !shorter(s, e.o.lastObserved(), within))) continue;
      chosen.add(e);
      sum += e.weight;
    }
    return chosen;
  }

  private List<Observation> pair(Shape shape, Waiting w, Observation o, long seq) {
    boolean isLeft = holds(shape.left(), o);
    boolean isRight = holds(shape.right(), o);
    if (!isLeft && !isRight || !shape.fits(o) || waitsIn(w.left, o.id()) || waitsIn(w.right, o.id())) return null;
    Entry partner = null;
    if (isLeft) {
      for (Entry e : w.right) if (partner == null && pairs(shape, o, e.o)) partner = e;
    }
    if (partner == null && isRight) {
      for (Entry e : w.left) if (partner == null && pairs(shape, e.o, o)) partner = e;
    }
    if (partner == null) {
      Entry e = new Entry(o, seq, 1);
      if (isLeft) insert(w.left, e);
      if (isRight) insert(w.right, e);
      return null;
    }
    w.left.remove(partner);
    w.right.remove(partner);
    return new ArrayList<>(List.of(o, partner.o));
  }

  private static void insert(List<Entry> sorted, Entry e) {
    int at = 0;
    while (at < sorted.size() && ORDER.compare(sorted.get(at), e) < 0) at++;
    sorted.add(at, e);
  }

  /** Whether {@code l} as the left side and {@code r} as the right make a pair of the shape. */
  private static boolean pairs(Shape shape, Observation l, Observation r) {
    if (shape.followedBy() && r.firstObserved().isBefore(l.lastObserved())) return false;
    if (shape.within() == null) return true;
    Instant first = l.firstObserved().isBefore(r.firstObserved()) ? l.firstObserved() : r.firstObserved();
    Instant last = l.lastObserved().isAfter(r.lastObserved()) ? l.lastObserved() : r.lastObserved();
    return shorter(first, last, shape.within());
  }

  /** The algebra's first set that holds {@code o}, over every bracket's hits in arrival order (as {@link MatchState} forms it). */
  private static List<Observation> algebra(Pattern pattern, Waiting w, List<PatternExpression.Observation> hits, Observation o) {
    for (PatternExpression.Observation bracket : hits) w.brackets.computeIfAbsent(bracket, b -> new LinkedHashMap<>()).putIfAbsent(o.id(), o);
    List<Observation> candidates = new ArrayList<>();
    Map<Observation, Integer> index = new IdentityHashMap<>();
    for (var seen : w.brackets.values()) {
      for (Observation x : seen.values()) index.computeIfAbsent(x, k -> { candidates.add(k); return candidates.size() - 1; });
    }
    Integer newest = index.get(o);
    if (newest == null) return null;
    Bindings.Leaves leaves = leaf -> {
      List<Integer> out = new ArrayList<>();
      var seen = w.brackets.get(leaf);
      if (seen != null) for (Observation x : seen.values()) out.add(index.get(x));
      return out;
    };
    for (Binding b : Bindings.including(pattern.expression(), candidates, leaves, newest)) {
      if (!b.members().get(newest)) continue;
      List<Observation> set = new ArrayList<>();
      b.members().stream().forEach(i -> set.add(candidates.get(i)));
      Map<Observation, Boolean> used = new IdentityHashMap<>();
      set.forEach(x -> used.put(x, true));
      for (var seen : w.brackets.values()) seen.values().removeIf(used::containsKey);
      return set;
    }
    return null;
  }
}
