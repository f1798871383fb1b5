package dev.parley.detect.telemetry;

import static dev.parley.detect.telemetry.Items.detect;
import static dev.parley.detect.telemetry.Items.observations;
import static dev.parley.detect.telemetry.Items.readText;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.pattern.observe.Observation;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
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
   * A resource record's owner resolves to its data, and the name asked to every host of its answer
   * section, past the first observation's values as before them: each name's resolutions in a
   * record padded with 1,100 answers of another owner are those of the same record unpadded
   * (hostile run 12as D1: past 1,016, the owner's resolution went to the name asked).
   */
  @Test
  void ownersPastTheFirstValues_resolveAsInTheSmallRecord() {
    String[][] layouts = {
        // EVE version 3: the answer, then an additional record of another owner
        {"EVE", "{" + T + ",\"event_type\":\"dns\",\"dns\":{\"version\":3,\"type\":\"response\",\"queries\":[{\"rrname\":"
            + "\"q.example\",\"rrtype\":\"A\"}],\"answers\":[PAD{\"rrname\":\"q.example\",\"rrtype\":\"A\",\"rdata\":\"10.200.0.1\"}],"
            + "\"additionals\":[{\"rrname\":\"o.example\",\"rrtype\":\"A\",\"rdata\":\"10.9.9.9\"}]}}"},
        // EVE version 2 detailed: a CNAME chain after the padding
        {"EVE", "{" + T + ",\"event_type\":\"dns\",\"dns\":{\"version\":2,\"type\":\"answer\",\"rrname\":\"q.example\",\"answers\":["
            + "PAD{\"rrname\":\"q.example\",\"rrtype\":\"CNAME\",\"rdata\":\"c.example\"},{\"rrname\":\"c.example\",\"rrtype\":\"A\","
            + "\"rdata\":\"10.9.9.9\"}]}}"},
        // ECS: the same chain in dns.answers
        {"ECS", "{\"@timestamp\":\"2026-11-30T10:00:00Z\",\"dns\":{\"question\":{\"name\":\"q.example\"},\"answers\":[PAD"
            + "{\"name\":\"q.example\",\"type\":\"CNAME\",\"data\":\"c.example\"},{\"name\":\"c.example\",\"type\":\"A\","
            + "\"data\":\"10.9.9.9\"}]}}"}};
    for (String[] layout : layouts) {
      TelemetryFormat format = TelemetryFormat.valueOf(layout[0]);
      boolean ecs = format == TelemetryFormat.ECS;
      String padding = list(N, i -> ecs ? "{\"name\":\"pad.example\",\"type\":\"A\",\"data\":\"" + address(i) + "\"}"
          : "{\"rrname\":\"pad.example\",\"rrtype\":\"A\",\"rdata\":\"" + address(i) + "\"}") + ",";
      String small = layout[1].replace("PAD", "") + "\n";
      String big = layout[1].replace("PAD", padding) + "\n";
      for (String name : List.of("q.example", "c.example", "o.example", "pad.example")) {
        for (String target : List.of("10.9.9.9", "10.200.0.1", "c.example")) {
          String pattern = "[domain-name:value = '" + name + "' AND domain-name:resolves_to_refs[*].value = '" + target + "']";
          assertThat(detect(format, big, "dns.json", pattern).sighted()).as(layout[1] + "\n" + pattern)
              .isEqualTo(detect(format, small, "dns.json", pattern).sighted());
        }
      }
      // and the small record resolves as it says, so that the comparison above compares something
      assertThat(detect(format, small, "dns.json", "[domain-name:resolves_to_refs[*].value = '10.9.9.9']").sighted()).isEqualTo(1);
    }
  }

  /**
   * A message's sender and recipients are in the record's first observation, with the message that
   * names them, whatever lists of values the record also holds: an e-mail of 1,015 attachments, a
   * Zeek smtp record of 1,100 RCPT TO addresses, an EVE smtp event of as many (hostile run 12as D2:
   * from_ref and to_refs stopped matching).
   */
  @Test
  void messageReferences_matchedPastLongListsOfValues() {
    String hash = "%064x";
    String from = "[email-message:from_ref.value = 'bad@evil.example']";
    String to = "[email-message:to_refs[*].value = 'v@corp.example']";
    String ecs = "{\"@timestamp\":\"2026-11-30T10:00:00Z\",\"source\":{\"ip\":\"192.0.2.1\"},\"email\":{\"from\":{\"address\":"
        + "\"bad@evil.example\"},\"to\":{\"address\":[\"v@corp.example\"]},\"attachments\":["
        + list(1_015, i -> "{\"file\":{\"name\":\"a" + i + ".bin\",\"hash\":{\"sha256\":\"" + String.format(hash, i) + "\"}}}") + "]}}\n";
    String zeek = "{\"_path\":\"smtp\",\"ts\":1764496800.0,\"uid\":\"C3\",\"id.orig_h\":\"10.9.0.9\",\"id.resp_h\":\"10.9.0.25\","
        + "\"rcptto\":[" + list(N, i -> "\"r" + i + "@corp.example\"") + "],\"from\":\"bad@evil.example\",\"to\":[\"v@corp.example\"]}\n";
    String eve = "{" + T + ",\"event_type\":\"smtp\",\"src_ip\":\"10.9.0.9\",\"dest_ip\":\"10.9.0.25\",\"smtp\":{\"rcpt_to\":["
        + list(N, i -> "\"<r" + i + "@corp.example>\"") + "]},\"email\":{\"from\":\"bad@evil.example\",\"to\":[\"v@corp.example\"]}}\n";
    String[][] cases = {{"ECS", ecs}, {"ZEEK", zeek}, {"EVE", eve}};
    for (String[] c : cases) {
      TelemetryFormat format = TelemetryFormat.valueOf(c[0]);
      assertThat(detect(format, c[1], "mail.log", from).sighted()).as(c[0] + " " + from).isEqualTo(1);
      assertThat(detect(format, c[1], "mail.log", to).sighted()).as(c[0] + " " + to).isEqualTo(1);
    }
  }

  /**
   * A message of more recipients than one observation holds: a recipient past them is reached
   * through {@code to_refs}, a Cc after them through {@code cc_refs}, each beside the message's
   * sender and subject, in every format that reads messages (STIX 2.1 §6.6; hostile run 12au D1:
   * past the first 1,016 values a recipient was an address alone, and the Cc in no {@code cc_refs}).
   */
  @Test
  void recipientsPastTheFirstValues_reachedThroughTheMessagesReferences() {
    String to = "[" + list(N, i -> "\"r" + i + "@corp.example\"") + "]";
    String cc = "[\"c1@corp.example\",\"c2@corp.example\"]";
    String ecs = "{\"@timestamp\":\"2026-11-30T10:00:00Z\",\"email\":{\"from\":{\"address\":\"bad@evil.example\"},\"subject\":\"Invoice\","
        + "\"to\":{\"address\":" + to + "},\"cc\":{\"address\":" + cc + "}}}\n";
    String zeek = "{\"_path\":\"smtp\",\"ts\":1764496800.0,\"uid\":\"C4\",\"id.orig_h\":\"10.9.0.9\",\"id.resp_h\":\"10.9.0.25\","
        + "\"from\":\"bad@evil.example\",\"subject\":\"Invoice\",\"to\":" + to + ",\"cc\":" + cc + "}\n";
    String eve = "{" + T + ",\"event_type\":\"smtp\",\"src_ip\":\"10.9.0.9\",\"dest_ip\":\"10.9.0.25\",\"email\":{\"from\":"
        + "\"bad@evil.example\",\"subject\":\"Invoice\",\"to\":" + to + ",\"cc\":" + cc + "}}\n";
    String[] patterns = {
        "[email-message:to_refs[*].value = 'r1090@corp.example']",
        "[email-message:to_refs[*].value = 'r3@corp.example']",
        "[email-message:cc_refs[*].value = 'c2@corp.example']",
        "[email-message:from_ref.value = 'bad@evil.example' AND email-message:to_refs[*].value = 'r1090@corp.example']",
        "[email-message:subject = 'Invoice' AND email-message:cc_refs[*].value = 'c1@corp.example']"};
    String[][] cases = {{"ECS", ecs}, {"ZEEK", zeek}, {"EVE", eve}};
    for (String[] c : cases) {
      TelemetryFormat format = TelemetryFormat.valueOf(c[0]);
      for (String p : patterns) assertThat(detect(format, c[1], "mail.log", p).sighted()).as(c[0] + " " + p).isEqualTo(1);
      // a recipient is in the To list only, a Cc in the Cc list only
      assertThat(detect(format, c[1], "mail.log", "[email-message:cc_refs[*].value = 'r1090@corp.example']").sighted())
          .as(c[0]).isZero();
      assertThat(detect(format, c[1], "mail.log", "[email-message:to_refs[*].value = 'c2@corp.example']").sighted())
          .as(c[0]).isZero();
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
        assertThat(m.reason()).startsWith("the line's members read as trees (DNS answers, attachments, e-mail lists) hold more than " + JsonTrees.MAX_NODES + " JSON values (column ");
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

  /**
   * Objects past what a record's continuations take are counted, not kept (hostile run 12as D3: a
   * line of 333,000 certificate fingerprints kept every certificate until its record was built, and
   * a 128 MB heap ran out): the record is read, its continuations hold what a record gives, the
   * rest is left out and counted.
   */
  @Test
  void certificatesPastWhatARecordGives_countedNotKept() throws Exception {
    int n = 40_000;
    String ssl = "{\"_path\":\"ssl\",\"ts\":1764496800.0,\"uid\":\"C2\",\"id.orig_h\":\"10.9.0.9\",\"id.resp_h\":\"203.0.113.44\","
        + "\"cert_chain_fps\":[" + list(n, i -> "\"a\"") + "]}\n";
    try (TelemetryReader reader = TelemetryFormat.ZEEK.open(new ByteArrayInputStream(ssl.getBytes(StandardCharsets.UTF_8)), "ssl.log")) {
      List<TelemetryItem> items = Items.readAll(reader);
      assertThat(Items.malformed(items)).isEmpty();
      assertThat(items.stream().filter(TelemetryItem.Continued.class::isInstance)).isNotEmpty();
      int objects = items.stream().mapToInt(i -> i instanceof TelemetryItem.Record r ? r.observation().objects().size()
          : i instanceof TelemetryItem.Continued c ? c.observation().objects().size() : 0).sum();
      // the two ends, the connection and the certificates a record gives
      assertThat(objects).isEqualTo(ObservationBuilder.RECORD_VALUES + 1);
      assertThat(reader.droppedValues()).isEqualTo(n + 2 - ObservationBuilder.RECORD_VALUES);
    }
  }
}
