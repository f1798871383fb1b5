package dev.parley.stix.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Rules;

/** STIX 2.1 §2.16 timestamps: RFC 3339 in UTC, {@code YYYY-MM-DDTHH:mm:ss[.s+]Z}. */
final class Timestamps {
  private Timestamps() {}


  static void check(JsonNode v, String p, Context ctx, boolean versioning) {
    if (!v.isTextual()) {
      ctx.error(Rules.PROPERTY_TYPE, p, "must be a timestamp string, found " + Types.kind(v));
      return;
    }
    String why = problem(v.textValue());
    if (why != null) {
      ctx.error(Rules.TIMESTAMP_SYNTAX, p, "'" + v.textValue() + "' " + why);
      return;
    }
    if (versioning) {
      int digits = fractionDigits(v.textValue());
      if (digits < 3) {
        ctx.error(Rules.TIMESTAMP_PRECISION, p,
            "must be precise to at least the millisecond (three fraction digits, STIX 2.1 §3.2)");
      }
    }
  }

  /** Why {@code text} is not a STIX timestamp, or null when it is one. Hand-scanned: it is hot. */
  static String problem(String text) {
    int n = text.length();
    if (n < 20 || text.charAt(n - 1) != 'Z' || !digits(text, 0, 4) || text.charAt(4) != '-' || !digits(text, 5, 2)
        || text.charAt(7) != '-' || !digits(text, 8, 2) || text.charAt(10) != 'T' || !digits(text, 11, 2)
        || text.charAt(13) != ':' || !digits(text, 14, 2) || text.charAt(16) != ':' || !digits(text, 17, 2)) {
      return "is not of the form YYYY-MM-DDTHH:mm:ss[.s+]Z (STIX 2.1 §2.16)";
    }
    if (n != 20 && (text.charAt(19) != '.' || n == 21 || !digits(text, 20, n - 21))) {
      return "is not of the form YYYY-MM-DDTHH:mm:ss[.s+]Z (STIX 2.1 §2.16)";
    }
    int year = number(text, 0, 4);
    int month = number(text, 5, 2);
    int day = number(text, 8, 2);
    if (month < 1 || month > 12 || day < 1 || day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
      return "is not a calendar date";
    }
    if (number(text, 11, 2) > 23 || number(text, 14, 2) > 59 || number(text, 17, 2) > 60) {
      return "is not a time of day";
    }
    return null;
  }

  private static boolean digits(String s, int from, int count) {
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return false;
    }
    return true;
  }

  private static int number(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) v = v * 10 + (s.charAt(i) - '0');
    return v;
  }

  static int fractionDigits(String text) {
    int dot = text.indexOf('.');
    return dot < 0 ? 0 : text.length() - dot - 2;
  }

  /**
   * Compares two valid timestamps as instants; fraction digits of any length compare correctly
   * because the fixed-width prefix sorts as text and the fraction is compared numerically.
   */
  static int compare(String a, String b) {
    int head = a.substring(0, 19).compareTo(b.substring(0, 19));
    if (head != 0) return head;
    String fa = fraction(a);
    String fb = fraction(b);
    int width = Math.max(fa.length(), fb.length());
    return pad(fa, width).compareTo(pad(fb, width));
  }

  private static String fraction(String t) {
    int dot = t.indexOf('.');
    return dot < 0 ? "" : t.substring(dot + 1, t.length() - 1);
  }

  private static String pad(String s, int width) {
    return s + "0".repeat(width - s.length());
  }
}
