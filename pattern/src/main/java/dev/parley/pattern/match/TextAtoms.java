package dev.parley.pattern.match;

import dev.parley.pattern.regex.Regex;
import dev.parley.pattern.syntax.ComparisonExpression;
import dev.parley.pattern.syntax.ComparisonOperator;
import dev.parley.pattern.syntax.Constant;
import dev.parley.pattern.value.Comparisons;
import java.util.List;

/** The literal prefilters of a LIKE or MATCHES comparison: strings every match contains. */
final class TextAtoms {
  private TextAtoms() {}

  /** Every required literal of the NFC form of the pattern, which is what runs on NFC values. */
  static List<String> literals(ComparisonExpression.Comparison c) {
    String text = ((Constant.StringConstant) c.value()).value();
    return c.operator() == ComparisonOperator.LIKE
        ? Regex.like(Comparisons.nfc(text)).requiredLiterals()
        : Comparisons.regex(text).requiredLiterals();
  }
}
