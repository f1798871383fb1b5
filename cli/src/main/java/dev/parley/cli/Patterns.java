package dev.parley.cli;

import dev.parley.pattern.ParseResult;
import dev.parley.stix.validate.PatternChecker;
import java.util.Optional;

/** Wires the STIX patterning language into the validator: indicators of pattern_type stix are parsed. */
final class Patterns {
  private Patterns() {}

  private static final PatternChecker STIX = (type, pattern) -> {
    if (!"stix".equals(type)) return Optional.empty();
    ParseResult result = dev.parley.pattern.Patterns.parse(pattern);
    if (result instanceof ParseResult.Invalid invalid) {
      return Optional.of("not a valid STIX pattern at " + invalid.error() + " (STIX 2.1 §9)");
    }
    return Optional.empty();
  };

  static PatternChecker checker() {
    return STIX;
  }
}
