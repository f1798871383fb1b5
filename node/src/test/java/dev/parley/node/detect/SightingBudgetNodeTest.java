package dev.parley.node.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.node.DetectionConfig;
import dev.parley.node.Node;
import dev.parley.node.NodeConfig;
import dev.parley.stix.Json;
import dev.parley.store.accounts.Right;
import dev.parley.store.collections.Collection;
import dev.parley.store.objects.NewObject;
import dev.parley.store.objects.ObjectQuery;
import dev.parley.store.objects.ObjectRow;
import dev.parley.store.objects.VersionFilter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, the budget of sightings in a node ({@code serve --sighting-budget}): past it, what a
 * run finds is held and merged, written later and all of it when the node stops; a sensor's answer
 * says nothing of it (a record that hits a group past its budget is answered as one that hits
 * nothing), and no hit is lost: the stored counts add up to the records that hit.
 */
class SightingBudgetNodeTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String IP = "198.51.100.77";
  @TempDir Path data;

  private static String flow(String dest, int port) {
    String t = "2025-11-30T10:00:00.000000+0000";
    return "{\"timestamp\":\"" + t + "\",\"flow_id\":" + port + ",\"event_type\":\"flow\",\"src_ip\":\"10.9.9.9\",\"src_port\":" + port
        + ",\"dest_ip\":\"" + dest + "\",\"dest_port\":443,\"proto\":\"TCP\",\"flow\":{\"start\":\"" + t + "\"}}\n";
  }

  private static String auth(String name, String token) {
    return "Basic " + Base64.getEncoder().encodeToString((name + ":" + token).getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> post(Node node, String auth, String body) throws Exception {
    URI uri = URI.create(node.discoveryUrl()).resolve("/telemetry?format=eve");
    return HTTP.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-ndjson").header("Authorization", auth)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void post_pastTheBudget_heldToldOnlyToReadersAndEveryHitStoredAtStop() throws Exception {
    NodeConfig config = NodeConfig.defaults().withDataDir(data).withListen("127.0.0.1", 0);
    List<String> ids = new ArrayList<>();
    int hits = 0;
    try (Node node = Node.start(config, DetectionConfig.defaults().withSightingBudget(100))) {
      UUID c = UUID.randomUUID();
      node.stores().collections().create(new Collection(c, "api1", "intel", null, "intel"));
      List<NewObject> indicators = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        ids.add("indicator--" + UUID.randomUUID());
        indicators.add(NewObject.of((ObjectNode) Json.mapper().readTree("{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\""
            + ids.get(i) + "\",\"created\":\"2016-01-01T00:00:00.000Z\",\"modified\":\"2016-01-01T00:00:00.000Z\",\"pattern\":"
            + "\"[ipv4-addr:value = '" + IP + "']\",\"pattern_type\":\"stix\",\"valid_from\":\"2016-01-01T00:00:00Z\"}")));
      }
      node.stores().objects().add(c, indicators);
      while (!node.detection().indicators().current().byId().keySet().containsAll(ids)) node.detection().indicators().awaitRefresh();

      String sightings = node.detection().sightingsCollection().toString();
      String reader = auth("reader", node.stores().accounts().create("reader", false, Map.of(sightings, new Right(true, false)), true));
      // ten sightings a request: ten requests spend the budget of 100 (earned back at 1 a second)
      int held = 0;
      while (held == 0 && hits < 100) {
        HttpResponse<String> r = post(node, reader, flow(IP, 1_000 + hits++));
        assertThat(r.statusCode()).isEqualTo(202);
        JsonNode answer = Json.mapper().readTree(r.body());
        assertThat(answer.get("sightings").asInt()).isEqualTo(10);
        held = answer.path("held").asInt();
      }
      assertThat(held).as("the budget spent").isPositive();

      String sensor = auth("sensor", node.stores().accounts().create("sensor", false, Map.of(), true));
      HttpResponse<String> hit = post(node, sensor, flow(IP, 5_000));
      hits++;
      HttpResponse<String> none = post(node, sensor, flow("198.51.100.78", 5_001));
      assertThat(hit.statusCode()).isEqualTo(202);
      assertThat(hit.body()).isEqualTo("{\"read\":1,\"malformed\":0}").isEqualTo(none.body());

      // and a slow body in flight when the node stops: the stop waits for it a while, then cuts it, and goes on to write
      // what was held (hostile run 12aa: Jetty's stop failed with a stack trace and the held sightings were lost)
      String slow = auth("slow", node.stores().accounts().create("slow", false, Map.of(), true));
      InputStream trickle = new InputStream() {
        private byte[] line = new byte[0];
        private int at;
        private int lines;

        @Override
        public int read() throws IOException {
          if (at == line.length) {
            if (lines++ == 1_000) return -1;
            try {
              Thread.sleep(50);
            } catch (InterruptedException e) {
              throw new InterruptedIOException();
            }
            line = flow("198.51.100.79", 10_000 + lines).getBytes(StandardCharsets.UTF_8);
            at = 0;
          }
          return line[at++];
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          // a line at a time, as a sensor sends them, not a buffer's worth gathered for seconds
          int first = read();
          if (first < 0) return -1;
          b[off] = (byte) first;
          int n = Math.min(len, line.length - at + 1);
          System.arraycopy(line, at, b, off + 1, n - 1);
          at += n - 1;
          return n;
        }
      };
      URI uri = URI.create(node.discoveryUrl()).resolve("/telemetry?format=eve");
      var inFlight = HTTP.sendAsync(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-ndjson").header("Authorization", slow)
          .POST(HttpRequest.BodyPublishers.ofInputStream(() -> trickle)).build(), HttpResponse.BodyHandlers.ofString());
      Thread.sleep(1_000);
      assertThat(inFlight).isNotDone();
    }
    // the stop wrote what was held: every record that hit is counted once, for each indicator
    try (Node node = Node.start(config)) {
      Map<String, Integer> counted = new HashMap<>();
      for (ObjectRow row : node.stores().objects().page(new ObjectQuery(node.detection().sightingsCollection(), 0, null, 100_000, List.of(),
          List.of("sighting"), VersionFilter.ALL, ObjectQuery.ANY_SPEC_VERSION, true)).rows()) {
        JsonNode s = Json.readTree(row.body());
        counted.merge(s.get("sighting_of_ref").asText(), s.get("count").asInt(), Integer::sum);
      }
      for (String id : ids) assertThat(counted.get(id)).as(id).isEqualTo(hits);
    }
  }
}
