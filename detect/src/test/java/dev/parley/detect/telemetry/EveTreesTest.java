package dev.parley.detect.telemetry;

import static dev.parley.detect.telemetry.Items.readText;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.pattern.observe.Observation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The EVE reader reads only the members (and, in the sections, the children) the mapping reads,
 * with no tree of the event: each event below, written after Suricata's "Eve JSON Format" and then
 * bent by a distrustful sender (duplicate members, members of unexpected types, numbers of every
 * size, deep nesting), maps exactly as Jackson's whole tree of the line does, read by the tree
 * mapping the reader had before ({@link #mapTree}).
 */
class EveTreesTest {
  private static final ObjectMapper JSON = JsonMapper.builder(new JsonFactory())
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .build();

  private static final String TS = "\"timestamp\":\"2026-11-30T10:00:00.250000+0100\"";
  private static final List<String> LINES = List.of(
      "{" + TS + ",\"event_type\":\"flow\",\"src_ip\":\"10.0.0.1\",\"src_port\":5000,\"dest_ip\":\"198.51.100.7\","
          + "\"dest_port\":443,\"proto\":\"TCP\",\"app_proto\":\"tls\",\"flow\":{\"pkts_toserver\":3,\"bytes\":[1,[2,{\"x\":3}]],"
          + "\"start\":\"2026-11-30T09:59:00.000000+0100\",\"end\":\"2026-11-30T10:00:00.000000+0100\",\"start\":"
          + "\"2026-11-30T09:58:00.125000+0100\",\"alerted\":false}}",
      "{" + TS + ",\"event_type\":\"flow\",\"src_ip\":\"10.0.0.1\",\"dest_ip\":\"10.0.0.2\",\"flow\":5}",
      "{" + TS + ",\"event_type\":\"flow\",\"src_ip\":\"10.0.0.1\",\"dest_ip\":\"10.0.0.2\",\"flow\":{\"start\":7}}",
      "{" + TS + ",\"event_type\":\"netflow\",\"src_ip\":\"10.0.0.1\",\"dest_ip\":\"10.0.0.2\","
          + "\"netflow\":{\"start\":\"2026-11-30T09:00:00+0000\",\"age\":1.5e3},\"flow\":{\"start\":\"2020-01-01T00:00:00Z\"}}",
      "{" + TS + ",\"event_type\":\"alert\",\"src_ip\":\"10.0.0.1\",\"src_port\":1e2,\"dest_ip\":\"10.0.0.2\","
          + "\"dest_port\":99999999999999999999999,\"flow\":{\"start\":\"2020-01-01T00:00:00Z\"},"
          + "\"alert\":{\"metadata\":{\"a\":[[[[[[[[[[1]]]]]]]]]]}}}",
      "{" + TS + ",\"event_type\":\"dns\",\"src_ip\":\"10.0.0.53\",\"dest_ip\":\"10.0.0.1\",\"dest_port\":2147483648,"
          + "\"dns\":{\"version\":2,\"type\":\"answer\",\"rrname\":\"Evil.Example.\",\"answers\":[{\"rrname\":\"evil.example\","
          + "\"rdata\":\"198.51.100.9\"},null,7,\"x\",{\"rdata\":\"cname.example\",\"ttl\":1.0}],"
          + "\"grouped\":{\"A\":[\"198.51.100.10\",3,null],\"CNAME\":\"not-a-list\"}}}",
      "{" + TS + ",\"event_type\":\"dns\",\"src_ip\":\"10.0.0.53\",\"dest_ip\":\"10.0.0.1\","
          + "\"dns\":{\"rrname\":\"first.example\"},\"dns\":{\"rrname\":\"second.example\",\"rdata\":\"10.9.9.9\"}}",
      "{" + TS + ",\"event_type\":\"dns\",\"dns\":{\"queries\":[{\"rrname\":\"q.example\"}],\"queries\":{\"rrname\":\"o.example\"}},"
          + "\"src_ip\":null,\"dest_ip\":true}",
      // members of every other type where text, a port or a section is read, and given twice
      "{\"event_type\":7,\"event_type\":\"flow\"," + TS + ",\"flow\":{\"start\":\"2026-11-30T09:00:00Z\"},\"flow\":[1,{\"start\":2}],"
          + "\"src_ip\":[\"10.0.0.1\"],\"dest_ip\":{\"v\":\"10.0.0.2\"},\"dest_ip\":\"10.0.0.3\",\"src_port\":\"80\",\"dest_port\":80.9,"
          + "\"proto\":6,\"app_proto\":{\"x\":\"http\"}}",
      "{\"event_type\":{\"x\":\"flow\"}," + TS + ",\"src_ip\":\"10.0.0.1\",\"src_port\":-5,\"dest_ip\":\"10.0.0.2\",\"dest_port\":65536,"
          + "\"flow\":{\"start\":\"2020-01-01T00:00:00Z\"},\"proto\":\"UDP\",\"proto\":null}",
      "{\"event_type\":\"netflow\",\"timestamp\":1764496800.5,\"timestamp\":\"2026-11-30T10:00:00Z\",\"netflow\":{\"start\":{\"a\":1},"
          + "\"start\":\"2026-11-30T08:00:00Z\",\"start\":[2]},\"src_ip\":\"2001:db8::1\",\"dest_ip\":\"2001:DB8::2\",\"dest_port\":true}",
      "{\"event_type\":\"flow\",\"timestamp\":\"2026-11-30T10:00:00Z\",\"flow\":{\"start\":\"2026-11-30T07:00:00Z\"},\"flow\":{\"end\":\"x\"},"
          + "\"src_ip\":\"10.0.0.1\",\"src_port\":1.5e3,\"dest_port\":[443]}",
      "{" + TS + ",\"event_type\":\"http\",\"src_ip\":\"10.0.0.1\",\"dest_ip\":\"10.0.0.2\",\"http\":{\"hostname\":\"Www.Example.COM\","
          + "\"url\":\"/a?b=c\",\"http_port\":8080,\"http_method\":\"GET\",\"protocol\":\"HTTP/1.1\",\"http_user_agent\":\"curl\","
          + "\"http_refer\":\"http://ref.example/x\",\"length\":5},\"tls\":\"not-a-section\",\"dns\":{\"rrname\":\"a.example\"},\"dns\":[1],"
          + "\"fileinfo\":{\"md5\":\"D41D8CD98F00B204E9800998ECF8427E\",\"filename\":\"x.exe\",\"size\":12},"
          + "\"smtp\":{\"helo\":\"mail.example\",\"mail_from\":\"<a@example.com>\",\"rcpt_to\":[\"<b@example.com>\"]},"
          + "\"email\":{\"from\":\"a@example.com\",\"to\":[\"b@example.com\"],\"subject\":\"hi\",\"url\":[\"http://u.example/\"]}}",
      "{\"event_type\":\"tls\"," + TS + ",\"src_ip\":\"10.0.0.1\",\"dest_ip\":\"10.0.0.2\",\"tls\":{\"sni\":\"s.example\","
          + "\"fingerprint\":\"8f:51:aa\",\"serial\":\"01:02\",\"subject\":\"CN=s.example\",\"issuerdn\":\"CN=ca\"},\"tls\":{\"sni\":\"t.example\"}}",
      // the tunnel's and the alert's addresses: given twice, of other types, nested deeper; app_proto naming no protocol
      "{" + TS + ",\"event_type\":\"alert\",\"src_ip\":\"10.0.0.1\",\"dest_ip\":\"10.0.0.2\",\"app_proto\":\"failed\","
          + "\"tunnel\":{\"src_ip\":\"192.0.2.1\",\"dest_ip\":\"192.0.2.2\",\"proto\":\"GRE\",\"depth\":0,\"src_ip\":\"192.0.2.3\"},"
          + "\"alert\":{\"signature_id\":1,\"source\":{\"ip\":\"10.0.0.1\",\"port\":5000},\"target\":{\"ip\":\"198.51.100.7\","
          + "\"port\":80},\"source\":{\"port\":1},\"metadata\":{\"x\":[1.5]}}}",
      "{" + TS + ",\"event_type\":\"alert\",\"app_proto\":\"Unknown\",\"tunnel\":[{\"src_ip\":\"192.0.2.1\"}],"
          + "\"tunnel\":{\"src_ip\":7,\"dest_ip\":[\"192.0.2.2\"]},\"alert\":{\"source\":\"10.0.0.1\",\"target\":{\"ip\":{\"v\":1}},"
          + "\"target\":{\"ip\":\"2001:DB8::9\",\"ip\":\"2001:db8::a\"}},\"alert\":{\"source\":{\"ip\":\"10.0.0.5\"}}}",
      "{" + TS + ",\"event_type\":\"alert\",\"tunnel\":null,\"alert\":5,\"app_proto\":\"dns\","
          + "\"dns\":{\"version\":3,\"type\":\"response\",\"queries\":[{\"rrname\":\"www.example\"}],"
          + "\"authorities\":[{\"rrname\":\"Example.\",\"rrtype\":\"NS\",\"rdata\":\"ns1.example\"},{\"rrname\":\"example\","
          + "\"rrtype\":\"SOA\",\"soa\":{\"mname\":\"ns1.example\"}}],\"additionals\":[{\"rrname\":\"ns1.example\",\"rrtype\":\"A\","
          + "\"rdata\":\"192.0.2.53\"},null,{\"rdata\":\"2001:db8::53\"}]}}",
      "{" + TS + ",\"event_type\":\"http\",\"http\":{\"hostname\":\"a.example\",\"url\":\"/\","
          + "\"xff\":\"203.0.113.9, unknown,2001:DB8::1 ,,10.0.0.300\"}}");

  @Test
  void eachEvent_mapsAsJacksonsWholeTree() throws Exception {
    StringBuilder text = new StringBuilder();
    for (String line : LINES) text.append(line).append('\n');
    List<TelemetryItem> items = readText(TelemetryFormat.EVE, text.toString(), "eve.json");
    assertThat(items).hasSize(LINES.size());
    int twice = 0;
    for (int i = 0; i < LINES.size(); i++) {
      // a member read given twice makes the line malformed (hostile run 12ah: its first value, an address, was lost)
      if (items.get(i) instanceof TelemetryItem.Malformed m && m.reason().contains("Duplicate field")) {
        assertThat(Items.givesAMemberTwice(LINES.get(i))).as("line %d", i + 1).isTrue();
        twice++;
        continue;
      }
      ObservationBuilder builder = new ObservationBuilder();
      Instant time = mapTree((ObjectNode) JSON.readTree(LINES.get(i)), builder);
      Observation expected = builder.build("x", time);
      assertThat(items.get(i)).as("line %d", i + 1).isInstanceOf(TelemetryItem.Record.class);
      Observation got = ((TelemetryItem.Record) items.get(i)).observation();
      assertThat(got.firstObserved()).as("line %d", i + 1).isEqualTo(expected.firstObserved());
      assertThat(got.roots().toString()).as("line %d", i + 1).isEqualTo(expected.roots().toString());
      assertThat(got.roots()).as("line %d", i + 1).isEqualTo(expected.roots());
    }
    assertThat(twice).as("lines giving a read member twice").isBetween(5, LINES.size() - 5);
  }

  /** The event's tree mapping the reader had before it read events without a tree (the sections are still trees). */
  private static Instant mapTree(ObjectNode e, ObservationBuilder b) {
    String type = e.path("event_type").asText("");
    Instant time = null;
    if (type.equals("flow") || type.equals("netflow")) time = Times.parse(e.path(type).path("start").textValue());
    if (time == null) time = Times.parse(e.path("timestamp").textValue());
    if (time == null) return null;
    String src = b.address(e.path("src_ip").textValue());
    String dst = b.address(e.path("dest_ip").textValue());
    if (src != null || dst != null) b.connection(src, EveRecords.port(e.get("src_port")), dst, EveRecords.port(e.get("dest_port")));
    b.protocol(e.path("proto").textValue());
    b.protocol(EveRecords.applicationProtocol(e.path("app_proto").textValue()));
    b.address(e.path("tunnel").path("src_ip").textValue());
    b.address(e.path("tunnel").path("dest_ip").textValue());
    b.address(e.path("alert").path("source").path("ip").textValue());
    b.address(e.path("alert").path("target").path("ip").textValue());
    if (e.get("dns") instanceof ObjectNode s) EveRecords.dns(s, b);
    if (e.get("http") instanceof ObjectNode s) EveRecords.http(s, b);
    if (e.get("tls") instanceof ObjectNode s) EveRecords.tls(s, b);
    if (e.get("fileinfo") instanceof ObjectNode s) EveRecords.file(s, b);
    if (e.get("smtp") instanceof ObjectNode s) EveRecords.smtp(s, b);
    if (e.get("email") instanceof ObjectNode s) EveRecords.email(s, b);
    return time;
  }

  @Test
  void truncatedOrBrokenInsideAReadMember_malformedAsJsonError() {
    String text = "{" + TS + ",\"dns\":{\"answers\":[1,2\n"
        + "{" + TS + ",\"dns\":{\"answers\":[1,}]}}\n"
        + "{" + TS + ",\"flow\":{\"pkts\":[1,2,\"start\":\"x\"}}\n"
        + "{" + TS + ",\"flow\":{\"start\":\"2026-11-30T09:00:00Z\"}} trailing\n";
    List<TelemetryItem> items = readText(TelemetryFormat.EVE, text, "eve.json");
    assertThat(items).hasSize(4).allSatisfy(item -> assertThat(item).isInstanceOf(TelemetryItem.Malformed.class));
    assertThat(items).extracting(item -> ((TelemetryItem.Malformed) item).reason())
        .allSatisfy(reason -> assertThat(reason).startsWith("not"));
    assertThat(((TelemetryItem.Malformed) items.get(0)).reason()).startsWith("not JSON: Unexpected end-of-input");
  }

  /** Regression: a read member's number beyond any BigDecimal threw out of the reader and failed the whole input. */
  @Test
  void numberOutOfReach_inAReadMember_malformedLineAndTheRestRead() {
    String text = "{" + TS + ",\"src_port\":1e2147483648}\n"
        + "{" + TS + ",\"src_port\":1.5e-2147483648}\n"
        + "{" + TS + ",\"flow\":{\"start\":1e2147483648}}\n"
        + "{" + TS + ",\"event_type\":[1e2147483648]}\n"
        + "{" + TS + ",\"netflow\":{\"start\":{\"a\":1e2147483648}}}\n"
        + "{" + TS + ",\"event_type\":\"flow\",\"src_ip\":\"192.0.2.1\",\"flow\":{\"start\":\"2026-11-30T09:00:00Z\"}}\n";
    List<TelemetryItem> items = readText(TelemetryFormat.EVE, text, "eve.json");
    assertThat(items).hasSize(6);
    assertThat(items.subList(0, 5)).allSatisfy(item -> assertThat(item).isInstanceOf(TelemetryItem.Malformed.class));
    assertThat(items.subList(0, 5)).extracting(item -> ((TelemetryItem.Malformed) item).reason())
        .allSatisfy(reason -> assertThat(reason).startsWith("not JSON: number out of range"));
    assertThat(items.get(5)).isInstanceOf(TelemetryItem.Record.class);
  }
}
