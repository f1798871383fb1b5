package dev.parley.pattern;

import dev.parley.pattern.parse.PatternParser;
import dev.parley.pattern.regex.Regex;
import dev.parley.pattern.syntax.ComparisonExpression;
import dev.parley.pattern.syntax.ComparisonOperator;
import dev.parley.pattern.syntax.Constant;
import dev.parley.pattern.syntax.Pattern;
import dev.parley.pattern.syntax.PatternExpression;
import dev.parley.pattern.value.Comparisons;
import dev.parley.pattern.syntax.Printer;

/** The front door of the pattern language: parse and print STIX 2.1 patterns (§9). Thread-safe. */
public final class Patterns {
  /**
   * Longest pattern text read, in UTF-8 bytes; longer text is refused before it is lexed. Real
   * patterns are far smaller (see README-pattern.md, "Limits").
   */
  public static final int MAX_BYTES = 256 * 1024;

  /** Most comparisons (each {@code path op constant} or {@code EXISTS path}) in one pattern. */
  public static final int MAX_COMPARISONS = 10_000;

  /** Deepest nesting of parentheses and brackets, counted together. */
  public static final int MAX_NESTING = 100;

  private Patterns() {}

  /** Parses and checks pattern text within the limits above; never throws for bad input. */
  public static ParseResult parse(String text) {
    return PatternParser.parse(text);
  }

  /**
   * The automaton states that searching the pattern's LIKE and MATCHES comparisons holds in memory
   * (4 bytes each), counted without building them: a dozen characters such as {@code (a{1000}){40}}
   * take 40,000.
   */
  public static long automatonStates(Pattern pattern) {
    return states(pattern.expression());
  }

  private static long states(PatternExpression e) {
    if (e instanceof PatternExpression.Observation o) return states(o.comparisons());
    if (e instanceof PatternExpression.Combined c) return states(c.left()) + states(c.right());
    return states(((PatternExpression.Qualified) e).expression());
  }

  private static long states(ComparisonExpression e) {
    if (e instanceof ComparisonExpression.And a) return states(a.left()) + states(a.right());
    if (e instanceof ComparisonExpression.Or o) return states(o.left()) + states(o.right());
    if (!(e instanceof ComparisonExpression.Comparison c) || !(c.value() instanceof Constant.StringConstant s)) return 0;
    int states = c.operator() == ComparisonOperator.LIKE ? Regex.likeStates(Comparisons.nfc(s.value()))
        : c.operator() == ComparisonOperator.MATCHES ? Regex.states(Comparisons.nfc(s.value())) : 0;
    return Math.max(0, states);
  }

  /** Canonical text for a pattern; {@code parse(print(p))} gives back {@code p}. */
  public static String print(Pattern pattern) {
    return Printer.print(pattern);
  }
}
