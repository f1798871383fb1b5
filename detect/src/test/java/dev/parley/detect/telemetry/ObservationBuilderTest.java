package dev.parley.detect.telemetry;

import static dev.parley.detect.telemetry.Items.detect;
import static dev.parley.detect.telemetry.Items.observations;
import static dev.parley.detect.telemetry.Items.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.detect.Detector;
import dev.parley.pattern.observe.Observation;
import dev.parley.policy.Tlp;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Names a log gives as domain names (issue 12, a hostile run): a DNS query holding a space, a
 * backslash, NUL, '/' or '@', or the root {@code .}, made no domain-name and was counted nowhere,
 * where README-detect.md says a name "keeps its text, lower-cased, and is counted ... nothing is
 * dropped". Such a name is a domain-name of its text (STIX 2.1 §6.4: {@code value} is a string;
 * the validator asks nothing more) and is counted among the values not converted, in every format,
 * with and without the screen; a text that may be something else than a host (a DNS answer of no
 * known type, a TXT record's text; ECS's {@code source.address}) is a host only when it looks like one.
 */
class ObservationBuilderTest {
  /** The hostile run's queries, as Zeek writes them (escapes of bytes), and the domain-name each gives. */
  private static final List<String[]> QUERIES = List.of(
      new String[] {"x\\x5cx41.example", "x\\x41.example"},
      new String[] {"A b.Example", "a b.example"},
      new String[] {"x\\x00.example", "x\u0000.example"},
      new String[] {".", "."},
      new String[] {"a/b.example.", "a/b.example"},
      new String[] {"a@b.example", "a@b.example"},
      new String[] {"under_score.example", "under_score.example"},
      new String[] {"a..b.example", "a..b.example"},
      new String[] {"*.wild.example", "*.wild.example"},
      new String[] {"caf\\xc3\\xa9.example", "xn--caf-dma.example"},
      new String[] {"x\\xff\\xfe.example", "x\uFFFD\uFFFD.example"});
  /**
   * The first six are no host names (counted), as is a name with an empty label (a..b), and the last
   * an escape of bytes that are not UTF-8 (counted once, where decoded).
   */
  private static final long NOT_CONVERTED = 8;

  @Test
  void zeekDnsQueries_noHostNames_domainNamesCountedWithAndWithoutTheScreen() {
    StringBuilder tsv = new StringBuilder("#separator \\x09\n#set_separator\t,\n#path\tdns\n#fields\tts\tid.orig_h\tid.resp_h\tquery\tanswers\n");
    StringBuilder json = new StringBuilder();
    for (String[] q : QUERIES) {
      tsv.append("1740787200.0\t10.0.0.1\t10.0.0.2\t").append(q[0]).append("\tTXT 12 a b c\n");
      json.append("{\"_path\":\"dns\",\"ts\":1740787200.0,\"id.orig_h\":\"10.0.0.1\",\"id.resp_h\":\"10.0.0.2\",\"query\":\"")
          .append(q[0].replace("\\", "\\\\")).append("\",\"answers\":[\"TXT 12 a b c\"]}\n");
    }
    for (String log : List.of(tsv.toString(), json.toString())) {
      for (boolean screened : List.of(false, true)) {
        TelemetryReader reader = TelemetryFormat.ZEEK.open(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)), "dns.log");
        if (screened) reader.screening(new Detector(List.of(), Tlp.GREEN).screen()); // screens out every record it can judge
        List<Observation> records = observations(Items.readAll(reader));
        List<String> names = new ArrayList<>();
        for (Observation o : records) names.addAll(values(o, "domain-name")); // one each: the TXT answer is no host
        // the screen builds every record whose name the builder counts or converts (IDNA), and no other
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < QUERIES.size(); i++) if (!screened || i < 6 || i == 7 || i >= 9) expected.add(QUERIES.get(i)[1]);
        assertThat(names).as("screened " + screened).containsExactlyElementsOf(expected);
        assertThat(reader.unconvertedValues()).as("screened " + screened).isEqualTo(NOT_CONVERTED);
      }
      assertThat(detect(TelemetryFormat.ZEEK, log, "dns.log", "[domain-name:value = 'A B.example']").sighted()).isEqualTo(1);
      assertThat(detect(TelemetryFormat.ZEEK, log, "dns.log", "[domain-name:value = '.']").sighted()).isEqualTo(1);
      assertThat(detect(TelemetryFormat.ZEEK, log, "dns.log", "[domain-name:value LIKE '%']").sighted()).isEqualTo(QUERIES.size());
    }
  }

  /** EVE's query names, typed record data, TLS server name and HTTP host share the path; untyped data a host only by its form. */
  @Test
  void eveNames_noHostNames_domainNamesCounted() {
    String t = "{\"timestamp\":\"2026-11-30T10:00:00Z\",\"src_ip\":\"10.0.0.9\",\"dest_ip\":\"10.0.0.53\",";
    String log = t + "\"event_type\":\"dns\",\"dns\":{\"type\":\"answer\",\"rrname\":\"A b.example\",\"rrtype\":\"CNAME\",\"rdata\":\"c/d.example\"}}\n"
        + t + "\"event_type\":\"dns\",\"dns\":{\"type\":\"answer\",\"rrname\":\"e.example\",\"rdata\":\"some text\"}}\n"
        + t + "\"event_type\":\"tls\",\"tls\":{\"sni\":\"f@g.example\"}}\n"
        + t + "\"event_type\":\"http\",\"http\":{\"hostname\":\"h i.example\",\"url\":\"/\"}}\n";
    for (boolean screened : List.of(false, true)) {
      TelemetryReader reader = TelemetryFormat.EVE.open(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)), "eve.json");
      if (screened) reader.screening(new Detector(List.of(), Tlp.GREEN).screen());
      List<Observation> records = observations(Items.readAll(reader));
      assertThat(reader.unconvertedValues()).as("screened " + screened).isEqualTo(5); // the URL's host too
      if (screened) {
        assertThat(records).hasSize(3); // the second names hosts only: screened out
        continue;
      }
      assertThat(values(records.get(0), "domain-name")).containsExactly("a b.example", "c/d.example");
      assertThat(values(records.get(1), "domain-name")).containsExactly("e.example"); // untyped data with a space: no host
      assertThat(values(records.get(2), "domain-name")).containsExactly("f@g.example");
      assertThat(values(records.get(3), "domain-name")).containsExactly("h i.example");
    }
    assertThat(detect(TelemetryFormat.EVE, log, "eve.json", "[domain-name:value = 'c/d.example']").sighted()).isEqualTo(1);
  }

  /**
   * ECS's {@code *.domain}, {@code related.hosts}, question and typed answers are names; a name read
   * twice (an end, then a name) is counted once; {@code source.address} is an address or a host by form.
   */
  @Test
  void ecsNames_noHostNames_domainNamesCountedOnce() {
    String log = "{\"@timestamp\":\"2026-11-30T10:00:00Z\",\"source\":{\"address\":\"a socket path\"},"
        + "\"destination\":{\"domain\":\"X\\\\y.example\"},\"related\":{\"hosts\":[\".\"]},"
        + "\"dns\":{\"question\":{\"name\":\"q r.example\"},\"answers\":[{\"type\":\"CNAME\",\"data\":\"s,t.example\"},"
        + "{\"data\":\"u v\"}]}}\n";
    for (boolean screened : List.of(false, true)) {
      TelemetryReader reader = TelemetryFormat.ECS.open(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)), "ecs.ndjson");
      if (screened) reader.screening(new Detector(List.of(), Tlp.GREEN).screen());
      Observation o = observations(Items.readAll(reader)).get(0);
      assertThat(values(o, "domain-name")).containsExactlyInAnyOrder("x\\y.example", ".", "q r.example", "s,t.example");
      assertThat(reader.unconvertedValues()).as("screened " + screened).isEqualTo(4);
    }
    assertThat(detect(TelemetryFormat.ECS, log, "ecs.ndjson", "[domain-name:value = 'x\\\\y.example']").sighted()).isEqualTo(1);
  }

  /** STIX observed-data's domain-names take the same normal form, and the same count. */
  @Test
  void stixDomainNames_noHostNames_keptLowerCasedAndCounted() {
    String od = "{\"type\":\"observed-data\",\"spec_version\":\"2.1\",\"id\":\"observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf\","
        + "\"created\":\"2016-04-06T19:58:16.000Z\",\"modified\":\"2016-04-06T19:58:16.000Z\",\"first_observed\":\"2015-12-21T19:00:00Z\","
        + "\"last_observed\":\"2015-12-21T19:00:00Z\",\"number_observed\":1,\"objects\":{\"0\":{\"type\":\"domain-name\",\"value\":\"A B.Example.\"},"
        + "\"1\":{\"type\":\"domain-name\",\"value\":\".\"},\"2\":{\"type\":\"domain-name\",\"value\":\"ok.example\"}}}\n";
    TelemetryReader reader = TelemetryFormat.STIX.open(new ByteArrayInputStream(od.getBytes(StandardCharsets.UTF_8)), "od.jsonl");
    Observation o = observations(Items.readAll(reader)).get(0);
    assertThat(values(o, "domain-name")).containsExactlyInAnyOrder("a b.example", ".", "ok.example");
    assertThat(reader.unconvertedValues()).isEqualTo(2);
  }

  @Test
  void normalizeName_rootAndNoHostNames_keptAndCounted() {
    AtomicInteger failed = new AtomicInteger();
    assertThat(Normalize.name(".", failed::incrementAndGet)).isEqualTo(".");
    assertThat(Normalize.name("A B.Example.", failed::incrementAndGet)).isEqualTo("a b.example");
    assertThat(Normalize.name("Caf\u00e9 Bar.example", failed::incrementAndGet)).isEqualTo("caf\u00e9 bar.example"); // no IDNA for a no-host name
    assertThat(failed).hasValue(3);
    assertThat(Normalize.name("Www.Example.", failed::incrementAndGet)).isEqualTo("www.example");
    assertThat(Normalize.name("", failed::incrementAndGet)).isNull();
    assertThat(failed).hasValue(3);
  }
}
