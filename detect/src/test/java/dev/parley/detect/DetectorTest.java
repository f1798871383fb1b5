package dev.parley.detect;

import static dev.parley.detect.Telemetry.at;
import static dev.parley.detect.Telemetry.conn;
import static dev.parley.detect.Telemetry.dns;
import static dev.parley.detect.Telemetry.http;
import static dev.parley.detect.Telemetry.indicator;
import static dev.parley.detect.Telemetry.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.detect.telemetry.TelemetryFormat;
import dev.parley.detect.telemetry.TelemetryItem;
import dev.parley.pattern.match.MatchState;
import dev.parley.pattern.observe.Observation;
import dev.parley.policy.Tlp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Planted hits at known counts, one case per comparison operator (STIX 2.1 §9.6.1), boolean
 * operator within a bracket (§9.6) and between observations (§9.5), and qualifier (§9.5.1); each
 * checks the exact count, first_seen and last_seen of the sighting (§5.2).
 */
class DetectorTest {
  static final String ID = "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";

  static Stream<Arguments> plantedHits() {
    String a = "198.51.100.1";
    return Stream.of(
        Arguments.of("=", "[ipv4-addr:value = '198.51.100.1']",
            List.of(conn(10, a), conn(20, "198.51.100.2"), conn(30, a, 443, "TCP"), conn(40, a, 53, "UDP")), 3, 10, 40),
        Arguments.of("!=", "[network-traffic:dst_port != 443]",
            List.of(conn(10, a, 443, "TCP"), conn(20, a, 80, "TCP"), conn(30, a, 53, "UDP")), 2, 20, 30),
        Arguments.of("<", "[network-traffic:dst_port < 1024]",
            List.of(conn(10, a, 80, "TCP"), conn(20, a, 8080, "TCP"), conn(30, a, 443, "TCP")), 2, 10, 30),
        Arguments.of(">", "[network-traffic:dst_port > 1024]",
            List.of(conn(10, a, 80, "TCP"), conn(20, a, 8080, "TCP"), conn(30, a, 443, "TCP")), 1, 20, 20),
        Arguments.of("IN", "[domain-name:value IN ('a.example', 'b.example')]",
            List.of(dns(10, "a.example"), dns(20, "c.example"), dns(30, "B.example.")), 2, 10, 30),
        Arguments.of("LIKE", "[url:value LIKE 'http://evil.example/%']",
            List.of(http(10, "evil.example", "/x"), http(20, "good.example", "/x"), http(30, "EVIL.example", "/y")), 2, 10, 30),
        Arguments.of("MATCHES", "[url:value MATCHES '^http://evil\\\\.example/[a-z]+$']",
            List.of(http(10, "evil.example", "/abc"), http(20, "evil.example", "/123"), http(30, "evil.example", "/def")), 2, 10, 30),
        Arguments.of("= on a header (§6.12.2: a list, read as [*])",
            "[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'EvilBot/1.0']",
            List.of(http(10, "a.example", "/", "EvilBot/1.0"), http(20, "a.example", "/", "curl/8.0"), http(30, "b.example", "/x", "EvilBot/1.0")),
            2, 10, 30),
        Arguments.of("ISSUBSET", "[ipv4-addr:value ISSUBSET '198.51.100.0/24']",
            List.of(conn(10, a), conn(20, "203.0.113.1"), conn(30, "198.51.100.200")), 2, 10, 30),
        Arguments.of("ISSUPERSET", "[ipv4-addr:value ISSUPERSET '198.51.100.7/32']",
            List.of(conn(10, "198.51.100.7"), conn(20, "198.51.100.8")), 1, 10, 10),
        Arguments.of("AND in a bracket", "[network-traffic:dst_port = 443 AND network-traffic:protocols[*] = 'tcp']",
            List.of(conn(10, a, 443, "TCP"), conn(20, a, 443, "UDP"), conn(30, a, 80, "TCP")), 1, 10, 10),
        Arguments.of("OR in a bracket", "[ipv4-addr:value = '198.51.100.1' OR ipv4-addr:value = '198.51.100.2']",
            List.of(conn(10, a), conn(20, "198.51.100.2"), conn(30, "198.51.100.3")), 2, 10, 20),
        Arguments.of("AND", "[ipv4-addr:value = '198.51.100.1'] AND [domain-name:value = 'evil.example']",
            List.of(conn(10, a), conn(20, a), dns(30, "evil.example"), dns(40, "evil.example"), dns(50, "evil.example")), 2, 10, 40),
        Arguments.of("OR", "[ipv4-addr:value = '198.51.100.1'] OR [domain-name:value = 'evil.example']",
            List.of(conn(10, a), dns(20, "evil.example"), conn(30, "198.51.100.9")), 2, 10, 20),
        Arguments.of("FOLLOWEDBY", "[domain-name:value = 'evil.example'] FOLLOWEDBY [ipv4-addr:value = '198.51.100.1']",
            List.of(dns(10, "evil.example"), conn(20, a), conn(30, a), dns(40, "evil.example")), 1, 10, 20),
        Arguments.of("WITHIN", "([domain-name:value = 'evil.example'] AND [ipv4-addr:value = '198.51.100.1']) WITHIN 5 SECONDS",
            List.of(dns(10, "evil.example"), conn(12, a), dns(100, "evil.example"), conn(200, a)), 1, 10, 12),
        Arguments.of("REPEATS", "[ipv4-addr:value = '198.51.100.1'] REPEATS 3 TIMES",
            List.of(conn(10, a), conn(20, a), conn(30, a), conn(40, a), conn(50, a), conn(60, a), conn(70, a)), 2, 10, 60),
        Arguments.of("START STOP", "[ipv4-addr:value = '198.51.100.1'] START t'2026-11-30T10:00:20Z' STOP t'2026-11-30T10:00:40Z'",
            List.of(conn(10, a), conn(20, a), conn(30, a), conn(40, a)), 2, 20, 30));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plantedHits")
  void accept_plantedHits_exactCountFirstAndLast(String name, String pattern, List<String> lines, long count, int first, int last) {
    Detector d = run(List.of(indicator(ID, pattern)), Tlp.AMBER, "eve.json", lines.toArray(String[]::new));
    assertThat(d.sightings()).hasSize(1);
    Sighting s = d.sightings().get(0);
    assertThat(s.count()).as("count").isEqualTo(count);
    assertThat(s.firstSeen()).as("first_seen").isEqualTo(at(first));
    assertThat(s.lastSeen()).as("last_seen").isEqualTo(at(last));
  }

  /**
   * Every set counted however many records of one side come before the other: 300 connections, then
   * 300 look-ups (a hostile run planted 20 and 20 and was told 16, the first four forgotten), and a
   * FOLLOWEDBY whose right side arrives first and waits.
   */
  @Test
  void accept_likeOnDomainNamesWithCapitals_matchesTheLowerCaseNames() {
    // hostile run bd D2: domain names are lower case in telemetry, and a LIKE with capitals could never match
    Detector d = run(List.of(indicator(ID, "[domain-name:value LIKE '%.EVIL.Example']")), Tlp.AMBER, "eve.json",
        dns(1, "www.Evil.example"), dns(2, "other.example"));
    assertThat(d.sightings()).singleElement().satisfies(x -> assertThat(x.count()).isEqualTo(1));
    Detector regex = run(List.of(indicator(ID, "[domain-name:value MATCHES '^[A-Z]+\\\\.evil\\\\.example$']")), Tlp.AMBER, "eve.json",
        dns(1, "www.evil.example"));
    assertThat(regex.sightings()).as("MATCHES as written").isEmpty();
    assertThat(new IndicatorSet.Builder().add(indicator(ID, "[domain-name:value MATCHES '^[A-Z]+\\\\.evil\\\\.example$']")).build()
        .indicators()).as("a valid pattern, active").hasSize(1);
  }

  @Test
  void accept_ipv4MappedAddressInALog_matchedAsTheIpv4NodeAndAsWritten() {
    // hostile run bd D3: a dual-stack socket's log writes an IPv4 peer as ::ffff:198.51.100.7 (RFC 4291 §2.5.5.2), and no
    // IPv4 indicator met it; the record gives the ipv4-addr of the node and the ipv6-addr as written, each once
    String[] patterns = {"[ipv4-addr:value = '198.51.100.7']", "[ipv4-addr:value ISSUBSET '198.51.100.0/24']",
        "[network-traffic:dst_ref.value = '198.51.100.7']", "[ipv6-addr:value = '::ffff:c633:6407']",
        "[ipv6-addr:value ISSUBSET '::ffff:0:0/96']"};
    String ecs = "{\"@timestamp\":\"" + at(5) + "\",\"source\":{\"ip\":\"192.168.0.2\"},\"destination\":{\"ip\":\"::FFFF:198.51.100.7\"}}\n";
    for (TelemetryFormat format : List.of(TelemetryFormat.EVE, TelemetryFormat.ECS)) {
      String text = format == TelemetryFormat.EVE ? conn(5, "::ffff:198.51.100.7") + "\n" : ecs;
      for (boolean screened : List.of(false, true)) {
        List<ObjectNode> indicators = new ArrayList<>();
        for (int k = 0; k < patterns.length; k++) indicators.add(indicator(String.format("indicator--00000000-0000-4000-8000-%012d", k), patterns[k]));
        IndicatorSet.Builder b = new IndicatorSet.Builder();
        indicators.forEach(b::add);
        Detector d = new Detector(b.build().indicators(), Tlp.AMBER);
        try (var reader = format.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "mapped.log")) {
          var read = screened ? reader.screening(d.screen()) : reader;
          for (TelemetryItem item = read.read(); item != null; item = read.read()) {
            if (item instanceof TelemetryItem.Record r) d.accept(r.observation());
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        assertThat(d.sightings()).as("%s, screened %s", format, screened).hasSize(patterns.length)
            .allSatisfy(x -> assertThat(x.count()).isEqualTo(1));
      }
    }
  }

  @Test
  void accept_manyHitsOfOneSideFirst_everySetCounted() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 300; i++) lines.add(conn(1_000 + i, "198.51.100.1"));
    for (int i = 0; i < 300; i++) lines.add(dns(2_000 + i, "evil.example"));
    Detector and = run(List.of(indicator(ID, "[ipv4-addr:value = '198.51.100.1'] AND [domain-name:value = 'evil.example']")), Tlp.AMBER,
        "eve.json", lines.toArray(String[]::new));
    assertThat(and.sightings().get(0).count()).isEqualTo(300);
    assertThat(and.sightings().get(0).firstSeen()).isEqualTo(at(1_000));
    assertThat(and.sightings().get(0).lastSeen()).isEqualTo(at(2_299));

    Detector followed = run(List.of(indicator(ID, "[domain-name:value = 'evil.example'] FOLLOWEDBY [ipv4-addr:value = '198.51.100.1']")),
        Tlp.AMBER, "eve.json", lines.toArray(String[]::new));
    assertThat(followed.sightings()).isEmpty(); // every connection came before every look-up
  }

  /**
   * REPEATS past 1,024 counts exactly: a hostile run's 1,500 records against REPEATS 1500 TIMES gave
   * no sighting, and 3,000 against REPEATS 1025 TIMES none where two sets were planted (issue 12).
   */
  @Test
  void accept_repeatsPastOneThousand_exactCount() {
    String a = "198.51.100.1";
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 3000; i++) lines.add(conn(i, a));
    for (String pattern : List.of("[ipv4-addr:value = '198.51.100.1'] REPEATS 1500 TIMES",
        "[ipv4-addr:value = '198.51.100.1'] REPEATS 1500 TIMES WITHIN 1500 SECONDS")) {
      Detector d = run(List.of(indicator(ID, pattern)), Tlp.AMBER, "eve.json", lines.subList(0, 1500).toArray(String[]::new));
      assertThat(d.sightings()).as(pattern).hasSize(1);
      assertThat(d.sightings().get(0).count()).as(pattern).isEqualTo(1);
      assertThat(d.sightings().get(0).firstSeen()).isEqualTo(at(0));
      assertThat(d.sightings().get(0).lastSeen()).isEqualTo(at(1499));
    }
    Detector tooShort = run(List.of(indicator(ID, "[ipv4-addr:value = '198.51.100.1'] REPEATS 1500 TIMES WITHIN 1499 SECONDS")),
        Tlp.AMBER, "eve.json", lines.subList(0, 1500).toArray(String[]::new));
    assertThat(tooShort.sightings()).isEmpty(); // 1,500 records a second apart span 1,499 s, which is not less than 1,499

    for (String pattern : List.of("[ipv4-addr:value = '198.51.100.1'] REPEATS 1025 TIMES",
        "[ipv4-addr:value = '198.51.100.1'] REPEATS 1025 TIMES WITHIN 1100 SECONDS")) {
      Detector d = run(List.of(indicator(ID, pattern)), Tlp.AMBER, "eve.json", lines.toArray(String[]::new));
      Sighting s = d.sightings().get(0);
      assertThat(s.count()).as(pattern).isEqualTo(2);
      assertThat(s.firstSeen()).isEqualTo(at(0));
      assertThat(s.lastSeen()).isEqualTo(at(2049));
      assertThat(s.examples()).hasSize(Detector.EXAMPLES).allMatch(o -> o.hasObjects());
      assertThat(d.counts().dropped()).isZero();
    }
  }

  /**
   * 2,000 records of one side, then 2,000 of the other: 2,000 sets for FOLLOWEDBY and AND (a hostile
   * run was told 1,024, first_seen the 977th record, and nothing about the rest).
   */
  @Test
  void accept_2000ThenAnother2000_2000Sets() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 2000; i++) lines.add(conn(1_000 + i, "198.51.100.1"));
    for (int i = 0; i < 2000; i++) lines.add(dns(5_000 + i, "evil.example"));
    for (String pattern : List.of("[ipv4-addr:value = '198.51.100.1'] FOLLOWEDBY [domain-name:value = 'evil.example']",
        "[ipv4-addr:value = '198.51.100.1'] AND [domain-name:value = 'evil.example']")) {
      Detector d = run(List.of(indicator(ID, pattern)), Tlp.AMBER, "eve.json", lines.toArray(String[]::new));
      Sighting s = d.sightings().get(0);
      assertThat(s.count()).as(pattern).isEqualTo(2000);
      assertThat(s.firstSeen()).isEqualTo(at(1_000));
      assertThat(s.lastSeen()).isEqualTo(at(6_999));
      assertThat(d.counts().dropped()).isZero();
    }
  }

  /**
   * Hits forgotten past the bound of a pattern the algebra counts (1,024 per bracket) are counted
   * per indicator: the run can say its count may be low.
   */
  @Test
  void counts_hitsPastTheBound_droppedPerIndicator() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 1100; i++) lines.add(conn(i, "198.51.100.1"));
    Detector d = run(List.of(indicator(ID,
            "[ipv4-addr:value = '198.51.100.1'] FOLLOWEDBY [domain-name:value = 'evil.example'] FOLLOWEDBY [url:value = 'http://evil.example/']")),
        Tlp.AMBER, "eve.json", lines.toArray(String[]::new));
    assertThat(d.counts().dropped()).isEqualTo(76);
    assertThat(d.counts().droppedByIndicator()).isEqualTo(Map.of(ID, 76L));
    assertThat(d.counts().dropped()).as("asked again").isEqualTo(76);
  }

  @Test
  void accept_validityWindow_judgedInEventTime() {
    String a = "198.51.100.1";
    String from = at(15).toString();
    String until = at(35).toString();
    Detector d = run(List.of(indicator(ID, "[ipv4-addr:value = '198.51.100.1']", from, until),
            indicator("indicator--00000000-0000-4000-8000-000000000002", "[ipv4-addr:value = '198.51.100.1'] REPEATS 2 TIMES", from, until)),
        Tlp.AMBER, "eve.json", conn(10, a), conn(20, a), conn(30, a), conn(40, a));
    assertThat(d.sightings()).extracting(Sighting::count).containsExactlyInAnyOrder(2L, 1L);
    for (Sighting s : d.sightings()) {
      assertThat(s.firstSeen()).isEqualTo(at(20));
      assertThat(s.lastSeen()).isEqualTo(at(30));
    }
    assertThat(d.counts().outsideValidity()).isEqualTo(2);
  }

  @Test
  void accept_sameRecordsTwice_countedOnce() {
    String a = "198.51.100.1";
    String[] lines = {conn(10, a), conn(20, a), dns(25, "evil.example"), conn(30, "198.51.100.2")};
    List<String> patterns = List.of("[ipv4-addr:value = '198.51.100.1']", "[ipv4-addr:value = '198.51.100.1'] REPEATS 2 TIMES",
        "[domain-name:value = 'evil.example'] AND [ipv4-addr:value = '198.51.100.2']");
    for (int i = 0; i < patterns.size(); i++) {
      var ind = List.of(indicator(ID, patterns.get(i)));
      Detector once = run(ind, Tlp.AMBER, "eve.json", lines);
      String[] twice = Stream.concat(Stream.of(lines), Stream.of(lines)).toArray(String[]::new);
      Detector repeated = run(ind, Tlp.AMBER, "eve.json", twice);
      assertThat(repeated.sightings().get(0).count()).as(patterns.get(i)).isEqualTo(once.sightings().get(0).count());
      Telemetry.feed(repeated, "eve.json", String.join("\n", lines) + "\n"); // a third time, as a later batch
      assertThat(repeated.sightings().get(0).count()).as(patterns.get(i)).isEqualTo(once.sightings().get(0).count());
    }
  }

  /**
   * A run over a file twice over, whose records span more than 24 hours of event time: each record
   * counted once (a hostile run counted the first record again, its time 25 hours before the last
   * record read when it came round the second time).
   */
  @Test
  void accept_fileTwiceOver_spanningMoreThanADay_eachRecordCountedOnce() {
    String a = "198.51.100.1";
    String[] lines = {conn(10, a), conn(10 + 25 * 3600, a)};
    Detector d = run(List.of(indicator(ID, "[ipv4-addr:value = '198.51.100.1']")), Tlp.AMBER, "eve.json",
        Stream.concat(Stream.of(lines), Stream.of(lines)).toArray(String[]::new));
    assertThat(d.sightings().get(0).count()).isEqualTo(2);
    assertThat(d.counts().repeated()).isEqualTo(2);
  }

  /**
   * Runs of one stream that carry a {@link Detector.Memory}: a FOLLOWEDBY, a REPEATS and an AND whose
   * records arrive in two runs (a sensor posting every second) are each counted once, in the run that
   * completes them, with first_seen from the earlier run; without the memory, none is.
   */
  @Test
  void memory_setSplitAcrossRuns_countedInTheRunThatCompletesIt() {
    String a = "198.51.100.1";
    List<String> patterns = List.of("[domain-name:value = 'evil.example'] FOLLOWEDBY [ipv4-addr:value = '198.51.100.1'] WITHIN 300 SECONDS",
        "[ipv4-addr:value = '198.51.100.1'] REPEATS 2 TIMES WITHIN 60 SECONDS",
        "[ipv4-addr:value = '198.51.100.1'] AND [domain-name:value = 'evil.example']");
    for (String pattern : patterns) {
      var set = indicatorSet(pattern);
      Detector.Memory memory = new Detector.Memory();
      var matcher = Detector.compile(set.indicators());
      Detector first = new Detector(Detector.byId(set.indicators()), matcher, Tlp.AMBER, memory);
      Telemetry.feed(first, "eve.json", dns(10, "evil.example") + "\n");
      memory.settle(id -> true);
      assertThat(first.sightings()).as(pattern).isEmpty();
      Detector second = new Detector(Detector.byId(set.indicators()), matcher, Tlp.AMBER, memory);
      Telemetry.feed(second, "eve.json", conn(20, a) + "\n" + conn(30, a) + "\n");
      memory.settle(id -> true);
      assertThat(second.sightings()).as(pattern).hasSize(1);
      Sighting s = second.sightings().get(0);
      assertThat(s.count()).as(pattern).isEqualTo(1);
      assertThat(s.firstSeen()).as(pattern).isEqualTo(pattern.contains("REPEATS") ? at(20) : at(10));

      Detector alone = new Detector(Detector.byId(set.indicators()), matcher, Tlp.AMBER);
      Telemetry.feed(alone, "eve.json", conn(20, a) + "\n" + conn(30, a) + "\n");
      if (!pattern.contains("REPEATS")) assertThat(alone.sightings()).as(pattern).isEmpty();
    }
  }

  /** A memory forgets the records of a pattern that is no longer an indicator's, and keeps at most its bound. */
  @Test
  void memory_settle_forgetsRemovedPatterns_andKeepsItsBound() {
    var set = indicatorSet("[ipv4-addr:value ISSUBSET '10.0.0.0/8'] FOLLOWEDBY [domain-name:value = 'never.example']");
    var matcher = Detector.compile(set.indicators());
    Detector.Memory memory = new Detector.Memory();
    Detector d = new Detector(Detector.byId(set.indicators()), matcher, Tlp.AMBER, memory);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 100; i++) text.append(conn(i, "10.0.0." + i)).append('\n');
    Telemetry.feed(d, "eve.json", text.toString());
    memory.settle(id -> true);
    assertThat(memory.carried()).isEqualTo(100);
    memory.settle(id -> false);
    assertThat(memory.carried()).isZero();

    MatchState state = MatchState.counting(1024, (p, o) -> true);
    for (int i = 0; i < 100; i++) {
      for (var m : matcher.match(observation(conn(i, "10.0.1." + i)), state)) throw new AssertionError(m);
    }
    state.trim(40);
    assertThat(state.remembered()).isEqualTo(30); // three quarters of the bound, the latest
  }

  /**
   * The bound on records carried is shared by the indicators' groups (hostile run 12l: a peer's 100
   * REPEATS indicators that every record of a range met filled it, and, trimmed by the earliest
   * over every pattern, the node's own half-made FOLLOWEDBY was forgotten and never sighted). The
   * group that holds the most gives up its earliest; the node's one record waits on.
   */
  @Test
  void memory_aPeersRepeatsFillTheBound_theNodesOwnHalfSetKept() {
    String own = "indicator--00000000-0000-4000-8000-0000000000f0";
    IndicatorSet.Builder b = new IndicatorSet.Builder().add(indicator(own,
        "[ipv4-addr:value = '198.51.100.7'] FOLLOWEDBY [domain-name:value = 'c2.example'] WITHIN 3600 SECONDS"));
    for (int i = 0; i < 100; i++) {
      b.add(indicator(String.format("indicator--00000000-0000-4000-8000-%012d", 900 + i),
          "[ipv4-addr:value ISSUBSET '172.16.0.0/12'] REPEATS 60000 TIMES"), 7, Instant.parse("2026-01-02T00:00:00Z"));
    }
    IndicatorSet set = b.build();
    var matcher = Detector.compile(set.indicators());
    Detector.Memory memory = new Detector.Memory();
    Telemetry.feed(new Detector(Detector.byId(set.indicators()), matcher, Tlp.AMBER, memory), "eve.json", conn(0, "198.51.100.7") + "\n");
    memory.settle(id -> true);
    StringBuilder fill = new StringBuilder();
    for (int i = 0; i < 700; i++) fill.append(conn(60 + i, "172.16." + (i / 250) + "." + (i % 250))).append('\n');
    Telemetry.feed(new Detector(Detector.byId(set.indicators()), matcher, Tlp.AMBER, memory), "eve.json", fill.toString());
    memory.settle(id -> true);
    assertThat(memory.carried()).isLessThanOrEqualTo(Detector.Memory.CARRIED);
    Detector last = new Detector(Detector.byId(set.indicators()), matcher, Tlp.AMBER, memory);
    Telemetry.feed(last, "eve.json", dns(900, "c2.example") + "\n");
    assertThat(last.sightings()).singleElement().satisfies(s -> {
      assertThat(s.indicator().id()).isEqualTo(own);
      assertThat(s.firstSeen()).isEqualTo(at(0));
    });
  }

  private static Observation observation(String line) {
    try (var reader = TelemetryFormat.EVE.open(
        new ByteArrayInputStream((line + "\n").getBytes(StandardCharsets.UTF_8)), "eve.json")) {
      return ((TelemetryItem.Record) reader.read()).observation();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static IndicatorSet indicatorSet(String pattern) {
    IndicatorSet.Builder b = new IndicatorSet.Builder();
    b.add(indicator(ID, pattern));
    return b.build();
  }

  @Test
  void accept_sameRecordsFromAnotherSource_countedAgain() {
    var ind = List.of(indicator(ID, "[ipv4-addr:value = '198.51.100.1']"));
    Detector d = run(ind, Tlp.AMBER, "sensor-a", conn(10, "198.51.100.1"));
    Telemetry.feed(d, "sensor-b", conn(10, "198.51.100.1") + "\n");
    assertThat(d.sightings().get(0).count()).isEqualTo(2);
  }

  @Test
  void sightings_markingIsTheMostRestrictiveOfIndicatorAndTelemetry() {
    String tlp1Red = Tlp.RED.tlp1Id().orElseThrow();
    String tlp2Green = Tlp.GREEN.tlp2Id();
    String a = "198.51.100.1";
    Detector d = run(List.of(
            indicator("indicator--00000000-0000-4000-8000-000000000001", "[ipv4-addr:value = '198.51.100.1']", "2026-01-01T00:00:00Z", null, tlp1Red),
            indicator("indicator--00000000-0000-4000-8000-000000000002", "[ipv4-addr:value = '198.51.100.1']", "2026-01-01T00:00:00Z", null, tlp2Green),
            indicator("indicator--00000000-0000-4000-8000-000000000003", "[ipv4-addr:value = '198.51.100.1']")),
        Tlp.AMBER, "eve.json", conn(10, a));
    assertThat(d.sightings()).extracting(s -> s.indicator().id().substring(s.indicator().id().length() - 1) + "=" + s.marking())
        .containsExactlyInAnyOrder("1=RED", "2=AMBER", "3=AMBER");
    Detector clear = run(List.of(indicator(ID, "[ipv4-addr:value = '198.51.100.1']", "2026-01-01T00:00:00Z", null, tlp2Green)),
        Tlp.CLEAR, "eve.json", conn(10, a));
    assertThat(clear.sightings().get(0).marking()).isEqualTo(Tlp.GREEN);
  }

  /**
   * STIX 2.1 §7.2.3: a granular marking marks part of the object. A pattern marked TLP:RED under an
   * indicator marked CLEAR (or not at all) is RED data, and its sighting, which may repeat the
   * pattern's value in its SCOs, is RED (a hostile run saw it go out CLEAR); a granular marking
   * with a language only marks no TLP.
   */
  @Test
  void sightings_granularTlpOfTheIndicator_counts() {
    ObjectNode marked = indicator(ID, "[ipv4-addr:value = '198.51.100.1']", "2026-01-01T00:00:00Z", null, Tlp.CLEAR.tlp2Id());
    marked.putArray("granular_markings").addObject().put("marking_ref", Tlp.RED.tlp2Id()).putArray("selectors").add("pattern");
    assertThat(run(List.of(marked), Tlp.CLEAR, "eve.json", conn(10, "198.51.100.1")).sightings().get(0).marking()).isEqualTo(Tlp.RED);
    ObjectNode unmarked = indicator(ID, "[ipv4-addr:value = '198.51.100.1']");
    unmarked.putArray("granular_markings").addObject().put("marking_ref", Tlp.AMBER_STRICT.tlp2Id()).putArray("selectors").add("pattern");
    assertThat(run(List.of(unmarked), Tlp.CLEAR, "eve.json", conn(10, "198.51.100.1")).sightings().get(0).marking())
        .isEqualTo(Tlp.AMBER_STRICT);
    ObjectNode language = indicator(ID, "[ipv4-addr:value = '198.51.100.1']", "2026-01-01T00:00:00Z", null, Tlp.GREEN.tlp2Id());
    language.putArray("granular_markings").addObject().put("lang", "de").putArray("selectors").add("name");
    assertThat(run(List.of(language), Tlp.CLEAR, "eve.json", conn(10, "198.51.100.1")).sightings().get(0).marking()).isEqualTo(Tlp.GREEN);
  }

  @Test
  void accept_indicatorConstantsNormalised_matchNormalisedTelemetry() {
    Detector d = run(List.of(indicator(ID, "[domain-name:value = 'WWW.Evil.Example.'] OR [file:hashes.sha256 = '" + "AB".repeat(32) + "']")),
        Tlp.AMBER, "eve.json", dns(10, "www.evil.example"));
    assertThat(d.sightings().get(0).count()).isEqualTo(1);
  }

  /**
   * Constants reached through a reference are in the normal form of what the reference names, and
   * a block of one address is that address (STIX 2.1 §6.4: a value may be a CIDR block; hostile run
   * 12t: {@code '192.0.2.36/32'} matched nothing, silently): each of these meets its one record.
   */
  @Test
  void accept_referencedValuesAndOneAddressBlocksNormalised() {
    String[][] cases = {
        {"[ipv4-addr:value = '198.51.100.1/32']", "198.51.100.1"},
        {"[ipv6-addr:value = '2001:DB8:0::1/128']", "2001:db8::1"},
        {"[network-traffic:dst_ref.value = '2001:DB8::0001']", "2001:db8::1"},
        {"[network-traffic:dst_ref.value IN ('198.51.100.9/32', '2001:db8::2')]", "198.51.100.9"},
        {"[network-traffic:src_ref.value = '192.168.0.2' AND network-traffic:dst_ref.value != '2001:DB8::3']", "2001:db8::3"},
    };
    long[] expected = {1, 1, 1, 1, 0};
    for (int i = 0; i < cases.length; i++) {
      Detector d = run(List.of(indicator(ID, cases[i][0])), Tlp.AMBER, "eve.json", conn(10, cases[i][1]));
      assertThat(d.sightings().stream().mapToLong(Sighting::count).sum()).as(cases[i][0]).isEqualTo(expected[i]);
    }
    Detector names = run(List.of(indicator(ID, "[domain-name:resolves_to_refs[*].value = '2001:DB8::7']")), Tlp.AMBER, "eve.json",
        "{\"timestamp\":\"2026-11-30T10:00:10.000000+0000\",\"event_type\":\"dns\",\"src_ip\":\"10.0.0.53\",\"dest_ip\":\"10.0.0.9\","
            + "\"proto\":\"UDP\",\"dns\":{\"version\":2,\"type\":\"answer\",\"rrname\":\"v6.example\",\"rrtype\":\"AAAA\","
            + "\"grouped\":{\"AAAA\":[\"2001:db8:0:0::7\"]}}}");
    assertThat(names.sightings()).hasSize(1);
  }

  /**
   * A request's Host header is held, and an indicator's constant on it compared, in the form a URL's
   * host takes (hostile run 12u: {@code Host: UPPER.Example} and {@code Host: ev%69l.example} evaded an
   * indicator on the header, though not one on the URL).
   */
  @Test
  void accept_hostHeaderNormalised_likeTheUrlsHost() {
    String header = "[network-traffic:extensions.'http-request-ext'.request_header.'Host' = '";
    String[][] cases = {
        {header + "Evil.Example']", "ev%69l.EXAMPLE"},
        {header + "upper.example:8080']", "UPPER.Example:8080"},
        {header + "plain.example']", "plain.example:80"},
        {"[network-traffic:extensions.'http-request-ext'.request_header.'Host'[*] IN ('a.example', 'XN--9CA.example')]", "\u00e9.example"},
    };
    for (String[] c : cases) {
      Detector d = run(List.of(indicator(ID, c[0])), Tlp.AMBER, "eve.json", http(10, c[1], "/"));
      assertThat(d.sightings().stream().mapToLong(Sighting::count).sum()).as(c[0] + " / " + c[1]).isEqualTo(1);
    }
  }
}
