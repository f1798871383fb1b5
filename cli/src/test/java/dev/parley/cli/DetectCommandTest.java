package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.detect.Detector;
import dev.parley.detect.IndicatorSet;
import dev.parley.detect.telemetry.TelemetryFormat;
import dev.parley.detect.telemetry.TelemetryReader;
import dev.parley.ingest.Ingest;
import dev.parley.ingest.detect.SightingsCollection;
import dev.parley.ingest.detect.TelemetryDetection;
import dev.parley.policy.Tlp;
import dev.parley.stix.Json;
import dev.parley.store.Stores;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String IND = "indicator--9e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";

  @TempDir Path dir;

  @Test
  void detect_zeekTsvWithPlantedHits_bundleWithExactSighting() throws Exception {
    Path log = zeekConn();
    Path indicators = indicators("[ipv4-addr:value = '198.51.100.7']", Tlp.RED.tlp1Id().orElseThrow());
    TestCli.Result r = TestCli.runExactly("detect", "--telemetry", log.toString(), "--telemetry-format", "zeek",
        "--indicators", indicators.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode bundle = JSON.readTree(r.out());
    assertThat(bundle.get("type").asText()).isEqualTo("bundle");
    JsonNode sighting = sightings(bundle.get("objects")).get(0);
    assertThat(sighting.get("count").asInt()).isEqualTo(2);
    assertThat(sighting.get("first_seen").asText()).isEqualTo("2025-11-30T10:00:00.123456Z");
    assertThat(sighting.get("last_seen").asText()).isEqualTo("2025-11-30T10:00:02Z");
    assertThat(sighting.get("object_marking_refs").get(0).asText()).isEqualTo(Tlp.RED.tlp2Id());
    assertThat(r.err()).contains("records read: 3, malformed: 1").contains("indicators active: 1").contains("sightings: 1")
        .contains(log + ":11: ");
  }

  /** A Zeek TSV dns.log of one record over TCP: {@code query} answered by {@code n} addresses, {@code prefix} x.y. */
  private Path dnsLog(String query, String prefix, int n) throws IOException {
    StringBuilder answers = new StringBuilder();
    for (int i = 0; i < n; i++) answers.append(i == 0 ? "" : ",").append(prefix).append(i >> 8).append('.').append(i & 255);
    Path log = dir.resolve("dns-" + n + ".log");
    Files.writeString(log, "#separator \\x09\n#set_separator\t,\n#path\tdns\n#fields\tts\tuid\tid.orig_h\tid.resp_h\tproto\tquery\tanswers\n"
        + "1764496800.000000\tC1\t10.0.0.9\t10.0.0.53\ttcp\t" + query + "\t" + answers + "\n");
    return log;
  }

  /**
   * Hostile run 10r: a Zeek DNS record of 1,100 answers (over TCP) was malformed whole, and the lookup
   * of a known name in it went unseen; hostile run 12aq: the answers past the first thousand were left
   * out, and so never matched. The record is one record, its query and every answer matched.
   */
  @Test
  void detect_dnsAnswerOfMoreValuesThanTheBound_queryAndLastAnswerSightedOnce() throws Exception {
    Path log = dnsLog("evil.example.com", "10.9.", 1_100);
    for (String pattern : List.of("[domain-name:value = 'evil.example.com']", "[ipv4-addr:value = '10.9.4.75']",
        "[ipv4-addr:value ISSUBSET '10.9.0.0/16']")) {
      TestCli.Result r = TestCli.runExactly("detect", "--telemetry", log.toString(), "--telemetry-format", "zeek",
          "--indicators", indicators(pattern, null).toString(), "--format", "text");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.err()).as(pattern).contains("records read: 1, malformed: 0, repeated: 0").contains("sightings: 1")
          .doesNotContain("values left out");
      assertThat(r.out()).as(pattern).contains("count=1 ");
    }
  }

  /**
   * A record of more values than one record gives: the run says how many were left out, and past
   * what bound (the reader's own, not a number written twice), and matches the rest.
   */
  @Test
  void detect_recordPastTheValuesARecordGives_summaryCountsTheValuesLeftOut() throws Exception {
    Path log = dnsLog("left.example", "10.78.", 16_400);
    TestCli.Result r = TestCli.runExactly("detect", "--telemetry", log.toString(), "--telemetry-format", "zeek",
        "--indicators", indicators("[ipv4-addr:value = '10.78.60.0']", null).toString(), "--format", "text");
    assertThat(r.code()).as(r.err()).isZero();
    // the two ends, the name and 16,400 addresses: 16,403 values, of which a record gives 16,256
    assertThat(r.err()).contains("records read: 1, malformed: 0").contains("sightings: 1")
        .contains("values left out of records past the 16,256 one record gives (more than a DNS message holds;"
            + " each record detected with the rest): 147");
  }

  /**
   * A hostile indicator's MATCHES over a long URL (an unbounded search took a minute per 400 KB
   * line): the run completes, exit 0, and says how many searches it could not decide, and of which indicator.
   */
  @Test
  void detect_matchesOverItsWorkBound_runCompletesAndSaysSo() throws Exception {
    String url = "/" + ("a".repeat(39_999) + "b").repeat(5);
    Path eve = dir.resolve("eve.json");
    Files.writeString(eve, "{\"timestamp\":\"2025-06-01T00:00:00.000000+0000\",\"event_type\":\"http\",\"src_ip\":\"10.0.0.1\","
        + "\"src_port\":1,\"dest_ip\":\"10.0.0.2\",\"dest_port\":80,\"proto\":\"TCP\",\"http\":{\"hostname\":\"h.example\",\"url\":\""
        + url + "\"}}\n");
    TestCli.Result r = TestCli.runExactly("detect", "--telemetry", eve.toString(), "--telemetry-format", "eve",
        "--indicators", indicators("[url:value MATCHES '(a{1000}){40}']", null).toString(), "--format", "text");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("records read: 1, malformed: 0")
        .contains("parley: MATCHES or LIKE searches that met their work bound, counted as not matching: 1, counts of 1 indicators"
            + " may be low (indicator--");
  }

  /**
   * Issue 12, a hostile run: REPEATS 1500 TIMES over 1,500 records gave no sighting, and a pattern
   * whose waiting hits passed the bound lost sets without a word. The REPEATS counts; hits dropped
   * past a bound are said on standard error with the indicator; a REPEATS no bounded state could
   * reach is skipped, counted and named, not detected with as if active.
   */
  @Test
  void detect_repeatsPastOneThousandAndHitsPastTheBound_countedOrSaid() throws Exception {
    StringBuilder eve = new StringBuilder();
    Instant t0 = Instant.parse("2025-06-01T00:00:00Z");
    for (int i = 0; i < 1500; i++) {
      eve.append("{\"timestamp\":\"").append(t0.plusMillis(10L * i)).append("\",\"event_type\":\"flow\",\"src_ip\":\"10.0.0.1\",\"src_port\":")
          .append(1000 + i).append(",\"dest_ip\":\"203.0.113.10\",\"dest_port\":443,\"proto\":\"TCP\"}\n");
    }
    Path telemetry = dir.resolve("eve.json");
    Files.writeString(telemetry, eve.toString());
    String[] run = {"detect", "--telemetry", telemetry.toString(), "--telemetry-format", "eve", "--format", "text", "--indicators"};

    TestCli.Result repeats = TestCli.runExactly(concat(run, indicators("[ipv4-addr:value = '203.0.113.10'] REPEATS 1500 TIMES WITHIN 300 SECONDS", null)));
    assertThat(repeats.code()).as(repeats.err()).isZero();
    assertThat(repeats.out()).contains("indicator=" + IND + " count=1 ");
    assertThat(repeats.err()).doesNotContain("dropped");

    TestCli.Result chain = TestCli.runExactly(concat(run, indicators(
        "[ipv4-addr:value = '203.0.113.10'] FOLLOWEDBY [domain-name:value = 'x.example'] FOLLOWEDBY [url:value = 'http://x.example/']", null)));
    assertThat(chain.code()).as(chain.err()).isZero();
    assertThat(chain.err()).contains("parley: hits dropped past the per-indicator limit: 476, counts of 1 indicators may be low (" + IND + ";");

    TestCli.Result huge = TestCli.runExactly(concat(run, indicators("[ipv4-addr:value = '203.0.113.10'] REPEATS 100000 TIMES", null)));
    assertThat(huge.code()).as(huge.err()).isZero();
    assertThat(huge.err()).contains("parley: indicator " + IND + ": skipped: REPEATS 100000 TIMES")
        .contains("indicators active: 0, skipped: 1 (other pattern types: 0, invalid: 0, REPEATS too large to count: 1, over their source's automaton states: 0)");
  }

  /**
   * Indicators a node's import refuses (an id that is no RFC 4122 UUID, no pattern_type, spec_version
   * 2.0, modified before created) are skipped as invalid, counted and named, as a node never holds
   * them; a valid version of the same id still counts (hostile run 12af: they were sighted, and the
   * bundle written named ids that parley validate refused).
   */
  @Test
  void detect_indicatorsTheNodeWouldRefuse_skippedAsInvalid() throws Exception {
    Path eve = dir.resolve("eve.json");
    Files.writeString(eve, "{\"timestamp\":\"2025-06-01T00:00:00.000000+0000\",\"event_type\":\"flow\",\"src_ip\":\"10.0.0.1\","
        + "\"src_port\":1,\"dest_ip\":\"203.0.113.10\",\"dest_port\":443,\"proto\":\"TCP\"}\n");
    String valid = indicator(IND, "2016-04-06T20:03:48.000Z", "2016-04-06T20:03:48.000Z", ",\"pattern_type\":\"stix\"");
    String badId = "indicator--not-a-uuid";
    String noType = "indicator--0e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";
    String old = "indicator--1e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";
    String backwards = "indicator--2e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";
    Path file = dir.resolve("refused.jsonl");
    Files.writeString(file, String.join("\n", valid,
        // a later version of the valid one that a node would refuse: the valid one still detects
        indicator(IND, "2016-04-06T20:03:48.000Z", "2017-01-01T00:00:00.000Z", ",\"pattern_type\":\"stix\",\"confidence\":101"),
        indicator(badId, "2016-04-06T20:03:48.000Z", "2016-04-06T20:03:48.000Z", ",\"pattern_type\":\"stix\""),
        indicator(noType, "2016-04-06T20:03:48.000Z", "2016-04-06T20:03:48.000Z", ""),
        indicator(old, "2016-04-06T20:03:48.000Z", "2016-04-06T20:03:48.000Z", ",\"pattern_type\":\"stix\"").replace("\"2.1\"", "\"2.0\""),
        indicator(backwards, "2016-04-06T20:03:48.000Z", "2015-01-01T00:00:00.000Z", ",\"pattern_type\":\"stix\"")) + "\n");
    TestCli.Result r = TestCli.runExactly("detect", "--telemetry", eve.toString(), "--telemetry-format", "eve", "--indicators",
        file.toString(), "--format", "text");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines()).singleElement().asString().contains("indicator=" + IND + " count=1 ");
    assertThat(r.err()).contains("indicators active: 1, skipped: 5 (other pattern types: 0, invalid: 5,");
    for (String id : List.of(badId, noType, old, backwards)) assertThat(r.err()).contains("parley: indicator " + id + ": not valid STIX: ");
  }

  private static String indicator(String id, String created, String modified, String extra) {
    return "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"created\":\"" + created + "\",\"modified\":\""
        + modified + "\",\"pattern\":\"[ipv4-addr:value = '203.0.113.10']\",\"valid_from\":\"2016-01-01T00:00:00Z\"" + extra + "}";
  }

  private static String[] concat(String[] run, Path indicators) {
    String[] out = Arrays.copyOf(run, run.length + 1);
    out[run.length] = indicators.toString();
    return out;
  }

  @Test
  void detect_jsonlAndText_sightingsAloneInOtherForms() throws Exception {
    Path log = zeekConn();
    Path indicators = indicators("[ipv4-addr:value = '198.51.100.7']", null);
    TestCli.Result jsonl = TestCli.runExactly("detect", "--telemetry", log.toString(), "--telemetry-format", "zeek",
        "--indicators", indicators.toString(), "--format", "jsonl", "--tlp", "green",
        "--identity", "identity--0d5e2a3c-4b6f-4c3e-9a1d-2f3e4d5c6b7a");
    assertThat(jsonl.code()).isZero();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : jsonl.out().split("\n")) lines.add(JSON.readTree(line));
    JsonNode sighting = sightings(lines).get(0);
    assertThat(sighting.get("where_sighted_refs").get(0).asText()).isEqualTo("identity--0d5e2a3c-4b6f-4c3e-9a1d-2f3e4d5c6b7a");
    assertThat(sighting.get("object_marking_refs").get(0).asText()).isEqualTo(Tlp.GREEN.tlp2Id());
    // the "JSON Lines of sighting objects": every line a sighting (the observed-data it names are in the bundle form)
    assertThat(lines).extracting(o -> o.get("type").asText()).containsOnly("sighting");

    TestCli.Result text = TestCli.runExactly("detect", "--telemetry", log.toString(), "--telemetry-format", "zeek",
        "--indicators", indicators.toString(), "--format", "text");
    assertThat(text.out().strip()).startsWith("sighting--").contains("indicator=" + IND + " count=2 ").endsWith("tlp=amber");
  }

  @Test
  void detect_missingTelemetry_exits1() throws Exception {
    TestCli.Result r = TestCli.runExactly("detect", "--telemetry", dir.resolve("none.log").toString(), "--telemetry-format", "eve",
        "--indicators", indicators("[ipv4-addr:value = '198.51.100.7']", null).toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("no such file");
  }

  /** Exit 1 "when the input could not be read": indicators that are not STIX content whole, or none at all. */
  @Test
  void detect_unreadableIndicators_exits1() throws Exception {
    Path conn = zeekConn();
    String good = Files.readString(indicators("[ipv4-addr:value = '198.51.100.7']", null));
    for (String content : new String[] {"garbage", "", "  \n", "{\"type\":\"bundle\",\"id\":\"bundle--6b1e2a7e-3b0c-4c8e-9b1a-0f7d6c5e4a3b\",\"objects\":[" + good.strip(),
        good + "{not json\n"}) {
      Path file = dir.resolve("bad-indicators.json");
      Files.writeString(file, content);
      TestCli.Result r = TestCli.runExactly("detect", "--telemetry", conn.toString(), "--telemetry-format", "zeek", "--indicators", file.toString());
      assertThat(r.code()).as(content).isEqualTo(1);
      assertThat(r.err()).as(content).contains("cannot read the indicators in " + file);
      assertThat(r.out()).as(content).isEmpty();
    }
    Path empty = dir.resolve("empty-bundle.json");
    Files.writeString(empty, "{\"type\":\"bundle\",\"id\":\"bundle--6b1e2a7e-3b0c-4c8e-9b1a-0f7d6c5e4a3b\",\"objects\":[]}");
    assertThat(TestCli.runExactly("detect", "--telemetry", conn.toString(), "--telemetry-format", "zeek", "--indicators", empty.toString()).code())
        .isEqualTo(0);
  }

  /**
   * Issue 12, a hostile run: EVE lines given as {@code --indicators} (the telemetry and indicator
   * files swapped) ran as a clean run, exit 0, "indicators active: 0". A file that holds no STIX object
   * at all is input that cannot be read (README.md: exit 1, invalid input), said with the file and
   * its first line; a bundle without an indicator is a run with none, exit 0, and the summary says so.
   */
  @Test
  void detect_indicatorsFileWithoutStix_exits1AndABundleWithoutIndicatorsSaysSo() throws Exception {
    Path eve = dir.resolve("eve.json");
    Files.writeString(eve, "{\"timestamp\":\"2025-06-01T00:00:00Z\",\"event_type\":\"flow\",\"src_ip\":\"10.0.0.1\"}\n"
        + "{\"timestamp\":\"2025-06-01T00:00:01Z\",\"event_type\":\"flow\",\"src_ip\":\"10.0.0.2\"}\n");
    TestCli.Result swapped = TestCli.runExactly("detect", "--telemetry", eve.toString(), "--telemetry-format", "eve", "--indicators", eve.toString());
    assertThat(swapped.code()).as(swapped.err()).isEqualTo(1);
    assertThat(swapped.err()).contains(eve + ":1: not a STIX object")
        .contains("cannot read the indicators in " + eve + ": it holds no STIX object");
    assertThat(swapped.out()).isEmpty();
    // with a line cut short too, the file is still said to hold no STIX (hostile run bd D1: only "1 malformed (above)")
    Path cut = dir.resolve("eve-cut.json");
    Files.writeString(cut, Files.readString(eve) + "{\"timestamp\":\"2025-06-01T00:00:02Z\",\"event_t\n");
    TestCli.Result cutShort = TestCli.runExactly("detect", "--telemetry", eve.toString(), "--telemetry-format", "eve", "--indicators", cut.toString());
    assertThat(cutShort.code()).as(cutShort.err()).isEqualTo(1);
    assertThat(cutShort.err()).contains(cut + ":3:").contains("1 malformed (above); the objects read hold no STIX object (line 1")
        .contains("is it telemetry? (--telemetry)");

    Path identityOnly = dir.resolve("identity-only.json");
    Files.writeString(identityOnly, "{\"type\":\"bundle\",\"id\":\"bundle--6b1e2a7e-3b0c-4c8e-9b1a-0f7d6c5e4a3b\",\"objects\":["
        + "{\"type\":\"identity\",\"spec_version\":\"2.1\",\"id\":\"identity--0a0a0a0a-0000-4000-8000-000000000001\","
        + "\"created\":\"2025-01-01T00:00:00.000Z\",\"modified\":\"2025-01-01T00:00:00.000Z\",\"name\":\"x\"}]}");
    Path emptyBundle = dir.resolve("empty-bundle.json");
    Files.writeString(emptyBundle, "{\"type\":\"bundle\",\"id\":\"bundle--6b1e2a7e-3b0c-4c8e-9b1a-0f7d6c5e4a3b\",\"objects\":[]}");
    for (Path none : List.of(identityOnly, emptyBundle)) {
      TestCli.Result r = TestCli.runExactly("detect", "--telemetry", eve.toString(), "--telemetry-format", "eve", "--indicators", none.toString());
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.err()).contains("indicators active: 0").contains("; no indicators in " + none + " (" + (none == emptyBundle ? "0 STIX objects"
          : "1 STIX object") + ", none an indicator)");
    }
    TestCli.Result some = TestCli.runExactly("detect", "--telemetry", eve.toString(), "--telemetry-format", "eve", "--indicators",
        indicators("[ipv4-addr:value = '198.51.100.7']", null).toString());
    assertThat(some.err()).doesNotContain("no indicators in");
  }

  @Test
  void detect_unknownFormatOrTlp_exits2() throws Exception {
    Path ind = indicators("[ipv4-addr:value = '198.51.100.7']", null);
    assertThat(TestCli.runExactly("detect", "--telemetry", "-", "--telemetry-format", "pcap", "--indicators", ind.toString()).code()).isEqualTo(2);
    assertThat(TestCli.runExactly("detect", "--telemetry", "-", "--telemetry-format", "eve", "--indicators", ind.toString(), "--tlp", "purple").code())
        .isEqualTo(2);
    assertThat(TestCli.runExactly("detect", "--telemetry-format", "eve", "--indicators", ind.toString()).code()).isEqualTo(2);
  }

  /** A full disk or a closed standard output: the sightings are lost, so the run did not complete (it exited 0). */
  @Test
  void detect_outputCannotBeWritten_exits1() throws Exception {
    Path log = zeekConn();
    Path ind = indicators("[ipv4-addr:value = '198.51.100.7']", null);
    for (String format : List.of("bundle", "jsonl", "text")) {
      picocli.CommandLine cli = Parley.configure(new picocli.CommandLine(new Parley()));
      StringWriter err = new StringWriter();
      cli.setOut(new PrintWriter(new Writer() {
        @Override
        public void write(char[] b, int off, int len) throws IOException {
          throw new IOException("No space left on device");
        }

        @Override
        public void flush() throws IOException {
          throw new IOException("No space left on device");
        }

        @Override
        public void close() {}
      }));
      cli.setErr(new PrintWriter(err, true));
      int code = cli.execute("detect", "--telemetry", log.toString(), "--telemetry-format", "zeek", "--indicators", ind.toString(),
          "--format", format);
      assertThat(code).as(format + ": " + err).isEqualTo(1);
      assertThat(err.toString()).as(format).contains("cannot write the sightings");
    }
  }

  /**
   * --identity must name a valid identity (its id is every sighting's where_sighted_refs and
   * created_by_ref): an id whose UUID lacks RFC 4122's variant bits, a malformed id, and a file whose
   * identity is not valid STIX are usage errors (they made invalid output, exit 0); so is standard
   * input named for the indicators. A folder given as telemetry is named as such, without a Java
   * exception's class name.
   */
  @Test
  void detect_invalidIdentityOrArguments_exits2WithAMessage() throws Exception {
    Path log = zeekConn();
    Path ind = indicators("[ipv4-addr:value = '198.51.100.7']", null);
    Path bad = dir.resolve("identity.json");
    Files.writeString(bad, "{\"type\":\"identity\",\"id\":\"identity--bad\",\"name\":\"x\"}");
    Path partial = dir.resolve("identity2.json");
    Files.writeString(partial, "{\"type\":\"identity\",\"spec_version\":\"2.1\",\"id\":\"identity--0a0a0a0a-0000-4000-8000-000000000001\","
        + "\"name\":\"x\"}");
    for (String identity : List.of("identity--0a0a0a0a-0000-0000-0000-000000000001", "identity--zzz", bad.toString(), partial.toString(), "")) {
      TestCli.Result r = TestCli.runExactly("detect", "--telemetry", log.toString(), "--telemetry-format", "zeek", "--indicators",
          ind.toString(), "--identity", identity);
      assertThat(r.code()).as(identity + ": " + r.err()).isEqualTo(2);
      assertThat(r.err()).as(identity).contains("--identity").doesNotContain("Exception");
      assertThat(r.out()).isEmpty();
    }
    TestCli.Result good = TestCli.runExactly("detect", "--telemetry", log.toString(), "--telemetry-format", "zeek", "--indicators",
        ind.toString(), "--identity", "IDENTITY--0A0A0A0A-0000-4000-8000-000000000001".toLowerCase(Locale.ROOT));
    assertThat(good.code()).as(good.err()).isZero();

    TestCli.Result stdin = TestCli.runExactly("detect", "--telemetry", "-", "--telemetry-format", "zeek", "--indicators", "-");
    assertThat(stdin.code()).isEqualTo(2);
    assertThat(stdin.err()).contains("standard input");
    TestCli.Result folder = TestCli.runExactly("detect", "--telemetry", dir.toString(), "--telemetry-format", "zeek", "--indicators", ind.toString());
    assertThat(folder.code()).isEqualTo(1);
    assertThat(folder.err()).contains("is a directory").doesNotContain("java.io");
    TestCli.Result indicatorFolder = TestCli.runExactly("detect", "--telemetry", log.toString(), "--telemetry-format", "zeek", "--indicators",
        dir.toString());
    assertThat(indicatorFolder.code()).isEqualTo(1);
    assertThat(indicatorFolder.err()).contains("is a directory").doesNotContain("java.io");
  }

  /**
   * A hostile run: JSON that is not STIX given as STIX (an ECS record, {@code {"a":1}}) reported
   * "records read: 0, malformed: 0" and no line. Each such line is malformed, by number, with a reason.
   */
  @Test
  void detect_stixFormat_jsonThatIsNotStix_malformedWithItsLine() throws Exception {
    Path ecs = dir.resolve("ecs.jsonl");
    Files.writeString(ecs, "{\"@timestamp\":\"2025-11-30T10:00:00Z\",\"destination\":{\"ip\":\"198.51.100.7\"}}\n{\"a\":1}\n");
    TestCli.Result r = TestCli.runExactly("detect", "--telemetry", ecs.toString(), "--telemetry-format", "stix",
        "--indicators", indicators("[ipv4-addr:value = '198.51.100.7']", null).toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("records read: 0, malformed: 2").contains(ecs + ":1: not a STIX object").contains(ecs + ":2: not a STIX object");
  }

  /**
   * A hostile run: {@code detect --store} named a file's source by its absolute path, so the file
   * read again through a symbolic link (Zeek's {@code logs/current}) counted its records twice. The
   * source is the file's real path.
   */
  @Test
  void detect_store_sameFileThroughASymbolicLink_countedOnce() throws Exception {
    String id = TestCli.newId("indicator");
    String c = TestCli.newCollection();
    Path indicatorFile = TestCli.file(c + ".jsonl", TestCli.indicator(id, "2020-01-01T00:00:00.000Z") + "\n");
    assertThat(TestCli.run("import", indicatorFile.toString(), "--collection", c, "--quiet").code()).isZero();
    Path spool = Files.createDirectories(dir.resolve("spool"));
    Path log = spool.resolve("conn.ndjson");
    Files.writeString(log, "{\"@timestamp\":\"2025-11-30T10:00:00Z\",\"source\":{\"ip\":\"10.0.0.1\",\"port\":1},\"destination\":{\"ip\":\"192.0.2.1\"}}\n"
        + "{\"@timestamp\":\"2025-11-30T10:00:01Z\",\"source\":{\"ip\":\"10.0.0.1\",\"port\":2},\"destination\":{\"ip\":\"192.0.2.1\"}}\n");
    Path current = Files.createSymbolicLink(dir.resolve("current"), spool);

    TestCli.Result first = TestCli.run("detect", "--telemetry", log.toString(), "--telemetry-format", "ecs", "--collection", c, "--store",
        "--format", "text");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("count=2 ");
    TestCli.Result linked = TestCli.run("detect", "--telemetry", current.resolve("conn.ndjson").toString(), "--telemetry-format", "ecs",
        "--collection", c, "--store", "--format", "text");
    assertThat(linked.code()).as(linked.err()).isZero();
    assertThat(linked.out()).isBlank();
    assertThat(linked.err()).contains("records read: 2, malformed: 0, repeated: 2").contains("sightings: 0");
  }

  /**
   * Hostile run 12o: {@code detect --store} over a log the node follows counted its records again (6
   * events made 12): the file's source was its path, the folder's runs' the folder. Both are the
   * folder now, so a retro-hunt over a followed log finds what the node counted.
   */
  @Test
  void detect_store_overAFileTheNodeFollowedAndCounted_repeatsOnly() throws Exception {
    String id = TestCli.newId("indicator");
    String c = TestCli.newCollection();
    Path indicatorFile = TestCli.file(c + ".jsonl", TestCli.indicator(id, "2020-01-01T00:00:00.000Z") + "\n");
    assertThat(TestCli.run("import", indicatorFile.toString(), "--collection", c, "--quiet").code()).isZero();
    Path followed = Files.createDirectories(dir.resolve("followed-" + UUID.randomUUID().toString().substring(0, 6)));
    Path log = followed.resolve("conn.ndjson");
    Files.writeString(log, "{\"@timestamp\":\"2025-11-30T10:00:00Z\",\"source\":{\"ip\":\"10.0.0.1\",\"port\":1},\"destination\":{\"ip\":\"192.0.2.1\"}}\n"
        + "{\"@timestamp\":\"2025-11-30T10:00:01Z\",\"source\":{\"ip\":\"10.0.0.1\",\"port\":2},\"destination\":{\"ip\":\"192.0.2.1\"}}\n");
    // as the node's follower of that folder reads it: its source is the folder's
    Stores stores = TestCli.stores();
    try (Ingest ingest = new Ingest(stores);
        TelemetryDetection node = new TelemetryDetection(stores, ingest,
            SightingsCollection.ensure(stores, "api1").id(), "parley");
        TelemetryReader reader = TelemetryFormat.ECS.open(Files.newInputStream(log),
            TelemetryDetection.folderSource(followed.toRealPath()), log.toString())) {
      IndicatorSet.Builder b = new IndicatorSet.Builder();
      b.add((com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(TestCli.indicator(id, "2020-01-01T00:00:00.000Z")),
          IndicatorSet.Builder.LOCAL, Instant.parse("2020-01-02T00:00:00Z"));
      IndicatorSet set = b.build();
      var result = node.run(reader, TelemetryDetection.folderSource(followed.toRealPath()),
          Tlp.AMBER, set, Detector.compile(set.indicators()), true, bad -> {});
      assertThat(result.sightings()).hasSize(1);
    }
    TestCli.Result retro = TestCli.run("detect", "--telemetry", log.toString(), "--telemetry-format", "ecs", "--collection", c, "--store",
        "--format", "text");
    assertThat(retro.code()).as(retro.err()).isZero();
    assertThat(retro.err()).contains("records read: 2, malformed: 0, repeated: 2").contains("sightings: 0");
  }

  /**
   * Hostile run 10q: a file linked into a followed folder was the node's (the folder's source), and
   * {@code detect --store} over the link named the target's folder, so its records counted twice. A
   * file's source is the folder it is named in, by real path (a linked folder, as Zeek's
   * {@code logs/current}, resolved); the target named itself is its own folder's.
   */
  @Test
  void source_fileLinkedIntoAFolder_theFolderItIsNamedIn() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Path followed = Files.createDirectories(dir.resolve("followed"));
    Path target = Files.writeString(outside.resolve("conn2.log"), "#fields\tts\n");
    Path link = Files.createSymbolicLink(followed.resolve("link.log"), target);
    Path current = Files.createSymbolicLink(dir.resolve("current"), followed);
    String followedSource = TelemetryDetection.folderSource(followed.toRealPath());
    assertThat(NodeDetection.source(link.toString())).isEqualTo(followedSource);
    assertThat(NodeDetection.source(current.resolve("link.log").toString())).isEqualTo(followedSource);
    assertThat(NodeDetection.source(target.toString()))
        .isEqualTo(TelemetryDetection.folderSource(outside.toRealPath()));
    assertThatThrownBy(() -> NodeDetection.source(followed.resolve("missing.log").toString())).isInstanceOf(CommandFailure.class);
  }

  /**
   * Hostile run 12n: three {@code detect --store} runs of one file started together each found its
   * records not counted yet and stored them: 12 counted for 6. A run that stores over a source waits
   * for another doing so (in any process on the node's database), and then finds them counted.
   */
  @Test
  void holdSource_anotherRunStoringOverTheSource_waitsForItsEnd() throws Exception {
    String source = dir.resolve("conn.ndjson").toString();
    StringWriter said = new StringWriter();
    var runs = new TelemetryDetection(TestCli.stores(), null, null, "parley");
    AutoCloseable first = NodeDetection.holdSource(runs, source, new PrintWriter(said, true));
    CompletableFuture<AutoCloseable> second = CompletableFuture.supplyAsync(
        () -> NodeDetection.holdSource(runs, source, new PrintWriter(said, true)));
    Thread.sleep(500);
    assertThat(second).isNotDone();
    assertThat(said.toString()).contains("another run is storing what it found in " + source + "; waiting for it to end");
    AutoCloseable other = NodeDetection.holdSource(runs, source + ".other", new PrintWriter(said, true));
    other.close(); // another source is not held
    first.close();
    second.get(30, TimeUnit.SECONDS).close();
  }

  /**
   * A hostile run (issue 12, finding 15): {@code --telemetry conn.log.gz} exited 0 with "malformed:
   * 1" and no hint. gzip is read, from a file and from standard input; another compression is refused.
   */
  @Test
  void detect_gzipTelemetry_readAsItsText() throws Exception {
    Path log = zeekConn();
    Path gz = dir.resolve("conn.log.gz");
    try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(Files.readAllBytes(log));
    }
    Path indicators = indicators("[ipv4-addr:value = '198.51.100.7']", null);
    TestCli.Result r = TestCli.runExactly("detect", "--telemetry", gz.toString(), "--telemetry-format", "zeek",
        "--indicators", indicators.toString(), "--format", "text");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("count=2 ");
    assertThat(r.err()).contains("records read: 3, malformed: 1").contains(gz + ":11: ");

    InputStream stdin = System.in;
    try {
      System.setIn(Files.newInputStream(gz));
      TestCli.Result piped = TestCli.runExactly("detect", "--telemetry", "-", "--telemetry-format", "zeek",
          "--indicators", indicators.toString(), "--format", "text");
      assertThat(piped.code()).as(piped.err()).isZero();
      assertThat(piped.out()).contains("count=2 ");
    } finally {
      System.setIn(stdin);
    }
  }

  @Test
  void detect_otherCompression_exits1Naming() throws Exception {
    Path bz = dir.resolve("conn.log.bz2");
    Files.write(bz, HexFormat.of().parseHex("425a683931415926535900000000"));
    TestCli.Result r = TestCli.runExactly("detect", "--telemetry", bz.toString(), "--telemetry-format", "zeek",
        "--indicators", indicators("[ipv4-addr:value = '198.51.100.7']", null).toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("cannot read " + bz + ": bzip2 compressed data, which is not read (gzip is): decompress it first");
    assertThat(r.out()).isEmpty();
  }

  /** A hostile run (issue 12, finding 15): an invalid identity file's errors were placed at "-:0:". */
  @Test
  void detect_invalidIdentityFile_errorsPlacedInTheFile() throws Exception {
    Path bad = dir.resolve("identity.json");
    Files.writeString(bad, "\n{\"type\":\"identity\",\"id\":\"identity--bad\",\"name\":\"x\"}\n");
    TestCli.Result r = TestCli.runExactly("detect", "--telemetry", zeekConn().toString(), "--telemetry-format", "zeek", "--indicators",
        indicators("[ipv4-addr:value = '198.51.100.7']", null).toString(), "--identity", bad.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("parley: " + bad + ":2: identity--bad: ").doesNotContain("-:0:");
  }

  /**
   * A hostile run (issue 12, finding 9): one observed-data given again with its members in another
   * order counted twice and satisfied REPEATS 2 TIMES alone. It is read once, and the summary says
   * how many were skipped.
   */
  @Test
  void detect_stixObservedDataGivenAgain_countedOnceAndSaid() throws Exception {
    String sco = "{\"type\":\"ipv4-addr\",\"spec_version\":\"2.1\",\"id\":\"ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd\","
        + "\"value\":\"198.51.100.7\"}";
    String od = "{\"type\":\"observed-data\",\"spec_version\":\"2.1\",\"id\":\"observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf\","
        + "\"created\":\"2016-04-06T19:58:16.000Z\",\"modified\":\"2016-04-06T19:58:16.000Z\",\"first_observed\":\"2016-12-21T19:00:00Z\","
        + "\"last_observed\":\"2016-12-21T19:00:00Z\",\"number_observed\":1,\"object_refs\":[\"ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd\"]}";
    String later = od.replace("\"modified\":\"2016-04-06T19:58:16.000Z\"", "\"modified\":\"2016-05-06T19:58:16.000Z\"");
    Path file = dir.resolve("od.jsonl");
    Files.writeString(file, String.join("\n", sco, od, later) + "\n");
    TestCli.Result r = TestCli.runExactly("detect", "--telemetry", file.toString(), "--telemetry-format", "stix",
        "--indicators", indicators("[ipv4-addr:value = '198.51.100.7'] REPEATS 2 TIMES", null).toString(), "--format", "text");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isBlank();
    assertThat(r.err()).contains("records read: 1, malformed: 0")
        .contains("observed-data read again (an id read before: not a new observation, skipped): 1");
  }

  private static List<JsonNode> sightings(Iterable<JsonNode> objects) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode o : objects) if (o.get("type").asText().equals("sighting")) out.add(o);
    return out;
  }

  /** A conn.log (Zeek's Conn::Info fields, abridged) with two connections to 198.51.100.7 and one malformed line. */
  private Path zeekConn() throws Exception {
    String t = "\t";
    String log = String.join("\n",
        "#separator \\x09", "#set_separator" + t + ",", "#empty_field" + t + "(empty)", "#unset_field" + t + "-", "#path" + t + "conn",
        "#open" + t + "2026-11-30-10-00-00",
        String.join(t, "#fields", "ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "service"),
        String.join(t, "#types", "time", "string", "addr", "port", "addr", "port", "enum", "string"),
        String.join(t, "1764496800.123456", "C1", "192.168.4.76", "46378", "198.51.100.7", "80", "tcp", "http"),
        String.join(t, "1764496801.000000", "C2", "192.168.4.76", "46379", "198.51.100.8", "80", "tcp", "-"),
        "garbage",
        String.join(t, "1764496802.000000", "C3", "192.168.4.76", "46380", "198.51.100.7", "443", "tcp", "ssl"),
        "#close" + t + "2026-11-30-11-00-00", "");
    Path file = dir.resolve("conn.log");
    Files.writeString(file, log);
    return file;
  }

  private Path indicators(String pattern, String marking) throws Exception {
    Path file = dir.resolve("indicators.jsonl");
    Files.writeString(file, "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + IND + "\","
        + "\"created\":\"2016-04-06T20:03:48.000Z\",\"modified\":\"2016-04-06T20:03:48.000Z\",\"pattern\":\"" + pattern + "\","
        + "\"pattern_type\":\"stix\",\"valid_from\":\"2016-01-01T00:00:00Z\""
        + (marking == null ? "" : ",\"object_marking_refs\":[\"" + marking + "\"]") + "}\n");
    return file;
  }
}
