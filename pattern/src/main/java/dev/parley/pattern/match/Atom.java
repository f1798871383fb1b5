package dev.parley.pattern.match;

import dev.parley.pattern.syntax.ComparisonExpression;
import dev.parley.pattern.syntax.Constant;
import dev.parley.pattern.syntax.ObjectPath;

/**
 * How one comparison is found: through an index of its path (hash, range, CIDR, literal or
 * existence), or by scanning, i.e. evaluating it on every SCO of its type. Negations, != and the
 * rarer operator/type pairs scan; they are few in real indicator sets.
 */
enum Atom {
  EQUALITY,
  RANGE,
  SUBSET,
  TEXT,
  EXISTS,
  SCAN;

  static Atom of(ComparisonExpression leaf) {
    if (leaf instanceof ComparisonExpression.Exists x) return x.negated() ? SCAN : EXISTS;
    ComparisonExpression.Comparison c = (ComparisonExpression.Comparison) leaf;
    if (c.negated()) return SCAN;
    ObjectPath path = c.path();
    return switch (c.operator()) {
      case EQ, IN -> EQUALITY;
      case LT, LE, GT, GE -> c.value() instanceof Constant.StringConstant && !path.isBinary()
          || c.value() instanceof Constant.IntegerConstant || c.value() instanceof Constant.FloatConstant
          ? RANGE : SCAN;
      case ISSUBSET -> SUBSET;
      case LIKE, MATCHES -> path.isBinary() || TextAtoms.literals(c).isEmpty() ? SCAN : TEXT;
      case NE, ISSUPERSET -> SCAN;
    };
  }
}
