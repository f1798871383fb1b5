package dev.parley.stix;

import static dev.parley.testing.Generators.longs;
import static dev.parley.testing.Generators.zip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.testing.Randomized;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written TAXII timestamps (TAXII 2.1 §2: RFC 3339, UTC) agree with java.time. */
class TimestampsTest {
  private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  @Test
  void format_anyInstantOfYears0To9999_sameAsJavaTime() {
    Randomized.check(1000, zip(longs(-62_167_219_200L, 253_402_300_799L), longs(0, 999_999), (second, micros) ->
        Instant.ofEpochSecond(second, micros * 1000)), t -> {
          assertThat(Timestamps.format(t)).isEqualTo(MICROS.format(t));
          assertThat(Timestamps.parse(Timestamps.format(t))).isEqualTo(t);
          String version = Timestamps.formatVersion(t);
          assertThat(Timestamps.parse(version)).isEqualTo(t);
          assertThat(version).hasSize(t.getNano() % 1_000_000 == 0 ? 24 : 27);
        });
  }

  @Test
  void parse_nanoseconds_truncatedToMicros() {
    DateTimeFormatter nanos = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
    Randomized.check(1000, zip(longs(0, 4_102_444_800L), longs(0, 999_999_999), Instant::ofEpochSecond), t -> {
      String text = nanos.format(t);
      assertThat(Timestamps.parse(text)).isEqualTo(t.truncatedTo(ChronoUnit.MICROS));
      assertThat(Timestamps.parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MICROS));
    });
  }

  @Test
  void parse_fractionsOfAnyLength() {
    assertThat(Timestamps.parse("2016-01-01T00:00:00Z")).isEqualTo(Instant.parse("2016-01-01T00:00:00Z"));
    assertThat(Timestamps.parse("2016-01-01T00:00:00.1Z")).isEqualTo(Instant.parse("2016-01-01T00:00:00.100Z"));
    assertThat(Timestamps.parse("2016-02-29T23:59:59.123456789Z")).isEqualTo(Instant.parse("2016-02-29T23:59:59.123456Z"));
    assertThat(Timestamps.parse("2016-02-29T23:59:59.12345678901234Z")).isEqualTo(Instant.parse("2016-02-29T23:59:59.123456Z"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2016-01-01T00:00:60Z", "2016-02-30T00:00:00Z", "2016-01-01T00:00:00.Z", "2016-01-01T00:00:00.1234567890Z",
      "2016-01-01T00:00:00.001Z", "x", "2016-01-01T00:00:00+00:00"})
  void problemAndParse_sameVerdict(String text) {
    // the validator and the store read timestamps with one scanner: what one accepts, the other does
    String why = Timestamps.problem(text);
    if (why == null) {
      assertThat(Timestamps.parse(text)).isNotNull();
    } else {
      assertThatThrownBy(() -> Timestamps.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(why);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "2016-01-01", "2016-01-01T00:00:00", "2016-01-01T00:00:00+01:00", "2016-01-01 00:00:00Z",
      "2016-13-01T00:00:00Z", "2016-02-30T00:00:00Z", "2015-02-29T00:00:00Z", "2016-01-01T24:00:00Z", "2016-01-01T00:60:00Z",
      "2016-01-01T00:00:60Z", "2016-01-01T00:00:00.Z", "2016-01-01T00:00:00,1Z",
      "2016-01-01t00:00:00Z", "20a6-01-01T00:00:00Z", "2016-01-01T00:00:0aZ"})
  void parse_notRfc3339Utc_refused(String text) {
    assertThatThrownBy(() -> Timestamps.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
