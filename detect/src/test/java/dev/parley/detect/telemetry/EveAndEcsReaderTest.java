package dev.parley.detect.telemetry;

import static dev.parley.detect.telemetry.Items.deref;
import static dev.parley.detect.telemetry.Items.malformed;
import static dev.parley.detect.telemetry.Items.observations;
import static dev.parley.detect.telemetry.Items.one;
import static dev.parley.detect.telemetry.Items.read;
import static dev.parley.detect.telemetry.Items.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.pattern.observe.Observation;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Suricata EVE events written after Suricata's user guide, "Eve JSON Format" (the common section,
 * and the flow, dns — version 1 query and answer events, version 2 "detailed" and "grouped"
 * answers, version 3 requests with {@code queries} —, http, tls, fileinfo, smtp/email and alert
 * event types), and ECS documents after the ECS field reference (source, destination, network,
 * dns, url, http, user_agent, file, tls, email, event and base fields).
 */
class EveAndEcsReaderTest {
  private final List<TelemetryItem> eve = read(TelemetryFormat.EVE, "eve.json", "eve.json");
  private final List<Observation> events = observations(eve);

  @Test
  void eve_flow_startTimeAndTuple() {
    Observation flow = events.get(0);
    assertThat(flow.firstObserved()).isEqualTo(Instant.parse("2026-11-30T09:00:00.500Z")); // flow.start, +0100
    ObjectNode nt = one(flow, "network-traffic");
    assertThat(deref(flow, nt.get("dst_ref"))).isEqualTo("198.51.100.7");
    assertThat(nt.get("dst_port").asInt()).isEqualTo(80);
    assertThat(nt.get("protocols").toString()).isEqualTo("[\"tcp\",\"http\"]");
  }

  @Test
  void eve_dnsVersion1_queryAndAnswerAreTwoRecords() {
    assertThat(values(events.get(1), "domain-name")).containsExactly("twitter.com");
    Observation answer = events.get(2);
    assertThat(values(answer, "domain-name")).containsExactly("twitter.com");
    assertThat(values(answer, "ipv4-addr")).contains("199.16.156.6");
    assertThat(one(answer, "domain-name").get("resolves_to_refs")).hasSize(1);
  }

  @Test
  void eve_dnsVersion2_detailedAndGroupedAnswers() {
    assertThat(values(events.get(3), "domain-name")).containsExactly("www.suricata-ids.org", "suricata-ids.org");
    assertThat(values(events.get(3), "ipv4-addr")).contains("192.0.78.24", "192.0.78.25");
    assertThat(values(events.get(4), "ipv4-addr")).contains("192.0.78.24", "192.0.78.25");
    assertThat(values(events.get(4), "domain-name")).containsExactly("www.suricata-ids.org", "suricata-ids.org");
    assertThat(values(events.get(5), "domain-name")).containsExactly("evil.example"); // version 3 queries
  }

  @Test
  void eve_http_urlWithPortAndUserAgent() {
    Observation http = events.get(6);
    assertThat(values(http, "url")).containsExactly("http://www.test.org:1337/this/is/test.tar.gz", "http://www.test.com/");
    ObjectNode ext = (ObjectNode) one(http, "network-traffic").path("extensions").path("http-request-ext");
    assertThat(ext.path("request_header").path("User-Agent").path(0).asText()).isEqualTo("Wget/1.13.4 (linux-gnu)");
  }

  @Test
  void eve_tls_sniAndSha1Fingerprint() {
    Observation tls = events.get(7);
    assertThat(values(tls, "domain-name")).containsExactly("calendar.google.com");
    assertThat(one(tls, "x509-certificate").path("hashes").path("SHA-1").asText())
        .isEqualTo("8f511206a0cc4ecde8a38b38f88759e5af95cacd");
  }

  @Test
  void eve_fileinfo_hashesAndItsHttpTransaction() {
    Observation f = events.get(8);
    ObjectNode file = one(f, "file");
    assertThat(file.path("hashes").path("MD5").asText()).isEqualTo("f4f4c6c8b4e9a9d07b1b0c2f7b1c6a11");
    assertThat(file.path("hashes").has("SHA-1")).isTrue();
    assertThat(file.path("hashes").has("SHA-256")).isTrue();
    assertThat(values(f, "url")).containsExactly("http://www.test.org/this/is/test.tar.gz");
  }

  @Test
  void eve_smtp_addressesMessageAndUrls() {
    Observation m = events.get(9);
    assertThat(values(m, "email-addr")).containsExactly("phish@evil.example", "victim@corp.example", "cfo@corp.example");
    assertThat(one(m, "email-message").path("subject").asText()).isEqualTo("Invoice");
    assertThat(values(m, "url")).containsExactly("http://evil.example/pay");
    assertThat(values(m, "domain-name")).containsExactly("mail.evil.example");
  }

  @Test
  void eve_alert_flowAddressesAndHttpSection() {
    Observation alert = events.get(10);
    assertThat(values(alert, "ipv4-addr")).containsExactly("192.168.2.14", "198.51.100.7");
    assertThat(values(alert, "url")).containsExactly("http://198.51.100.7/gate.php");
  }

  @Test
  void eve_malformedLines_reportedWithLineNumbers() {
    assertThat(events).hasSize(12); // the stats event is a record without observables
    assertThat(malformed(eve)).extracting(TelemetryItem.Malformed::line).containsExactly(13L, 14L, 15L);
  }

  @Test
  void ecs_nestedAndDottedFieldsAlike() {
    List<TelemetryItem> items = read(TelemetryFormat.ECS, "ecs.ndjson", "ecs.ndjson");
    List<Observation> docs = observations(items);
    Observation tls = docs.get(0);
    assertThat(tls.firstObserved()).isEqualTo(Instant.parse("2026-11-30T09:09:59.250Z")); // event.start
    assertThat(values(tls, "domain-name")).containsExactly("login.evil.example", "*.evil.example");
    ObjectNode cert = one(tls, "x509-certificate");
    assertThat(cert.path("hashes").path("SHA-1").asText()).isEqualTo("8f511206a0cc4ecde8a38b38f88759e5af95cacd");
    assertThat(cert.path("serial_number").asText()).isEqualTo("0A1B2C");

    Observation dns = docs.get(1);
    assertThat(values(dns, "domain-name")).containsExactly("evil.example");
    assertThat(values(dns, "ipv6-addr")).containsExactly("2001:db8::7");
    assertThat(one(dns, "domain-name").get("resolves_to_refs")).hasSize(2);

    Observation web = docs.get(2);
    assertThat(values(web, "url")).containsExactlyInAnyOrder("https://start.example/", "http://evil.example/dl/payload.exe?x=1");
    assertThat(one(web, "file").path("hashes").path("MD5").asText()).isEqualTo("b1946ac92492d2347c6235b4d2611184");
    assertThat(one(web, "network-traffic").path("extensions").path("http-request-ext").path("request_header")
        .path("User-Agent").path(0).asText()).isEqualTo("Mozilla/5.0 (Windows NT 10.0)");

    Observation mail = docs.get(3);
    assertThat(values(mail, "url")).containsExactly("https://evil.example/login?u=1");
    assertThat(values(mail, "email-addr")).containsExactly("Phish@evil.example", "victim@corp.example", "cfo@corp.example");
    assertThat(malformed(items)).extracting(TelemetryItem.Malformed::line).containsExactly(5L, 6L);
  }

  @Test
  void stix_observedDataNormalisedLikeLogs() {
    String bundle = """
        {"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[
         {"type":"observed-data","spec_version":"2.1","id":"observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf","created":"2016-04-06T19:58:16.000Z","modified":"2016-04-06T19:58:16.000Z","first_observed":"2015-12-21T19:00:00Z","last_observed":"2015-12-21T19:00:00Z","number_observed":50,"object_refs":["domain-name--3c10e93f-798e-5a26-a0c1-08156efab7f5","file--e277603e-1060-5ad4-9937-c26c97f1ca68"]},
         {"type":"domain-name","spec_version":"2.1","id":"domain-name--3c10e93f-798e-5a26-a0c1-08156efab7f5","value":"Example.COM."},
         {"type":"file","spec_version":"2.1","id":"file--e277603e-1060-5ad4-9937-c26c97f1ca68","name":"a.exe","hashes":{"sha256":"E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"}}
        ]}
        """;
    Observation o = observations(Items.readText(TelemetryFormat.STIX, bundle, "od.json")).get(0);
    assertThat(o.numberObserved()).isEqualTo(50);
    assertThat(values(o, "domain-name")).containsExactly("example.com");
    assertThat(one(o, "file").path("hashes").path("SHA-256").asText()).startsWith("e3b0c442");
  }

  /**
   * A DNS record of a thousand answers and more, some given twice (ECS dns.resolved_ip): each address one
   * SCO and one reference of the domain, past the small-record scan (a hostile record of 60,000
   * answers took 18 s, quadratic in them).
   */
  @Test
  void ecs_manyAnswersWithRepeats_eachAddressOnce() {
    StringBuilder ips = new StringBuilder();
    // a thousand addresses, within the 1,024 objects a record may give (TelemetryReader.MAX_OBJECTS)
    for (int i = 0; i < 1_500; i++) ips.append(i == 0 ? "" : ",").append("\"10.0.").append(i % 1_000 / 256).append('.').append(i % 1_000 % 256).append('"');
    Observation o = observations(Items.readText(TelemetryFormat.ECS,
        "{\"@timestamp\":\"2026-11-30T09:00:00Z\",\"dns\":{\"question\":{\"name\":\"Many.Example.\"},\"resolved_ip\":[" + ips + "]}}\n", "ecs.json")).get(0);
    assertThat(values(o, "ipv4-addr")).hasSize(1_000).doesNotHaveDuplicates();
    assertThat(values(o, "domain-name")).containsExactly("many.example");
    assertThat(one(o, "domain-name").get("resolves_to_refs")).hasSize(1_000);
  }

  /**
   * Issue 12: a record is a repeat only when it is byte-for-byte identical. A line and the same line
   * with a trailing space or tab, or a leading one, are other records (other ids); its line ending,
   * LF or CR LF, is none of its bytes (a hostile run saw the line with a trailing space counted as a
   * repeat).
   */
  @Test
  void recordId_everyByteOfTheLineCounts_notItsLineEnding() {
    String r = "{\"timestamp\":\"2024-01-02T00:00:01Z\",\"event_type\":\"flow\",\"src_ip\":\"10.12.0.1\",\"dest_ip\":\"198.51.100.23\"}";
    for (TelemetryFormat format : List.of(TelemetryFormat.EVE, TelemetryFormat.ECS)) {
      String line = format == TelemetryFormat.EVE ? r : r.replace("\"src_ip\"", "\"source.ip\"").replace("\"timestamp\"", "\"@timestamp\"");
      List<Observation> read = observations(Items.readText(format, line + "\n" + line + " \n" + line + "\t\n" + line + "\r\n" + " " + line
          + "\n" + line + "\n", "same-source"));
      assertThat(read).as("%s", format).hasSize(6);
      List<String> ids = read.stream().map(Observation::id).toList();
      assertThat(ids.get(3)).as("%s: CR LF", format).isEqualTo(ids.get(0));
      assertThat(ids.get(5)).as("%s: the same bytes", format).isEqualTo(ids.get(0));
      assertThat(Set.of(ids.get(0), ids.get(1), ids.get(2), ids.get(4))).as("%s: other bytes", format).hasSize(4);
    }
  }

  /**
   * A JSON record that gives a member it reads twice is malformed, named, in Zeek JSON, EVE and ECS
   * alike, as a STIX object with a repeated key is: its last value was read, and the first (the
   * indicator's address here) silently lost (hostile run 12ah). Flat and nested forms of one ECS path
   * are two members, not one given twice; a member no mapping reads may be given twice.
   */
  @Test
  void memberReadGivenTwice_lineMalformed() {
    String zeek = "{\"_path\":\"conn\",\"ts\":1700000000.0,\"id.orig_h\":\"10.0.0.1\",\"id.resp_h\":\"198.51.100.23\","
        + "\"id.resp_h\":\"10.0.0.2\"}";
    String zeekPath = "{\"_path\":\"conn\",\"_path\":\"dns\",\"ts\":1700000000.0,\"query\":\"evil.example\"}";
    String zeekNested = "{\"_path\":\"conn\",\"ts\":1700000000.0,\"id\":{\"resp_h\":\"198.51.100.23\"},\"id\":{\"resp_h\":\"10.0.0.2\"}}";
    String eve = "{\"timestamp\":\"2024-01-02T00:00:01Z\",\"event_type\":\"flow\",\"dest_ip\":\"198.51.100.23\",\"dest_ip\":\"10.0.0.2\"}";
    String eveSection = "{\"timestamp\":\"2024-01-02T00:00:01Z\",\"event_type\":\"http\",\"http\":{\"hostname\":\"evil.example\","
        + "\"hostname\":\"good.example\"}}";
    String ecs = "{\"@timestamp\":\"2024-01-02T00:00:01Z\",\"destination\":{\"ip\":\"198.51.100.23\"},\"destination\":{\"ip\":\"10.0.0.2\"}}";
    for (Object[] c : new Object[][] {{TelemetryFormat.ZEEK_JSON, zeek, "id.resp_h"}, {TelemetryFormat.ZEEK_JSON, zeekNested, "id"},
        {TelemetryFormat.ZEEK_JSON, zeekPath, "_path"},
        {TelemetryFormat.EVE, eve, "dest_ip"}, {TelemetryFormat.EVE, eveSection, "hostname"}, {TelemetryFormat.ECS, ecs, "destination"}}) {
      List<TelemetryItem> items = Items.readText((TelemetryFormat) c[0], c[1] + "\n", "twice");
      assertThat(items).as("%s", c[1]).singleElement().isInstanceOf(TelemetryItem.Malformed.class);
      assertThat(((TelemetryItem.Malformed) items.get(0)).reason()).as("%s", c[1]).contains("Duplicate field '" + c[2] + "'");
    }
    // flat and nested are two forms, both read; a member no mapping reads, given twice, is no matter
    List<Observation> read = observations(Items.readText(TelemetryFormat.ECS, "{\"@timestamp\":\"2024-01-02T00:00:01Z\","
        + "\"destination.ip\":\"198.51.100.23\",\"destination\":{\"ip\":\"10.0.0.2\"},\"labels\":1,\"labels\":2}\n", "twice"));
    assertThat(values(read.get(0), "ipv4-addr")).contains("198.51.100.23", "10.0.0.2");
    assertThat(observations(Items.readText(TelemetryFormat.EVE, "{\"timestamp\":\"2024-01-02T00:00:01Z\",\"event_type\":\"flow\","
        + "\"dest_ip\":\"198.51.100.23\",\"pkts\":1,\"pkts\":2}\n", "twice"))).hasSize(1);
  }
}
