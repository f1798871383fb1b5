package dev.parley.bench.witness;

import dev.parley.cli.Parley;
import dev.parley.node.Node;
import dev.parley.node.NodeConfig;
import dev.parley.store.collections.Collection;
import dev.parley.store.witness.WitnessKeys;
import dev.parley.tlog.checkpoint.CheckpointVerification;
import dev.parley.tlog.checkpoint.Checkpoints;
import dev.parley.tlog.note.VerifierKey;
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
 * How long a checkpoint waits for its cosignatures on the three-node setup (issue 11: both peers
 * within 2 x --witness-interval, p99): nodes A, B, C on loopback, made peers with {@code parley peer
 * add}; {@code rounds} times, one object is POSTed to A at a random moment, and A's {@code
 * /log/checkpoint} is polled every 5 ms: the time from the first poll that shows the new checkpoint
 * (signed within the integrator's 100 ms) to the first that shows it cosigned by both B and C.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.parley.bench.witness.CosignLatency [interval seconds] [rounds]
 * </pre>
 */
public final class CosignLatency {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  public static void main(String[] args) throws Exception {
    double interval = args.length > 0 ? Double.parseDouble(args[0]) : 2;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    System.out.printf("machine: %d cores, Java %s; load average %s%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"), Files.readString(Path.of("/proc/loadavg")).strip());
    List<Node> nodes = new ArrayList<>();
    try {
      for (String name : List.of("node-a", "node-b", "node-c")) {
        nodes.add(Node.start(NodeConfig.defaults().withDataDir(Files.createTempDirectory("parley-cosign")).withName(name)
            .withListen("127.0.0.1", 0).withWitnessInterval(Duration.ofMillis(Math.round(interval * 1000)))));
      }
      String[] names = {"a", "b", "c"};
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          if (i == j) continue;
          int code = Parley.run("peer", "add", names[j], "--url", "http://127.0.0.1:" + nodes.get(j).port() + "/api1/",
              "--data", nodes.get(i).config().dataDir().toString());
          if (code != 0) throw new IllegalStateException("peer add failed");
        }
      }
      Node a = nodes.get(0);
      VerifierKey logKey = a.stores().log().reader().verifierKey();
      List<VerifierKey> witnesses = new ArrayList<>();
      for (Node w : nodes.subList(1, 3)) {
        witnesses.add(WitnessKeys.load(w.config().dataDir().resolve(WitnessKeys.FILE)).verifierKey());
      }
      UUID id = UUID.randomUUID();
      a.stores().collections().create(new Collection(id, "api1", "cosign latency", null, "latency"));
      String token = Files.readString(a.config().dataDir().resolve("admin.token")).strip();
      String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + token).getBytes(StandardCharsets.UTF_8));
      String base = "http://127.0.0.1:" + a.port();
      Random random = new Random(11);
      List<Double> latencies = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        Thread.sleep((long) (random.nextDouble() * interval * 1000));
        long before = size(base);
        post(base + "/api1/collections/" + id + "/objects/", auth);
        long signed = 0;
        while (true) {
          String note = get(base + "/log/checkpoint");
          long size = Long.parseLong(note.split("\n")[1]);
          long now = System.nanoTime();
          if (size > before && signed == 0) signed = now;
          if (signed != 0 && Checkpoints.open(note, logKey, witnesses) instanceof CheckpointVerification.Verified v
              && v.cosigners().size() == 2) {
            latencies.add((now - signed) / 1e9);
            break;
          }
          Thread.sleep(5);
        }
      }
      Collections.sort(latencies);
      System.out.printf("--witness-interval %.1f s, %d checkpoints: cosigned by both peers after p50 %.2f s, p99 %.2f s, max %.2f s"
          + " (target p99 <= %.1f s)%n", interval, rounds, pct(latencies, 0.5), pct(latencies, 0.99),
          latencies.get(latencies.size() - 1), 2 * interval);
    } finally {
      nodes.forEach(Node::close);
    }
  }

  private static double pct(List<Double> sorted, double p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }

  private static long size(String base) throws Exception {
    return Long.parseLong(get(base + "/log/checkpoint").split("\n")[1]);
  }

  private static String get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static void post(String url, String auth) throws Exception {
    String object = "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--" + UUID.randomUUID()
        + "\",\"created\":\"2016-01-01T00:00:00.000Z\",\"modified\":\"2016-01-01T00:00:00.000Z\",\"name\":\"x\","
        + "\"pattern\":\"[ipv4-addr:value = '10.0.0.1']\",\"pattern_type\":\"stix\",\"valid_from\":\"2016-01-01T00:00:00Z\"}";
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth)
        .header("Accept", "application/taxii+json;version=2.1").header("Content-Type", "application/taxii+json;version=2.1")
        .POST(HttpRequest.BodyPublishers.ofString("{\"objects\":[" + object + "]}")).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 202) throw new IllegalStateException("POST answered " + r.statusCode() + ": " + r.body());
  }
}
