package dev.parley.pattern;

import dev.parley.pattern.parse.PatternParser;
import dev.parley.pattern.syntax.Pattern;
import dev.parley.pattern.syntax.Printer;

/** The front door of the pattern language: parse and print STIX 2.1 patterns (§9). Thread-safe. */
public final class Patterns {
  private Patterns() {}

  /** Parses and checks pattern text; never throws for bad input. */
  public static ParseResult parse(String text) {
    return PatternParser.parse(text);
  }

  /** Canonical text for a pattern; {@code parse(print(p))} gives back {@code p}. */
  public static String print(Pattern pattern) {
    return Printer.print(pattern);
  }
}
