package dev.parley.pattern;

/** The root of the unchecked exceptions this module throws; bad input is a result, not one of these. */
public class PatternException extends RuntimeException {
  public PatternException(String message) {
    super(message);
  }
}
