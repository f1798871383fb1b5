package dev.parley.pattern.syntax;

import java.util.List;
import java.util.Objects;

/**
 * A pattern expression (STIX 2.1 §9.5): one observation expression in brackets, two joined by an
 * observation operator, or one restricted by a qualifier.
 */
public sealed interface PatternExpression {

  /** {@code a op b op ...} as the parser builds it: a balanced tree of {@link Combined}. */
  static PatternExpression combine(ObservationOperator operator, List<PatternExpression> operands) {
    return Chains.balanced(operands, (left, right) -> new Combined(operator, left, right));
  }

  /** {@code [ comparisons ]}: matches one observed-data (§9.5). */
  record Observation(ComparisonExpression comparisons) implements PatternExpression {
    public Observation {
      Objects.requireNonNull(comparisons, "comparisons");
    }
  }

  /** {@code a AND b}, {@code a OR b}, {@code a FOLLOWEDBY b} across distinct observed-data (§9.5.2). */
  record Combined(ObservationOperator operator, PatternExpression left, PatternExpression right)
      implements PatternExpression {
    public Combined {
      Objects.requireNonNull(operator, "operator");
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }
  }

  /** An expression followed by one qualifier (§9.5.1); several qualifiers nest. */
  record Qualified(PatternExpression expression, Qualifier qualifier) implements PatternExpression {
    public Qualified {
      Objects.requireNonNull(expression, "expression");
      Objects.requireNonNull(qualifier, "qualifier");
    }
  }
}
