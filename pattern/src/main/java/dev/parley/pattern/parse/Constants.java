package dev.parley.pattern.parse;

import dev.parley.pattern.regex.Regex;
import dev.parley.pattern.syntax.ComparisonOperator;
import dev.parley.pattern.syntax.Constant;
import dev.parley.pattern.value.Cidr;
import dev.parley.pattern.value.Comparisons;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/** Reads the constants of STIX 2.1 §9.2 from their tokens and rejects malformed ones. */
final class Constants {
  private static final long MAX_INTEGER = (1L << 53) - 1; // STIX 2.1 §2.10
  private static final Pattern TIMESTAMP =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]*={0,2}");
  private static final Pattern HEX = Pattern.compile("([0-9a-fA-F]{2})*");

  private Constants() {}

  static Constant constant(Token token) {
    return switch (token.getType()) {
      case StixPatternLexer.StringLiteral -> string(token);
      case StixPatternLexer.IntLiteral -> new Constant.IntegerConstant(integer(token));
      case StixPatternLexer.FloatLiteral -> new Constant.FloatConstant(decimal(token));
      case StixPatternLexer.BoolLiteral -> new Constant.BooleanConstant(token.getText().equals("true"));
      case StixPatternLexer.TimestampLiteral -> new Constant.TimestampConstant(timestamp(token));
      case StixPatternLexer.BinaryLiteral -> new Constant.BinaryConstant(base64(token), false);
      case StixPatternLexer.HexLiteral -> new Constant.BinaryConstant(hex(token), true);
      default -> throw Rejection.at(token, "expected a constant");
    };
  }

  /** {@code 'text'} with only {@code \'} and {@code \\} as escapes (§9.2, string). */
  static Constant.StringConstant string(Token token) {
    String raw = token.getText();
    StringBuilder out = new StringBuilder(raw.length());
    for (int i = 1; i < raw.length() - 1; i++) {
      char c = raw.charAt(i);
      if (c == '\\') {
        char next = raw.charAt(++i);
        if (next != '\'' && next != '\\') {
          throw new Rejection(token.getLine(), token.getCharPositionInLine() + i,
              "invalid escape \\" + next + " in a string: only \\' and \\\\ are allowed");
        }
        out.append(next);
      } else {
        out.append(c);
      }
    }
    return new Constant.StringConstant(out.toString());
  }

  /** An integer constant within the STIX range ±(2^53-1) (§2.10). */
  static long integer(Token token) {
    return whole(token, -MAX_INTEGER, MAX_INTEGER, "the integer", " (STIX integers lie within ±(2^53-1), §2.10)");
  }

  /**
   * An integer literal within [min, max]. A value past a bound is reported with the bound it
   * passes rather than wrapping around; one of more than 18 significant digits is past every bound
   * without being read (reading n digits exactly costs n² steps).
   */
  static long whole(Token token, long min, long max, String what, String note) {
    String text = token.getText(); // IntLiteral: -?[0-9]+
    boolean negative = text.startsWith("-");
    int first = negative ? 1 : 0;
    while (first < text.length() - 1 && text.charAt(first) == '0') first++;
    long value = text.length() - first > 18 ? (negative ? Long.MIN_VALUE : Long.MAX_VALUE)
        : Long.parseLong(text.substring(first)) * (negative ? -1 : 1);
    if (value > max) throw Rejection.at(token, what + " " + shown(text) + " is too large: at most " + max + note);
    if (value < min) throw Rejection.at(token, what + " " + shown(text) + " is too small: at least " + min + note);
    return value;
  }

  /**
   * A float constant: exact, and within the range of an IEEE 754 double (§2.6). More than 1,000
   * significant digits are refused before they are read: a double's exact decimal needs at most
   * 767, and reading n digits exactly costs n² steps.
   */
  static BigDecimal decimal(Token token) {
    String text = token.getText(); // FloatLiteral: -?[0-9]*.[0-9]+([eE][+-]?[0-9]+)?
    int exponent = Math.max(text.indexOf('e'), text.indexOf('E'));
    String mantissa = (exponent < 0 ? text : text.substring(0, exponent)).replace("-", "").replace(".", "");
    int first = 0;
    while (first < mantissa.length() && mantissa.charAt(first) == '0') first++;
    if (mantissa.length() - first > 1_000) {
      throw Rejection.at(token, "the float " + shown(text) + " has more than 1000 significant digits");
    }
    try {
      BigDecimal value = new BigDecimal(text);
      if (Constant.FloatConstant.representable(value)) return value;
    } catch (NumberFormatException exponentOverflow) {
      // falls through to the range error
    }
    throw Rejection.at(token, "the float " + shown(text)
        + " is out of the range of an IEEE 754 double (STIX 2.1 §2.6)");
  }

  /** A literal as an error message shows it: long ones cut, with their length. */
  static String shown(String text) {
    return text.length() <= 40 ? text : text.substring(0, 24) + "... (" + text.length() + " characters)";
  }

  /** {@code t'YYYY-MM-DDTHH:mm:ss[.s+]Z'} (§2.16), a real instant in UTC. */
  static Instant timestamp(Token token) {
    String text = inner(token);
    // any number of fraction digits, and a leap second, read as everywhere else (Comparisons.timestamp)
    if (TIMESTAMP.matcher(text).matches()) {
      Instant at = Comparisons.timestamp(text);
      if (at != null) return at;
    }
    throw Rejection.at(token, "invalid timestamp '" + shown(text) + "': expected YYYY-MM-DDTHH:mm:ss[.s+]Z");
  }

  /** {@code b'...'}: RFC 4648 base64; line feeds are ignored (§9.2, binary). */
  private static byte[] base64(Token token) {
    String text = inner(token).replace("\n", "").replace("\r", "");
    if (BASE64.matcher(text).matches() && text.length() % 4 != 1) {
      try {
        return Base64.getDecoder().decode(text);
      } catch (IllegalArgumentException bad) {
        // falls through
      }
    }
    throw Rejection.at(token, "invalid base64 in binary constant");
  }

  /** {@code h'...'}: an even number of hexadecimal digits (§9.2, hex). */
  private static byte[] hex(Token token) {
    String text = inner(token);
    if (!HEX.matcher(text).matches()) {
      throw Rejection.at(token, "a hex constant needs an even number of hexadecimal digits");
    }
    return HexFormat.of().parseHex(text);
  }

  private static String inner(Token token) {
    String raw = token.getText();
    return raw.substring(2, raw.length() - 1);
  }

  /** IN takes constants of one data type (§9.6.1); integers and floats count as one. */
  static void checkHomogeneous(List<Constant> values, List<? extends ParserRuleContext> where) {
    for (int i = 1; i < values.size(); i++) {
      if (!kind(values.get(i)).equals(kind(values.get(0)))) {
        throw Rejection.at(where.get(i).getStart(), "IN mixes " + kind(values.get(0)) + " and " + kind(values.get(i)));
      }
    }
  }

  private static String kind(Constant c) {
    if (c instanceof Constant.IntegerConstant || c instanceof Constant.FloatConstant) return "number";
    if (c instanceof Constant.StringConstant) return "string";
    if (c instanceof Constant.BooleanConstant) return "boolean";
    if (c instanceof Constant.TimestampConstant) return "timestamp";
    return "binary";
  }

  /** MATCHES and LIKE must compile to a linear-time automaton of bounded size; ISSUBSET/ISSUPERSET need an address or CIDR. */
  static void checkTextOperand(ComparisonOperator op, String value, Token token) {
    switch (op) {
      case MATCHES -> {
        String problem = Regex.problem(Comparisons.nfc(value)); // the form that runs: NFC
        if (problem != null) throw Rejection.at(token, "MATCHES: " + problem);
      }
      case LIKE -> {
        String problem = Regex.likeProblem(Comparisons.nfc(value));
        if (problem != null) throw Rejection.at(token, "LIKE: " + problem);
      }
      case ISSUBSET, ISSUPERSET -> {
        if (Cidr.parse(value) == null) {
          throw Rejection.at(token, op + " needs an IPv4 or IPv6 address or CIDR block, not '" + shown(value) + "'");
        }
      }
      default -> {}
    }
  }
}
