package dev.parley.detect.telemetry;

import static dev.parley.detect.telemetry.Items.deref;
import static dev.parley.detect.telemetry.Items.malformed;
import static dev.parley.detect.telemetry.Items.observations;
import static dev.parley.detect.telemetry.Items.one;
import static dev.parley.detect.telemetry.Items.read;
import static dev.parley.detect.telemetry.Items.readText;
import static dev.parley.detect.telemetry.Items.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.pattern.observe.Observation;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Zeek logs written by hand after Zeek's log field reference (the {@code Info} records of
 * base/protocols/conn/main.zeek, dns/main.zeek, http/main.zeek, ssl/main.zeek and ssl/files.zeek,
 * base/frameworks/files/main.zeek, base/files/x509/main.zeek, smtp/main.zeek) and the ASCII
 * writer's header ({@code #separator} ... {@code #close}).
 */
class ZeekReaderTest {

  @Test
  void read_connTsv_addressesPortsProtocolsAndStartTime() {
    List<Observation> obs = observations(read(TelemetryFormat.ZEEK, "conn.log", "conn.log"));
    assertThat(obs).hasSize(3);
    Observation first = obs.get(0);
    assertThat(first.firstObserved()).isEqualTo(Instant.ofEpochSecond(1764496800L, 123_456_000));
    ObjectNode nt = one(first, "network-traffic");
    assertThat(deref(first, nt.get("src_ref"))).isEqualTo("192.168.4.76");
    assertThat(deref(first, nt.get("dst_ref"))).isEqualTo("192.168.4.1");
    assertThat(nt.get("src_port").asInt()).isEqualTo(36844);
    assertThat(nt.get("dst_port").asInt()).isEqualTo(53);
    assertThat(nt.get("protocols").toString()).isEqualTo("[\"udp\",\"dns\"]");
    // IPv6 in canonical text (RFC 5952); a service prefixed "-" was removed by DPD and is not named
    Observation v6 = obs.get(2);
    assertThat(values(v6, "ipv6-addr")).containsExactly("2001:db8::1", "2001:db8::2");
    assertThat(one(v6, "network-traffic").get("protocols").toString()).isEqualTo("[\"tcp\",\"ssl\"]");
  }

  @Test
  void read_dnsTsv_queryNormalisedAndEveryAnswerAnSco() {
    List<Observation> obs = observations(read(TelemetryFormat.ZEEK, "dns.log", "dns.log"));
    Observation a = obs.get(0);
    assertThat(values(a, "domain-name")).containsExactly("www.evil.example", "cdn.evil.example");
    assertThat(values(a, "ipv4-addr")).contains("198.51.100.7");
    assertThat(values(a, "ipv6-addr")).containsExactly("2001:db8::7");
    ObjectNode query = a.roots().stream().filter(s -> s.path("value").asText().equals("www.evil.example")).findFirst().orElseThrow();
    assertThat(query.get("resolves_to_refs")).hasSize(3);
    // Zeek's \xNN escapes decode to UTF-8 before IDNA: bücher.example
    assertThat(values(obs.get(1), "domain-name")).containsExactly("xn--bcher-kva.example");
  }

  @Test
  void read_httpTsv_urlFromHostAndUriAndUserAgent() {
    Observation o = observations(read(TelemetryFormat.ZEEK, "http.log", "http.log")).get(0);
    assertThat(values(o, "url")).containsExactly("http://evil.example/payload.bin?id=1", "http://ref.example/start");
    assertThat(values(o, "domain-name")).containsExactly("evil.example");
    ObjectNode ext = (ObjectNode) one(o, "network-traffic").path("extensions").path("http-request-ext");
    assertThat(ext.path("request_method").asText()).isEqualTo("get");
    assertThat(ext.path("request_header").path("User-Agent").path(0).asText()).isEqualTo("Mozilla/5.0 (evil)");
  }

  @Test
  void read_sslTsv_serverNameAndCertificateChain() {
    Observation o = observations(read(TelemetryFormat.ZEEK, "ssl.log", "ssl.log")).get(0);
    assertThat(values(o, "domain-name")).containsExactly("login.evil.example");
    List<String> fps = o.roots().stream().filter(s -> s.path("type").asText().equals("x509-certificate"))
        .map(s -> s.path("hashes").path("SHA-256").asText()).toList();
    assertThat(fps).containsExactly("5ee1ffd4c9e4dcb2e3b1a0fb0f2c0c3a8f5a1e2d3c4b5a69788796a5b4c3d2e1",
        "0000000000000000000000000000000000000000000000000000000000000002");
  }

  @Test
  void read_filesTsv_hashesByStixAlgorithmName() {
    Observation o = observations(read(TelemetryFormat.ZEEK, "files.log", "files.log")).get(0);
    ObjectNode file = one(o, "file");
    assertThat(file.path("hashes").path("MD5").asText()).isEqualTo("b1946ac92492d2347c6235b4d2611184");
    assertThat(file.path("hashes").path("SHA-1").asText()).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
    assertThat(file.path("hashes").path("SHA-256").asText()).startsWith("e3b0c442");
    assertThat(file.path("name").asText()).isEqualTo("payload.bin");
    assertThat(file.path("size").asLong()).isEqualTo(39);
  }

  @Test
  void read_x509Tsv_fingerprintSerialAndSubjectAltNames() {
    Observation o = observations(read(TelemetryFormat.ZEEK, "x509.log", "x509.log")).get(0);
    ObjectNode cert = one(o, "x509-certificate");
    assertThat(cert.path("hashes").path("SHA-256").asText()).startsWith("5ee1ffd4");
    assertThat(cert.path("serial_number").asText()).isEqualTo("0A1B2C");
    assertThat(cert.path("issuer").asText()).isEqualTo("CN=Evil CA, Ltd"); // \x2c decoded
    assertThat(values(o, "domain-name")).containsExactly("login.evil.example", "www.evil.example");
    assertThat(values(o, "email-addr")).containsExactly("admin@evil.example");
    assertThat(values(o, "ipv4-addr")).containsExactly("198.51.100.9");
  }

  @Test
  void read_smtpTsv_everyMailAddressAndTheMessage() {
    Observation o = observations(read(TelemetryFormat.ZEEK, "smtp.log", "smtp.log")).get(0);
    assertThat(values(o, "email-addr")).containsExactlyInAnyOrder("Phish@evil.example", "victim@corp.example", "cfo@corp.example",
        "phish@evil.example");
    ObjectNode message = one(o, "email-message");
    assertThat(message.path("subject").asText()).isEqualTo("Invoice, urgent");
    assertThat(deref(o, message.get("from_ref"))).isEqualTo("phish@evil.example");
    assertThat(values(o, "ipv4-addr")).contains("203.0.113.5");
    assertThat(values(o, "domain-name")).containsExactly("mail.evil.example");
  }

  @Test
  void read_headerVariants_customSeparatorsMarkersAndBlocks() {
    List<TelemetryItem> items = read(TelemetryFormat.ZEEK, "variants.log", "variants.log");
    List<Observation> obs = observations(items);
    assertThat(obs).hasSize(2);
    // "|" separator from "#separator \x7c"; NIL is unset (no service), EMPTY is an empty set
    assertThat(one(obs.get(0), "network-traffic").get("protocols").toString()).isEqualTo("[\"tcp\"]");
    // the second block is dns with ";" between set elements
    assertThat(values(obs.get(1), "ipv4-addr")).contains("198.51.100.7", "198.51.100.8");
    assertThat(malformed(items)).extracting(TelemetryItem.Malformed::line).containsExactly(10L, 20L);
    assertThat(malformed(items).get(0).reason()).contains("3 fields");
    assertThat(malformed(items).get(1).reason()).isEqualTo("no valid ts");
  }

  @Test
  void read_recordBeforeHeaderAndOverlongLine_malformedWithLineNumbers() {
    String text = "1764496800.0\tx\n" + "#fields\tts\tid.orig_h\n" + "1764496801.0\t" + "1".repeat(LineReader.MAX_LINE + 10)
        + "\n1764496802.0\t10.0.0.1\n";
    List<TelemetryItem> items = readText(TelemetryFormat.ZEEK, text, "conn.log");
    assertThat(malformed(items)).extracting(TelemetryItem.Malformed::line).containsExactly(1L, 3L);
    // a line of a Zeek JSON log that is not JSON reads as either form's error (found by an independent run)
    assertThat(malformed(items).get(0).reason()).contains("JSON object").contains("#fields");
    assertThat(malformed(items).get(1).reason()).contains("longer than");
    assertThat(observations(items)).hasSize(1);
    assertThat(values(observations(items).get(0), "ipv4-addr")).containsExactly("10.0.0.1");
  }

  @Test
  void read_zeekJson_pathFromFieldOrFileNameAndIsoTime() {
    String text = """
        {"_path":"dns","ts":"2026-11-30T10:00:00.200000Z","uid":"C1","id.orig_h":"192.168.4.76","id.orig_p":36844,"id.resp_h":"192.168.4.1","id.resp_p":53,"proto":"udp","query":"Evil.Example","answers":["198.51.100.7"]}
        {"ts":1764496801.100000,"uid":"C2","id.orig_h":"192.168.4.76","id.orig_p":46378,"id.resp_h":"198.51.100.7","id.resp_p":80,"method":"GET","host":"evil.example","uri":"/a\\\\x2fb","user_agent":"curl/8.0"}
        {"ts":1764496802.0,"uid":"C3","id.orig_h":"10.0.0.1"
        """;
    List<TelemetryItem> items = readText(TelemetryFormat.ZEEK, text, "/var/log/zeek/http.log");
    List<Observation> obs = observations(items);
    assertThat(obs.get(0).firstObserved()).isEqualTo(Instant.parse("2026-11-30T10:00:00.200Z"));
    assertThat(values(obs.get(0), "domain-name")).containsExactly("evil.example");
    assertThat(values(obs.get(0), "ipv4-addr")).contains("198.51.100.7");
    // no _path: the file name says http; Zeek's \x2f escape decoded
    assertThat(obs.get(1).firstObserved()).isEqualTo(Instant.ofEpochSecond(1764496801L, 100_000_000));
    assertThat(values(obs.get(1), "url")).containsExactly("http://evil.example/a/b");
    assertThat(malformed(items)).extracting(TelemetryItem.Malformed::line).containsExactly(3L);
  }

  @Test
  void read_zeekJsonWithoutPathOrName_pathInferredFromFields() {
    String text = "{\"ts\":1764496800.2,\"query\":\"evil.example\",\"answers\":[\"198.51.100.7\"]}\n";
    Observation o = observations(readText(TelemetryFormat.ZEEK, text, "-")).get(0);
    assertThat(values(o, "domain-name")).containsExactly("evil.example");
  }

  /**
   * A file named after no Zeek log ({@code zeek.json}, as Zeek's JSON writer leaves records without
   * {@code _path}): the fields tell the log, as on standard input (a hostile run lost every DNS,
   * HTTP, SSL, files, x509 and SMTP hit of such a file: "zeek" was taken for the log's name). An
   * smtp record with only its headers' addresses is smtp too.
   */
  @Test
  void read_zeekJsonWithoutPath_fileNamedAfterNoLog_pathInferredFromFields() {
    String text = "{\"ts\":1764496800.2,\"query\":\"evil.example\",\"answers\":[\"198.51.100.7\"]}\n"
        + "{\"ts\":1764496801.2,\"from\":\"Mallory <mallory@evil.example>\",\"to\":[\"bob@victim.example\"],\"subject\":\"hi\"}\n";
    for (String name : List.of("/var/log/zeek/zeek.json", "current.log", "-")) {
      List<Observation> o = observations(readText(TelemetryFormat.ZEEK, text, name));
      assertThat(values(o.get(0), "domain-name")).as(name).containsExactly("evil.example");
      assertThat(values(o.get(0), "ipv4-addr")).as(name).containsExactly("198.51.100.7");
      assertThat(values(o.get(1), "email-addr")).as(name).contains("mallory@evil.example", "bob@victim.example");
    }
  }

  @Test
  void read_sameLineTwice_sameId() {
    String line = "{\"_path\":\"conn\",\"ts\":1764496800.2,\"id.orig_h\":\"10.0.0.1\",\"id.resp_h\":\"10.0.0.2\"}\n";
    List<Observation> obs = observations(readText(TelemetryFormat.ZEEK, line + line, "a"));
    assertThat(obs.get(0).id()).isEqualTo(obs.get(1).id()).hasSize(32);
    assertThat(observations(readText(TelemetryFormat.ZEEK, line, "b")).get(0).id()).isNotEqualTo(obs.get(0).id());
  }

  /** Regression: an empty #set_separator split every set field forever (the reader ran out of memory). */
  @Test
  void read_emptySetSeparator_setsSplitAtCommas() {
    String log = "#separator \\x09\n#set_separator\t\n#path\tdns\n#fields\tts\tid.orig_h\tquery\tanswers\n"
        + "1764496800.5\t10.0.0.1\ta.example\t198.51.100.7,198.51.100.8\n";
    List<Observation> obs = observations(readText(TelemetryFormat.ZEEK, log, "dns.log"));
    assertThat(values(obs.get(0), "ipv4-addr")).containsExactly("10.0.0.1", "198.51.100.7", "198.51.100.8");
  }

  /** Each item as text without its line number: a record's time and objects, a malformed line's reason. */
  private static List<String> described(List<TelemetryItem> items) {
    return items.stream().map(i -> i instanceof TelemetryItem.Record r
        ? r.observation().firstObserved() + " " + new TreeMap<>(r.observation().objects())
        : i instanceof TelemetryItem.Malformed m ? m.reason() : i.toString()).toList();
  }

  /**
   * A followed file resumed after its start reads the reader's preamble before the new lines: they
   * are read as in the whole file, under its later header block, with what that block left out (its
   * path, its set separator) kept from the one before, and values escaped, blank or odd.
   */
  @Test
  void preamble_readBeforeTheRest_readsItAsTheWholeFileDoes() throws Exception {
    String before = String.join("\n", "#separator \\x2c", "#set_separator,;", "#empty_field,(nil) x", "#unset_field,\\x5c",
        "#path,dns", "#fields,ts,id.orig_h,query,answers", "1764496800.5,10.0.0.1,a.example,198.51.100.7;198.51.100.8",
        "#separator \\x09", "#fields\tts\tid.orig_h\tid.resp_h\tquery\tanswers", "1764496801.5\t10.0.0.1\t10.0.0.2\tb.example\t\\") + "\n";
    String after = String.join("\n", "1764496802.5\t10.0.0.1\t10.0.0.3\tc.example\t198.51.100.9;198.51.100.10",
        "1764496803.5\t10.0.0.1\t10.0.0.4\t(nil) x\t\\", "1764496804.5\t10.0.0.1") + "\n";
    List<TelemetryItem> whole = readText(TelemetryFormat.ZEEK, before + after, "f");
    byte[] preamble;
    try (TelemetryReader first = TelemetryFormat.ZEEK.open(
        new ByteArrayInputStream(before.getBytes(StandardCharsets.UTF_8)), "f")) {
      while (first.read() != null) {
        // to the end of what was read
      }
      preamble = first.preamble();
    }
    List<TelemetryItem> resumed = readText(TelemetryFormat.ZEEK,
        new String(preamble, StandardCharsets.UTF_8) + after, "f");
    assertThat(described(resumed)).isEqualTo(described(whole.subList(2, whole.size()))).hasSize(3);
    assertThat(described(resumed).get(0)).contains("198.51.100.10");
    assertThat(described(resumed).get(2)).contains("2 fields where the header names 5");
    assertThat(TelemetryFormat.ZEEK.open(new ByteArrayInputStream(new byte[0]), "f").preamble()).isEmpty();
  }

  /**
   * A hostile run (issue 12, finding 15): POST /telemetry?format=zeek-json answered a line that is
   * not JSON with "neither a JSON object (Zeek JSON) nor a TSV record after a #fields header (Zeek
   * TSV)". Read as Zeek JSON only, a header or TSV line is not a JSON object, said so.
   */
  @Test
  void read_zeekJsonOnly_headerAndTsvLinesNotJsonObjects() {
    String text = String.join("\n", "#fields\tts\tuid", "1700000000.0\tC1",
        "{\"_path\":\"conn\",\"ts\":1700000000.0,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.1\",\"id.resp_h\":\"198.51.100.7\"}",
        " {\"_path\":\"conn\",\"ts\":1700000001.0,\"uid\":\"C2\",\"id.orig_h\":\"10.0.0.1\",\"id.resp_h\":\"198.51.100.7\"}",
        "[1]") + "\n";
    List<TelemetryItem> items = readText(TelemetryFormat.ZEEK_JSON, text, "telemetry:sensor:zeek-json");
    assertThat(observations(items)).hasSize(2);
    assertThat(malformed(items)).extracting(TelemetryItem.Malformed::line).containsExactly(1L, 2L, 5L);
    assertThat(malformed(items)).extracting(TelemetryItem.Malformed::reason).allSatisfy(r -> assertThat(r).doesNotContain("TSV"))
        .first().isEqualTo("not a JSON object (Zeek JSON: one object a line)");
    assertThat(TelemetryFormat.parse("zeek_json")).isEmpty(); // the command line's zeek reads both forms
    assertThat(TelemetryFormat.parse("zeek")).contains(TelemetryFormat.ZEEK);
  }

  /**
   * A hostile run (issue 12, 12p D6): a #separator that the log's lines do not use made every record
   * malformed with a reason that did not name it ("1 fields where the header names 3"). The reason
   * names the separator in force, as Zeek writes it, and where it came from; a #fields line that the
   * separator does not split is named with its line.
   */
  @Test
  void read_separatorTheLinesDoNotUse_namedInTheReason() {
    String wrongFields = "#separator tab\n#fields\tts\tid.orig_h\tquery\n1764496800.5\t10.0.0.1\ta.example\n";
    assertThat(malformed(readText(TelemetryFormat.ZEEK, wrongFields, "dns.log"))).singleElement()
        .satisfies(m -> assertThat(m.line()).isEqualTo(3))
        .extracting(TelemetryItem.Malformed::reason).isEqualTo("a TSV record under a header whose fields could not be read:"
            + " its #fields header (line 2) holds no separator \\x74\\x61\\x62 (the header's #separator)");
    String wrongRecords = "#separator \\x2c\n#fields,ts,id.orig_h,query\n1764496800.5\t10.0.0.1\ta.example\n";
    assertThat(malformed(readText(TelemetryFormat.ZEEK, wrongRecords, "dns.log"))).extracting(TelemetryItem.Malformed::reason)
        .containsExactly("no separator \\x2c (the header's #separator) in the line, where the header names 3 fields");
    String noSeparatorLine = "#fields\tts\tid.orig_h\tquery\n1764496800.5,10.0.0.1,a.example\n1764496800.5\t10.0.0.1\n";
    assertThat(malformed(readText(TelemetryFormat.ZEEK, noSeparatorLine, "dns.log"))).extracting(TelemetryItem.Malformed::reason)
        .containsExactly("no separator \\x09 (a tab: no #separator line) in the line, where the header names 3 fields",
            "2 fields where the header names 3");
    // a #separator that gives none: a tab stands in, and the reason says so (hostile run 12t blamed the header's \x09)
    String emptySeparator = "#separator \n#fields|ts|id.orig_h|query\n1764496800.5|10.0.0.1|a.example\n";
    assertThat(malformed(readText(TelemetryFormat.ZEEK, emptySeparator, "dns.log"))).extracting(TelemetryItem.Malformed::reason)
        .containsExactly("a TSV record under a header whose fields could not be read: its #fields header (line 2) holds no"
            + " separator \\x09 (a tab: the #separator header at line 1 gives none)");
    // a #separator line then a good block: the reason of the block before does not stay
    String mended = wrongFields + "#separator \\x09\n#fields\tts\tid.orig_h\tquery\n1764496800.5\t10.0.0.1\ta.example\n";
    assertThat(observations(readText(TelemetryFormat.ZEEK, mended, "dns.log"))).hasSize(1);
  }

  /**
   * A #fields header that names a column twice (hostile run 12af: ts twice took the first column's
   * time, where the same record in Zeek JSON, ts twice, takes the last): its records are malformed,
   * with the line of the header and the name; the next header's block is read.
   */
  @Test
  void read_fieldNamedTwice_recordsMalformedWithTheHeaderNamed() {
    String twice = "#separator \\x09\n#fields\tts\tid.orig_h\tts\n1748736000\t10.0.0.1\t1748736999\n"
        + "#fields\tts\tid.orig_h\tquery\n1748736000\t10.0.0.1\ta.example\n";
    List<TelemetryItem> items = readText(TelemetryFormat.ZEEK, twice, "dns.log");
    assertThat(malformed(items)).singleElement().satisfies(m -> assertThat(m.line()).isEqualTo(3))
        .extracting(TelemetryItem.Malformed::reason)
        .isEqualTo("a TSV record under a header whose fields could not be read: its #fields header (line 2) names ts twice");
    assertThat(observations(items)).hasSize(1);
  }
}
