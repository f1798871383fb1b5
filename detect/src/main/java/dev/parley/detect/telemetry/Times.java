package dev.parley.detect.telemetry;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Timestamps as logs write them: epoch seconds with a fraction (Zeek's {@code time}; Zeek's JSON
 * writer may also write integer milliseconds, {@link #zeek}) and ISO 8601
 * / RFC 3339 text with or without a zone ({@code Z}, {@code +01:00}, Suricata's {@code +0100};
 * none is UTC). Hand-parsed: this runs once per record. Null when the text is neither, or names an
 * instant outside the years 0001 to 9999: a STIX timestamp (§2.16, RFC 3339) has four digits of
 * year, and a sighting at such a time would be an object no one could read (a record without a valid
 * time is malformed). A number too large for any such year ({@code 1e400}, {@code -1e400},
 * {@code 1.7976931348623157e308}) is null too, never the epoch its low bits would make; a number
 * within a nanosecond of zero ({@code 1e-400}, {@code -0}) is the epoch, as the tenth digit of a
 * fraction is dropped. An offset is at most 23:59 (RFC 3339 §5.6), in ECS dates at most 18:00
 * (Elasticsearch reads offsets with {@link java.time.ZoneOffset}, which ends there); {@code +25:00}
 * or {@code +05:} is no time.
 */
final class Times {
  private Times() {}

  private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");

  static Instant parse(String text) {
    if (text == null || text.isEmpty()) return null;
    char first = text.charAt(0);
    if (text.length() > 10 && text.charAt(4) == '-') return inRange(iso(text, RFC_3339_OFFSET));
    if (first >= '0' && first <= '9' || first == '-') return inRange(epoch(text));
    return null;
  }

  /**
   * A Zeek time: epoch seconds with a fraction (the writers' default), ISO 8601 text
   * ({@code JSON::TS_ISO8601}), or an integer, which {@code JSON::TS_MILLIS} writes as milliseconds
   * since the epoch: read as milliseconds when its magnitude is over 10^11 (as seconds, that is past
   * the year 5138; as milliseconds, after March 1973), else as seconds.
   */
  static Instant zeek(String text) {
    long integer = integer(text);
    if (integer == Long.MIN_VALUE) return parse(text);
    boolean millis = integer > MILLIS_ABOVE || integer < -MILLIS_ABOVE;
    return inRange(millis ? Instant.ofEpochMilli(integer) : Instant.ofEpochSecond(integer));
  }

  private static final long MILLIS_ABOVE = 100_000_000_000L;

  /** The value of an optional '-' and 1 to 18 digits; Long.MIN_VALUE for any other text. */
  private static long integer(String text) {
    if (text == null) return Long.MIN_VALUE;
    int n = text.length();
    int i = n > 0 && text.charAt(0) == '-' ? 1 : 0;
    if (i == n || n - i > 18) return Long.MIN_VALUE;
    long v = 0;
    for (int j = i; j < n; j++) {
      char c = text.charAt(j);
      if (c < '0' || c > '9') return Long.MIN_VALUE;
      v = v * 10 + (c - '0');
    }
    return i == 1 ? -v : v;
  }

  /**
   * A date as Elasticsearch reads one by default ({@code strict_date_optional_time||epoch_millis}):
   * ISO 8601 text, a date alone ({@code 2023-11-14}, its midnight in UTC, as Elasticsearch reads a
   * date without a time or zone) included, or a number of milliseconds since the epoch (ECS's
   * {@code @timestamp} and {@code event.start} are such dates).
   */
  static Instant parseDate(String text) {
    if (text == null || text.isEmpty()) return null;
    if (text.length() >= 10 && text.charAt(4) == '-') return inRange(iso(text, ZONE_OFFSET));
    char first = text.charAt(0);
    if (!(first >= '0' && first <= '9' || first == '-')) return null;
    return decimal(text, 3, RoundingMode.FLOOR);
  }

  /** The largest offset from UTC a time may name: 23:59 (RFC 3339 §5.6, {@code time-numoffset}). */
  private static final int RFC_3339_OFFSET = 23 * 3600 + 59 * 60;
  /** The largest offset {@link java.time.ZoneOffset}, and so Elasticsearch, reads: 18:00. */
  private static final int ZONE_OFFSET = 18 * 3600;

  /** Whether {@code t} lies in the years 0001 to 9999, which a STIX timestamp can name. */
  static boolean inYears(Instant t) {
    return inRange(t) != null;
  }

  private static Instant inRange(Instant t) {
    return t == null || t.isBefore(FIRST) || t.isAfter(LAST) ? null : t;
  }

  /** Past every year a STIX timestamp names (9999 is 2.5 * 10^11 seconds away), and far within a long. */
  private static final BigDecimal SECONDS_BEYOND = BigDecimal.valueOf(1_000_000_000_000L);
  private static final BigDecimal NANOSECOND = BigDecimal.ONE.movePointLeft(9);
  private static final BigInteger BILLION = BigInteger.valueOf(1_000_000_000L);
  /** Longer number texts are no time (JSON's own numbers are read up to 1,000 characters). */
  private static final int LONGEST_NUMBER = 1000;

  /**
   * The instant of a decimal number, exponent allowed, of seconds since the epoch ({@code unitDigits}
   * 0) or of milliseconds (3), cut to the nanosecond with {@code rounding}; null when it is no number
   * or lies past the years 0001 to 9999. The magnitude is judged before anything is converted: a
   * BigDecimal's {@code longValue} keeps the low 64 bits, and those of 10^400 are zero (a hostile
   * run saw {@code ts} 1e400 read as 1970-01-01).
   */
  private static Instant decimal(String text, int unitDigits, RoundingMode rounding) {
    if (text.length() > LONGEST_NUMBER || !asciiNumber(text)) return null;
    try {
      BigDecimal number = new BigDecimal(text);
      BigDecimal magnitude = number.abs(); // compared in the number's unit: moving its point could overflow the scale
      if (magnitude.compareTo(SECONDS_BEYOND.movePointRight(unitDigits)) > 0) return null;
      if (magnitude.compareTo(NANOSECOND.movePointRight(unitDigits)) < 0) return Instant.EPOCH; // within a nanosecond of it
      BigInteger nanos = number.movePointLeft(unitDigits).setScale(9, rounding).unscaledValue();
      BigInteger[] split = nanos.divideAndRemainder(BILLION); // a negative remainder goes back from the whole second
      return inRange(Instant.ofEpochSecond(split[0].longValueExact(), split[1].longValue()));
    } catch (NumberFormatException | ArithmeticException | DateTimeException notANumber) {
      return null;
    }
  }

  /** Epoch seconds, e.g. {@code 1300475167.096535}; exact to the nanosecond. */
  static Instant epoch(String text) {
    Instant plain = plainEpoch(text);
    if (plain != null) return plain;
    if (!asciiNumber(text)) return null;
    int dot = text.indexOf('.');
    try {
      if (dot < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) return Instant.ofEpochSecond(Long.parseLong(text));
      if (text.indexOf('e') >= 0 || text.indexOf('E') >= 0) return decimal(text, 0, RoundingMode.DOWN);
      long seconds = Long.parseLong(text.substring(0, dot));
      String fraction = text.substring(dot + 1);
      if (fraction.length() > 9) fraction = fraction.substring(0, 9);
      for (int i = 0; i < fraction.length(); i++) if (!Character.isDigit(fraction.charAt(i))) return null;
      long nanos = fraction.isEmpty() ? 0 : Long.parseLong(fraction) * POW10[9 - fraction.length()];
      return Instant.ofEpochSecond(seconds, text.startsWith("-") ? -nanos : nanos);
    } catch (NumberFormatException | DateTimeException | ArithmeticException notANumber) {
      return null;
    }
  }

  /** Whether the text holds only ASCII digits, points, signs and exponent marks: BigDecimal and Long.parseLong also read other scripts' digits. */
  private static boolean asciiNumber(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) return false;
    }
    return true;
  }

  /** The common form, 1 to 18 digits, a dot and 1 to 9 digits, read without substrings; else null. */
  private static Instant plainEpoch(String text) {
    int n = text.length();
    long seconds = 0;
    int i = 0;
    for (; i < n && i < 18; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') break;
      seconds = seconds * 10 + (c - '0');
    }
    if (i == 0 || i == n || text.charAt(i) != '.' || n - i - 1 < 1 || n - i - 1 > 9) return null;
    if (seconds > Instant.MAX.getEpochSecond()) return null; // the general path says why
    long nanos = 0;
    for (int j = i + 1; j < n; j++) {
      char c = text.charAt(j);
      if (c < '0' || c > '9') return null;
      nanos = nanos * 10 + (c - '0');
    }
    return Instant.ofEpochSecond(seconds, nanos * POW10[9 - (n - i - 1)]);
  }

  private static final long[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000};

  /** ISO 8601 text whose offset from UTC is at most {@code maxOffset} seconds; null for any other text. */
  private static Instant iso(String s, int maxOffset) {
    try {
      int year = digits(s, 0, 4);
      if (s.charAt(4) != '-' || s.charAt(7) != '-') return null;
      int month = digits(s, 5, 2);
      int day = digits(s, 8, 2);
      if (s.length() == 10) return LocalDate.of(year, month, day).atStartOfDay().toInstant(ZoneOffset.UTC);
      char t = s.charAt(10);
      if (t != 'T' && t != 't' && t != ' ') return null;
      int hour = digits(s, 11, 2);
      if (s.charAt(13) != ':') return null;
      int minute = digits(s, 14, 2);
      int i = 16;
      int second = 0;
      if (i < s.length() && s.charAt(i) == ':') {
        second = digits(s, 17, 2);
        i = 19;
      }
      long nanos = 0;
      if (i < s.length() && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
        int start = ++i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
        if (i == start) return null;
        String fraction = s.substring(start, Math.min(i, start + 9));
        nanos = Long.parseLong(fraction) * POW10[9 - fraction.length()];
      }
      int offsetSeconds = 0;
      if (i < s.length()) {
        char z = s.charAt(i);
        if (z == 'Z' || z == 'z') {
          i++;
        } else if (z == '+' || z == '-') {
          // +HH, +HHMM or +HH:MM; a colon with no minutes after it is no offset
          int oh = digits(s, i + 1, 2);
          int j = i + 3;
          int om = 0;
          if (j < s.length()) {
            if (s.charAt(j) == ':') j++;
            om = digits(s, j, 2);
            j += 2;
          }
          if (om > 59 || oh * 3600 + om * 60 > maxOffset) return null;
          offsetSeconds = (z == '-' ? -1 : 1) * (oh * 3600 + om * 60);
          i = j;
        } else {
          return null;
        }
      }
      if (i != s.length()) return null;
      long days = LocalDate.of(year, month, day).toEpochDay();
      if (hour > 23 || minute > 59 || second > 60) return null;
      // a leap second is the last nanosecond of its minute, as STIX timestamps read it (Comparisons.timestamp)
      if (second == 60) {
        second = 59;
        nanos = 999_999_999;
      }
      long epoch = days * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
      return Instant.ofEpochSecond(epoch, nanos);
    } catch (NumberFormatException | DateTimeException | StringIndexOutOfBoundsException notATime) {
      return null;
    }
  }

  private static int digits(String s, int at, int n) {
    int v = 0;
    for (int i = at; i < at + n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') throw new NumberFormatException(s);
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
