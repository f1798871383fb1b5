package dev.parley.bench.sync;

import dev.parley.node.Node;
import dev.parley.node.NodeConfig;
import dev.parley.store.Stores;
import dev.parley.sync.Sync;
import dev.parley.sync.SyncLoop;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * How long a new object takes to reach a peer (issue 10: "within 2 s of the next sync pass; with
 * {@code --sync-interval 1}, p99 under 3 s"): nodes A and B on loopback, peers with an agreement (A
 * shares {@code out}, B receives it into {@code in}), B syncing every {@code interval} seconds as
 * {@code parley serve --sync-interval} does. {@code rounds} times, at a random moment, one indicator
 * is POSTed to A (the clock starts when A answers that it is stored), and B's TAXII object endpoint
 * is polled every 20 ms until it serves the object.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.parley.bench.sync.SyncLatency [interval seconds] [rounds]
 * </pre>
 */
public final class SyncLatency {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final String TAXII = "application/taxii+json;version=2.1";

  public static void main(String[] args) throws Exception {
    int interval = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    System.out.printf("machine: %d cores, Java %s; load average %s%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"), Files.readString(Path.of("/proc/loadavg")).strip());
    Path dataA = Files.createTempDirectory("parley-latency-a");
    Path dataB = Files.createTempDirectory("parley-latency-b");
    try (Node a = Node.start(NodeConfig.defaults().withDataDir(dataA).withListen("127.0.0.1", 0).withName("latency-a"));
        Node b = Node.start(NodeConfig.defaults().withDataDir(dataB).withListen("127.0.0.1", 0).withName("latency-b"))) {
      PullLoad.cli("collection", "create", "--title", "out", "--alias", "out", "--data", dataA.toString());
      PullLoad.cli("collection", "create", "--title", "in", "--alias", "in", "--data", dataB.toString());
      Stores sb = b.stores();
      PullLoad.peers(a, dataA, b, dataB);
      String authA = basic(dataA);
      String authB = basic(dataB);
      String postUrl = "http://127.0.0.1:" + a.port() + "/api1/collections/out/objects/";
      String readBase = "http://127.0.0.1:" + b.port() + "/api1/collections/in/objects/";
      List<Double> latencies = new ArrayList<>();
      Random random = new Random(7);
      try (SyncLoop loop = SyncLoop.start(new Sync(sb, Sync.Settings.defaults()), Duration.ofSeconds(interval))) {
        for (int r = 0; r < rounds; r++) {
          Thread.sleep((long) (random.nextDouble() * interval * 1000));
          String id = "indicator--" + UUID.randomUUID();
          post(postUrl, authA, id);
          long t0 = System.nanoTime();
          while (true) {
            HttpResponse<String> got = HTTP.send(HttpRequest.newBuilder(URI.create(readBase + id + "/")).header("Authorization", authB)
                .header("Accept", TAXII).build(), HttpResponse.BodyHandlers.ofString());
            if (got.statusCode() == 200 && got.body().contains(id)) break;
            if ((System.nanoTime() - t0) > 60e9) throw new IllegalStateException(id + " did not reach B in 60 s");
            Thread.sleep(20);
          }
          latencies.add((System.nanoTime() - t0) / 1e9);
        }
      }
      Collections.sort(latencies);
      System.out.printf("--sync-interval %d s, %d objects: reached B after p50 %.2f s, p90 %.2f s, p99 %.2f s, max %.2f s"
          + " (target p99 < 3 s)%n", interval, rounds, pct(latencies, 0.5), pct(latencies, 0.9), pct(latencies, 0.99),
          latencies.get(latencies.size() - 1));
      System.out.printf("load average at the end: %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
    }
  }

  private static double pct(List<Double> sorted, double p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }

  private static String basic(Path data) throws Exception {
    String token = Files.readString(data.resolve("admin.token")).strip();
    return "Basic " + Base64.getEncoder().encodeToString(("admin:" + token).getBytes(StandardCharsets.UTF_8));
  }

  private static void post(String url, String auth, String id) throws Exception {
    String object = "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id
        + "\",\"created\":\"2026-01-01T00:00:00.000Z\",\"modified\":\"2026-01-01T00:00:00.000Z\",\"name\":\"latency\","
        + "\"pattern\":\"[ipv4-addr:value = '192.0.2.1']\",\"pattern_type\":\"stix\",\"valid_from\":\"2026-01-01T00:00:00Z\"}";
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth)
        .header("Accept", TAXII).header("Content-Type", TAXII)
        .POST(HttpRequest.BodyPublishers.ofString("{\"objects\":[" + object + "]}")).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 202 || !r.body().contains("\"success_count\":1")) {
      throw new IllegalStateException("POST answered " + r.statusCode() + ": " + r.body());
    }
  }
}
