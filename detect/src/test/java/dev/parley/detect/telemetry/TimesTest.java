package dev.parley.detect.telemetry;

import static dev.parley.detect.telemetry.Items.malformed;
import static dev.parley.detect.telemetry.Items.observations;
import static dev.parley.detect.telemetry.Items.readText;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.pattern.value.Comparisons;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Record times out of reach (issue 12, a hostile run): a time no STIX timestamp can name (§2.16:
 * years 0001 to 9999, RFC 3339) makes its record malformed in every format, and is never read as
 * some other time. Offsets follow RFC 3339 §5.6 ({@code time-numoffset}: hours 00-23, minutes
 * 00-59), ECS's those of Elasticsearch's {@code strict_date_optional_time} (java.time's
 * {@code ZoneOffset}: at most 18:00).
 */
class TimesTest {
  /** Numbers that name no time: too large for any year (their low 64 bits are zero), infinite, not numbers. */
  private static final List<String> OUT_OF_REACH = List.of("1e300", "1e400", "-1e400", "1.7976931348623157e308", "1E+400",
      "1e20", "-1e20", "1e2147483648", "Infinity", "-Infinity", "NaN", "inf", "1" + "0".repeat(1200) + "e0",
      "1\u0667\u0666\u0664\u0664\u0666\u0660\u0668\u0660\u0660"); // Arabic-Indic digits, which Long.parseLong also reads

  /** The hostile run's finding: Zeek ts 1e400 (also -1e400, 1e300, Double.MAX_VALUE) read as 1970-01-01T00:00:00Z. */
  @Test
  void epochNumbers_hugeInfiniteOrNotNumbers_noTimeNeverTheEpoch() {
    for (String text : OUT_OF_REACH) {
      assertThat(Times.parse(text)).as(text).isNull();
      assertThat(Times.zeek(text)).as(text).isNull();
      assertThat(Times.parseDate(text)).as(text).isNull();
    }
  }

  /**
   * One text, one instant, in every format (issue 12: normalise "the same for every input form (STIX
   * observed-data included)"): a hostile run read 2016-12-31T23:59:60Z as the next day's midnight in
   * telemetry and as 23:59:59 in STIX, and refused STIX times of more than nine fraction digits
   * (§2.16 sets no bound). A leap second is the last nanosecond of its minute, between the second
   * before it and the next day.
   */
  @Test
  void leapSecondAndLongFractions_theSameInstantAsStix() {
    for (String text : List.of("2016-12-31T23:59:60Z", "2016-12-31T23:59:60.5Z", "2025-01-01T00:00:00.1234567890Z",
        "2025-01-01T00:00:00.123456789123456Z", "2025-01-01T00:00:00.5Z")) {
      Instant stix = Comparisons.timestamp(text);
      assertThat(stix).as(text).isNotNull();
      assertThat(Times.parse(text)).as(text).isEqualTo(stix);
    }
    Instant leap = Times.parse("2016-12-31T23:59:60Z");
    assertThat(leap).isAfter(Instant.parse("2016-12-31T23:59:59.999Z")).isBefore(Instant.parse("2017-01-01T00:00:00Z"));
    assertThat(Comparisons.timestamp("2025-01-01T00:00:00.1234567890Z"))
        .isEqualTo(Instant.parse("2025-01-01T00:00:00.123456789Z"));
    assertThat(Comparisons.timestamp("2025-01-01T00:00:00.12345678901x3Z")).isNull();
  }

  /** An exponent is read exactly; a value within a nanosecond of zero is the epoch, as a fraction's tenth digit is dropped. */
  @Test
  void epochNumbers_exponentsInReach_exact() {
    assertThat(Times.parse("1.7644608e9")).isEqualTo(Instant.ofEpochSecond(1_764_460_800L));
    assertThat(Times.parse("1.7644608000000000015e9")).isEqualTo(Instant.ofEpochSecond(1_764_460_800L, 1));
    assertThat(Times.parse("-1.5e0")).isEqualTo(Instant.ofEpochSecond(-1, -500_000_000));
    assertThat(Times.parse("2.53402300799999999999e11")).isEqualTo(Instant.parse("9999-12-31T23:59:59.999999999Z"));
    assertThat(Times.parse("2.534023008e11")).isNull(); // 10000-01-01
    assertThat(Times.parse("-6.21355968e10")).isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
    assertThat(Times.parse("-6.2135596801e10")).isNull();
    assertThat(Times.parse("1e-400")).isEqualTo(Instant.EPOCH);
    assertThat(Times.parse("-1e-2147483647")).isEqualTo(Instant.EPOCH);
    assertThat(Times.parse("-0")).isEqualTo(Instant.EPOCH); // negative zero is zero
    assertThat(Times.parse("-0.0")).isEqualTo(Instant.EPOCH);
    assertThat(Times.parseDate("1.7487360220005e12")).isEqualTo(Instant.parse("2025-06-01T00:00:22.000500Z"));
    assertThat(Times.parseDate("-1.5")).isEqualTo(Instant.parse("1969-12-31T23:59:59.998500Z"));
    assertThat(Times.parseDate("1e-2147483647")).isEqualTo(Instant.EPOCH);
    assertThat(Times.parseDate("2.534023008e14")).isNull();
  }

  /** RFC 3339 §5.6: an offset's hours are 00-23 and its minutes 00-59; a hostile run saw +25:00 accepted. */
  @Test
  void isoOffsets_past2359OrMalformed_noTime() {
    assertThat(Times.parse("2025-03-01T00:00:00+23:59")).isEqualTo(Instant.parse("2025-02-28T00:01:00Z"));
    assertThat(Times.parse("2025-03-01T00:00:00-23:59")).isEqualTo(Instant.parse("2025-03-01T23:59:00Z"));
    assertThat(Times.parse("2025-03-01T00:00:00+0530")).isEqualTo(Instant.parse("2025-02-28T18:30:00Z"));
    assertThat(Times.parse("2025-03-01T00:00:00+05")).isEqualTo(Instant.parse("2025-02-28T19:00:00Z"));
    for (String bad : List.of("+25:00", "+24:00", "-24:00", "+99:00", "+05:60", "+0560", "+05:", "+05:3", "+5:00", "+05:30x",
        "+05::30", "+", "++05:00")) {
      assertThat(Times.parse("2025-03-01T00:00:00" + bad)).as(bad).isNull();
      assertThat(Times.parseDate("2025-03-01T00:00:00" + bad)).as(bad).isNull();
    }
  }

  /** Elasticsearch reads offsets with java.time's ZoneOffset, which ends at ±18:00: an ECS date past it is none. */
  @Test
  void ecsOffsets_past1800_noTime() {
    assertThat(Times.parseDate("2025-03-01T00:00:00+18:00")).isEqualTo(Instant.parse("2025-02-28T06:00:00Z"));
    assertThat(Times.parseDate("2025-03-01T00:00:00-18:00")).isEqualTo(Instant.parse("2025-03-01T18:00:00Z"));
    assertThat(Times.parseDate("2025-03-01T00:00:00+18:01")).isNull();
    assertThat(Times.parseDate("2025-03-01T00:00:00+19:00")).isNull();
    assertThat(Times.parse("2025-03-01T00:00:00+19:00")).isEqualTo(Instant.parse("2025-02-28T05:00:00Z")); // RFC 3339 allows it
  }

  /** One record per format and time out of reach: each is malformed with the format's reason, none a record. */
  @Test
  void readers_timeOutOfReach_malformedInEveryFormat() {
    String indicatorIp = "203.0.113.10";
    for (String ts : List.of("1e300", "1e400", "-1e400", "1.7976931348623157e308", "1e20")) {
      String tsv = "#separator \\x09\n#fields\tts\tid.orig_h\tid.resp_h\n" + ts + "\t10.0.0.1\t" + indicatorIp + "\n";
      assertMalformed(TelemetryFormat.ZEEK, tsv, "conn.log", "no valid ts", ts);
      String json = "{\"_path\":\"conn\",\"ts\":" + ts + ",\"id.orig_h\":\"10.0.0.1\",\"id.resp_h\":\"" + indicatorIp + "\"}\n";
      assertMalformed(TelemetryFormat.ZEEK, json, "conn.log", "no valid ts", ts);
      String ecs = "{\"@timestamp\":" + ts + ",\"source\":{\"ip\":\"10.0.0.1\"},\"destination\":{\"ip\":\"" + indicatorIp + "\"}}\n";
      assertMalformed(TelemetryFormat.ECS, ecs, "ecs.ndjson", "no valid timestamp", ts);
    }
    assertMalformed(TelemetryFormat.ECS, "{\"@timestamp\":\"2025-03-01T00:00:00+25:00\",\"source\":{\"ip\":\"10.0.0.1\"}}\n",
        "ecs.ndjson", "no valid timestamp", "+25:00");
    assertMalformed(TelemetryFormat.EVE, "{\"timestamp\":\"2025-03-01T00:00:00.000000+2500\",\"event_type\":\"flow\","
        + "\"src_ip\":\"10.0.0.1\",\"dest_ip\":\"" + indicatorIp + "\"}\n", "eve.json", "no valid timestamp", "+2500");
    assertMalformed(TelemetryFormat.EVE, "{\"timestamp\":\"2025-03-01T00:00:00Z\",\"event_type\":\"flow\",\"flow\":{\"start\":"
        + "\"2025-03-01T00:00:00+24:00\"},\"src_ip\":\"10.0.0.1\"}\n", "eve.json", "", "flow.start +24:00 falls back to timestamp");
    String od = "{\"type\":\"observed-data\",\"spec_version\":\"2.1\",\"id\":\"observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf\","
        + "\"created\":\"2016-04-06T19:58:16.000Z\",\"modified\":\"2016-04-06T19:58:16.000Z\",\"first_observed\":\"0000-12-21T19:00:00Z\","
        + "\"last_observed\":\"0000-12-21T19:00:00Z\",\"number_observed\":1,\"objects\":{\"0\":{\"type\":\"ipv4-addr\",\"value\":\""
        + indicatorIp + "\"}}}\n";
    assertMalformed(TelemetryFormat.STIX, od, "od.jsonl", "observed-data observed outside the years 0001-9999", "year 0000");
  }

  /** The text reads as one malformed item with {@code reason} (empty: as one record, read at its other time). */
  private static void assertMalformed(TelemetryFormat format, String text, String source, String reason, String what) {
    List<TelemetryItem> items = readText(format, text, source);
    if (reason.isEmpty()) {
      assertThat(observations(items)).as(what).hasSize(1);
      assertThat(observations(items).get(0).firstObserved()).as(what).isEqualTo(Instant.parse("2025-03-01T00:00:00Z"));
      return;
    }
    assertThat(observations(items)).as(what).isEmpty();
    assertThat(malformed(items)).as(what).singleElement().extracting(TelemetryItem.Malformed::reason).isEqualTo(reason);
  }
}
