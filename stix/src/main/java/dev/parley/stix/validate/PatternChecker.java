package dev.parley.stix.validate;

import java.util.Optional;

/**
 * Checks the syntax of a pattern in a language the validator does not know itself (the STIX
 * patterning language lives in its own module). Implementations must be thread-safe.
 */
@FunctionalInterface
public interface PatternChecker {
  /** A checker that accepts everything: used when no pattern language is wired in. */
  PatternChecker NONE = (type, pattern) -> Optional.empty();

  /**
   * Returns why {@code pattern} is invalid in {@code patternType} (e.g. "1:14: expected ']'"), or
   * empty when it is valid or the type is not one this checker knows.
   */
  Optional<String> check(String patternType, String pattern);
}
