package dev.parley.cli;

import dev.parley.stix.validate.PatternChecker;

/** Wires the STIX patterning language into the validator. */
final class Patterns {
  private Patterns() {}

  static PatternChecker checker() {
    return PatternChecker.NONE;
  }
}
