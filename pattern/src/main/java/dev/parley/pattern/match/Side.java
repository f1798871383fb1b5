package dev.parley.pattern.match;

import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.syntax.ObservationOperator;
import dev.parley.pattern.syntax.PatternExpression;
import dev.parley.pattern.syntax.Qualifier;
import java.util.List;

/**
 * A single-observation expression of a counted pattern: brackets joined by OR, under WITHIN and
 * START/STOP. Each of its sets is one observed-data, so whether an observation is one is judged on
 * that observation alone.
 */
final class Side {
  final PatternExpression expression;
  /**
   * A bracket under WITHIN and START/STOP only: a REPEATS over it counts each observed-data
   * number_observed times (STIX 2.1 §9.1; as {@code eval.Bindings} does). Under OR, once.
   */
  final boolean weighted;

  Side(PatternExpression expression) {
    this.expression = expression;
    this.weighted = bracketUnderQualifiers(expression);
  }

  /** Whether {@code e} makes only sets of one observation. */
  static boolean single(PatternExpression e) {
    if (e instanceof PatternExpression.Observation) return true;
    if (e instanceof PatternExpression.Combined c) {
      return c.operator() == ObservationOperator.OR && single(c.left()) && single(c.right());
    }
    PatternExpression.Qualified q = (PatternExpression.Qualified) e;
    return !(q.qualifier() instanceof Qualifier.Repeats) && single(q.expression());
  }

  private static boolean bracketUnderQualifiers(PatternExpression e) {
    while (e instanceof PatternExpression.Qualified q) e = q.expression();
    return e instanceof PatternExpression.Observation;
  }

  /** What {@code o} counts for a REPEATS over this side. */
  long weight(Observation o) {
    return weighted ? Math.min(o.numberObserved(), Integer.MAX_VALUE) : 1;
  }

  /** Whether {@code o}, which satisfies the brackets {@code hits}, is a set of this expression. */
  boolean holds(List<PatternExpression.Observation> hits, Observation o) {
    return holds(expression, hits, o);
  }

  private static boolean holds(PatternExpression e, List<PatternExpression.Observation> hits, Observation o) {
    if (e instanceof PatternExpression.Observation bracket) {
      for (int i = 0; i < hits.size(); i++) {
        PatternExpression.Observation hit = hits.get(i);
        if (hit == bracket || hit.equals(bracket)) return true;
      }
      return false;
    }
    if (e instanceof PatternExpression.Combined c) return holds(c.left(), hits, o) || holds(c.right(), hits, o);
    PatternExpression.Qualified q = (PatternExpression.Qualified) e;
    if (!holds(q.expression(), hits, o)) return false;
    if (q.qualifier() instanceof Qualifier.Within w) {
      return SetCounter.shorter(o.firstObserved(), o.lastObserved(), SetCounter.bound(w.seconds()));
    }
    Qualifier.StartStop s = (Qualifier.StartStop) q.qualifier();
    return !o.firstObserved().isBefore(s.start()) && o.lastObserved().isBefore(s.stop());
  }
}
