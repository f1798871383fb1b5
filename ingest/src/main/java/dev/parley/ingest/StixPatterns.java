package dev.parley.ingest;

import dev.parley.pattern.ParseResult;
import dev.parley.pattern.Patterns;
import dev.parley.stix.validate.PatternChecker;
import java.util.Optional;

/** Wires the STIX patterning language into the validator: indicators of pattern_type stix are parsed. */
public final class StixPatterns {
  private StixPatterns() {}

  private static final PatternChecker STIX = (type, pattern) -> {
    if (!"stix".equals(type)) return Optional.empty();
    ParseResult result = Patterns.parse(pattern);
    if (result instanceof ParseResult.Invalid invalid) {
      return Optional.of("not a valid STIX pattern at " + invalid.error() + " (STIX 2.1 §9)");
    }
    return Optional.empty();
  };

  /** A thread-safe checker of {@code stix} patterns; other pattern types pass unchecked. */
  public static PatternChecker checker() {
    return STIX;
  }
}
