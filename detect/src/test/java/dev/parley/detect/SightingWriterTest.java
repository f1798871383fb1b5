package dev.parley.detect;

import static dev.parley.detect.Telemetry.conn;
import static dev.parley.detect.Telemetry.dns;
import static dev.parley.detect.Telemetry.indicator;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.detect.telemetry.TelemetryFormat;
import dev.parley.detect.telemetry.TelemetryItem;
import dev.parley.detect.telemetry.TelemetryReader;
import dev.parley.policy.Tlp;
import dev.parley.stix.Finding;
import dev.parley.stix.Severity;
import dev.parley.stix.validate.StixValidator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Sightings as STIX 2.1 objects (§5.2 sighting, §4.14 observed-data, §6 SCOs) that validate without errors. */
class SightingWriterTest {
  private final SightingWriter writer = new SightingWriter("identity--" + UUID.randomUUID(), Instant.parse("2026-12-01T08:00:00.123456Z"), UUID::randomUUID);

  @Test
  void objects_everyTelemetryFormat_validateWithoutErrors() throws IOException {
    List<ObjectNode> indicators = List.of(
        indicator("indicator--00000000-0000-4000-8000-000000000001", "[ipv4-addr:value ISSUBSET '0.0.0.0/0']"),
        indicator("indicator--00000000-0000-4000-8000-000000000002", "[ipv6-addr:value ISSUBSET '::/0']"),
        indicator("indicator--00000000-0000-4000-8000-000000000003", "[domain-name:value LIKE '%']"),
        indicator("indicator--00000000-0000-4000-8000-000000000004", "[email-addr:value LIKE '%']"),
        indicator("indicator--00000000-0000-4000-8000-000000000005", "[file:name LIKE '%']"),
        indicator("indicator--00000000-0000-4000-8000-000000000006", "[x509-certificate:serial_number LIKE '%']"));
    Detector detector = new Detector(indicators.stream().reduce(new IndicatorSet.Builder(), IndicatorSet.Builder::add, (x, y) -> x)
        .build().indicators(), Tlp.AMBER);
    String[][] inputs = {{"ZEEK", "conn.log"}, {"ZEEK", "dns.log"}, {"ZEEK", "http.log"}, {"ZEEK", "ssl.log"},
        {"ZEEK", "files.log"}, {"ZEEK", "x509.log"}, {"ZEEK", "smtp.log"}, {"EVE", "eve.json"}, {"ECS", "ecs.ndjson"}};
    for (String[] input : inputs) {
      try (InputStream in = getClass().getResourceAsStream("/telemetry/" + input[1]);
          TelemetryReader reader = TelemetryFormat.valueOf(input[0]).open(in, input[1])) {
        for (TelemetryItem i = reader.read(); i != null; i = reader.read()) {
          if (i instanceof TelemetryItem.Record r) detector.accept(r.observation());
        }
      }
    }
    List<ObjectNode> objects = new ArrayList<>(writer.objects(detector.sightings()));
    objects.add(writer.identity("sensor"));
    assertThat(objects).extracting(o -> o.path("type").asText()).contains("sighting", "observed-data", "network-traffic",
        "email-message", "x509-certificate", "file", "url");
    List<Finding> errors = new ArrayList<>();
    for (ObjectNode o : objects) {
      for (Finding f : StixValidator.standard().validate(o)) if (f.severity() == Severity.ERROR) errors.add(f);
    }
    assertThat(errors).isEmpty();
    Set<String> ids = new HashSet<>();
    for (ObjectNode o : objects) assertThat(ids.add(o.get("id").asText())).as("one object per id: " + o.get("id")).isTrue();
    for (ObjectNode o : objects) { // every reference resolves within the output
      for (JsonNode ref : o.path("object_refs")) assertThat(ids).contains(ref.asText());
      for (JsonNode ref : o.path("observed_data_refs")) assertThat(ids).contains(ref.asText());
    }
  }

  /**
   * Two records' copies of one name, each resolving to a thousand addresses: each observed-data
   * carries at most {@link SightingWriter.ObservedScos#MAX_SCOS} of its record's objects, the first,
   * and no reference to the others (hostile run 12p: answers of 1,000 addresses stored and logged
   * 10,000 objects a request of 685 KB); the name's SCO lists each address kept once (merged through a
   * set: a scan of the list per address took two records of 60,000 answers two minutes, a hostile run).
   */
  @Test
  void objects_oneNameInTwoLargeAnswers_boundedRefsMergedOnce() {
    var ind = List.of(indicator("indicator--00000000-0000-4000-8000-000000000001", "[domain-name:value = 'big.example']"));
    Detector d = Telemetry.run(ind, Tlp.GREEN, "eve.json", answer(0, 1_000, 1), answer(500, 1_500, 2));
    List<ObjectNode> objects = writer.objects(d.sightings());
    Set<String> ids = new HashSet<>();
    objects.forEach(o -> ids.add(o.get("id").asText()));
    for (ObjectNode od : objects.stream().filter(o -> o.get("type").asText().equals("observed-data")).toList()) {
      assertThat(od.get("object_refs").size()).isLessThanOrEqualTo(SightingWriter.ObservedScos.MAX_SCOS);
      od.get("object_refs").forEach(r -> assertThat(ids).contains(r.asText()));
    }
    assertThat(objects.size()).isLessThanOrEqualTo(2 * SightingWriter.ObservedScos.MAX_SCOS + 3);
    ObjectNode name = objects.stream().filter(o -> o.path("value").asText().equals("big.example")).findFirst().orElseThrow();
    Set<String> refs = new HashSet<>();
    name.get("resolves_to_refs").forEach(r -> refs.add(r.asText()));
    assertThat(refs).hasSize(name.get("resolves_to_refs").size()).isNotEmpty();
    assertThat(ids).containsAll(refs);
  }

  /**
   * Hostile run 10q: an answer of 200 addresses or more left out of its observed-data the
   * network-traffic and both its ends (the client that asked), and the first answers: the connection
   * is taken first, with its ends, then a type at a time; 32 objects, every reference resolving.
   */
  @Test
  void objects_largeAnswer_connectionAndItsEndsKeptFirst() {
    var ind = List.of(indicator("indicator--00000000-0000-4000-8000-000000000001", "[domain-name:value = 'big.example']"));
    for (int answers : List.of(5, 100, 200, 900)) {
      Detector d = Telemetry.run(ind, Tlp.GREEN, "eve.json", answer(0, answers, 1));
      List<ObjectNode> objects = writer.objects(d.sightings());
      ObjectNode od = objects.stream().filter(o -> o.get("type").asText().equals("observed-data")).findFirst().orElseThrow();
      Set<String> refs = new HashSet<>();
      od.get("object_refs").forEach(r -> refs.add(r.asText()));
      List<ObjectNode> held = objects.stream().filter(o -> refs.contains(o.get("id").asText())).toList();
      assertThat(held).as("%d answers", answers).hasSize(Math.min(answers + 4, SightingWriter.ObservedScos.MAX_SCOS));
      ObjectNode connection = held.stream().filter(o -> o.get("type").asText().equals("network-traffic")).findFirst().orElseThrow();
      List<String> ends = held.stream().filter(o -> o.get("id").asText().equals(connection.get("src_ref").asText())
          || o.get("id").asText().equals(connection.get("dst_ref").asText())).map(o -> o.get("value").asText()).toList();
      assertThat(ends).as("%d answers", answers).containsExactlyInAnyOrder("10.0.0.53", "10.0.0.9");
      assertThat(held).extracting(o -> o.path("value").asText()).as("%d answers", answers).contains("big.example", "10.0.0.0", "10.0.0.1");
    }
  }

  /**
   * The value that matched is in the evidence: an answer of 900 addresses matched on its 151st and
   * its 701st by two indicators (one of them a CIDR) makes one observed-data holding both, and the
   * name, within the bound; before, the first addresses were kept and the matched ones left out.
   */
  @Test
  void objects_largeAnswer_matchedValuesKept() {
    var ind = List.of(indicator("indicator--00000000-0000-4000-8000-000000000001", "[ipv4-addr:value = '10.0.0.150']"),
        indicator("indicator--00000000-0000-4000-8000-000000000002", "[ipv4-addr:value ISSUBSET '10.0.2.188/32'] OR [url:value = 'x']"));
    Detector d = Telemetry.run(ind, Tlp.GREEN, "eve.json", answer(0, 900, 1));
    assertThat(d.sightings()).hasSize(2);
    List<ObjectNode> objects = writer.objects(d.sightings());
    List<ObjectNode> ods = objects.stream().filter(o -> o.get("type").asText().equals("observed-data")).toList();
    assertThat(ods).hasSize(1);
    Set<String> refs = new HashSet<>();
    ods.get(0).get("object_refs").forEach(r -> refs.add(r.asText()));
    assertThat(refs).hasSizeLessThanOrEqualTo(SightingWriter.ObservedScos.MAX_SCOS);
    assertThat(objects.stream().filter(o -> refs.contains(o.get("id").asText())).map(o -> o.path("value").asText()))
        .contains("10.0.0.150", "10.0.2.188", "big.example", "10.0.0.53", "10.0.0.9");

    // through a reference: the name and the answer it reached (hostile run 12u kept the name alone)
    var byName = List.of(indicator("indicator--00000000-0000-4000-8000-000000000003", "[domain-name:resolves_to_refs[*].value = '10.0.3.200']"),
        indicator("indicator--00000000-0000-4000-8000-000000000004", "[network-traffic:dst_ref.value = '10.0.0.9']"));
    Detector d2 = Telemetry.run(byName, Tlp.GREEN, "eve.json", answer(0, 1_000, 1));
    assertThat(d2.sightings()).hasSize(2);
    List<ObjectNode> objects2 = writer.objects(d2.sightings());
    assertThat(evidenceValues(objects2))
        .contains("10.0.3.200", "big.example", "10.0.0.9");

    // two indicators through the same name: the shared observed-data holds both answers (hostile run 12v held the first alone)
    var twoByName = List.of(indicator("indicator--00000000-0000-4000-8000-000000000005", "[domain-name:resolves_to_refs[*].value = '10.0.3.200']"),
        indicator("indicator--00000000-0000-4000-8000-000000000006", "[domain-name:resolves_to_refs[*].value = '10.0.3.201']"));
    List<ObjectNode> objects3 = writer.objects(Telemetry.run(twoByName, Tlp.GREEN, "eve.json", answer(0, 1_000, 1)).sightings());
    assertThat(evidenceValues(objects3))
        .contains("10.0.3.200", "10.0.3.201", "big.example");

    // a broad indicator's many matches do not crowd out another's one: each sighting's evidence holds its own value
    // (hostile run 12ar D2: an ISSUBSET over 200 answers filled the shared observed-data, the name was left out)
    var broadAndName = List.of(indicator("indicator--00000000-0000-4000-8000-000000000007", "[ipv4-addr:value ISSUBSET '10.0.0.0/24']"),
        indicator("indicator--00000000-0000-4000-8000-000000000008", "[domain-name:value = 'big.example']"),
        indicator("indicator--00000000-0000-4000-8000-000000000009", "[ipv4-addr:value = '10.0.0.250']"));
    List<ObjectNode> objects4 = writer.objects(Telemetry.run(broadAndName, Tlp.GREEN, "eve.json", answer(0, 300, 1)).sightings());
    assertThat(evidenceValues(objects4))
        .contains("big.example", "10.0.0.250", "10.0.0.0");
  }

  /**
   * Two e-mails of one sender and subject to other recipients are two email-message SCOs, each
   * with its own recipients, and each sighting's evidence holds its own: STIX 2.1 §6.6's id
   * contributing properties (sender, subject, body) gave both one id, and one object was written
   * for both (hostile run 12aw D3, a long message's parts).
   */
  @Test
  void objects_sameSenderAndSubjectOtherRecipients_twoMessagesEachEvidenceItsOwn() {
    String line = "{\"timestamp\":\"2026-11-30T10:00:0%dZ\",\"event_type\":\"smtp\",\"src_ip\":\"192.168.1.80\","
        + "\"dest_ip\":\"192.168.1.25\",\"email\":{\"from\":\"boss@evil.example\",\"subject\":\"Invoice\",\"to\":[\"%s\"]}}";
    var ind = List.of(indicator("indicator--00000000-0000-4000-8000-000000000001", "[email-message:from_ref.value = 'boss@evil.example']"),
        indicator("indicator--00000000-0000-4000-8000-000000000002", "[email-message:to_refs[*].value = 'b@corp.example']"));
    Detector d = Telemetry.run(ind, Tlp.GREEN, "eve.json", String.format(line, 1, "a@corp.example"), String.format(line, 2, "b@corp.example"));
    List<ObjectNode> objects = writer.objects(d.sightings());
    List<ObjectNode> messages = objects.stream().filter(o -> o.path("type").asText().equals("email-message")).toList();
    assertThat(messages).hasSize(2).extracting(m -> m.get("id").asText()).doesNotHaveDuplicates();
    ObjectNode sighting = objects.stream().filter(o -> o.path("sighting_of_ref").asText().endsWith("000000000002")).findFirst().orElseThrow();
    String od = sighting.get("observed_data_refs").get(0).asText();
    ObjectNode evidence = objects.stream().filter(o -> o.get("id").asText().equals(od)).findFirst().orElseThrow();
    Set<String> refs = new HashSet<>();
    evidence.get("object_refs").forEach(r -> refs.add(r.asText()));
    ObjectNode message = messages.stream().filter(m -> refs.contains(m.get("id").asText())).findFirst().orElseThrow();
    for (JsonNode to : message.get("to_refs")) {
      assertThat(refs).contains(to.asText());
      ObjectNode address = objects.stream().filter(o -> o.get("id").asText().equals(to.asText())).findFirst().orElseThrow();
      assertThat(address.get("value").asText()).isEqualTo("b@corp.example");
    }
  }

  /**
   * Two files of one MD5 and two SHA-256s are two file SCOs, each with its own hashes: a SHA-256
   * hit's evidence holds the SHA-256 that matched, not the other record's (hostile run 12au D2: both
   * had the id STIX's preferred hash, MD5, gives, and the evidence showed the first file).
   */
  @Test
  void objects_sameMd5OtherSha256_twoFilesEachEvidenceItsOwn() {
    String md5 = "bde45dc5928c30af3c5b6282349bf995";
    String first = "48f6f931011132074f0f39f04ebb2755241e986dc3499a77da39b805cd841ce8";
    String second = "b1565820a5cdac40e0520d23f9d0b1497f240ddc51d72eac6423d97d952d444f";
    String line = "{\"timestamp\":\"2026-11-30T10:00:0%dZ\",\"event_type\":\"fileinfo\",\"src_ip\":\"192.168.1.80\","
        + "\"dest_ip\":\"192.168.1.10\",\"fileinfo\":{\"filename\":\"a.bin\",\"md5\":\"" + md5 + "\",\"sha256\":\"%s\",\"size\":10}}";
    var ind = List.of(indicator("indicator--00000000-0000-4000-8000-000000000001", "[file:hashes.MD5 = '" + md5 + "']"),
        indicator("indicator--00000000-0000-4000-8000-000000000002", "[file:hashes.'SHA-256' = '" + second + "']"));
    Detector d = Telemetry.run(ind, Tlp.GREEN, "eve.json", String.format(line, 1, first), String.format(line, 2, second));
    List<ObjectNode> objects = writer.objects(d.sightings());
    List<ObjectNode> files = objects.stream().filter(o -> o.path("type").asText().equals("file")).toList();
    assertThat(files).extracting(f -> f.path("hashes").path("SHA-256").asText()).containsExactlyInAnyOrder(first, second);
    assertThat(files).extracting(f -> f.get("id").asText()).doesNotHaveDuplicates();
    ObjectNode sighting = objects.stream().filter(o -> o.path("sighting_of_ref").asText().endsWith("000000000002")).findFirst().orElseThrow();
    String od = sighting.get("observed_data_refs").get(0).asText();
    ObjectNode evidence = objects.stream().filter(o -> o.get("id").asText().equals(od)).findFirst().orElseThrow();
    List<String> held = new ArrayList<>();
    evidence.get("object_refs").forEach(r -> files.stream().filter(f -> f.get("id").asText().equals(r.asText()))
        .forEach(f -> held.add(f.path("hashes").path("SHA-256").asText())));
    assertThat(held).containsExactly(second);
  }

  /** The values of the objects that the observed-data among {@code objects} refer to: what the evidence holds. */
  private static List<String> evidenceValues(List<ObjectNode> objects) {
    Set<String> refs = new HashSet<>();
    objects.stream().filter(o -> o.get("type").asText().equals("observed-data")).forEach(od -> od.get("object_refs").forEach(r -> refs.add(r.asText())));
    return objects.stream().filter(o -> refs.contains(o.get("id").asText())).map(o -> o.path("value").asText()).toList();
  }

  /** An EVE DNS answer (version 2, grouped) of big.example to 10.0.x.y for x.y from {@code from} to {@code to} - 1. */
  private static String answer(int from, int to, int second) {
    StringBuilder a = new StringBuilder();
    for (int i = from; i < to; i++) a.append(i == from ? "" : ",").append("\"10.0.").append(i >> 8).append('.').append(i & 255).append('"');
    return "{\"timestamp\":\"2026-11-30T10:00:0" + second + ".000000+0000\",\"event_type\":\"dns\",\"src_ip\":\"10.0.0.53\","
        + "\"dest_ip\":\"10.0.0.9\",\"proto\":\"UDP\",\"dns\":{\"version\":2,\"type\":\"answer\",\"rrname\":\"big.example\","
        + "\"rrtype\":\"A\",\"grouped\":{\"A\":[" + a + "]}}}";
  }

  @Test
  void objects_sightingFieldsAndBoundedObservedData() {
    var ind = List.of(indicator("indicator--00000000-0000-4000-8000-000000000001", "[ipv4-addr:value = '198.51.100.1']",
        "2026-01-01T00:00:00Z", null, Tlp.RED.tlp2Id()));
    String[] lines = IntStream.range(0, 25).mapToObj(i -> conn(i, "198.51.100.1")).toArray(String[]::new);
    Detector d = Telemetry.run(ind, Tlp.GREEN, "eve.json", lines);
    List<ObjectNode> objects = writer.objects(d.sightings());
    ObjectNode sighting = objects.stream().filter(o -> o.get("type").asText().equals("sighting")).findFirst().orElseThrow();
    assertThat(sighting.get("count").asLong()).isEqualTo(25);
    assertThat(sighting.get("first_seen").asText()).isEqualTo("2026-11-30T10:00:00Z");
    assertThat(sighting.get("last_seen").asText()).isEqualTo("2026-11-30T10:00:24Z");
    assertThat(sighting.get("sighting_of_ref").asText()).isEqualTo("indicator--00000000-0000-4000-8000-000000000001");
    assertThat(sighting.get("observed_data_refs")).hasSize(Detector.EXAMPLES);
    assertThat(sighting.get("created").asText()).isEqualTo("2026-12-01T08:00:00.123Z");
    for (ObjectNode o : objects) assertThat(o.get("object_marking_refs").get(0).asText()).isEqualTo(Tlp.RED.tlp2Id());
  }

  @Test
  void objects_scoSharedByTwoSightings_writtenOnceWithTheStricterMarking() {
    var ind = List.of(
        indicator("indicator--00000000-0000-4000-8000-000000000001", "[domain-name:value = 'evil.example']"),
        indicator("indicator--00000000-0000-4000-8000-000000000002", "[domain-name:value = 'evil.example']", "2026-01-01T00:00:00Z",
            null, Tlp.RED.tlp2Id()));
    Detector d = Telemetry.run(ind, Tlp.GREEN, "eve.json", dns(1, "evil.example"));
    List<ObjectNode> domains = writer.objects(d.sightings()).stream().filter(o -> o.get("type").asText().equals("domain-name")).toList();
    assertThat(domains).hasSize(1);
    assertThat(domains.get(0).get("object_marking_refs").get(0).asText()).isEqualTo(Tlp.RED.tlp2Id());
  }
  @Test
  void objects_recordMatchingTwoIndicators_oneObservedDataWithTheStricterMarking() {
    var ind = List.of(
        indicator("indicator--00000000-0000-4000-8000-000000000001", "[domain-name:value = 'evil.example']"),
        indicator("indicator--00000000-0000-4000-8000-000000000002", "[ipv4-addr:value = '192.168.0.1']", "2026-01-01T00:00:00Z",
            null, Tlp.RED.tlp2Id()));
    Detector d = Telemetry.run(ind, Tlp.GREEN, "eve.json", dns(1, "evil.example")); // the query and its resolver
    List<ObjectNode> objects = writer.objects(d.sightings());
    List<ObjectNode> observed = objects.stream().filter(o -> o.get("type").asText().equals("observed-data")).toList();
    List<ObjectNode> sightings = objects.stream().filter(o -> o.get("type").asText().equals("sighting")).toList();
    assertThat(sightings).hasSize(2);
    assertThat(observed).hasSize(1);
    for (ObjectNode s : sightings) {
      assertThat(s.get("observed_data_refs")).extracting(JsonNode::asText).containsExactly(observed.get(0).get("id").asText());
    }
    assertThat(sightings).extracting(s -> s.get("object_marking_refs").get(0).asText())
        .containsExactlyInAnyOrder(Tlp.GREEN.tlp2Id(), Tlp.RED.tlp2Id());
    assertThat(observed.get(0).get("object_marking_refs").get(0).asText()).isEqualTo(Tlp.RED.tlp2Id());
  }

  /**
   * What a log holds is written as valid STIX: a request line with '|' and a space becomes its RFC
   * 3986 form (found by an independent run: the store refused the url SCO and the observed-data
   * pointed at nothing), and an SCO no encoding makes valid (a file hash of the wrong length) is
   * left out with the references to it.
   */
  @Test
  void objects_logValuesNoUrlOrHashMayHold_validObjectsOnly() {
    var ind = List.of(indicator("indicator--00000000-0000-4000-8000-000000000001", "[url:value = 'http://esc.example/p|q x']"),
        indicator("indicator--00000000-0000-4000-8000-000000000002", "[ipv4-addr:value = '198.51.100.9']"));
    String badHash = "{\"timestamp\":\"" + Telemetry.at(2) + "\",\"event_type\":\"fileinfo\",\"src_ip\":\"198.51.100.9\","
        + "\"src_port\":80,\"dest_ip\":\"192.168.0.2\",\"dest_port\":40000,\"proto\":\"TCP\","
        + "\"fileinfo\":{\"filename\":\"/a.exe\",\"md5\":\"d41d8cd98f00b204e9800998ecf8427\",\"size\":3}}";
    Detector d = Telemetry.run(ind, Tlp.GREEN, "eve.json", Telemetry.http(1, "esc.example", "/p|q x"), badHash);
    List<ObjectNode> objects = writer.objects(d.sightings());
    assertThat(d.sightings()).hasSize(2);
    assertThat(objects).filteredOn(o -> o.get("type").asText().equals("url")).extracting(o -> o.get("value").asText())
        .containsExactly("http://esc.example/p%7Cq%20x");
    List<Finding> errors = new ArrayList<>();
    for (ObjectNode o : objects) {
      for (Finding f : StixValidator.standard().validate(o)) if (f.severity() == Severity.ERROR) errors.add(f);
    }
    assertThat(errors).isEmpty();
    Set<String> ids = new HashSet<>();
    for (ObjectNode o : objects) ids.add(o.get("id").asText());
    for (ObjectNode o : objects) {
      for (JsonNode ref : o.path("object_refs")) assertThat(ids).contains(ref.asText());
      for (JsonNode ref : o.path("observed_data_refs")) assertThat(ids).contains(ref.asText());
      o.fields().forEachRemaining(f -> {
        if (f.getKey().endsWith("_ref") && !f.getKey().equals("created_by_ref") && !f.getKey().equals("sighting_of_ref")) {
          assertThat(ids).as(f.getKey()).contains(f.getValue().asText());
        }
      });
    }
  }

  /**
   * ECS's user_agent.original is matched in a record that names no address (found by an independent
   * run: only records with source or destination fields were); with url.domain, the request's
   * network-traffic goes to that host and is written out, valid.
   */
  @Test
  void ecs_userAgentWithoutAddresses_matched() throws IOException {
    var ind = List.of(indicator("indicator--00000000-0000-4000-8000-000000000001",
        "[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'LoneUA/1.0']"));
    IndicatorSet.Builder b = new IndicatorSet.Builder();
    ind.forEach(b::add);
    Detector d = new Detector(b.build().indicators(), Tlp.GREEN);
    String text = """
        {"@timestamp":"2026-11-30T10:00:01Z","user_agent":{"original":"LoneUA/1.0"}}
        {"@timestamp":"2026-11-30T10:00:02Z","user_agent":{"original":"LoneUA/1.0"},"url":{"domain":"ua.example","path":"/x"}}
        {"@timestamp":"2026-11-30T10:00:03Z","source":{"ip":"192.0.2.1"},"destination":{"ip":"198.51.100.3"},"user_agent":{"original":"LoneUA/1.0"}}
        """;
    try (TelemetryReader reader = TelemetryFormat.ECS.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "ecs")) {
      for (TelemetryItem item = reader.read(); item != null; item = reader.read()) {
        if (item instanceof TelemetryItem.Record r) d.accept(r.observation());
      }
    }
    assertThat(d.sightings()).hasSize(1);
    assertThat(d.sightings().get(0).count()).isEqualTo(3);
    assertThat(d.sightings().get(0).firstSeen()).isEqualTo(Instant.parse("2026-11-30T10:00:01Z"));
    List<ObjectNode> objects = writer.objects(d.sightings());
    for (ObjectNode o : objects) {
      for (Finding f : StixValidator.standard().validate(o)) assertThat(f.severity()).as(f.toString()).isNotEqualTo(Severity.ERROR);
    }
    assertThat(objects).filteredOn(o -> o.get("type").asText().equals("network-traffic")).hasSize(2);
    assertThat(objects).filteredOn(o -> o.get("type").asText().equals("observed-data")).hasSize(2);
  }
}
