package dev.parley.stix.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Rules;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** STIX 2.1 §2.16 timestamps: RFC 3339 in UTC, {@code YYYY-MM-DDTHH:mm:ss[.s+]Z}. */
final class Timestamps {
  private Timestamps() {}

  private static final Pattern FORM =
      Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?Z");

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

  /** Why {@code text} is not a STIX timestamp, or null when it is one. */
  static String problem(String text) {
    Matcher m = FORM.matcher(text);
    if (!m.matches()) return "is not of the form YYYY-MM-DDTHH:mm:ss[.s+]Z (STIX 2.1 §2.16)";
    try {
      LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    } catch (DateTimeException e) {
      return "is not a calendar date";
    }
    if (Integer.parseInt(m.group(4)) > 23 || Integer.parseInt(m.group(5)) > 59 || Integer.parseInt(m.group(6)) > 60) {
      return "is not a time of day";
    }
    return null;
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
