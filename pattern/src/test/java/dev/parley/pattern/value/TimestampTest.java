package dev.parley.pattern.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * STIX timestamps (§2.16) read by {@link Comparisons#timestamp}: the direct reading of the common
 * form must answer exactly as {@link Instant#parse}, the reading it stands in for, on every input;
 * beyond it, a fraction of more than nine digits is read to the nanosecond (§2.16 sets no bound) and
 * a leap second is the last nanosecond of its minute.
 */
class TimestampTest {
  private static Instant parsed(String text) {
    String t = text;
    if (t.length() > 30 && t.charAt(19) == '.' && t.substring(20, t.length() - 1).chars().allMatch(c -> c >= '0' && c <= '9')) {
      t = t.substring(0, 29) + "Z";
    }
    boolean leap = t.length() >= 20 && t.startsWith("60", 17);
    if (leap) t = t.substring(0, 17) + "59" + t.substring(19);
    try {
      Instant at = Instant.parse(t);
      return leap ? at.plusNanos(999_999_999L - at.getNano()) : at;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  @Test
  void timestamp_commonForms_asInstantParse() {
    for (String t : new String[] {"2016-01-01T00:00:00Z", "2016-01-01T00:00:00.000Z", "2016-05-12T08:17:27.123456789Z",
        "2024-02-29T23:59:59.5Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z"}) {
      assertThat(Comparisons.plainTimestamp(t)).as(t).isNotNull().isEqualTo(Instant.parse(t));
      assertThat(Comparisons.timestamp(t)).as(t).isEqualTo(Instant.parse(t));
    }
  }

  @Test
  void timestamp_outOfTheCommonForm_leftToInstantParse() {
    for (String t : new String[] {"2023-02-29T00:00:00Z", "2016-13-01T00:00:00Z", "2016-04-31T00:00:00Z", "2016-01-01T24:00:00Z",
        "2016-12-31T23:59:60Z", "2016-01-01T00:60:00Z", "2016-01-01T00:00:00.Z", "2016-01-01T00:00:00.1234567890Z",
        "+12016-01-01T00:00:00Z", "2016-01-01T00:00:00+00:00", "2016-01-01t00:00:00Z", "2016-01-01T00:00:00z",
        "2016-01-01T00:00:0\u0660Z", "2016-1-01T00:00:00.00Z", "2016-01-01T00:00:00,000Z"}) {
      assertThat(Comparisons.plainTimestamp(t)).as(t).isNull();
      assertThat(Comparisons.timestamp(t)).as(t).isEqualTo(t.endsWith("Z") && t.length() >= 20 && t.charAt(10) == 'T' ? parsed(t) : null);
    }
  }

  /** Seeded: timestamps with one character changed, dropped or added, each read both ways. */
  @Test
  void timestamp_mutatedForms_sameAsInstantParse() {
    Random r = new Random(2016);
    String alphabet = "0123456789-:.TZ+ tz\u0661";
    for (int round = 0; round < 200_000; round++) {
      StringBuilder s = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", r.nextInt(10000), 1 + r.nextInt(13), 1 + r.nextInt(31),
          r.nextInt(25), r.nextInt(61), r.nextInt(61)));
      if (r.nextBoolean()) {
        s.append('.');
        for (int i = r.nextInt(11); i > 0; i--) s.append((char) ('0' + r.nextInt(10)));
      }
      s.append('Z');
      switch (r.nextInt(4)) {
        case 0 -> s.setCharAt(r.nextInt(s.length()), alphabet.charAt(r.nextInt(alphabet.length())));
        case 1 -> s.deleteCharAt(r.nextInt(s.length()));
        case 2 -> s.insert(r.nextInt(s.length() + 1), alphabet.charAt(r.nextInt(alphabet.length())));
        default -> { }
      }
      String t = s.toString();
      Instant plain = Comparisons.plainTimestamp(t);
      if (plain != null) assertThat(plain).as(t).isEqualTo(parsed(t));
      boolean shape = t.length() >= 20 && t.charAt(t.length() - 1) == 'Z' && t.charAt(10) == 'T';
      assertThat(Comparisons.timestamp(t)).as(t).isEqualTo(shape ? parsed(t) : null);
    }
  }
}
