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
 * The EVE reader builds only the members (and, in {@code flow} and {@code netflow}, the children)
 * the mapping reads, on its own trees: each event below, written after Suricata's "Eve JSON Format"
 * and then bent by a distrustful sender (duplicate members, members of unexpected types, numbers
 * of every size, deep nesting), maps exactly as Jackson's whole tree of the line does.
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
          + "\"src_ip\":null,\"dest_ip\":true}");

  @Test
  void eachEvent_mapsAsJacksonsWholeTree() throws Exception {
    StringBuilder text = new StringBuilder();
    for (String line : LINES) text.append(line).append('\n');
    List<TelemetryItem> items = readText(TelemetryFormat.EVE, text.toString(), "eve.json");
    assertThat(items).hasSize(LINES.size());
    for (int i = 0; i < LINES.size(); i++) {
      ObservationBuilder builder = new ObservationBuilder();
      Instant time = EveRecords.map((ObjectNode) JSON.readTree(LINES.get(i)), builder);
      Observation expected = builder.build("x", time);
      assertThat(items.get(i)).as("line %d", i + 1).isInstanceOf(TelemetryItem.Record.class);
      Observation got = ((TelemetryItem.Record) items.get(i)).observation();
      assertThat(got.firstObserved()).as("line %d", i + 1).isEqualTo(expected.firstObserved());
      assertThat(got.roots().toString()).as("line %d", i + 1).isEqualTo(expected.roots().toString());
      assertThat(got.roots()).as("line %d", i + 1).isEqualTo(expected.roots());
    }
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
        + "{" + TS + ",\"event_type\":\"flow\",\"src_ip\":\"192.0.2.1\",\"flow\":{\"start\":\"2026-11-30T09:00:00Z\"}}\n";
    List<TelemetryItem> items = readText(TelemetryFormat.EVE, text, "eve.json");
    assertThat(items).hasSize(4);
    assertThat(items.subList(0, 3)).allSatisfy(item -> assertThat(item).isInstanceOf(TelemetryItem.Malformed.class));
    assertThat(items.subList(0, 3)).extracting(item -> ((TelemetryItem.Malformed) item).reason())
        .allSatisfy(reason -> assertThat(reason).startsWith("not JSON: number out of range"));
    assertThat(items.get(3)).isInstanceOf(TelemetryItem.Record.class);
  }
}
