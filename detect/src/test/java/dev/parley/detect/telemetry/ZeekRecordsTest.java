package dev.parley.detect.telemetry;

import static dev.parley.detect.telemetry.Items.detect;
import static dev.parley.detect.telemetry.Items.malformed;
import static dev.parley.detect.telemetry.Items.observations;
import static dev.parley.detect.telemetry.Items.readText;
import static dev.parley.detect.telemetry.Items.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.detect.Detector;
import dev.parley.pattern.observe.Observation;
import dev.parley.policy.Tlp;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Zeek fields a hostile tester found unmapped (issue 12), in records written by hand after Zeek's
 * log reference: smtp.log's fields are those of {@code SMTP::Info} in
 * base/protocols/smtp/main.zeek ({@code ts uid id trans_depth helo mailfrom rcptto date from to cc
 * reply_to msg_id in_reply_to subject x_originating_ip first_received second_received last_reply
 * path user_agent tls fuids}; {@code path} a {@code vector of addr}, {@code reply_to} a string);
 * the ASCII writer's JSON mode with {@code LogAscii::json_timestamps = JSON::TS_MILLIS}
 * (base/frameworks/logging/writers/ascii.zeek) writes {@code ts} as integer milliseconds. Each value
 * is checked in the observation and through a detector with the reader's screen.
 */
class ZeekRecordsTest {
  private static final String SMTP_JSON = "{\"_path\":\"smtp\",\"ts\":1764496803.5,\"uid\":\"CSmtp2\",\"id.orig_h\":\"192.168.4.80\","
      + "\"id.orig_p\":25025,\"id.resp_h\":\"198.51.100.25\",\"id.resp_p\":25,\"trans_depth\":1,\"helo\":\"mail.evil.example\","
      + "\"mailfrom\":\"<phish@evil.example>\",\"rcptto\":[\"<victim@corp.example>\"],\"from\":\"\\\"Payroll\\\" <phish@evil.example>\","
      + "\"to\":[\"victim@corp.example\"],\"reply_to\":\"\\\"Payroll Desk\\\" <Collect@Drop.Example>\",\"subject\":\"Invoice\","
      + "\"user_agent\":\"Mutt/2.2.12\",\"path\":[\"198.51.100.25\",\"203.0.113.77\",\"2001:DB8::25\"],\"tls\":false}\n";

  private static final String SMTP_TSV = """
      #separator \\x09
      #set_separator\t,
      #empty_field\t(empty)
      #unset_field\t-
      #path\tsmtp
      #fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\ttrans_depth\thelo\tmailfrom\trcptto\tfrom\tto\treply_to\tsubject\tuser_agent\tpath
      #types\ttime\tstring\taddr\tport\taddr\tport\tcount\tstring\tstring\tset[string]\tstring\tset[string]\tstring\tstring\tstring\tvector[addr]
      1764496803.500000\tCSmtp3\t192.168.4.80\t25025\t198.51.100.25\t25\t1\tmail.evil.example\t<phish@evil.example>\t<victim@corp.example>\t"Payroll" <phish@evil.example>\tvictim@corp.example\tDesk <Collect@Drop.Example>\tInvoice\tMutt/2.2.12\t198.51.100.25,203.0.113.77,2001:db8::25
      """;

  @Test
  void smtpJson_replyToAndPath_scos() {
    Observation o = observations(readText(TelemetryFormat.ZEEK, SMTP_JSON, "smtp.log")).get(0);
    // the display name dropped, the domain normalised, the local part kept (as from and to)
    assertThat(values(o, "email-addr")).contains("Collect@drop.example");
    assertThat(values(o, "ipv4-addr")).contains("203.0.113.77");
    assertThat(values(o, "ipv6-addr")).containsExactly("2001:db8::25");
  }

  @Test
  void smtpTsv_replyToAndPath_scos() {
    Observation o = observations(readText(TelemetryFormat.ZEEK, SMTP_TSV, "smtp.log")).get(0);
    assertThat(values(o, "email-addr")).contains("Collect@drop.example");
    assertThat(values(o, "ipv4-addr")).contains("203.0.113.77");
    assertThat(values(o, "ipv6-addr")).containsExactly("2001:db8::25");
  }

  @Test
  void smtp_replyToAndPath_sightedThroughTheScreen() {
    for (String log : List.of(SMTP_JSON, SMTP_TSV)) {
      assertThat(detect(TelemetryFormat.ZEEK, log, "smtp.log", "[email-addr:value = 'Collect@Drop.Example']").sighted()).isEqualTo(1);
      assertThat(detect(TelemetryFormat.ZEEK, log, "smtp.log", "[ipv4-addr:value = '203.0.113.77']").sighted()).isEqualTo(1);
      assertThat(detect(TelemetryFormat.ZEEK, log, "smtp.log", "[ipv6-addr:value = '2001:db8::25']").sighted()).isEqualTo(1);
      // the mailer (smtp.log's user_agent: the User-Agent or X-Mailer header) in the message's headers (STIX 2.1 §6.6)
      assertThat(detect(TelemetryFormat.ZEEK, log, "smtp.log", "[email-message:additional_header_fields.'User-Agent' LIKE 'Mutt/%']")
          .sighted()).isEqualTo(1);
    }
  }

  @Test
  void json_integerTs_millisecondsOverTenToTheElevenElseSeconds() {
    String text = """
        {"_path":"conn","ts":1764496800123,"uid":"C1","id.orig_h":"10.0.0.1","id.resp_h":"198.51.100.7"}
        {"_path":"conn","ts":1764496800,"uid":"C2","id.orig_h":"10.0.0.1","id.resp_h":"198.51.100.7"}
        {"_path":"conn","ts":100000000001,"uid":"C3","id.orig_h":"10.0.0.1","id.resp_h":"198.51.100.7"}
        {"_path":"conn","ts":100000000000,"uid":"C4","id.orig_h":"10.0.0.1","id.resp_h":"198.51.100.7"}
        {"_path":"conn","ts":-100000000001,"uid":"C5","id.orig_h":"10.0.0.1","id.resp_h":"198.51.100.7"}
        {"_path":"conn","ts":1764496800.123456,"uid":"C6","id.orig_h":"10.0.0.1","id.resp_h":"198.51.100.7"}
        {"_path":"conn","ts":"2025-11-30T10:00:00.5Z","uid":"C7","id.orig_h":"10.0.0.1","id.resp_h":"198.51.100.7"}
        {"_path":"conn","ts":176449680012300000,"uid":"C8","id.orig_h":"10.0.0.1","id.resp_h":"198.51.100.7"}
        """;
    List<TelemetryItem> items = readText(TelemetryFormat.ZEEK, text, "conn.log");
    List<Instant> times = observations(items).stream().map(Observation::firstObserved).toList();
    assertThat(times).containsExactly(
        Instant.parse("2025-11-30T10:00:00.123Z"), // JSON::TS_MILLIS
        Instant.parse("2025-11-30T10:00:00Z"),
        Instant.ofEpochMilli(100_000_000_001L), // 1973-03-03
        Instant.ofEpochSecond(100_000_000_000L), // not over 10^11: seconds, in the year 5138
        Instant.ofEpochMilli(-100_000_000_001L), // 1966
        Instant.ofEpochSecond(1764496800L, 123_456_000), // Zeek's default
        Instant.parse("2025-11-30T10:00:00.500Z")); // JSON::TS_ISO8601
    // as milliseconds past the year 9999: no STIX timestamp names it
    assertThat(malformed(items)).extracting(TelemetryItem.Malformed::line).containsExactly(8L);
  }

  @Test
  void json_millisecondTs_sightedThroughTheScreenAndScreenedAtItsTime() {
    String conn = "{\"_path\":\"conn\",\"ts\":1764496800123,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.1\",\"id.resp_h\":\"198.51.100.7\"}\n";
    assertThat(detect(TelemetryFormat.ZEEK, conn, "conn.log", "[ipv4-addr:value = '198.51.100.7']").sighted()).isEqualTo(1);
    assertThat(detect(TelemetryFormat.ZEEK, conn, "conn.log", "[ipv4-addr:value = '198.51.100.8']").screened()).isEqualTo(1);
    String dns = "{\"_path\":\"dns\",\"ts\":1764496800123,\"uid\":\"C2\",\"id.orig_h\":\"10.0.0.1\",\"id.resp_h\":\"10.0.0.53\","
        + "\"query\":\"a.example\"}\n";
    TelemetryReader reader = TelemetryFormat.ZEEK.open(new ByteArrayInputStream(dns.getBytes(StandardCharsets.UTF_8)), "dns.log");
    List<TelemetryItem> items = Items.readAll(reader.screening(new Detector(List.of(), Tlp.GREEN).screen()));
    assertThat(items).containsExactly(new TelemetryItem.Screened(1, Instant.parse("2025-11-30T10:00:00.123Z")));
  }
}
