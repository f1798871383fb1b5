package dev.parley.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.detect.telemetry.TelemetryFormat;
import dev.parley.detect.telemetry.TelemetryItem;
import dev.parley.detect.telemetry.TelemetryReader;
import dev.parley.policy.Tlp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Detection with the reader's screen gives exactly what detection without it gives: over seeded
 * random Zeek TSV conn and dns logs (planted hits, addresses with leading zeros, IPv6, bracketed and
 * CNAME answers, Zeek's TXT and NSEC3 answers, escapes, non-ASCII and upper-case names, unset and empty fields, other markers and
 * separators, repeated lines) and random indicator sets (=, IN, CIDR, LIKE, MATCHES, compound
 * patterns with qualifiers, validity ending within the log; in some sets !=, NOT and comparisons on
 * network-traffic or on a domain's resolutions), the same sightings (count, first and last seen,
 * examples) and the same counts of records, repeats and matches outside validity.
 */
class ScreeningTest {
  private static final long BASE = 1_764_460_800L;

  @Test
  void detect_screenedAndUnscreened_sameSightingsAndCounts() {
    compare(TelemetryFormat.ZEEK, ScreeningTest::log, 2_000);
  }

  /**
   * The same over seeded random Suricata EVE logs: flow, netflow and dns events (DNS versions 1, 2
   * detailed and grouped, and 3; authorities and additionals; records of types whose data is a host,
   * text or neither, or of no type), tunnels, alerts with and without a
   * dns section or source and target, tls and fileinfo events (in
   * some sets a comparison on certificates or files), and events the screen does not judge (http,
   * smtp); IPv6, leading zeros, bracketed and non-ASCII names, members of the wrong kind, events
   * without a valid time.
   */
  @Test
  void detect_eveScreenedAndUnscreened_sameSightingsAndCounts() {
    compare(TelemetryFormat.EVE, ScreeningTest::eve, 2_000);
  }

  /**
   * The same over seeded random Zeek JSON logs: conn and dns records with the end points flat
   * ({@code "id.orig_h"}) or nested ({@code "id":{"orig_h":..}}), Zeek's escapes in strings, answers
   * as an array or a lone string, values of the wrong kind, times in integer milliseconds, records of logs the screen does not judge
   * (http, and records without {@code _path}, whose log the file name gives), times out of reach.
   */
  @Test
  void detect_zeekJsonScreenedAndUnscreened_sameSightingsAndCounts() {
    compare(TelemetryFormat.ZEEK, ScreeningTest::zeekJson, 2_000);
  }

  /**
   * The same over seeded random ECS events: nested, flat and mixed paths; source, destination,
   * client, server, NAT, host and related addresses (lone or in arrays), domains, related hosts and
   * source or destination {@code address} (an address, a name or a socket's path); DNS questions, answers (objects
   * with data, name and a type or none, bare strings, one object alone) and resolved addresses; {@code event.start}
   * or {@code @timestamp}; events the screen does not judge (url, tls, user_agent).
   */
  @Test
  void detect_ecsScreenedAndUnscreened_sameSightingsAndCounts() {
    // more values an event (every form of a path given flat and nested counts: hostile run 12af): fewer that match
    // nothing; and a name holding a backslash (an escape ECS does not decode) is a domain-name counted as not
    // converted, which only the builder counts: its event is built
    compare(TelemetryFormat.ECS, ScreeningTest::ecs, 700);
  }

  private static void compare(TelemetryFormat format, BiFunction<SplittableRandom, Integer, String> logs, long minScreened) {
    long screened = 0;
    long sightings = 0;
    for (long seed = 1; seed <= 60; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      boolean wide = seed % 4 == 0; // comparisons the screen cannot judge by value: it must let records through
      List<ObjectNode> indicators = new ArrayList<>();
      for (int i = 0; i < 60; i++) indicators.add(indicator(r, i, wide));
      if (format == TelemetryFormat.EVE && seed % 3 == 0) { // objects the EVE screen judges by their type: their events are built
        String pattern = seed % 2 == 0 ? "[x509-certificate:hashes.'SHA-1' = '8f51" + r.nextInt(3) + "0" + "00".repeat(17) + "']"
            : "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']";
        indicators.add(Telemetry.indicator("indicator--00000060-0000-4000-8000-000000000000", pattern, "2025-01-01T00:00:00Z", null));
      }
      String log = logs.apply(r, 400);
      IndicatorSet.Builder b = new IndicatorSet.Builder();
      indicators.forEach(b::add);
      IndicatorSet set = b.build();
      var matcher = Detector.compile(set.indicators());
      Detector plain = new Detector(set.indicators(), matcher, Tlp.GREEN);
      Detector screening = new Detector(set.indicators(), matcher, Tlp.GREEN);
      feed(format, plain, log, false);
      long passed = feed(format, screening, log, true);
      if (!wide) screened += passed;
      String context = "seed " + seed;
      assertThat(screening.counts()).as(context).isEqualTo(plain.counts());
      assertThat(screening.sightings()).as(context).hasSameSizeAs(plain.sightings());
      sightings += plain.sightings().size();
      for (int s = 0; s < plain.sightings().size(); s++) {
        Sighting want = plain.sightings().get(s);
        Sighting got = screening.sightings().get(s);
        assertThat(got.indicator().id()).as(context).isEqualTo(want.indicator().id());
        assertThat(got.count()).as(context + " " + want.indicator().pattern()).isEqualTo(want.count());
        assertThat(got.firstSeen()).as(context).isEqualTo(want.firstSeen());
        assertThat(got.lastSeen()).as(context).isEqualTo(want.lastSeen());
        assertThat(got.examples()).as(context).isEqualTo(want.examples());
      }
    }
    assertThat(screened).isGreaterThan(minScreened); // the screen did its work, not only let records through
    assertThat(sightings).isGreaterThan(1_000); // and the logs hit often enough to tell
  }

  /** Reads the log into the detector; returns the records screened out. */
  private static long feed(TelemetryFormat format, Detector detector, String log, boolean screen) {
    long screened = 0;
    try (TelemetryReader reader = format.open(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)), "t.log")) {
      if (screen) reader.screening(detector.screen());
      for (TelemetryItem item = reader.read(); item != null; item = reader.read()) {
        if (item instanceof TelemetryItem.Record rec) detector.accept(rec.observation());
        if (item instanceof TelemetryItem.Screened s) {
          detector.pass(s);
          screened++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return screened;
  }

  /** Zeek JSON records, one a line, a second or so apart. */
  private static String zeekJson(SplittableRandom r, int records) {
    List<String> lines = new ArrayList<>();
    int second = 0;
    while (lines.size() < records) {
      second += r.nextInt(3);
      String ts = r.nextInt(40) == 0 ? "\"never\""
          : r.nextInt(8) == 0 ? Long.toString((BASE + second) * 1000 + r.nextInt(1000)) // JSON::TS_MILLIS
          : (BASE + second) + "." + r.nextInt(10);
      String ends = r.nextBoolean()
          ? "\"id.orig_h\":" + jsonEnd(r) + ",\"id.orig_p\":" + (40000 + r.nextInt(100)) + ",\"id.resp_h\":" + jsonEnd(r) + ",\"id.resp_p\":53"
          : "\"id\":{\"orig_h\":" + jsonEnd(r) + ",\"orig_p\":" + (40000 + r.nextInt(100)) + ",\"resp_h\":" + jsonEnd(r) + ",\"resp_p\":53}";
      String head = "{" + (r.nextInt(10) == 0 ? "" : "\"_path\":\"" + (r.nextInt(8) == 0 ? "http" : r.nextBoolean() ? "dns" : "conn") + "\",")
          + "\"ts\":" + ts + ",\"uid\":\"C" + r.nextInt(1000) + "\"," + ends + ",\"proto\":\"udp\"";
      String line = switch (r.nextInt(3)) {
        case 0 -> head + ",\"service\":\"dns\",\"conn_state\":\"SF\"}";
        case 1 -> head + ",\"host\":" + jsonName(r) + ",\"uri\":\"/x\",\"method\":\"GET\"}";
        default -> head + ",\"query\":" + jsonName(r) + ",\"answers\":" + jsonAnswers(r) + "}";
      };
      lines.add(line);
      if (r.nextInt(20) == 0) lines.add(line); // a repeat
    }
    return String.join("\n", lines) + "\n";
  }

  private static String jsonEnd(SplittableRandom r) {
    return switch (r.nextInt(12)) {
      case 0 -> "null";
      case 1 -> "\"\"";
      case 2 -> "\"2001:db8::" + r.nextInt(3) + "\"";
      case 3 -> "\"010.0." + r.nextInt(3) + "." + r.nextInt(16) + "\""; // leading zeros: the canonical address
      case 4 -> "\"10.0.0.\\\\x3" + r.nextInt(10) + "\""; // Zeek's escape of a digit
      case 5 -> "\"not-an-address\"";
      case 6 -> "17";
      case 7 -> "[\"" + address(r) + "\"]";
      default -> "\"" + (r.nextInt(4) == 0 ? "192.0.2." + r.nextInt(256) : address(r)) + "\"";
    };
  }

  private static String jsonName(SplittableRandom r) {
    return switch (r.nextInt(10)) {
      case 0 -> "null";
      case 1 -> "\"\"";
      case 2 -> "\"" + name(r).toUpperCase(Locale.ROOT) + ".\"";
      case 3 -> "\"b\\\\x2eexample\""; // Zeek's escape of a full stop
      case 4 -> "\"" + address(r) + "\"";
      case 5 -> "\"[" + address(r) + "]\"";
      default -> r.nextInt(3) == 0 ? "\"host" + r.nextInt(1000) + ".example.net\"" : "\"" + name(r) + "\"";
    };
  }

  private static String jsonAnswers(SplittableRandom r) {
    int n = r.nextInt(4);
    if (n == 0) return r.nextBoolean() ? "null" : "[]";
    if (n == 1 && r.nextBoolean()) return jsonName(r);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int k = r.nextInt(8);
      out.add(k < 2 ? jsonEnd(r) : k == 2 ? (r.nextBoolean() ? "\"NSEC3\"" : "\"NSEC3PARAM\"") : jsonName(r));
    }
    return "[" + String.join(",", out) + "]";
  }

  /** ECS events, one a line, a second or so apart. */
  private static String ecs(SplittableRandom r, int events) {
    List<String> lines = new ArrayList<>();
    int second = 0;
    while (lines.size() < events) {
      second += r.nextInt(3);
      String time = "\"2025-11-30T00:" + String.format("%02d:%02d", second / 60 % 60, second % 60) + ".5Z\"";
      List<String> members = new ArrayList<>();
      members.add(switch (r.nextInt(8)) {
        case 0 -> "\"@timestamp\":\"not a time\"";
        case 1 -> "\"event\":{\"start\":" + time + "},\"@timestamp\":\"2025-11-30T01:00:00Z\"";
        case 2 -> "\"event.start\":" + time;
        default -> "\"@timestamp\":" + time;
      });
      for (String side : new String[] {"source", "destination", "client", "server"}) {
        if (r.nextInt(3) == 0) continue;
        String value = r.nextInt(5) == 0 ? "[" + jsonEnd(r) + "," + jsonEnd(r) + "]" : jsonEnd(r);
        String domain = r.nextInt(4) == 0 ? jsonName(r) : null;
        if (r.nextBoolean()) {
          members.add("\"" + side + ".ip\":" + value + ",\"" + side + ".port\":" + (40000 + r.nextInt(100)));
          if (domain != null) members.add("\"" + side + ".domain\":" + domain);
        } else {
          members.add("\"" + side + "\":{\"ip\":" + value + (domain == null ? "" : ",\"domain\":" + domain) + ",\"port\":53}");
        }
      }
      if (r.nextInt(4) == 0) members.add("\"host\":{\"ip\":[" + jsonEnd(r) + "," + jsonEnd(r) + "]}");
      if (r.nextInt(6) == 0) members.add("\"related\":{\"ip\":[" + jsonEnd(r) + "," + jsonEnd(r) + "],\"hosts\":[" + jsonName(r) + "]}");
      if (r.nextInt(6) == 0) members.add("\"" + (r.nextBoolean() ? "source" : "destination") + ".nat.ip\":" + jsonEnd(r));
      if (r.nextInt(6) == 0) {
        String address = r.nextBoolean() ? jsonEnd(r) : r.nextInt(8) == 0 ? "\"/var/run/a.sock\"" : jsonName(r);
        members.add("\"" + (r.nextBoolean() ? "source" : "destination") + ".address\":" + address);
      }
      if (r.nextBoolean()) members.add("\"network\":{\"transport\":\"udp\",\"protocol\":\"dns\"}");
      if (r.nextInt(5) < 3) {
        String answers = switch (r.nextInt(4)) {
          case 0 -> "[{\"name\":" + jsonName(r) + rrtype(r).replace("rrtype", "type") + ",\"data\":" + jsonName(r) + "},{\"data\":"
              + jsonEnd(r) + "}]";
          case 1 -> "[" + jsonName(r) + "," + jsonEnd(r) + "]";
          case 2 -> "{\"data\":" + jsonName(r) + "}";
          default -> "null";
        };
        String question = r.nextBoolean() ? "\"question\":{\"name\":" + jsonName(r) + "}" : "\"question.name\":" + jsonName(r);
        String resolved = r.nextBoolean() ? ",\"resolved_ip\":[" + jsonEnd(r) + "]" : "";
        members.add(r.nextInt(4) == 0 ? "\"dns.question.name\":" + jsonName(r) + ",\"dns.answers\":" + answers
            : "\"dns\":{" + question + ",\"answers\":" + answers + resolved + "}");
      }
      switch (r.nextInt(10)) {
        case 0 -> members.add("\"url\":{\"full\":\"http://" + name(r) + "/x\"}");
        case 1 -> members.add("\"tls.client.server_name\":" + jsonName(r));
        case 2 -> members.add("\"user_agent\":{\"original\":\"curl/8\"}");
        default -> { }
      }
      Collections.shuffle(members, new Random(r.nextLong()));
      String line = "{" + String.join(",", members) + "}";
      lines.add(line);
      if (r.nextInt(20) == 0) lines.add(line); // a repeat
    }
    return String.join("\n", lines) + "\n";
  }

  /** EVE events, one a line, a second or so apart. */
  private static String eve(SplittableRandom r, int events) {
    List<String> lines = new ArrayList<>();
    int second = 0;
    while (lines.size() < events) {
      second += r.nextInt(3);
      String ts = r.nextInt(40) == 0 ? "\"not a time\"" : "\"2025-11-30T00:" + String.format("%02d:%02d", second / 60 % 60, second % 60) + ".5+0000\"";
      String tuple = "\"src_ip\":" + eveEnd(r) + ",\"src_port\":" + (40000 + r.nextInt(100)) + ",\"dest_ip\":" + eveEnd(r)
          + ",\"dest_port\":53,\"proto\":\"UDP\""
          + (r.nextInt(8) == 0 ? ",\"tunnel\":{\"src_ip\":" + eveEnd(r) + ",\"dest_ip\":" + eveEnd(r) + ",\"proto\":\"GRE\"}" : "");
      String line = switch (r.nextInt(12)) {
        case 0, 1, 2 -> "{\"timestamp\":" + ts + ",\"event_type\":\"flow\"," + tuple
            + (r.nextInt(4) == 0 ? "" : ",\"flow\":{\"pkts_toserver\":1,\"start\":" + ts + "}") + "}";
        case 3 -> "{\"timestamp\":" + ts + ",\"event_type\":\"netflow\"," + tuple + ",\"netflow\":{\"start\":" + ts + "}}";
        case 4, 5, 6, 7 -> "{\"timestamp\":" + ts + ",\"event_type\":\"dns\"," + tuple + ",\"dns\":" + dns(r) + "}";
        case 8 -> "{\"timestamp\":" + ts + ",\"event_type\":\"alert\"," + tuple + ",\"alert\":{\"signature_id\":1"
            + (r.nextBoolean() ? ",\"source\":{\"ip\":" + eveEnd(r) + "},\"target\":{\"ip\":" + eveEnd(r) + ",\"port\":53}" : "") + "}"
            + (r.nextBoolean() ? ",\"dns\":" + dns(r) : "") + "}";
        case 9 -> "{\"timestamp\":" + ts + ",\"event_type\":\"http\"," + tuple + ",\"http\":{\"hostname\":\"" + name(r)
            + "\",\"url\":\"/x\",\"http_method\":\"GET\"}}";
        case 10 -> "{\"timestamp\":" + ts + ",\"event_type\":\"tls\"," + tuple + ",\"tls\":{\"sni\":" + eveName(r)
            + (r.nextBoolean() ? ",\"fingerprint\":\"8f:51:" + r.nextInt(3) + "0" + ":00".repeat(17) + "\"" : "") + "}}";
        default -> "{\"timestamp\":" + ts + ",\"event_type\":\"fileinfo\"," + tuple + ",\"fileinfo\":{\"md5\":\"d41d8cd98f00b204e9800998ecf8427e\"}"
            + (r.nextBoolean() ? ",\"smtp\":{\"helo\":\"" + name(r) + "\"}" : "") + "}";
      };
      lines.add(line);
      if (r.nextInt(20) == 0) lines.add(line); // a repeat
    }
    return String.join("\n", lines) + "\n";
  }

  private static String eveEnd(SplittableRandom r) {
    return switch (r.nextInt(10)) {
      case 0 -> "null";
      case 1 -> "\"\"";
      case 2 -> "\"2001:db8::" + r.nextInt(3) + "\"";
      case 3 -> "\"010.0." + r.nextInt(3) + "." + r.nextInt(16) + "\""; // leading zeros: the canonical address
      case 4 -> "\"not-an-address\"";
      case 5 -> "17";
      default -> "\"" + (r.nextInt(4) == 0 ? "192.0.2." + r.nextInt(256) : address(r)) + "\"";
    };
  }

  /** A record's type member, or none: types whose data is a host or text, in either case. */
  private static String rrtype(SplittableRandom r) {
    String[] types = {"A", "AAAA", "CNAME", "MX", "TXT", "txt", "NULL", "cname"};
    return r.nextInt(4) == 0 ? "" : ",\"rrtype\":\"" + types[r.nextInt(types.length)] + "\"";
  }

  /** A dns section in one of Suricata's layouts. */
  private static String dns(SplittableRandom r) {
    String rrname = "\"rrname\":" + eveName(r);
    return switch (r.nextInt(5)) {
      case 0 -> "{\"version\":1,\"type\":\"query\"," + rrname + ",\"rrtype\":\"A\"}";
      case 1 -> "{\"version\":1,\"type\":\"answer\"," + rrname + rrtype(r) + ",\"rdata\":" + eveName(r) + "}";
      case 2 -> "{\"version\":2,\"type\":\"answer\"," + rrname + ",\"answers\":[{\"rrname\":" + eveName(r)
          + rrtype(r) + ",\"rdata\":" + eveName(r) + "},{\"rdata\":" + eveName(r) + "}]"
          + (r.nextBoolean() ? ",\"authorities\":[{\"rrname\":" + eveName(r) + ",\"rrtype\":\"NS\",\"rdata\":" + eveName(r) + "}]" : "") + "}";
      case 3 -> "{\"version\":2,\"type\":\"answer\"," + rrname + ",\"grouped\":{\"A\":[" + eveName(r) + "," + eveName(r)
          + "],\"CNAME\":[" + eveName(r) + "]" + (r.nextBoolean() ? ",\"TXT\":[" + eveName(r) + "]" : "") + "}}";
      default -> "{\"version\":3,\"queries\":[{\"rrname\":" + eveName(r) + "}],\"answers\":[{\"rdata\":" + eveName(r) + rrtype(r) + "}]"
          + (r.nextBoolean() ? ",\"authorities\":[{\"rrname\":" + eveName(r) + ",\"rdata\":" + eveName(r) + "}]" : "")
          + (r.nextBoolean() ? ",\"additionals\":[{\"rrname\":" + eveName(r) + ",\"rdata\":" + eveName(r) + "},{\"rdata\":" + eveName(r) + "}]" : "")
          + "}";
    };
  }

  private static String eveName(SplittableRandom r) {
    return switch (r.nextInt(10)) {
      case 0 -> "null";
      case 1 -> "\"\"";
      case 2 -> "\"" + name(r).toUpperCase(Locale.ROOT) + ".\"";
      case 3 -> "\"[" + address(r) + "]\"";
      case 4 -> "\"2001:db8::" + r.nextInt(3) + "\"";
      case 5 -> r.nextBoolean() ? "\"" + address(r) + "\"" : "\"host" + r.nextInt(1000) + ".example.net\"";
      default -> "\"" + name(r) + "\"";
    };
  }

  private static String address(SplittableRandom r) {
    return "10." + r.nextInt(2) + "." + r.nextInt(3) + "." + r.nextInt(16);
  }

  private static String name(SplittableRandom r) {
    String[] names = {"a.example", "b.example", "d7.example", "d42.example", "bücher.example", "x.test"};
    return names[r.nextInt(names.length)];
  }

  private static ObjectNode indicator(SplittableRandom r, int i, boolean wide) {
    String bracket = switch (r.nextInt(wide ? 16 : 12)) {
      case 0, 1, 2 -> "[ipv4-addr:value = '" + address(r) + "']";
      case 3 -> "[ipv4-addr:value IN ('" + address(r) + "', '" + address(r) + "')]";
      case 4 -> "[ipv4-addr:value ISSUBSET '10." + r.nextInt(2) + "." + r.nextInt(3) + "." + r.nextInt(4) * 4 + "/" + (28 + r.nextInt(5)) + "']";
      case 5, 6 -> "[domain-name:value = '" + name(r) + "']";
      case 7 -> "[domain-name:value MATCHES '^d[0-9]+\\\\.example$']";
      case 8 -> "[ipv6-addr:value = '2001:db8::" + r.nextInt(3) + "']";
      case 9 -> "[domain-name:value LIKE 'b%']";
      case 10 -> "[ipv4-addr:value = '" + address(r) + "' OR domain-name:value = '" + name(r) + "']";
      case 11 -> "[ipv4-addr:value ISSUBSET '10.1.0.0/16']";
      case 12 -> "[ipv4-addr:value != '" + address(r) + "']";
      case 13 -> "[network-traffic:dst_port = 53]";
      case 14 -> "[domain-name:resolves_to_refs[*].value = '" + address(r) + "']";
      default -> "[domain-name:value NOT = 'a.example']";
    };
    String pattern = switch (r.nextInt(10)) {
      case 0 -> "(" + bracket + " AND [ipv4-addr:value = '" + address(r) + "']) WITHIN 60 SECONDS";
      case 1 -> bracket + " FOLLOWEDBY [domain-name:value = '" + name(r) + "']";
      case 2 -> bracket + " REPEATS 2 TIMES";
      default -> bracket;
    };
    String until = r.nextInt(5) == 0 ? "2025-11-30T00:0" + r.nextInt(7) + ":" + (10 + r.nextInt(40)) + "Z" : null;
    return Telemetry.indicator(String.format("indicator--%08x-0000-4000-8000-000000000000", i), pattern, "2025-01-01T00:00:00Z", until);
  }

  /** conn and dns blocks, the markers and separators varying between blocks. */
  private static String log(SplittableRandom r, int records) {
    StringBuilder s = new StringBuilder();
    List<String> lines = new ArrayList<>();
    int second = 0;
    while (lines.size() < records) {
      boolean dns = r.nextBoolean();
      boolean odd = r.nextInt(3) == 0;
      String unset = odd ? "NONE" : "-";
      String empty = odd ? "EMPTY" : "(empty)";
      String set = odd ? ";" : ",";
      s.setLength(0);
      s.append("#separator \\x09\n#set_separator\t").append(set).append("\n#empty_field\t").append(empty)
          .append("\n#unset_field\t").append(unset).append("\n#path\t").append(dns ? "dns" : "conn").append('\n');
      s.append(dns ? "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tquery\tanswers\n"
          : "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\n");
      lines.add(s.toString().strip());
      for (int k = 0; k < 20 + r.nextInt(40); k++) {
        second += r.nextInt(3);
        String line = (BASE + second) + "." + r.nextInt(10) + "\tC" + r.nextInt(1000) + "\t" + endPoint(r, unset, empty) + "\t"
            + (40000 + r.nextInt(100)) + "\t" + endPoint(r, unset, empty) + "\t53\tudp\t"
            + (dns ? query(r, unset, empty) + "\t" + answers(r, unset, empty, set) : r.nextBoolean() ? "dns" : unset);
        lines.add(line);
        if (r.nextInt(20) == 0) lines.add(line); // a repeat
      }
    }
    return String.join("\n", lines) + "\n";
  }

  private static String endPoint(SplittableRandom r, String unset, String empty) {
    return switch (r.nextInt(12)) {
      case 0 -> unset;
      case 1 -> empty;
      case 2 -> "2001:db8::" + r.nextInt(3);
      case 3 -> "010.0." + r.nextInt(3) + "." + r.nextInt(16); // leading zeros: the canonical address
      case 4 -> "10.0.0.\\x3" + r.nextInt(10); // an escaped digit
      case 5 -> "not-an-address";
      default -> r.nextInt(4) == 0 ? "192.0.2." + r.nextInt(256) : address(r);
    };
  }

  private static String query(SplittableRandom r, String unset, String empty) {
    return switch (r.nextInt(10)) {
      case 0 -> unset;
      case 1 -> empty;
      case 2 -> name(r).toUpperCase(Locale.ROOT) + ".";
      case 3 -> "b\\x2eexample";
      case 4 -> address(r);
      default -> r.nextInt(3) == 0 ? "host" + r.nextInt(1000) + ".example.net" : name(r);
    };
  }

  private static String answers(SplittableRandom r, String unset, String empty, String set) {
    int n = r.nextInt(4);
    if (n == 0) return r.nextBoolean() ? unset : empty;
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(switch (r.nextInt(10)) {
        case 0 -> "[" + address(r) + "]";
        case 1 -> name(r);
        case 2 -> "2001:db8::" + r.nextInt(3);
        case 3 -> "";
        case 4 -> r.nextBoolean() ? "NSEC3" : "NSEC3PARAM"; // Zeek's labels of records that name no host
        case 5 -> "TXT 12 " + name(r);
        default -> r.nextInt(3) == 0 ? "192.0.2." + r.nextInt(256) : address(r);
      });
    }
    return String.join(set, out);
  }
}
