package dev.parley.stix;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The one reader and writer of timestamps, STIX 2.1 §2.16 and TAXII 2.1 §2 alike: RFC 3339 in UTC,
 * {@code YYYY-MM-DDTHH:mm:ss[.s+]Z}. The validator asks {@link #problem}, the store and the TAXII
 * server {@link #parse}; both accept exactly the same texts. Instants are kept to the microsecond
 * (the store's precision): more fraction digits are accepted and truncated. A leap second (second
 * 60) is refused: no instant represents it, and versions must compare.
 *
 * <p>Read and written by hand rather than with {@link DateTimeFormatter}: every stored version and
 * every row of a TAXII page passes through here, and the formatter cost more than the rest of the
 * row (profile of {@code parley import}). Years outside 0000-9999 are written by the formatter.
 */
public final class Timestamps {
  private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final String FORM = "is not of the form YYYY-MM-DDTHH:mm:ss[.s+]Z (STIX 2.1 §2.16, TAXII 2.1 §2)";

  private Timestamps() {}

  /** Why {@code text} is not a timestamp, or null when it is one. */
  public static String problem(String text) {
    Object r = scan(text);
    return r instanceof String why ? why : null;
  }

  /** The instant of a timestamp, truncated to the microsecond; throws {@link IllegalArgumentException} saying why when it is not one. */
  public static Instant parse(String text) {
    Object r = scan(text);
    if (r instanceof String why) throw new IllegalArgumentException("'" + text + "' " + why);
    return (Instant) r;
  }

  /** The number of fraction digits of a valid timestamp. */
  public static int fractionDigits(String text) {
    int dot = text.indexOf('.');
    return dot < 0 ? 0 : text.length() - dot - 2;
  }

  /**
   * Compares two valid timestamps as instants at full precision: the fixed-width prefix sorts as
   * text and the fractions are compared as digit strings of equal length.
   */
  public static int compare(String a, String b) {
    int head = a.substring(0, 19).compareTo(b.substring(0, 19));
    if (head != 0) return head;
    String fa = fraction(a);
    String fb = fraction(b);
    int width = Math.max(fa.length(), fb.length());
    return (fa + "0".repeat(width - fa.length())).compareTo(fb + "0".repeat(width - fb.length()));
  }

  /** The TAXII form, with microseconds. */
  public static String format(Instant t) {
    return write(t, 6, MICROS);
  }

  /** The STIX form used for versions: milliseconds, or microseconds when the value needs them. */
  public static String formatVersion(Instant t) {
    return t.getNano() % 1_000_000 == 0 ? write(t, 3, MILLIS) : write(t, 6, MICROS);
  }

  /** The instant of {@code text}, or a message saying why it is not a timestamp. Allocates nothing but the result. */
  private static Object scan(String text) {
    if (text == null) return FORM;
    int n = text.length();
    if (n < 20 || text.charAt(n - 1) != 'Z' || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
        || text.charAt(13) != ':' || text.charAt(16) != ':') {
      return FORM;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) return FORM;
    int micros = 0;
    if (n > 20) {
      if (text.charAt(19) != '.' || n == 21) return FORM;
      for (int i = 20; i < n - 1; i++) {
        char c = text.charAt(i);
        if (c < '0' || c > '9') return FORM;
        if (i < 26) micros = micros * 10 + (c - '0');
      }
      for (int i = Math.min(n - 1, 26); i < 26; i++) micros *= 10;
    }
    if (month < 1 || month > 12 || day < 1 || day > LocalDate.of(year, month, 1).lengthOfMonth()) return "is not a calendar date";
    if (hour > 23 || minute > 59 || second > 59) return second == 60 ? "is a leap second, which no stored instant represents" : "is not a time of day";
    long days = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, micros * 1_000L);
  }

  /** The decimal value of {@code count} digits at {@code at}, or -1 when one is not a digit. */
  private static int digits(String s, int at, int count) {
    int v = 0;
    for (int i = at; i < at + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static String fraction(String t) {
    int dot = t.indexOf('.');
    return dot < 0 ? "" : t.substring(dot + 1, t.length() - 1);
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
}
