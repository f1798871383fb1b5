package dev.parley.node.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.detect.telemetry.TelemetryFormat;
import dev.parley.detect.telemetry.TelemetryReader;
import dev.parley.ingest.detect.LiveIndicators;
import dev.parley.ingest.detect.TelemetryDetection;
import dev.parley.node.DetectionConfig;
import dev.parley.node.Node;
import dev.parley.node.NodeConfig;
import dev.parley.policy.Tlp;
import dev.parley.stix.Json;
import dev.parley.store.collections.Collection;
import dev.parley.store.objects.NewObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12: "matching the indicators of the collections named by serve --detect-collections C,… (default: every collection)". */
class DetectCollectionsTest {
  @TempDir Path data;

  private static void add(Node node, String alias, String id, String ip) throws Exception {
    UUID c = node.stores().collections().resolve(alias).map(Collection::id).orElseGet(() -> {
      UUID made = UUID.randomUUID();
      node.stores().collections().create(new Collection(made, "api1", alias, null, alias));
      return made;
    });
    String indicator = "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"created\":\"2016-01-01T00:00:00.000Z\","
        + "\"modified\":\"2016-01-01T00:00:00.000Z\",\"pattern\":\"[ipv4-addr:value = '" + ip + "']\",\"pattern_type\":\"stix\","
        + "\"valid_from\":\"2016-01-01T00:00:00Z\"}";
    node.stores().objects().add(c, List.of(NewObject.of((ObjectNode) Json.mapper().readTree(indicator))));
  }

  private static List<String> hits(Node node, String telemetry) throws Exception {
    LiveIndicators.Snapshot snapshot = node.detection().indicators().current();
    TelemetryDetection runs = node.detection().runs();
    try (TelemetryReader reader = TelemetryFormat.ECS.open(new ByteArrayInputStream(telemetry.getBytes(StandardCharsets.UTF_8)), "test")) {
      return runs.run(reader, "test-" + UUID.randomUUID(), Tlp.AMBER, snapshot, false, bad -> {}).sightings().stream()
          .map(s -> s.indicator().id()).toList();
    }
  }

  @Test
  void detectCollections_onlyTheNamedOnes() throws Exception {
    String intel = "indicator--" + UUID.randomUUID();
    String other = "indicator--" + UUID.randomUUID();
    String telemetry = "{\"@timestamp\":\"2025-11-30T10:00:00Z\",\"source\":{\"ip\":\"192.0.2.10\"},\"destination\":{\"ip\":\"192.0.2.20\"}}\n";
    NodeConfig config = NodeConfig.defaults().withDataDir(data).withListen("127.0.0.1", 0);
    try (Node node = Node.start(config)) {
      add(node, "intel", intel, "192.0.2.10");
      add(node, "other", other, "192.0.2.20");
      node.detection().indicators().awaitRefresh();
      assertThat(hits(node, telemetry)).containsExactlyInAnyOrder(intel, other); // default: every collection
    }
    try (Node node = Node.start(config, DetectionConfig.defaults().withCollections(List.of("intel")))) {
      assertThat(hits(node, telemetry)).containsExactly(intel);
    }
  }

  /**
   * A hostile run could not name a collection on a node's first start (only serve makes a node, and a
   * node holds no collection before): a name no collection has yet is followed from when one is made
   * with it, by alias or by id, without a restart; the node's own feedback collection is named at once.
   */
  @Test
  void detectCollections_namedBeforeMade_followedOnceMade() throws Exception {
    String later = "indicator--" + UUID.randomUUID();
    String other = "indicator--" + UUID.randomUUID();
    String telemetry = "{\"@timestamp\":\"2025-11-30T10:00:00Z\",\"source\":{\"ip\":\"192.0.2.10\"},\"destination\":{\"ip\":\"192.0.2.20\"}}\n";
    NodeConfig config = NodeConfig.defaults().withDataDir(data).withListen("127.0.0.1", 0);
    try (Node node = Node.start(config, DetectionConfig.defaults().withCollections(List.of("later", "feedback")))) {
      assertThat(node.detection().indicators().current().byId()).isEmpty();
      add(node, "other", other, "192.0.2.20");
      add(node, "later", later, "192.0.2.10");
      node.detection().indicators().awaitRefresh();
      assertThat(hits(node, telemetry)).containsExactly(later);
    }
  }
}
