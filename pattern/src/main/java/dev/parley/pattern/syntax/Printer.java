package dev.parley.pattern.syntax;

import dev.parley.pattern.syntax.ComparisonExpression.And;
import dev.parley.pattern.syntax.ComparisonExpression.Comparison;
import dev.parley.pattern.syntax.ComparisonExpression.Exists;
import dev.parley.pattern.syntax.ComparisonExpression.Or;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Prints a syntax tree back as pattern text that parses to an equal tree. */
public final class Printer {
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> KEYWORDS =
      Set.of("AND", "OR", "NOT", "FOLLOWEDBY", "LIKE", "MATCHES", "ISSUBSET", "ISSUPERSET",
          "EXISTS", "IN", "WITHIN", "SECONDS", "REPEATS", "TIMES", "START", "STOP", "true", "false");

  /** Scales up to this print as plain digits; beyond, in exponent form. */
  private static final int PLAIN_DIGITS = 100;

  private Printer() {}

  /** The canonical text of a pattern. */
  public static String print(dev.parley.pattern.syntax.Pattern pattern) {
    return expression(pattern.expression());
  }

  static String expression(PatternExpression e) {
    if (e instanceof PatternExpression.Observation o) return "[" + comparisons(o.comparisons()) + "]";
    if (e instanceof PatternExpression.Combined c) {
      // a chain prints flat when reading it back builds this tree (Chains); other operands in ( )
      List<PatternExpression> terms = Chains.operands(e, x -> x instanceof PatternExpression.Combined k
          && k.operator() == c.operator() ? List.of(k.left(), k.right()) : null, new IdentityHashMap<>());
      return terms.stream().map(Printer::grouped).collect(Collectors.joining(" " + c.operator().name() + " "));
    }
    PatternExpression.Qualified q = (PatternExpression.Qualified) e;
    return grouped(q.expression()) + " " + qualifier(q.qualifier());
  }

  private static String grouped(PatternExpression e) {
    return e instanceof PatternExpression.Combined ? "(" + expression(e) + ")" : expression(e);
  }

  private static String qualifier(Qualifier q) {
    if (q instanceof Qualifier.Within w) return "WITHIN " + number(w.seconds()) + " SECONDS";
    if (q instanceof Qualifier.Repeats r) return "REPEATS " + r.times() + " TIMES";
    Qualifier.StartStop s = (Qualifier.StartStop) q;
    return "START t'" + s.start() + "' STOP t'" + s.stop() + "'";
  }

  static String comparisons(ComparisonExpression e) {
    if (e instanceof And || e instanceof Or) {
      boolean and = e instanceof And;
      List<ComparisonExpression> terms = Chains.operands(e, x -> x instanceof And a && and
          ? List.of(a.left(), a.right()) : x instanceof Or o && !and ? List.of(o.left(), o.right()) : null,
          new IdentityHashMap<>());
      return terms.stream().map(Printer::nested).collect(Collectors.joining(and ? " AND " : " OR "));
    }
    if (e instanceof Comparison c) {
      return c.path() + (c.negated() ? " NOT " : " ") + c.operator().symbol() + " " + constant(c.value());
    }
    Exists x = (Exists) e;
    return (x.negated() ? "NOT EXISTS " : "EXISTS ") + x.path();
  }

  private static String nested(ComparisonExpression e) {
    return e instanceof And || e instanceof Or ? "(" + comparisons(e) + ")" : comparisons(e);
  }

  static String steps(List<PathStep> steps) {
    StringBuilder out = new StringBuilder();
    for (PathStep step : steps) {
      if (step instanceof PathStep.Key k) {
        if (!out.isEmpty()) out.append('.');
        out.append(key(k.name()));
      } else if (step instanceof PathStep.Index i) {
        out.append('[').append(i.index()).append(']');
      } else {
        out.append("[*]");
      }
    }
    return out.toString();
  }

  private static String key(String name) {
    return PLAIN_KEY.matcher(name).matches() && !KEYWORDS.contains(name) ? name : quote(name);
  }

  /** A constant as written in a pattern. */
  public static String constant(Constant c) {
    if (c instanceof Constant.StringConstant s) return quote(s.value());
    if (c instanceof Constant.IntegerConstant i) return Long.toString(i.value());
    if (c instanceof Constant.FloatConstant f) {
      String plain = number(f.value());
      return plain.contains(".") ? plain : plain + ".0";
    }
    if (c instanceof Constant.BooleanConstant b) return Boolean.toString(b.value());
    if (c instanceof Constant.TimestampConstant t) return "t'" + t.value() + "'";
    if (c instanceof Constant.BinaryConstant b) {
      return b.hex()
          ? "h'" + HexFormat.of().formatHex(b.bytes()) + "'"
          : "b'" + Base64.getEncoder().encodeToString(b.bytes()) + "'";
    }
    Constant.SetConstant set = (Constant.SetConstant) c;
    return set.values().stream().map(Printer::constant).collect(Collectors.joining(", ", "(", ")"));
  }

  /**
   * Plain digits while they are few; otherwise {@code d.ddde±n}, which the grammar's float literal
   * also allows, so that 1.0e99999999 prints in a few characters, not a hundred million.
   */
  private static String number(BigDecimal d) {
    if (d.scale() >= -PLAIN_DIGITS && d.scale() <= PLAIN_DIGITS) return d.toPlainString();
    String digits = d.unscaledValue().abs().toString();
    long exponent = (long) digits.length() - 1 - d.scale();
    return (d.signum() < 0 ? "-" : "") + digits.charAt(0) + "." + (digits.length() > 1 ? digits.substring(1) : "0")
        + "e" + exponent;
  }

  private static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
