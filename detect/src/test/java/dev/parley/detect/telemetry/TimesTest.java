package dev.parley.detect.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Record times as the logs write them, and the instants no STIX timestamp can name (§2.16: four digits of year). */
class TimesTest {
  @Test
  void parse_epochSecondsAndIso_exact() {
    assertThat(Times.parse("1300475167.096535")).isEqualTo(Instant.parse("2011-03-18T19:06:07.096535Z"));
    assertThat(Times.parse("1300475167")).isEqualTo(Instant.parse("2011-03-18T19:06:07Z"));
    assertThat(Times.parse("2025-06-01T00:00:00.000001+0100")).isEqualTo(Instant.parse("2025-05-31T23:00:00.000001Z"));
  }

  /** A hostile run sent ts 10000000000000 (year 318857): its sighting was an object the store refused, and the hit was lost. */
  @Test
  void parse_outsideYears1To9999_null() {
    assertThat(Times.parse("10000000000000")).isNull();
    assertThat(Times.parse("253402300800.0")).isNull(); // 10000-01-01
    assertThat(Times.parse("253402300799.999999")).isEqualTo(Instant.parse("9999-12-31T23:59:59.999999Z"));
    assertThat(Times.parse("-62135596801")).isNull(); // one second before 0001-01-01
    assertThat(Times.parse("1e30")).isNull();
  }

  /** ECS dates are Elasticsearch dates: a number is milliseconds since the epoch (its default format, epoch_millis). */
  @Test
  void parseDate_numberIsEpochMillis_textIsIso() {
    assertThat(Times.parseDate("1748736022000")).isEqualTo(Instant.parse("2025-06-01T00:00:22Z"));
    assertThat(Times.parseDate("1748736022000.5")).isEqualTo(Instant.parse("2025-06-01T00:00:22.000500Z"));
    assertThat(Times.parseDate("-1")).isEqualTo(Instant.parse("1969-12-31T23:59:59.999Z"));
    assertThat(Times.parseDate("2025-06-01T00:00:22.123Z")).isEqualTo(Instant.parse("2025-06-01T00:00:22.123Z"));
    assertThat(Times.parseDate("1748736022000000000")).isNull(); // year 55 million
    assertThat(Times.parseDate("99999999999999999999999")).isNull();
    assertThat(Times.parseDate("now")).isNull();
  }
}
