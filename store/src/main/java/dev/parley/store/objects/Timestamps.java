package dev.parley.store.objects;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * TAXII timestamps: RFC 3339 in UTC with a {@code Z}, written with microseconds (TAXII 2.1 §2).
 *
 * <p>Written and read by hand rather than with {@link DateTimeFormatter}: every stored version and
 * every row of a TAXII page passes through here, and the formatter cost more than the rest of the
 * row (profile of {@code parley import}). Years outside 0000-9999 take the formatter.
 */
public final class Timestamps {
  private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  /** The TAXII form, with microseconds. */
  public static String format(Instant t) {
    return write(t, 6, MICROS);
  }

  /** The STIX form used for versions: milliseconds, or microseconds when the value needs them. */
  public static String formatVersion(Instant t) {
    return t.getNano() % 1_000_000 == 0 ? write(t, 3, MILLIS) : write(t, 6, MICROS);
  }

  private static String write(Instant t, int digits, DateTimeFormatter fallback) {
    LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
    int year = d.getYear();
    if (year < 0 || year > 9999) return fallback.format(t);
    char[] c = new char[21 + digits];
    put(c, 0, year, 4);
    c[4] = '-';
    put(c, 5, d.getMonthValue(), 2);
    c[7] = '-';
    put(c, 8, d.getDayOfMonth(), 2);
    c[10] = 'T';
    put(c, 11, d.getHour(), 2);
    c[13] = ':';
    put(c, 14, d.getMinute(), 2);
    c[16] = ':';
    put(c, 17, d.getSecond(), 2);
    c[19] = '.';
    put(c, 20, t.getNano() / (digits == 3 ? 1_000_000 : 1_000), digits);
    c[20 + digits] = 'Z';
    return new String(c);
  }

  private static void put(char[] c, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /**
   * Parses an RFC 3339 timestamp in UTC ({@code YYYY-MM-DDTHH:MM:SS[.s+]Z}, one to nine fraction
   * digits), truncated to the microseconds the store keeps; throws {@link IllegalArgumentException}
   * when it is not one.
   */
  public static Instant parse(String s) {
    if (s == null || s.length() < 20 || s.length() > 30 || s.charAt(s.length() - 1) != 'Z'
        || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
      throw malformed(s);
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    int nanos = 0;
    int end = s.length() - 1;
    if (end > 19) {
      int fraction = end - 20;
      if (s.charAt(19) != '.' || fraction < 1 || fraction > 9) throw malformed(s);
      nanos = digits(s, 20, fraction);
      for (int i = fraction; i < 9; i++) nanos *= 10;
    }
    if ((year | month | day | hour | minute | second | nanos) < 0 || hour > 23 || minute > 59 || second > 59) throw malformed(s);
    try {
      long days = LocalDate.of(year, month, day).toEpochDay();
      return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos - nanos % 1_000);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("not a valid date: " + s, e);
    }
  }

  /** The decimal value of {@code n} digits at {@code at}, or -1 when one is not a digit. */
  private static int digits(String s, int at, int n) {
    int v = 0;
    for (int i = at; i < at + n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static IllegalArgumentException malformed(String s) {
    return new IllegalArgumentException("not an RFC 3339 UTC timestamp (YYYY-MM-DDTHH:MM:SS[.s+]Z): " + s);
  }
}
