package dev.parley.pattern.parse;

import dev.parley.pattern.regex.Regex;
import dev.parley.pattern.syntax.ComparisonOperator;
import dev.parley.pattern.syntax.Constant;
import dev.parley.pattern.value.Cidr;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/** Reads the constants of STIX 2.1 §9.2 from their tokens and rejects malformed ones. */
final class Constants {
  private static final long MAX_INTEGER = (1L << 53) - 1; // STIX 2.1 §2.10
  private static final Pattern TIMESTAMP =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");
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

  static long integer(Token token) {
    try {
      long value = Long.parseLong(token.getText());
      if (Math.abs(value) <= MAX_INTEGER) return value;
    } catch (NumberFormatException tooLong) {
      // falls through to the range error
    }
    throw Rejection.at(token, "integer out of the STIX range ±(2^53-1): " + token.getText());
  }

  /**
   * A float literal, with its trailing zeros stripped (the form every float constant keeps). A
   * literal whose exponent no {@link BigDecimal} holds ({@code 1.0e2147483648}, or one that
   * overflows once its zeros are stripped) is rejected, not thrown.
   */
  static BigDecimal decimal(Token token) {
    try {
      return new BigDecimal(token.getText()).stripTrailingZeros();
    } catch (NumberFormatException | ArithmeticException outOfRange) {
      throw Rejection.at(token, "number out of range: " + token.getText());
    }
  }

  /** {@code t'YYYY-MM-DDTHH:mm:ss[.s+]Z'} (§2.16), a real instant in UTC. */
  static Instant timestamp(Token token) {
    String text = inner(token);
    if (TIMESTAMP.matcher(text).matches()) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException notADate) {
        // falls through
      }
    }
    throw Rejection.at(token, "invalid timestamp '" + text + "': expected YYYY-MM-DDTHH:mm:ss[.s]Z");
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
    return java.util.HexFormat.of().parseHex(text);
  }

  private static String inner(Token token) {
    String raw = token.getText();
    return raw.substring(2, raw.length() - 1);
  }

  /** IN takes constants of one data type (§9.6.1); integers and floats count as one. */
  static void checkHomogeneous(List<Constant> values, List<? extends ParserRuleContext> where) {
    String first = kind(values.get(0));
    for (int i = 1; i < values.size(); i++) {
      if (!kind(values.get(i)).equals(first)) {
        throw Rejection.at(where.get(i).getStart(), "IN mixes " + first + " and " + kind(values.get(i)));
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

  /** MATCHES must compile to a linear-time automaton; ISSUBSET/ISSUPERSET need an address or CIDR. */
  static void checkTextOperand(ComparisonOperator op, String value, Token token) {
    switch (op) {
      case MATCHES -> {
        Regex.Compiled compiled = Regex.compile(value);
        if (compiled.error() != null) throw Rejection.at(token, "MATCHES: " + compiled.error());
      }
      case ISSUBSET, ISSUPERSET -> {
        if (Cidr.parse(value) == null) {
          throw Rejection.at(token, op + " needs an IPv4 or IPv6 address or CIDR block, not '" + value + "'");
        }
      }
      default -> {}
    }
  }
}
