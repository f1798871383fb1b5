package dev.parley.pattern.eval;

import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.syntax.ObservationOperator;
import dev.parley.pattern.syntax.PatternExpression;
import dev.parley.pattern.syntax.Qualifier;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The observation-level semantics of STIX 2.1 §9.5: every set of distinct observations that
 * satisfies an expression. Observation operators need different observed-data (§9.5.2); WITHIN
 * bounds latest last_observed minus earliest first_observed (strictly, §9.5.1); START/STOP needs
 * first_observed &gt;= start and last_observed &lt; stop; FOLLOWEDBY needs the right side's earliest
 * first_observed at or after the left side's latest last_observed; REPEATS n over a single
 * observation expression (a bracket, possibly under WITHIN or START/STOP) counts each observed-data
 * number_observed times (§9.1), over anything else, a REPEATS included, once per disjoint match.
 * Both engines use this algebra; they differ in how they find the observations each bracket
 * matches.
 */
public final class Bindings {
  /** Bound on bindings kept per sub-expression, so hostile REPEATS cannot exhaust memory. */
  public static final int LIMIT = 100_000;

  /** Bound on the partial choices one REPEATS tries, so that hostile counts cannot take exponential time. */
  public static final int SEARCH_LIMIT = 100_000;

  /**
   * Bound on the pairs of bindings one evaluation tries, over all its sub-expressions: a chain of
   * twenty identical brackets joined by AND over twenty observations formed up to {@link #LIMIT}
   * sets at each of its levels, again for each level of {@link #including}, and ran for minutes (a
   * hostile run). Past it, an evaluation gives the sets it has formed, as past {@link #LIMIT}.
   */
  public static final long WORK_LIMIT = 1_000_000;

  /** What an evaluation may still try: pairs of bindings. */
  public static final class Work {
    long left;

    public Work(long pairs) {
      this.left = pairs;
    }

    Work() {
      this(WORK_LIMIT);
    }

    /** The pairs left to try; negative once an evaluation was cut short. */
    public long left() {
      return left;
    }
  }

  /** Which observations (indices) satisfy one bracket. */
  @FunctionalInterface
  public interface Leaves {
    List<Integer> hits(PatternExpression.Observation leaf);
  }

  private Bindings() {}

  /** All bindings of {@code e} over {@code observations} (within {@link #WORK_LIMIT}). */
  public static List<Binding> of(PatternExpression e, List<Observation> observations, Leaves leaves) {
    return of(e, observations, leaves, new Work());
  }

  private static List<Binding> of(PatternExpression e, List<Observation> observations, Leaves leaves, Work work) {
    if (e instanceof PatternExpression.Observation leaf) {
      List<Binding> out = new ArrayList<>();
      for (int i : leaves.hits(leaf)) {
        BitSet one = new BitSet();
        one.set(i);
        Observation o = observations.get(i);
        out.add(new Binding(one, o.firstObserved(), o.lastObserved()));
      }
      return out;
    }
    if (e instanceof PatternExpression.Combined c) {
      List<Binding> left = of(c.left(), observations, leaves, work);
      if (left.isEmpty() && c.operator() != ObservationOperator.OR) return left;
      List<Binding> right = of(c.right(), observations, leaves, work);
      return switch (c.operator()) {
        case OR -> distinct(left, right);
        case AND -> pairs(left, right, false, work);
        case FOLLOWEDBY -> pairs(left, right, true, work);
      };
    }
    PatternExpression.Qualified q = (PatternExpression.Qualified) e;
    List<Binding> inner = of(q.expression(), observations, leaves, work);
    if (q.qualifier() instanceof Qualifier.Within w) {
      return inner.stream().filter(b -> within(b, w.seconds())).toList();
    }
    if (q.qualifier() instanceof Qualifier.StartStop s) {
      return inner.stream()
          .filter(b -> !b.first().isBefore(s.start()) && b.last().isBefore(s.stop())).toList();
    }
    int times = ((Qualifier.Repeats) q.qualifier()).times();
    return repeats(inner, times, singleObservation(q.expression()) ? observations : null);
  }

  /**
   * The bindings of {@code e} that include observation {@code must}: those {@link #of} gives that
   * hold it, without forming the others. For an observation operator, a set holding {@code must}
   * holds it on one side, so the pairs are that side's sets with it against the other side's sets:
   * n + m pairs where {@code of} forms n × m, when an observation arrives beside n and m remembered.
   */
  public static List<Binding> including(PatternExpression e, List<Observation> observations, Leaves leaves, int must) {
    return including(e, observations, leaves, must, new Work());
  }

  /** {@link #including}, trying at most the pairs {@code work} has left (and taking them from it). */
  public static List<Binding> including(PatternExpression e, List<Observation> observations, Leaves leaves, int must, Work work) {
    if (e instanceof PatternExpression.Observation leaf) {
      if (!leaves.hits(leaf).contains(must)) return List.of();
      BitSet one = new BitSet();
      one.set(must);
      Observation o = observations.get(must);
      return List.of(new Binding(one, o.firstObserved(), o.lastObserved()));
    }
    if (e instanceof PatternExpression.Combined c) {
      List<Binding> left = including(c.left(), observations, leaves, must, work);
      List<Binding> right = including(c.right(), observations, leaves, must, work);
      if (c.operator() == ObservationOperator.OR) return distinct(left, right);
      boolean ordered = c.operator() == ObservationOperator.FOLLOWEDBY;
      List<Binding> withLeft = left.isEmpty() ? List.of() : pairs(left, of(c.right(), observations, leaves, work), ordered, work);
      List<Binding> withRight = right.isEmpty() ? List.of() : pairs(of(c.left(), observations, leaves, work), right, ordered, work);
      return distinct(withLeft, withRight);
    }
    PatternExpression.Qualified q = (PatternExpression.Qualified) e;
    if (q.qualifier() instanceof Qualifier.Repeats) {
      return of(e, observations, leaves, work).stream().filter(b -> b.members().get(must)).toList();
    }
    List<Binding> inner = including(q.expression(), observations, leaves, must, work);
    if (q.qualifier() instanceof Qualifier.Within w) {
      return inner.stream().filter(b -> within(b, w.seconds())).toList();
    }
    Qualifier.StartStop s = (Qualifier.StartStop) q.qualifier();
    return inner.stream().filter(b -> !b.first().isBefore(s.start()) && b.last().isBefore(s.stop())).toList();
  }

  static boolean within(Binding b, BigDecimal seconds) {
    Duration span = Duration.between(b.first(), b.last());
    BigDecimal spanSeconds = BigDecimal.valueOf(span.getSeconds()).add(BigDecimal.valueOf(span.getNano(), 9));
    return spanSeconds.compareTo(seconds) < 0;
  }

  /** A bracket, possibly under WITHIN or START/STOP: its bindings are single observed-data. */
  private static boolean singleObservation(PatternExpression e) {
    if (e instanceof PatternExpression.Qualified q) {
      return !(q.qualifier() instanceof Qualifier.Repeats) && singleObservation(q.expression());
    }
    return e instanceof PatternExpression.Observation;
  }

  private static List<Binding> distinct(List<Binding> a, List<Binding> b) {
    Map<BitSet, Binding> out = new LinkedHashMap<>();
    for (Binding x : a) out.putIfAbsent(x.members(), x);
    for (Binding x : b) if (out.size() < LIMIT) out.putIfAbsent(x.members(), x);
    return new ArrayList<>(out.values());
  }

  private static List<Binding> pairs(List<Binding> left, List<Binding> right, boolean ordered, Work work) {
    Map<BitSet, Binding> out = new LinkedHashMap<>();
    for (Binding a : left) {
      for (Binding b : right) {
        if (--work.left < 0) return new ArrayList<>(out.values());
        if (!a.disjoint(b)) continue;
        if (ordered && b.first().isBefore(a.last())) continue;
        Binding both = a.union(b);
        out.putIfAbsent(both.members(), both);
        if (out.size() >= LIMIT) return new ArrayList<>(out.values());
      }
    }
    return new ArrayList<>(out.values());
  }

  /**
   * Disjoint choices whose weights reach n; weight is number_observed for single observations.
   * A depth-first search over the bindings in order, written with an explicit stack (a choice may
   * hold thousands of bindings) and cut where the weight left to choose from cannot reach n.
   */
  private static List<Binding> repeats(List<Binding> inner, int n, List<Observation> weighted) {
    int size = inner.size();
    long[] weights = new long[size];
    long[] rest = new long[size + 1]; // rest[i]: the weight of bindings i, i + 1, ...
    for (int i = size - 1; i >= 0; i--) {
      weights[i] = weighted == null ? 1 : weighted.get(inner.get(i).firstMember()).numberObserved();
      rest[i] = rest[i + 1] + weights[i];
    }
    Map<BitSet, Binding> out = new LinkedHashMap<>();
    List<Integer> chosen = new ArrayList<>();
    List<Binding> unions = new ArrayList<>(); // unions.get(k): the first k + 1 chosen, joined
    long weight = 0;
    int next = 0;
    for (int steps = 0; steps < SEARCH_LIMIT && out.size() < LIMIT; steps++) {
      Binding acc = unions.isEmpty() ? null : unions.get(unions.size() - 1);
      if (weight >= n || next >= size || weight + rest[next] < n) {
        if (weight >= n) out.putIfAbsent(acc.members(), acc);
        if (chosen.isEmpty()) break; // every choice tried
        int last = chosen.remove(chosen.size() - 1); // back up: try the binding after the last chosen
        unions.remove(unions.size() - 1);
        weight -= weights[last];
        next = last + 1;
      } else if (acc != null && !acc.disjoint(inner.get(next))) {
        next++;
      } else {
        chosen.add(next);
        unions.add(acc == null ? inner.get(next) : acc.union(inner.get(next)));
        weight += weights[next];
        next++;
      }
    }
    return new ArrayList<>(out.values());
  }
}
