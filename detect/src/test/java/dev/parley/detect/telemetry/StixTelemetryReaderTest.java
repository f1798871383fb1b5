package dev.parley.detect.telemetry;

import static dev.parley.detect.telemetry.Items.detect;
import static dev.parley.detect.telemetry.Items.malformed;
import static dev.parley.detect.telemetry.Items.observations;
import static dev.parley.detect.telemetry.Items.readText;
import static dev.parley.detect.telemetry.Items.values;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** STIX observed-data as telemetry ({@code --telemetry-format stix}). */
class StixTelemetryReaderTest {
  private static final String OD = "{\"type\":\"observed-data\",\"spec_version\":\"2.1\",\"id\":\"observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf\","
      + "\"created\":\"2016-04-06T19:58:16.000Z\",\"modified\":\"2016-04-06T19:58:16.000Z\",\"first_observed\":\"2015-12-21T19:00:00Z\","
      + "\"last_observed\":\"2015-12-21T19:00:00Z\",\"number_observed\":1,"
      + "\"object_refs\":[\"ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd\"]}";
  private static final String SCO = "{\"type\":\"ipv4-addr\",\"spec_version\":\"2.1\",\"id\":\"ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd\","
      + "\"value\":\"198.51.100.7\"}";

  /**
   * A hostile run: JSON lines that are not STIX (an ECS record, {@code {"a":1}}) read as STIX gave
   * "records read: 0, malformed: 0" and no line. Each is malformed, with its line and a reason.
   */
  @Test
  void read_jsonThatIsNotStix_malformedWithItsLine() {
    String ecs = "{\"@timestamp\":\"2025-11-30T10:00:00Z\",\"source\":{\"ip\":\"10.0.0.5\"},\"destination\":{\"ip\":\"198.51.100.7\"}}";
    List<TelemetryItem> items = readText(TelemetryFormat.STIX, String.join("\n", ecs, SCO, "{\"a\":1}", OD, "{\"type\":\"x\"}") + "\n",
        "od.jsonl");
    assertThat(observations(items)).hasSize(1);
    assertThat(malformed(items)).extracting(TelemetryItem.Malformed::line).containsExactly(1L, 3L, 5L);
    assertThat(malformed(items).get(0).reason()).contains("not a STIX object");
  }

  /**
   * A url SCO of observed-data takes the normal form the logs' URLs take, the scheme's default port
   * dropped (RFC 3986 §6.2.3), so one indicator meets the request in every form (issue 12: "the
   * same for every input form (STIX observed-data included)").
   */
  @Test
  void read_urlWithDefaultPort_portDroppedAndMatched() {
    String od = OD.replace("ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd", "url--8e3d4a2b-6f1c-5b7e-9a0d-3c2b1a0f9e8d");
    String url = "{\"type\":\"url\",\"spec_version\":\"2.1\",\"id\":\"url--8e3d4a2b-6f1c-5b7e-9a0d-3c2b1a0f9e8d\","
        + "\"value\":\"HTTP://Evil.Example:80/a\"}";
    String text = od + "\n" + url + "\n";
    assertThat(values(observations(readText(TelemetryFormat.STIX, text, "od.jsonl")).get(0), "url")).containsExactly("http://evil.example/a");
    assertThat(detect(TelemetryFormat.STIX, text, "od.jsonl", "[url:value = 'http://evil.example/a']").sighted()).isEqualTo(1);
    assertThat(detect(TelemetryFormat.STIX, text, "od.jsonl", "[url:value = 'http://evil.example:80/a']").sighted()).isEqualTo(1);
  }

  @Test
  void read_bundleWithAnObjectThatIsNotStix_malformedTheRestRead() {
    String bundle = "{\"type\":\"bundle\",\"id\":\"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\",\"objects\":[\n"
        + OD + ",\n{\"a\":1},\n" + SCO + "\n]}\n";
    List<TelemetryItem> items = readText(TelemetryFormat.STIX, bundle, "od.json");
    assertThat(observations(items)).hasSize(1);
    assertThat(malformed(items)).extracting(TelemetryItem.Malformed::line).containsExactly(3L);
  }
}
