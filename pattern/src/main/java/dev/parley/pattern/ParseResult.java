package dev.parley.pattern;

import dev.parley.pattern.syntax.Pattern;
import java.util.Objects;

/** The outcome of parsing pattern text: a checked pattern or the first error found. */
public sealed interface ParseResult {

  /** The text is a valid STIX 2.1 pattern. */
  record Valid(Pattern pattern) implements ParseResult {
    public Valid {
      Objects.requireNonNull(pattern, "pattern");
    }
  }

  /** The text is not a valid pattern; per STIX 2.1 §9.4 it must match nothing. */
  record Invalid(PatternError error) implements ParseResult {
    public Invalid {
      Objects.requireNonNull(error, "error");
    }
  }

  /** The pattern, or an {@link InvalidPatternException} naming the error. */
  default Pattern orThrow() {
    if (this instanceof Valid v) return v.pattern();
    throw new InvalidPatternException(((Invalid) this).error());
  }
}
