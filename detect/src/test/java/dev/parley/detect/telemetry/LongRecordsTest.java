package dev.parley.detect.telemetry;

import static dev.parley.detect.telemetry.Items.detect;
import static dev.parley.detect.telemetry.Items.observations;
import static dev.parley.detect.telemetry.Items.readText;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.pattern.observe.Observation;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Records of more values or objects than one observation holds ({@link ObservationBuilder#MAX_VALUES}),
 * read as a record and its continuations, matched as the record read whole would be: what a
 * pattern reaches through references, sets of such records, and records of many files or
 * certificates (hostile run 12ar).
 */
class LongRecordsTest {
  private static final String T = "\"timestamp\":\"2026-11-30T10:00:00.250000+0000\"";
  private static final int N = 1_100;
  /** An address past the first observation's values. */
  private static final String LATE = address(N - 3);

  private static String address(int i) {
    return "10." + (i >> 16) + '.' + (i >> 8 & 255) + '.' + (i & 255);
  }

  private static String list(int n, IntFunction<String> each) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n; i++) out.append(i == 0 ? "" : ",").append(each.apply(i));
    return out.toString();
  }

  private static String eveGrouped(String query) {
    return "{" + T + ",\"event_type\":\"dns\",\"src_ip\":\"10.9.0.53\",\"dest_ip\":\"10.9.0.9\",\"dns\":{\"version\":2,"
        + "\"type\":\"answer\",\"rrname\":\"" + query + "\",\"rrtype\":\"A\",\"grouped\":{\"A\":["
        + list(N, i -> '"' + address(i) + '"') + "]}}}";
  }

  private static String eveDetailed(String query) {
    return "{" + T + ",\"event_type\":\"dns\",\"src_ip\":\"10.9.0.53\",\"dest_ip\":\"10.9.0.9\",\"dns\":{\"version\":2,"
        + "\"type\":\"answer\",\"rrname\":\"" + query + "\",\"answers\":["
        + list(N, i -> "{\"rrname\":\"" + query + "\",\"rrtype\":\"A\",\"rdata\":\"" + address(i) + "\"}") + "]}}";
  }

  private static String ecs(String query) {
    return "{\"@timestamp\":\"2026-11-30T10:00:00Z\",\"dns\":{\"question\":{\"name\":\"" + query + "\"},\"answers\":["
        + list(N, i -> "{\"name\":\"" + query + "\",\"type\":\"A\",\"data\":\"" + address(i) + "\"}") + "]}}";
  }

  private static String zeek(String query) {
    return "{\"_path\":\"dns\",\"ts\":1764496800.0,\"uid\":\"C1\",\"id.orig_h\":\"10.9.0.9\",\"id.resp_h\":\"10.9.0.53\","
        + "\"query\":\"" + query + "\",\"answers\":[" + list(N, i -> '"' + address(i) + '"') + "]}";
  }

  private record Layout(String name, TelemetryFormat format, Function<String, String> line) { }

  private static final List<Layout> LAYOUTS = List.of(
      new Layout("EVE grouped", TelemetryFormat.EVE, LongRecordsTest::eveGrouped),
      new Layout("EVE detailed", TelemetryFormat.EVE, LongRecordsTest::eveDetailed),
      new Layout("ECS", TelemetryFormat.ECS, LongRecordsTest::ecs),
      new Layout("Zeek JSON", TelemetryFormat.ZEEK, LongRecordsTest::zeek));

  /**
   * The name asked resolves to every address its answer gives, past the first observation's values
   * too: the domain and its resolves_to_refs are in the continuation that holds the address
   * (STIX 2.1 §6.4 resolves_to_refs; hostile run 12ar D1: only {@code ipv4-addr:value} reached it).
   */
  @Test
  void resolvesToRefs_reachAnAnswerInAContinuation_inEveryLayout() {
    for (Layout l : LAYOUTS) {
      String text = l.line().apply("big.example") + "\n";
      List<Observation> parts = observations(readText(l.format(), text, "dns.log"));
      assertThat(parts).as(l.name()).hasSize(1); // observations() keeps records; the parts are continuations
      assertThat(detect(l.format(), text, "dns.log", "[domain-name:resolves_to_refs[*].value = '" + LATE + "']").sighted())
          .as(l.name()).isEqualTo(1);
      assertThat(detect(l.format(), text, "dns.log",
          "[domain-name:value = 'big.example' AND domain-name:resolves_to_refs[*].value = '" + LATE + "']").sighted())
          .as(l.name()).isEqualTo(1);
      assertThat(detect(l.format(), text, "dns.log",
          "[domain-name:value = 'other.example' AND domain-name:resolves_to_refs[*].value = '" + LATE + "']").sighted())
          .as(l.name() + ": only the name that resolves to it").isZero();
      // an early answer still reached in the record's own observation, and the record counted once
      assertThat(detect(l.format(), text, "dns.log", "[domain-name:resolves_to_refs[*].value ISSUBSET '10.0.0.0/8']").sighted())
          .as(l.name()).isEqualTo(1);
    }
  }

  /**
   * A set of two records each holding both sides of an AND, one side past the first observation's
   * values, is made as it is of the records read whole: one record's parts never pair with each
   * other, but each record pairs with the other (hostile run 12ar D3). FOLLOWEDBY likewise.
   */
  @Test
  void compound_bothSidesInEachOfTwoLongRecords_oneSet() {
    String early = address(1);
    for (Layout l : LAYOUTS) {
      String one = l.line().apply("a.example") + "\n";
      String two = one + l.line().apply("b.example") + "\n";
      String and = "[ipv4-addr:value = '" + early + "'] AND [ipv4-addr:value = '" + LATE + "']";
      String reversed = "[ipv4-addr:value = '" + LATE + "'] AND [ipv4-addr:value = '" + early + "']";
      String followed = "[ipv4-addr:value = '" + early + "'] FOLLOWEDBY [ipv4-addr:value = '" + LATE + "']";
      for (String pattern : List.of(and, reversed, followed)) {
        assertThat(detect(l.format(), one, "dns.log", pattern).sighted()).as(l.name() + ": one record is no set: " + pattern).isZero();
        assertThat(detect(l.format(), two, "dns.log", pattern).sighted()).as(l.name() + ": " + pattern).isEqualTo(1);
      }
      String three = two + l.line().apply("c.example") + "\n";
      assertThat(detect(l.format(), three, "dns.log", and).sighted()).as(l.name() + ": the third waits").isEqualTo(1);
      String four = three + l.line().apply("d.example") + "\n";
      assertThat(detect(l.format(), four, "dns.log", and).sighted()).as(l.name()).isEqualTo(2);
    }
  }

  /**
   * A line whose DNS answers are a megabyte of empty objects is malformed, with the reason, once its
   * trees reach {@link JsonTrees#MAX_NODES} values, not built whole (hostile run 12ar D4: 350,000
   * nodes, 50 to 80 MB of heap for one line); the next line is read. A DNS answer of 12,000 detailed
   * records, six values each, is read whole.
   */
  @Test
  void answersOfAMegabyteOfEmptyObjects_malformedWithTheReason_longRealAnswersRead() {
    String empties = list((LineReader.MAX_LINE - 400) / 3, i -> "{}");
    String eve = "{" + T + ",\"event_type\":\"dns\",\"src_ip\":\"10.9.0.53\",\"dns\":{\"version\":2,\"type\":\"answer\","
        + "\"rrname\":\"e.example\",\"answers\":[" + empties + "]}}\n";
    String ecs = "{\"@timestamp\":\"2026-11-30T10:00:00Z\",\"dns\":{\"question\":{\"name\":\"e.example\"},\"answers\":["
        + empties + "]}}\n";
    String next = "{" + T + ",\"event_type\":\"flow\",\"src_ip\":\"10.9.0.1\",\"dest_ip\":\"10.9.0.2\"}\n";
    for (TelemetryFormat format : List.of(TelemetryFormat.EVE, TelemetryFormat.ECS)) {
      String text = (format == TelemetryFormat.EVE ? eve : ecs) + next.replace("\"timestamp\"", format == TelemetryFormat.EVE
          ? "\"timestamp\"" : "\"@timestamp\"");
      List<TelemetryItem> items = readText(format, text, "dns.json");
      assertThat(Items.malformed(items)).as(format.name()).singleElement().satisfies(m -> {
        assertThat(m.line()).isEqualTo(1);
        assertThat(m.reason()).startsWith("the line's answers or attachments hold more than " + JsonTrees.MAX_NODES + " JSON values (column ");
      });
      assertThat(observations(items)).as(format.name()).hasSize(1);
    }
    String real = "{" + T + ",\"event_type\":\"dns\",\"src_ip\":\"10.9.0.53\",\"dns\":{\"version\":2,\"type\":\"answer\","
        + "\"rrname\":\"r.example\",\"answers\":[" + list(12_000, i -> "{\"rrname\":\"r.example\",\"rrtype\":\"A\",\"ttl\":60,"
        + "\"rdata\":\"" + address(i) + "\",\"class\":\"IN\"}") + "]}}\n";
    assertThat(real.length()).isLessThan(LineReader.MAX_LINE);
    assertThat(Items.malformed(readText(TelemetryFormat.EVE, real, "dns.json"))).isEmpty();
    assertThat(detect(TelemetryFormat.EVE, real, "dns.json", "[ipv4-addr:value = '" + address(11_999) + "']").sighted()).isEqualTo(1);
  }

  /**
   * A record of more files or certificates than one observation holds is read, the rest of them in
   * its continuations, not malformed whole (hostile run 12ar D5: an e-mail of 1,030 attachments and
   * a TLS chain of 1,100 certificates hid the records' addresses).
   */
  @Test
  void manyFilesOrCertificates_readWithContinuations_allMatched() {
    String hash = "%064x";
    String email = "{\"@timestamp\":\"2026-11-30T10:00:00Z\",\"source\":{\"ip\":\"198.51.100.7\"},\"email\":{\"attachments\":["
        + list(N, i -> "{\"file\":{\"name\":\"f" + i + ".bin\",\"hash\":{\"sha256\":\"" + String.format(hash, i) + "\"}}}") + "]}}\n";
    assertThat(Items.malformed(readText(TelemetryFormat.ECS, email, "mail.ndjson"))).isEmpty();
    assertThat(detect(TelemetryFormat.ECS, email, "mail.ndjson", "[ipv4-addr:value = '198.51.100.7']").sighted()).isEqualTo(1);
    assertThat(detect(TelemetryFormat.ECS, email, "mail.ndjson", "[file:hashes.'SHA-256' = '" + String.format(hash, N - 2) + "']")
        .sighted()).as("an attachment in a continuation").isEqualTo(1);
    assertThat(detect(TelemetryFormat.ECS, email, "mail.ndjson", "[file:name = 'f3.bin']").sighted()).isEqualTo(1);

    String ssl = "{\"_path\":\"ssl\",\"ts\":1764496800.0,\"uid\":\"C2\",\"id.orig_h\":\"10.9.0.9\",\"id.resp_h\":\"203.0.113.44\","
        + "\"server_name\":\"tls.example\",\"cert_chain_fps\":[" + list(N, i -> '"' + String.format(hash, i) + '"') + "]}\n";
    assertThat(Items.malformed(readText(TelemetryFormat.ZEEK, ssl, "ssl.log"))).isEmpty();
    assertThat(detect(TelemetryFormat.ZEEK, ssl, "ssl.log", "[ipv4-addr:value = '203.0.113.44']").sighted()).isEqualTo(1);
    assertThat(detect(TelemetryFormat.ZEEK, ssl, "ssl.log", "[domain-name:value = 'tls.example']").sighted()).isEqualTo(1);
    assertThat(detect(TelemetryFormat.ZEEK, ssl, "ssl.log",
        "[x509-certificate:hashes.'SHA-256' = '" + String.format(hash, N - 1) + "']").sighted()).isEqualTo(1);
  }
}
