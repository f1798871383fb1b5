package dev.parley.bench.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.node.DetectionConfig;
import dev.parley.node.Node;
import dev.parley.node.NodeConfig;
import dev.parley.stix.Json;
import dev.parley.store.accounts.Right;
import dev.parley.store.collections.Collection;
import dev.parley.store.objects.NewObject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /telemetry} when every record hits (issue 12; hostile run 12x): a node with its
 * default settings, one indicator {@code [ipv4-addr:value = '198.51.100.7']}, and bodies of Suricata
 * EVE flow events (about 380 bytes each) posted one at a time by an account that may read the
 * sightings, so that each answer comes once the run's sightings and counted records are stored.
 * Each round posts a body of new events to that address, then one of new events to another address
 * (none hits: the baseline in the same run), then the hit body again (every record a repeat). Two
 * rounds first warm the node up and are not reported. Prints each round's times and the medians.
 *
 * <pre>
 * java -Xmx4g -cp bench/target/benchmarks.jar dev.parley.bench.detect.DenseHitPost [events per body] [rounds]
 * </pre>
 */
public final class DenseHitPost {
  private static final String HIT = "198.51.100.7";
  private static final String MISS = "203.0.113.9";

  private DenseHitPost() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int warm = 2;
    System.out.printf("%,d EVE flow events a body, %d rounds after %d to warm up; %d cores, Java %s, %d MB heap%n", events, rounds, warm,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
    Path data = Files.createTempDirectory("parley-dense-hits");
    try (Node node = Node.start(NodeConfig.defaults().withDataDir(data).withListen("127.0.0.1", 0), DetectionConfig.defaults())) {
      UUID c = UUID.randomUUID();
      node.stores().collections().create(new Collection(c, "api1", "indicators", null, "indicators"));
      ObjectNode indicator = Json.mapper().createObjectNode().put("type", "indicator").put("spec_version", "2.1")
          .put("id", "indicator--6d1e5a0c-3c1b-4d2e-9f6a-1b2c3d4e5f60").put("created", "2016-01-01T00:00:00.000Z")
          .put("modified", "2016-01-01T00:00:00.000Z").put("pattern", "[ipv4-addr:value = '" + HIT + "']").put("pattern_type", "stix")
          .put("valid_from", "2016-01-01T00:00:00Z");
      node.stores().objects().add(c, List.of(NewObject.of(indicator)));
      node.detection().indicators().awaitRefresh();
      String token = node.stores().accounts().create("dense", false,
          Map.of(node.detection().sightingsCollection().toString(), new Right(true, false)), true);
      String auth = "Basic " + Base64.getEncoder().encodeToString(("dense:" + token).getBytes(StandardCharsets.UTF_8));
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      URI uri = URI.create("http://127.0.0.1:" + node.port() + "/telemetry?format=eve");

      double[] hit = new double[rounds];
      double[] miss = new double[rounds];
      double[] again = new double[rounds];
      long first = 1;
      for (int r = 0; r < warm + rounds; r++) {
        byte[] hits = flows(HIT, events, first);
        first += events;
        byte[] misses = flows(MISS, events, first);
        first += events;
        double h = post(http, uri, auth, hits, events, false);
        double m = post(http, uri, auth, misses, events, false);
        double a = post(http, uri, auth, hits, events, true);
        if (r < warm) continue;
        int i = r - warm;
        hit[i] = h;
        miss[i] = m;
        again[i] = a;
        System.out.printf("round %d: every record a hit %.2f s (%,.0f events/s), none %.2f s (%,.0f events/s), the hits again %.2f s (%,.0f events/s)%n",
            i + 1, h, events / h, m, events / m, a, events / a);
      }
      double mh = median(hit);
      double mm = median(miss);
      double ma = median(again);
      System.out.printf("median: every record a hit %,.0f events/s, none %,.0f events/s, the hits again %,.0f events/s;"
          + " ratio hits / none %.2f%n", events / mh, events / mm, events / ma, mm / mh);
    }
  }

  /** {@code n} EVE flow events to {@code address}, each of its own flow id from {@code first} on, one a line. */
  static byte[] flows(String address, int n, long first) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(n * 400);
    for (int i = 0; i < n; i++) {
      long id = first + i;
      String line = String.format("{\"timestamp\":\"2026-12-01T10:%02d:%02d.%06d+0000\",\"flow_id\":%d,\"event_type\":\"flow\","
          + "\"src_ip\":\"10.0.%d.%d\",\"src_port\":%d,\"dest_ip\":\"%s\",\"dest_port\":443,\"proto\":\"TCP\",\"flow\":{\"pkts_toserver\":3,"
          + "\"pkts_toclient\":2,\"bytes_toserver\":300,\"bytes_toclient\":200,\"start\":\"2026-12-01T10:00:00.000000+0000\","
          + "\"end\":\"2026-12-01T10:00:01.000000+0000\",\"state\":\"closed\",\"reason\":\"timeout\"}}\n",
          (i / 60_000) % 60, (i / 1000) % 60, i % 1_000_000, id, (i >> 8) & 255, i & 255, 40_000 + i % 20_000, address);
      out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  /** Posts one body; its seconds, from the request to the answer. Checks the answer's counts. */
  private static double post(HttpClient http, URI uri, String auth, byte[] body, int events, boolean repeats) throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Authorization", auth)
        .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (r.statusCode() != 202) throw new IllegalStateException(r.statusCode() + " " + r.body());
    JsonNode answer = Json.mapper().readTree(r.body());
    if (answer.get("read").asLong() != events || answer.get("repeated").asLong() != (repeats ? events : 0)) {
      throw new IllegalStateException("unexpected counts: " + r.body());
    }
    return seconds;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
