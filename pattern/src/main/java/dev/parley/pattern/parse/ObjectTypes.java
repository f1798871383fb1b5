package dev.parley.pattern.parse;

import dev.parley.pattern.syntax.ComparisonExpression;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.Token;

/** Checks on object types: their spelling (§3.1) and that AND never joins two types (§9.5). */
final class ObjectTypes {
  private static final Pattern TYPE = Pattern.compile("[a-z0-9-]{3,250}");

  private ObjectTypes() {}

  static String check(Token token) {
    String type = token.getText();
    if (!TYPE.matcher(type).matches() || type.startsWith("-") || type.endsWith("-") || type.contains("--")) {
      throw Rejection.at(token, "invalid object type '" + Constants.shown(type)
          + "': 3 to 250 characters of a-z, 0-9 and single inner hyphens");
    }
    return type;
  }

  /** §9.5: "All operands of AND in an Observation Expression MUST be satisfiable with the same object." */
  static void checkAndJoinsOneType(ComparisonExpression e, Token where) {
    types(e, where);
  }

  private static Set<String> types(ComparisonExpression e, Token where) {
    if (e instanceof ComparisonExpression.Comparison c) return Set.of(c.path().objectType());
    if (e instanceof ComparisonExpression.Exists x) return Set.of(x.path().objectType());
    if (e instanceof ComparisonExpression.Or o) {
      Set<String> union = new HashSet<>(types(o.left(), where));
      union.addAll(types(o.right(), where));
      return union;
    }
    ComparisonExpression.And a = (ComparisonExpression.And) e;
    Set<String> left = types(a.left(), where);
    Set<String> both = new HashSet<>(left);
    Set<String> right = types(a.right(), where);
    both.retainAll(right);
    if (both.isEmpty()) {
      throw Rejection.at(where, "AND joins comparisons on different object types " + left + " and "
          + right + ": no single object can satisfy both (use OR or two observation expressions)");
    }
    return both;
  }
}
