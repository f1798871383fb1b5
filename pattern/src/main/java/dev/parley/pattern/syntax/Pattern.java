package dev.parley.pattern.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A parsed, checked STIX pattern (STIX 2.1 §9.4): the root of the syntax tree. */
public record Pattern(PatternExpression expression) {
  public Pattern {
    Objects.requireNonNull(expression, "expression");
  }

  /** The pattern's observation expressions in brackets, each distinct one once, in the order written. */
  public List<PatternExpression.Observation> brackets() {
    return brackets(expression, new ArrayList<>());
  }

  private static List<PatternExpression.Observation> brackets(PatternExpression e, List<PatternExpression.Observation> out) {
    if (e instanceof PatternExpression.Observation o) {
      if (!out.contains(o)) out.add(o);
    } else if (e instanceof PatternExpression.Combined c) {
      brackets(c.left(), out);
      brackets(c.right(), out);
    } else {
      brackets(((PatternExpression.Qualified) e).expression(), out);
    }
    return out;
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
