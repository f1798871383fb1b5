package dev.parley.stix;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;


/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): object members sorted by their names' UTF-16 code
 * units (§3.2.3), strings escaped as ECMAScript's JSON.stringify does (§3.2.2.2), numbers as
 * ECMAScript's Number.prototype.toString of the IEEE 754 double (§3.2.2.3), no whitespace.
 *
 * <p>Integers beyond 2^53 lose precision here, as RFC 8785 §3.2.2.3 prescribes; stored objects keep
 * their original text, the canonical form is for hashing and identifiers.
 */
public final class Canonical {
  private Canonical() {}

  /** The canonical UTF-8 bytes of a JSON value. */
  public static byte[] bytes(JsonNode node) {
    return string(node).getBytes(StandardCharsets.UTF_8);
  }

  /** The canonical text of a JSON value. */
  public static String string(JsonNode node) {
    StringBuilder out = new StringBuilder(256);
    write(node, out);
    return out.toString();
  }

  /** SHA-256 of the canonical bytes. */
  public static byte[] sha256(JsonNode node) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes(node));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  private static void write(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        List<String> names = new ArrayList<>(node.size());
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) names.add(it.next());
        names.sort(null); // String.compareTo orders by UTF-16 code units, as §3.2.3 requires
        out.append('{');
        for (int i = 0; i < names.size(); i++) {
          if (i > 0) out.append(',');
          string(names.get(i), out);
          out.append(':');
          write(node.get(names.get(i)), out);
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) out.append(',');
          write(node.get(i), out);
        }
        out.append(']');
      }
      case STRING -> string(node.textValue(), out);
      case NUMBER -> out.append(number(node));
      case BOOLEAN -> out.append(node.booleanValue());
      case NULL -> out.append("null");
      default -> throw new IllegalArgumentException("not JSON data: " + node.getNodeType());
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    int plain = 0;
    while (plain < s.length() && plain(s.charAt(plain))) plain++;
    out.append(s, 0, plain); // most strings need no escape: copy them in one piece
    for (int i = plain; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
          } else if (Character.isSurrogate(c)) {
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
              out.append(c).append(s.charAt(++i));
            } else {
              throw new IllegalArgumentException("lone surrogate in string (RFC 8785 §3.2.2.2)");
            }
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static boolean plain(char c) {
    return c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c);
  }

  /** ECMAScript Number.prototype.toString of the double nearest to the node's value. */
  static String number(JsonNode node) {
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      long v = node.longValue();
      if (Math.abs(v) <= (1L << 53)) return Long.toString(v);
    }
    double d = node.doubleValue(); // cheap for any exponent: BigDecimal's doubleValue reads its short text
    if (Double.isInfinite(d)) {
      throw new IllegalArgumentException("a number beyond the range of an IEEE 754 double has no canonical form (RFC 8785 §3.2.2.3)");
    }
    return number(d);
  }

  /** ECMAScript Number.prototype.toString (ECMA-262 §7.1.12.1) for a finite double. */
  public static String number(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("NaN and Infinity are not JSON numbers (RFC 8785 §3.2.2.3)");
    }
    if (d == 0) return "0";
    if (d < 0) return "-" + number(-d);
    // The shortest decimal that reads back as d; rounding the exact value to p digits gives the
    // nearest p-digit decimal, so the first p that round-trips is ECMAScript's choice.
    BigDecimal exact = new BigDecimal(d);
    BigDecimal shortest = exact;
    for (int p = 1; p <= 17; p++) {
      BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (r.doubleValue() == d) {
        shortest = r;
        break;
      }
    }
    shortest = shortest.stripTrailingZeros();
    String digits = shortest.unscaledValue().toString();
    int k = digits.length();
    int n = k - shortest.scale(); // value = 0.digits × 10^n
    StringBuilder b = new StringBuilder();
    if (k <= n && n <= 21) {
      b.append(digits);
      for (int i = 0; i < n - k; i++) b.append('0');
    } else if (0 < n && n <= 21) {
      b.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      b.append("0.");
      for (int i = 0; i < -n; i++) b.append('0');
      b.append(digits);
    } else {
      int e = n - 1;
      b.append(digits.charAt(0));
      if (k > 1) b.append('.').append(digits, 1, k);
      b.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
    }
    return b.toString();
  }

  /** Lower-case hexadecimal of bytes. */
  public static String hex(byte[] bytes) {
    StringBuilder b = new StringBuilder(bytes.length * 2);
    for (byte x : bytes) b.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
    return b.toString();
  }

}
