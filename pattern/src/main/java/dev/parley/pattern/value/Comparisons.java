package dev.parley.pattern.value;

import dev.parley.pattern.regex.Regex;
import dev.parley.pattern.syntax.ComparisonOperator;
import dev.parley.pattern.syntax.Constant;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Arrays;

/**
 * The truth of one comparison between one property value and a constant (STIX 2.1 §9.6.1-9.6.4).
 * Both engines decide single values here; incompatible types are false, except for != (true).
 */
public final class Comparisons {
  private Comparisons() {}

  /** Applies {@code op} (without NOT) to one value. */
  public static boolean test(ComparisonOperator op, Value value, Constant constant) {
    return switch (op) {
      case EQ -> compare(value, constant) == 0;
      case NE -> compare(value, constant) != 0;
      case LT -> compare(value, constant) == -1;
      case LE -> { int c = compare(value, constant); yield c == -1 || c == 0; }
      case GT -> compare(value, constant) == 1;
      case GE -> { int c = compare(value, constant); yield c == 1 || c == 0; }
      case IN -> ((Constant.SetConstant) constant).values().stream().anyMatch(c -> compare(value, c) == 0);
      case LIKE -> constant instanceof Constant.StringConstant s && like(value, s.value());
      case MATCHES -> constant instanceof Constant.StringConstant s && matches(value, s.value());
      case ISSUBSET -> within(value, constant, true);
      case ISSUPERSET -> within(value, constant, false);
    };
  }

  /** -1, 0 or 1 for ordered comparable values; 2 when the types are incompatible (§9.6.1). */
  public static int compare(Value value, Constant constant) {
    if (value instanceof Value.Text t) {
      if (constant instanceof Constant.StringConstant s) return sign(Texts.compareCodePoints(t.text(), s.value()));
      if (constant instanceof Constant.TimestampConstant ts) {
        Instant instant = timestamp(t.text());
        return instant == null ? 2 : sign(instant.compareTo(ts.value()));
      }
      if (constant instanceof Constant.BinaryConstant b) {
        byte[] bytes = Texts.latin1(t.text());
        return bytes == null ? 2 : sign(Arrays.compareUnsigned(bytes, b.bytes()));
      }
      return 2;
    }
    if (value instanceof Value.Number n) {
      if (constant instanceof Constant.IntegerConstant i) return sign(n.number().compareTo(BigDecimal.valueOf(i.value())));
      if (constant instanceof Constant.FloatConstant f) return sign(n.number().compareTo(f.value()));
      return 2;
    }
    if (value instanceof Value.Bool b) {
      return constant instanceof Constant.BooleanConstant c ? sign(Boolean.compare(b.bool(), c.value())) : 2;
    }
    if (value instanceof Value.Bytes b) {
      byte[] other = constant instanceof Constant.BinaryConstant bc ? bc.bytes()
          : constant instanceof Constant.StringConstant s ? Texts.latin1(s.value()) // §9.6.4
          : null;
      return other == null ? 2 : sign(Arrays.compareUnsigned(b.bytes(), other));
    }
    return 2;
  }

  /**
   * LIKE (§9.6.1): text compared in NFC; a binary value (§9.6.4) as octets, with the pattern
   * converted as a string constant is (every code point below U+0100, else no match), so that '_'
   * is one octet; MATCHES treats binary values the same way.
   */
  private static boolean like(Value value, String pattern) {
    String form = nfc(pattern);
    if (value instanceof Value.Text t) return Regex.like(form).automaton().find(nfc(t.text()));
    if (value instanceof Value.Bytes b) {
      return Texts.isLatin1(form) && Regex.like(form).automaton().find(Texts.octets(b.bytes()));
    }
    return false;
  }

  private static boolean matches(Value value, String pcre) {
    Regex.Compiled regex = regex(pcre);
    if (regex.automaton() == null) return false;
    if (value instanceof Value.Text t) return regex.automaton().find(nfc(t.text()));
    if (value instanceof Value.Bytes b) {
      return Texts.isLatin1(nfc(pcre)) && regex.automaton().find(Texts.octets(b.bytes()));
    }
    return false;
  }

  /**
   * The automaton MATCHES runs: the expression in NFC, as the OASIS matcher compiles it, so that
   * an expression and a value that differ only in normalization form still match (§9.6.1 asks NFC
   * of the value and is silent on the expression).
   */
  public static Regex.Compiled regex(String pcre) {
    return Regex.compile(nfc(pcre));
  }

  private static boolean within(Value value, Constant constant, boolean subset) {
    if (!(value instanceof Value.Text t) || !(constant instanceof Constant.StringConstant s)) return false;
    Cidr a = Cidr.parse(t.text());
    Cidr b = Cidr.parse(s.value());
    if (a == null || b == null) return false;
    return subset ? b.contains(a) : a.contains(b);
  }

  /**
   * A STIX timestamp string (§2.16, {@code YYYY-MM-DDTHH:mm:ss[.s+]Z}) as an instant, or null. Any
   * number of fraction digits is read (STIX sets no bound), to the nanosecond. A leap second (second
   * 60, which §2.16 allows) is the last nanosecond of its minute: after every instant of the second
   * before it and before the next minute, as the telemetry readers read it too (a hostile run found
   * it read as 23:59:59 here and as the next day's midnight there).
   */
  public static Instant timestamp(String text) {
    if (text.length() < 20 || text.charAt(text.length() - 1) != 'Z' || text.charAt(10) != 'T') return null;
    Instant plain = plainTimestamp(text);
    if (plain != null) return plain;
    String t = text;
    if (t.length() > 30 && t.charAt(19) == '.') {
      for (int i = 20; i < t.length() - 1; i++) if (t.charAt(i) < '0' || t.charAt(i) > '9') return null;
      t = t.substring(0, 29) + "Z";
    }
    boolean leap = t.charAt(17) == '6' && t.charAt(18) == '0';
    if (leap) t = t.substring(0, 17) + "59" + t.substring(19);
    try {
      Instant at = Instant.parse(t);
      return leap ? at.with(ChronoField.NANO_OF_SECOND, 999_999_999) : at;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * The common form, {@code yyyy-MM-ddTHH:mm:ss[.f]Z} with one to nine fraction digits and every field
   * in range, read directly; null for anything else (a leap second, a wider year, a field out of range
   * or not digits), which {@link Instant#parse} then judges, so both give the same answer. A node
   * reading a large collection's indicators read three timestamps each, and the formatter was 15 %
   * of the time it took.
   */
  static Instant plainTimestamp(String t) {
    int n = t.length();
    if (n != 20 && (n < 22 || n > 30 || t.charAt(19) != '.')) return null;
    if (t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':' || t.charAt(16) != ':' || t.charAt(n - 1) != 'Z') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 7);
    int day = digits(t, 8, 10);
    int hour = digits(t, 11, 13);
    int minute = digits(t, 14, 16);
    int second = digits(t, 17, 19);
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    if (day > Month.of(month).length(Year.isLeap(year))) return null;
    int nano = 0;
    if (n > 20) {
      int fraction = digits(t, 20, n - 1);
      if (fraction < 0) return null;
      nano = fraction;
      for (int i = n - 21; i < 9; i++) nano *= 10;
    }
    long days = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(days * 86_400 + hour * 3_600 + minute * 60 + second, nano);
  }

  /** The decimal value of t[from, to) (at most nine digits), or -1 when a character is not an ASCII digit. */
  private static int digits(String t, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** NFC, as §9.6.1 requires for LIKE and MATCHES (their values, and here their patterns too). */
  public static String nfc(String s) {
    boolean plain = true;
    for (int i = 0; i < s.length() && plain; i++) plain = s.charAt(i) < 0x300; // below combining marks
    if (plain) return s;
    return Normalizer.isNormalized(s, Normalizer.Form.NFC) ? s : Normalizer.normalize(s, Normalizer.Form.NFC);
  }

  private static int sign(int c) {
    return Integer.signum(c);
  }
}
