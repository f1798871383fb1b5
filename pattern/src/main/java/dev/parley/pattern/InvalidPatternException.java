package dev.parley.pattern;

/** A caller insisted on a pattern ({@link ParseResult#orThrow()}) that did not parse. */
public final class InvalidPatternException extends PatternException {
  private final transient PatternError error;

  public InvalidPatternException(PatternError error) {
    super("invalid pattern: " + error);
    this.error = error;
  }

  /** Where and why the pattern is invalid. */
  public PatternError error() {
    return error;
  }
}
