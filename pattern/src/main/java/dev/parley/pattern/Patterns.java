package dev.parley.pattern;

import dev.parley.pattern.parse.PatternParser;
import dev.parley.pattern.syntax.Pattern;
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

  /** Canonical text for a pattern; {@code parse(print(p))} gives back {@code p}. */
  public static String print(Pattern pattern) {
    return Printer.print(pattern);
  }
}
