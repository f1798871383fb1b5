package dev.parley.store.objects;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** TAXII timestamps: RFC 3339 in UTC with a {@code Z}, written with microseconds (TAXII 2.1 §2). */
public final class Timestamps {
  private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  /** The TAXII form, with microseconds. */
  public static String format(Instant t) {
    return MICROS.format(t);
  }

  /** The STIX form used for versions: milliseconds, or microseconds when the value needs them. */
  public static String formatVersion(Instant t) {
    return t.getNano() % 1_000_000 == 0 ? MILLIS.format(t) : MICROS.format(t);
  }

  /**
   * Parses an RFC 3339 timestamp in UTC ({@code Z}), truncated to the microseconds the store keeps;
   * throws {@link IllegalArgumentException} when it is not one.
   */
  public static Instant parse(String s) {
    if (s == null || !s.endsWith("Z") || s.length() < 20 || s.charAt(10) != 'T') {
      throw new IllegalArgumentException("not an RFC 3339 UTC timestamp (YYYY-MM-DDTHH:MM:SS[.s+]Z): " + s);
    }
    try {
      return OffsetDateTime.parse(s).toInstant().truncatedTo(ChronoUnit.MICROS);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not an RFC 3339 UTC timestamp (YYYY-MM-DDTHH:MM:SS[.s+]Z): " + s, e);
    }
  }
}
