package dev.parley.pattern.regex;

/** A regular expression outside the supported linear subset; caught inside this package. */
final class RegexSyntaxException extends RuntimeException {
  RegexSyntaxException(String reason) {
    super(reason, null, false, false);
  }
}
