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
 * observation expression counts each observed-data number_observed times (§9.1), over a compound
 * expression once per disjoint match. Both engines use this algebra; they differ in how they find
 * the observations each bracket matches.
 */
public final class Bindings {
  /** Bound on bindings kept per sub-expression, so hostile REPEATS cannot exhaust memory. */
  public static final int LIMIT = 100_000;

  /** Which observations (indices) satisfy one bracket. */
  @FunctionalInterface
  public interface Leaves {
    List<Integer> hits(PatternExpression.Observation leaf);
  }

  private Bindings() {}

  /** All bindings of {@code e} over {@code observations}. */
  public static List<Binding> of(PatternExpression e, List<Observation> observations, Leaves leaves) {
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
      List<Binding> left = of(c.left(), observations, leaves);
      if (left.isEmpty() && c.operator() != ObservationOperator.OR) return left;
      List<Binding> right = of(c.right(), observations, leaves);
      return switch (c.operator()) {
        case OR -> distinct(left, right);
        case AND -> pairs(left, right, false);
        case FOLLOWEDBY -> pairs(left, right, true);
      };
    }
    PatternExpression.Qualified q = (PatternExpression.Qualified) e;
    List<Binding> inner = of(q.expression(), observations, leaves);
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

  static boolean within(Binding b, BigDecimal seconds) {
    Duration span = Duration.between(b.first(), b.last());
    BigDecimal spanSeconds = BigDecimal.valueOf(span.getSeconds()).add(BigDecimal.valueOf(span.getNano(), 9));
    return spanSeconds.compareTo(seconds) < 0;
  }

  private static boolean singleObservation(PatternExpression e) {
    if (e instanceof PatternExpression.Qualified q) return singleObservation(q.expression());
    return e instanceof PatternExpression.Observation;
  }

  private static List<Binding> distinct(List<Binding> a, List<Binding> b) {
    Map<BitSet, Binding> out = new LinkedHashMap<>();
    for (Binding x : a) out.putIfAbsent(x.members(), x);
    for (Binding x : b) if (out.size() < LIMIT) out.putIfAbsent(x.members(), x);
    return new ArrayList<>(out.values());
  }

  private static List<Binding> pairs(List<Binding> left, List<Binding> right, boolean ordered) {
    Map<BitSet, Binding> out = new LinkedHashMap<>();
    for (Binding a : left) {
      for (Binding b : right) {
        if (!a.disjoint(b)) continue;
        if (ordered && b.first().isBefore(a.last())) continue;
        Binding both = a.union(b);
        out.putIfAbsent(both.members(), both);
        if (out.size() >= LIMIT) return new ArrayList<>(out.values());
      }
    }
    return new ArrayList<>(out.values());
  }

  /** Disjoint choices whose weights reach n; weight is number_observed for single observations. */
  private static List<Binding> repeats(List<Binding> inner, int n, List<Observation> weighted) {
    Map<BitSet, Binding> out = new LinkedHashMap<>();
    choose(inner, 0, null, 0, n, weighted, out);
    return new ArrayList<>(out.values());
  }

  private static void choose(List<Binding> inner, int from, Binding acc, long weight, int n,
      List<Observation> weighted, Map<BitSet, Binding> out) {
    if (weight >= n) {
      out.putIfAbsent(acc.members(), acc);
      return;
    }
    for (int i = from; i < inner.size() && out.size() < LIMIT; i++) {
      Binding next = inner.get(i);
      if (acc != null && !acc.disjoint(next)) continue;
      long w = weighted == null ? 1 : weighted.get(next.firstMember()).numberObserved();
      choose(inner, i + 1, acc == null ? next : acc.union(next), weight + w, n, weighted, out);
    }
  }
}
