package dev.parley.bench.detect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bench.pattern.IndicatorCorpus;
import dev.parley.detect.Detector;
import dev.parley.detect.Indicator;
import dev.parley.detect.telemetry.TelemetryFormat;
import dev.parley.detect.telemetry.TelemetryItem;
import dev.parley.detect.telemetry.TelemetryReader;
import dev.parley.node.Node;
import dev.parley.node.NodeConfig;
import dev.parley.pattern.match.MatcherSnapshot;
import dev.parley.pattern.syntax.Pattern;
import dev.parley.policy.Tlp;
import dev.parley.stix.Json;
import dev.parley.store.collections.Collection;
import dev.parley.store.objects.NewObject;
import dev.parley.store.objects.ObjectQuery;
import dev.parley.store.objects.VersionFilter;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code POST /telemetry} into a running node (issue 12): N indicators of the mixed set in a
 * collection, Suricata EVE (flow + dns, one value in a hundred an indicator's) cut into bodies of
 * {@code perPost} events, posted by {@code clients} threads (an account each, keep-alive), every
 * sighting stored (with its observed-data and SCOs, logged). Events per second of wall-clock time,
 * from the first request to the last answer. The baseline in the same run: the same bodies read and
 * matched in this process by one {@link Detector} thread, without HTTP or store.
 *
 * <pre>
 * java -Xmx6g -cp bench/target/benchmarks.jar dev.parley.bench.detect.TelemetryPostLoad [indicators] [perPost] [posts] [clients]
 * </pre>
 */
public final class TelemetryPostLoad {
  private TelemetryPostLoad() {}

  public static void main(String[] args) throws Exception {
    int indicators = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int perPost = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    int posts = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int clients = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    System.out.printf("indicators: %,d (mixed set), %d posts of %,d EVE events, %d clients; %d cores, Java %s, %d MB heap%n",
        indicators, posts, perPost, clients, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20);

    Map<String, String> texts = IndicatorCorpus.mixedTexts(indicators);
    Map<String, Pattern> patterns = IndicatorCorpus.parse(texts);
    List<Indicator> list = new ArrayList<>(patterns.size());
    patterns.forEach((id, p) -> list.add(new Indicator(id, p, Instant.EPOCH, null, null)));
    MatcherSnapshot matcher = Detector.compile(list);
    byte[] all = DetectionLoad.eve(perPost * posts, indicators, ip -> matcher.match(single(ip)).isEmpty());
    List<byte[]> bodies = cut(all, perPost);
    System.out.printf("telemetry: %,d bytes in %d bodies%n", all.length, bodies.size());

    // baseline: the same bodies, read and matched on one thread of this process, no HTTP, no store;
    // the first two bodies once before, to warm the compiler up
    for (byte[] body : bodies.subList(0, Math.min(2, bodies.size()))) baseline(body, list, matcher);
    java.lang.management.ThreadMXBean threadBean = java.lang.management.ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long start = System.nanoTime();
    long cpu = threadBean.getCurrentThreadCpuTime();
    long read = 0;
    for (byte[] body : bodies) read += baseline(body, list, matcher);
    double baseline = read / ((System.nanoTime() - start) / 1e9);
    double baselineCpu = read / ((threadBean.getCurrentThreadCpuTime() - cpu) / 1e9);
    System.out.printf("baseline (in process, one thread, no HTTP, no store): %,.0f events/s, %,.0f per CPU-second%n", baseline, baselineCpu);
    if (Boolean.getBoolean("skipNode")) return;


    Path data = Files.createTempDirectory("parley-telemetry-load");
    try (Node node = Node.start(NodeConfig.defaults().withDataDir(data).withListen("127.0.0.1", 0))) {
      UUID c = UUID.randomUUID();
      node.stores().collections().create(new Collection(c, "api1", "indicators", null, "indicators"));
      long t0 = System.nanoTime();
      List<NewObject> batch = new ArrayList<>();
      for (Map.Entry<String, String> e : texts.entrySet()) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("type", "indicator").put("spec_version", "2.1").put("id", e.getKey()).put("created", "2016-01-01T00:00:00.000Z")
            .put("modified", "2016-01-01T00:00:00.000Z").put("pattern", e.getValue()).put("pattern_type", "stix")
            .put("valid_from", "2016-01-01T00:00:00Z");
        batch.add(NewObject.of(o));
        if (batch.size() == 5000) {
          node.stores().objects().add(c, batch);
          batch = new ArrayList<>();
        }
      }
      if (!batch.isEmpty()) node.stores().objects().add(c, batch);
      node.detection().indicators().awaitRefresh();
      System.out.printf("indicators stored and compiled by the node in %.1f s (not counted)%n", (System.nanoTime() - t0) / 1e9);

      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      URI uri = URI.create("http://127.0.0.1:" + node.port() + "/telemetry?format=eve");
      List<String> auths = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        String name = "load" + i;
        String token = node.stores().accounts().create(name, false, Map.of(), true);
        auths.add("Basic " + Base64.getEncoder().encodeToString((name + ":" + token).getBytes()));
      }
      AtomicLong events = new AtomicLong();
      AtomicLong sightings = new AtomicLong();
      List<Thread> threads = new ArrayList<>();
      long begin = System.nanoTime();
      long processCpu = os.getProcessCpuTime();
      for (int t = 0; t < clients; t++) {
        int client = t;
        Thread th = new Thread(() -> {
          for (int b = client; b < bodies.size(); b += clients) {
            try {
              HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Authorization", auths.get(client))
                  .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(b))).build(),
                  HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() != 202) throw new IllegalStateException(r.statusCode() + " " + r.body());
              var json = Json.mapper().readTree(r.body());
              events.addAndGet(json.get("read").asLong());
              sightings.addAndGet(json.get("sightings").asLong());
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
        });
        th.start();
        threads.add(th);
      }
      for (Thread th : threads) th.join();
      double seconds = (System.nanoTime() - begin) / 1e9;
      double cpuSeconds = (os.getProcessCpuTime() - processCpu) / 1e9;
      long stored = node.stores().objects().count(node.detection().sightingsCollection());
      System.out.printf("POST /telemetry: %,d events in %.1f s: %,.0f events/s sustained; %,d sightings, %,d objects stored in 'sightings'%n",
          events.get(), seconds, events.get() / seconds, sightings.get(), stored);
      System.out.printf("per CPU-second of this JVM (server and client; PostgreSQL's processes not counted): %,.0f events%n",
          events.get() / cpuSeconds);
      System.out.printf("ratio to the baseline: wall clock %.2f, per CPU-second %.2f%n", (events.get() / seconds) / baseline,
          (events.get() / cpuSeconds) / baselineCpu);
      if (stored == 0) throw new IllegalStateException("nothing stored");
      node.stores().objects().page(new ObjectQuery(node.detection().sightingsCollection(), 0, null, 1, List.of(), List.of("sighting"),
          VersionFilter.ALL, ObjectQuery.ANY_SPEC_VERSION, false));
    }
  }

  private static long baseline(byte[] body, List<Indicator> list, MatcherSnapshot matcher) throws java.io.IOException {
    long read = 0;
    Detector d = new Detector(list, matcher, Tlp.AMBER);
    try (TelemetryReader reader = TelemetryFormat.EVE.open(new ByteArrayInputStream(body), "baseline")) {
      for (TelemetryItem item = reader.read(); item != null; item = reader.read()) {
        if (item instanceof TelemetryItem.Record rec) {
          read++;
          d.accept(rec.observation());
        }
      }
    }
    d.sightings();
    return read;
  }

  /** The log cut into bodies of {@code perBody} lines. */
  private static List<byte[]> cut(byte[] all, int perBody) {
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    int lines = 0;
    for (int i = 0; i < all.length; i++) {
      if (all[i] == '\n' && ++lines == perBody) {
        out.add(java.util.Arrays.copyOfRange(all, start, i + 1));
        start = i + 1;
        lines = 0;
      }
    }
    if (start < all.length) out.add(java.util.Arrays.copyOfRange(all, start, all.length));
    return out;
  }

  private static dev.parley.pattern.observe.Observation single(String ip) {
    ObjectNode sco = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("type", "ipv4-addr").put("value", ip);
    return new dev.parley.pattern.observe.Observation("o", Instant.EPOCH, Instant.EPOCH, 1, Map.of("0", sco), List.of(sco));
  }
}
