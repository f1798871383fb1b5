package dev.parley.pattern.match;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.observe.Observations;
import dev.parley.pattern.syntax.ComparisonExpression;
import dev.parley.pattern.syntax.ComparisonOperator;
import dev.parley.pattern.syntax.Constant;
import dev.parley.pattern.syntax.ObjectPath;
import dev.parley.pattern.syntax.ObservationOperator;
import dev.parley.pattern.syntax.PathStep;
import dev.parley.pattern.syntax.Pattern;
import dev.parley.pattern.syntax.PatternExpression;
import dev.parley.pattern.syntax.Qualifier;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random patterns and observations over a small shared vocabulary, so that they often meet. A draw
 * of zero always takes the simplest branch (no nesting, no qualifier, fewer members), so that a
 * shrunk case, whose draws are lowered, reads as a simpler pattern.
 */
final class RandomPatterns {
  static final Instant BASE = Instant.parse("2020-01-01T00:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] TEXTS = {"a", "ab", "abc", "b", "ba", "x.y", "10.0.0.1", "10.0.0.0/24", "\u00f2", "o\u0300"};
  private static final String[] LIKES = {"a%", "%b", "_b%", "%.%", "a", "%", "10.0.0._"};
  private static final String[] REGEXES = {"^a", "b$", "a.c", "[0-9]+", "a|b", "x\\.y", "(ab)+c", "^$", "(?i)AB", "\\d\\.0\\."};
  private static final String[] BLOCKS = {"10.0.0.0/24", "10.0.0.0/8", "10.0.0.1", "192.168.0.0/16", "0.0.0.0/0", "::/0"};
  private static final String[] IPS = {"10.0.0.1", "10.0.0.2", "10.0.1.1", "192.168.1.1", "10.0.0.0/24", "fe80::1"};
  private static final String[][] PATHS = {
    {"x-a", "s"}, {"x-a", "n"}, {"x-a", "ip"}, {"x-a", "tags", "*"}, {"x-a", "tags", "0"},
    {"x-a", "ref", "s"}, {"x-a", "ref", "n"}, {"x-b", "s"}, {"x-b", "n"}, {"x-a", "missing"}, {"x-a", "data_hex"}
  };
  private RandomPatterns() {}

  static Pattern pattern(Random r) {
    return new Pattern(r.nextInt(10) < 6 ? bracket(r) : compound(r, 0));
  }

  private static PatternExpression compound(Random r, int depth) {
    PatternExpression e = depth < 2 && r.nextBoolean()
        ? new PatternExpression.Combined(ObservationOperator.values()[r.nextInt(3)], compound(r, depth + 1), compound(r, depth + 1))
        : bracket(r);
    return switch (r.nextInt(6)) {
      case 3 -> new PatternExpression.Qualified(e, new Qualifier.Within(BigDecimal.valueOf(1 + r.nextInt(8))));
      case 4 -> new PatternExpression.Qualified(e, new Qualifier.Repeats(1 + r.nextInt(3)));
      case 5 -> new PatternExpression.Qualified(e, new Qualifier.StartStop(
          BASE.plusSeconds(r.nextInt(5)), BASE.plusSeconds(6 + r.nextInt(10))));
      default -> e;
    };
  }

  static PatternExpression.Observation bracket(Random r) {
    return new PatternExpression.Observation(comparisons(r, 0));
  }

  private static ComparisonExpression comparisons(Random r, int depth) {
    if (depth < 2 && r.nextInt(3) == 2) {
      ComparisonExpression left = comparisons(r, depth + 1);
      ComparisonExpression right = comparisons(r, depth + 1);
      return r.nextBoolean() ? new ComparisonExpression.And(left, right) : new ComparisonExpression.Or(left, right);
    }
    return comparison(r);
  }

  private static ComparisonExpression comparison(Random r) {
    ObjectPath path = path(PATHS[r.nextInt(PATHS.length)]);
    boolean negated = r.nextInt(5) == 4;
    ComparisonOperator op = ComparisonOperator.values()[r.nextInt(ComparisonOperator.values().length)];
    if (r.nextInt(12) == 11) return new ComparisonExpression.Exists(path, negated);
    Constant value = switch (op) {
      case IN -> {
        List<Constant> set = new ArrayList<>();
        boolean numbers = r.nextBoolean();
        for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) set.add(numbers ? number(r) : text(r, TEXTS));
        yield new Constant.SetConstant(set);
      }
      case LIKE -> text(r, LIKES);
      case MATCHES -> text(r, REGEXES);
      case ISSUBSET, ISSUPERSET -> text(r, BLOCKS);
      default -> switch (r.nextInt(6)) {
        case 0, 1 -> number(r);
        case 2 -> new Constant.BooleanConstant(r.nextBoolean());
        case 3 -> new Constant.BinaryConstant(new byte[] {(byte) r.nextInt(3), 'b'}, true);
        default -> text(r, TEXTS);
      };
    };
    if (op.isOrdering() && value instanceof Constant.BooleanConstant) op = ComparisonOperator.EQ;
    return new ComparisonExpression.Comparison(path, op, negated, value);
  }

  private static ObjectPath path(String[] spec) {
    List<PathStep> steps = new ArrayList<>();
    for (int i = 1; i < spec.length; i++) {
      steps.add(spec[i].equals("*") ? new PathStep.AnyIndex()
          : Character.isDigit(spec[i].charAt(0)) ? new PathStep.Index(Integer.parseInt(spec[i]))
          : new PathStep.Key(spec[i]));
    }
    return new ObjectPath(spec[0], steps);
  }

  private static Constant number(Random r) {
    return r.nextBoolean() ? new Constant.IntegerConstant(r.nextInt(4))
        : new Constant.FloatConstant(BigDecimal.valueOf(r.nextInt(8), 1));
  }

  private static Constant text(Random r, String[] pool) {
    return new Constant.StringConstant(pool[r.nextInt(pool.length)]);
  }

  /** An observation with the id {@code observed-data--<number>}. */
  static Observation observation(Random r, int number) {
    ObjectNode objects = JSON.createObjectNode();
    int key = 0;
    for (int i = 0, n = 1 + r.nextInt(2); i < n; i++) {
      ObjectNode a = objects.putObject(Integer.toString(key++));
      a.put("type", "x-a");
      if (r.nextInt(4) > 0) a.put("s", TEXTS[r.nextInt(TEXTS.length)]);
      if (r.nextInt(4) > 0) {
        if (r.nextBoolean()) a.put("n", r.nextInt(4));
        else a.put("n", r.nextInt(8) / 10.0);
      }
      if (r.nextInt(3) > 0) a.put("ip", IPS[r.nextInt(IPS.length)]);
      if (r.nextInt(3) == 2) a.put("data_hex", r.nextBoolean() ? "0062" : "6162");
      if (r.nextInt(3) > 0) {
        ArrayNode tags = a.putArray("tags");
        for (int t = 0, m = r.nextInt(3); t < m; t++) tags.add(TEXTS[r.nextInt(TEXTS.length)]);
      }
      if (r.nextBoolean()) a.put("ref", Integer.toString(10 + i));
      if (r.nextInt(5) == 4) a.put("flag", r.nextBoolean());
    }
    for (int i = 0; i < 2; i++) {
      if (r.nextInt(3) == 0) continue;
      ObjectNode b = objects.putObject(Integer.toString(10 + i));
      b.put("type", "x-b");
      b.put("s", TEXTS[r.nextInt(TEXTS.length)]);
      b.put("n", r.nextInt(4));
    }
    long first = r.nextInt(20);
    ObjectNode od = JSON.createObjectNode();
    od.put("type", "observed-data");
    od.put("id", "observed-data--" + number);
    od.put("first_observed", BASE.plusSeconds(first).toString());
    od.put("last_observed", BASE.plusSeconds(first + (r.nextInt(3) == 2 ? r.nextInt(4) : 0)).toString());
    od.put("number_observed", r.nextInt(4) == 3 ? 2 : 1);
    od.set("objects", objects);
    return Observations.from(od, id -> null).orElseThrow();
  }
}
