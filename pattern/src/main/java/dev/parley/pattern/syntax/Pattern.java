package dev.parley.pattern.syntax;

import java.util.Objects;

/** A parsed, checked STIX pattern (STIX 2.1 §9.4): the root of the syntax tree. */
public record Pattern(PatternExpression expression) {
  public Pattern {
    Objects.requireNonNull(expression, "expression");
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
