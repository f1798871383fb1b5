package dev.parley.pattern.syntax;

import java.util.List;
import java.util.Objects;

/**
 * The inside of an observation expression (STIX 2.1 §9.6): comparisons joined by AND and OR, all
 * evaluated against the same SCO.
 */
public sealed interface ComparisonExpression {

  /** {@code a AND b AND ...} as the parser builds it: a balanced tree of {@link And}. */
  static ComparisonExpression and(List<ComparisonExpression> operands) {
    return Chains.balanced(operands, And::new);
  }

  /** {@code a OR b OR ...} as the parser builds it: a balanced tree of {@link Or}. */
  static ComparisonExpression or(List<ComparisonExpression> operands) {
    return Chains.balanced(operands, Or::new);
  }

  /** Both sides hold for the same SCO. */
  record And(ComparisonExpression left, ComparisonExpression right) implements ComparisonExpression {
    public And {
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }
  }

  /** Either side holds. */
  record Or(ComparisonExpression left, ComparisonExpression right) implements ComparisonExpression {
    public Or {
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }
  }

  /** {@code path [NOT] op constant} (§9.6.1). */
  record Comparison(ObjectPath path, ComparisonOperator operator, boolean negated, Constant value)
      implements ComparisonExpression {
    public Comparison {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(operator, "operator");
      Objects.requireNonNull(value, "value");
      if ((operator == ComparisonOperator.IN) != (value instanceof Constant.SetConstant)) {
        throw new IllegalArgumentException("IN takes a set, other operators a single constant");
      }
    }
  }

  /** {@code [NOT] EXISTS path} (§9.6.1). */
  record Exists(ObjectPath path, boolean negated) implements ComparisonExpression {
    public Exists {
      Objects.requireNonNull(path, "path");
    }
  }
}
