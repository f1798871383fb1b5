package dev.parley.stix.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * JSON numbers judged by their magnitude, never by building their exact value: {@code 1e99999999}
 * is ten characters, and its integer has a hundred million digits. Every check here costs what the
 * number's text costs. {@link BigDecimal#compareTo} qualifies: it compares adjusted exponents
 * first and rescales only numbers of the same magnitude, by at most their digit counts (which the
 * reader caps at 1,000). {@code toBigInteger}, {@code longValue} and {@code stripTrailingZeros} do
 * not, so none is used on a number whose magnitude is unknown.
 */
final class Numbers {
  private Numbers() {}

  private static final BigDecimal MAX_DOUBLE = new BigDecimal(Double.MAX_VALUE);

  /** The value of a number node, or null for one that has none (a NaN or an infinity built in code). */
  static BigDecimal value(JsonNode v) {
    if (v.isBigDecimal() || v.isIntegralNumber()) return v.decimalValue(); // integral nodes hold at most 1,000 digits
    double d = v.doubleValue();
    return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
  }

  /** Whether {@code d} is a whole number (5.0 and 5e3 are; 5.5 is not). */
  static boolean isWhole(BigDecimal d) {
    if (d.signum() == 0 || d.scale() <= 0) return true;
    // unscaled × 10^-scale is whole iff 10^scale divides the unscaled value, which needs scale < digits
    if (d.scale() >= d.precision()) return false;
    return d.unscaledValue().mod(BigInteger.TEN.pow(d.scale())).signum() == 0;
  }

  /** Whether the magnitude of {@code d} exceeds the largest IEEE 754 double. */
  static boolean beyondDouble(BigDecimal d) {
    return d.abs().compareTo(MAX_DOUBLE) > 0;
  }

  /** The number's text for a message, shortened when long. */
  static String text(JsonNode v) {
    String s = v.asText();
    return s.length() <= 40 ? s : s.substring(0, 20) + "..." + s.substring(s.length() - 17);
  }
}
