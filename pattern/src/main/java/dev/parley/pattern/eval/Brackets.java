package dev.parley.pattern.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.observe.Paths;
import dev.parley.pattern.syntax.ComparisonExpression;
import dev.parley.pattern.value.Comparisons;
import dev.parley.pattern.value.Value;
import java.util.List;

/**
 * The exact meaning of one observation expression against one observed-data (STIX 2.1 §9.5,
 * §9.6): some single SCO of the observation must satisfy the whole boolean expression.
 */
public final class Brackets {
  private Brackets() {}

  /** True when some root SCO of the observation satisfies the comparisons. */
  public static boolean matches(ComparisonExpression comparisons, Observation observation) {
    for (ObjectNode root : observation.roots()) {
      if (holds(comparisons, root, observation)) return true;
    }
    return false;
  }

  /** The comparisons evaluated with {@code root} as the object every path starts from. */
  public static boolean holds(ComparisonExpression e, ObjectNode root, Observation observation) {
    if (e instanceof ComparisonExpression.And a) {
      return holds(a.left(), root, observation) && holds(a.right(), root, observation);
    }
    if (e instanceof ComparisonExpression.Or o) {
      return holds(o.left(), root, observation) || holds(o.right(), root, observation);
    }
    if (e instanceof ComparisonExpression.Comparison c) return comparison(c, root, observation);
    ComparisonExpression.Exists x = (ComparisonExpression.Exists) e;
    if (!x.path().objectType().equals(root.path("type").asText())) return false;
    boolean present = !Paths.nodes(x.path(), root, observation).isEmpty();
    return present != x.negated();
  }

  /**
   * §9.6: an absent path makes the comparison false whatever the operator, NOT included; with
   * [*] the comparison holds when any element satisfies it (§9.7.2), and NOT negates that.
   */
  static boolean comparison(ComparisonExpression.Comparison c, ObjectNode root, Observation observation) {
    List<Value> values = Paths.values(c.path(), root, observation);
    if (values.isEmpty()) return false;
    boolean any = false;
    for (Value v : values) {
      if (Comparisons.test(c.operator(), v, c.value())) {
        any = true;
        break;
      }
    }
    return any != c.negated();
  }
}
