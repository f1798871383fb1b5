package dev.parley.bench.detect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bench.load.PostgresCpu;
import dev.parley.bench.pattern.IndicatorCorpus;
import dev.parley.detect.Detector;
import dev.parley.detect.Indicator;
import dev.parley.detect.telemetry.TelemetryFormat;
import dev.parley.detect.telemetry.TelemetryItem;
import dev.parley.detect.telemetry.TelemetryReader;
import dev.parley.ingest.detect.TelemetryDetection;
import dev.parley.node.DetectionConfig;
import dev.parley.node.Node;
import dev.parley.node.NodeConfig;
import dev.parley.pattern.match.MatcherSnapshot;
import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.syntax.Pattern;
import dev.parley.policy.Tlp;
import dev.parley.stix.Json;
import dev.parley.store.accounts.Right;
import dev.parley.store.browse.BrowseStore;
import dev.parley.store.collections.Collection;
import dev.parley.store.objects.NewObject;
import dev.parley.store.objects.ObjectQuery;
import dev.parley.store.objects.VersionFilter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.zip.GZIPOutputStream;

/**
 * {@code POST /telemetry} into a running node (issue 12): N indicators of the mixed set in a
 * collection, Suricata EVE (flow + dns, one value in a hundred an indicator's; or, by the sixth
 * argument, Zeek JSON or ECS connections and DNS answers, {@link DetectionLoad}) cut into bodies of
 * {@code perPost} events, posted by {@code clients} threads (an account each, keep-alive), every
 * sighting stored (with its observed-data and SCOs, logged). Events per second of wall-clock time,
 * from the first request to the last answer, and per CPU-second of this JVM. The baseline in the
 * same run: the same bodies read and matched in this process by one {@link Detector} thread,
 * without HTTP or store, per CPU-second of that thread and of the whole JVM (which adds the
 * collector's and the compiler's threads, as the node's figure does).
 *
 * <p>Both are measured warm: {@code warm} more bodies of the same kind (other events) go first
 * through the baseline and, from an account of their own, to the node, before the clocks start. A
 * cold node spends much of its first seconds compiling its own code (JIT), which is not what a
 * node that runs for days sustains. And the node's search index (the web interface's, filled behind
 * the write path) has caught up with the indicators before the clock starts; the sightings' own
 * indexing runs within it.
 *
 * <pre>
 * java -Xmx6g -cp bench/target/benchmarks.jar dev.parley.bench.detect.TelemetryPostLoad [indicators] [perPost] [posts] [clients] [warm] [eve|zeek-json|ecs]
 * </pre>
 *
 * <p>{@code -Dcoding=gzip} posts the bodies gzipped, with {@code Content-Encoding: gzip}, compressed
 * before the clock starts. {@code -DhitsPerMillion=N} sets how many values in a million are an indicator's (default
 * 10,000, as in {@link DetectionLoad}); {@code -DsightingBudget=N} the node's budget of sightings
 * per group ({@code serve --sighting-budget}, default 10,000): the program's indicators are one
 * group, whose default budget its warm-up spends, so that the timed posts hold and merge their
 * sightings; a budget past what they find stores every one.
 */
public final class TelemetryPostLoad {
  private TelemetryPostLoad() {}

  public static void main(String[] args) throws Exception {
    int indicators = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int perPost = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    int posts = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int clients = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    int warm = args.length > 4 ? Integer.parseInt(args[4]) : 2;
    String format = args.length > 5 ? args[5] : "eve";
    TelemetryFormat readAs = format.equals("zeek-json") ? TelemetryFormat.ZEEK : TelemetryFormat.parse(format)
        .filter(f -> f == TelemetryFormat.EVE || f == TelemetryFormat.ECS)
        .orElseThrow(() -> new IllegalArgumentException("format: eve, zeek-json or ecs, not " + format));
    System.out.printf("indicators: %,d (mixed set), %d posts of %,d %s events (after %d to warm up), %d clients; %d cores, Java %s, %d MB heap%n",
        indicators, posts, perPost, format, warm, clients, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20);

    Map<String, String> texts = IndicatorCorpus.mixedTexts(indicators);
    Map<String, Pattern> patterns = IndicatorCorpus.parse(texts);
    List<Indicator> list = new ArrayList<>(patterns.size());
    patterns.forEach((id, p) -> list.add(new Indicator(id, p, Instant.EPOCH, null, null)));
    MatcherSnapshot matcher = Detector.compile(list);
    Map<String, Indicator> byId = Detector.byId(list); // once, as the node's snapshot holds it
    Predicate<String> quiet = ip -> matcher.match(single(ip)).isEmpty();
    int total = perPost * (warm + posts);
    byte[] all = switch (format) {
      case "eve" -> DetectionLoad.eve(total, indicators, quiet);
      // connections then DNS answers, interleaved line by line, so that every body holds both
      case "zeek-json" -> interleave(DetectionLoad.zeekJson(total, indicators, quiet));
      default -> interleave(DetectionLoad.ecs(total, indicators, quiet));
    };
    List<byte[]> cut = cut(all, perPost);
    List<byte[]> warmUp = cut.subList(0, warm);
    List<byte[]> bodies = cut.subList(warm, cut.size());
    System.out.printf("telemetry: %,d bytes in %d bodies (%d to warm up)%n", all.length, cut.size(), warm);

    // baseline: the same bodies, read and matched on one thread of this process, no HTTP, no store;
    // the warm-up bodies before, to warm the compiler up
    for (byte[] body : warmUp) baseline(readAs, body, byId, matcher);
    ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long start = System.nanoTime();
    long cpu = threadBean.getCurrentThreadCpuTime();
    long baselineProcessCpu = os.getProcessCpuTime();
    long read = 0;
    for (byte[] body : bodies) read += baseline(readAs, body, byId, matcher);
    double baseline = read / ((System.nanoTime() - start) / 1e9);
    double baselineCpu = read / ((threadBean.getCurrentThreadCpuTime() - cpu) / 1e9);
    double baselineJvmCpu = read / ((os.getProcessCpuTime() - baselineProcessCpu) / 1e9);
    System.out.printf("baseline (in process, one thread, no HTTP, no store): %,.0f events/s, %,.0f per CPU-second of the thread,"
        + " %,.0f per CPU-second of the JVM%n", baseline, baselineCpu, baselineJvmCpu);
    if (Boolean.getBoolean("skipNode")) return;
    // with -Dcoding, compressed before the clock starts, as a shipper sends them
    List<byte[]> warmSent = CODING == null ? warmUp : warmUp.stream().map(TelemetryPostLoad::gzip).toList();
    List<byte[]> sent = CODING == null ? bodies : bodies.stream().map(TelemetryPostLoad::gzip).toList();
    if (CODING != null) {
      System.out.printf("bodies sent with Content-Encoding: %s, %,d bytes%n", CODING, sent.stream().mapToLong(b -> b.length).sum());
    }


    Path data = Files.createTempDirectory("parley-telemetry-load");
    int budget = Integer.getInteger("sightingBudget", TelemetryDetection.SIGHTING_BURST);
    System.out.printf("sighting budget of the node's groups: %,d (serve --sighting-budget)%n", budget);
    try (Node node = Node.start(NodeConfig.defaults().withDataDir(data).withListen("127.0.0.1", 0),
        DetectionConfig.defaults().withSightingBudget(budget))) {
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
      // the upkeep the bulk load of indicators leaves (autovacuum's vacuum and analyze of tables of
      // a million rows) is done before the clock: left to autovacuum, it fell within the window at
      // 1,000,000 indicators and was counted as the telemetry's
      long v0 = System.nanoTime();
      node.stores().db().withConnection(cx -> {
        try (var st = cx.createStatement()) {
          st.execute("vacuum (analyze)");
        }
        return null;
      });
      System.out.printf("database vacuumed and analyzed after the indicators' load in %.1f s (not counted)%n", (System.nanoTime() - v0) / 1e9);

      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      URI uri = URI.create("http://127.0.0.1:" + node.port() + "/telemetry?format=" + format);
      List<String> auths = new ArrayList<>();
      for (int i = 0; i <= clients; i++) { // the last one warms up
        String name = i < clients ? "load" + i : "warm";
        String token = node.stores().accounts().create(name, false, // it reads the sightings: told their counts
            Map.of(node.detection().sightingsCollection().toString(), new Right(true, false)), true);
        auths.add("Basic " + Base64.getEncoder().encodeToString((name + ":" + token).getBytes()));
      }
      long w0 = System.nanoTime();
      for (byte[] body : warmSent) post(http, uri, auths.get(clients), body);
      System.out.printf("node warmed up on %d bodies in %.1f s (not counted)%n", warmSent.size(), (System.nanoTime() - w0) / 1e9);
      // the web interface's search index follows the stores behind the write path (2,000 members a
      // quarter second); the indicators' backlog would otherwise be indexed within the clock
      long i0 = System.nanoTime();
      BrowseStore browse = new BrowseStore(node.stores().db());
      long backlog = 0;
      for (int n = browse.indexSearch(2000); n > 0; n = browse.indexSearch(2000)) backlog += n;
      System.out.printf("search index caught up (%,d members left to index) in %.1f s (not counted)%n", backlog, (System.nanoTime() - i0) / 1e9);
      long storedBefore = node.stores().objects().count(node.detection().sightingsCollection());
      AtomicLong events = new AtomicLong();
      AtomicLong sightings = new AtomicLong();
      List<Thread> threads = new ArrayList<>();
      long begin = System.nanoTime();
      long processCpu = os.getProcessCpuTime();
      long databaseCpu = PostgresCpu.ticks(data);
      for (int t = 0; t < clients; t++) {
        int client = t;
        Thread th = new Thread(() -> {
          for (int b = client; b < sent.size(); b += clients) {
            var json = post(http, uri, auths.get(client), sent.get(b));
            events.addAndGet(json.get("read").asLong());
            sightings.addAndGet(json.get("sightings").asLong());
          }
        });
        th.start();
        threads.add(th);
      }
      for (Thread th : threads) th.join();
      double seconds = (System.nanoTime() - begin) / 1e9;
      double cpuSeconds = (os.getProcessCpuTime() - processCpu) / 1e9;
      double databaseSeconds = PostgresCpu.seconds(PostgresCpu.ticks(data) - databaseCpu);
      long stored = node.stores().objects().count(node.detection().sightingsCollection()) - storedBefore;
      System.out.printf("POST /telemetry: %,d events in %.1f s: %,.0f events/s sustained; %,d sightings, %,d objects stored in 'sightings'%n",
          events.get(), seconds, events.get() / seconds, sightings.get(), stored);
      System.out.printf("per CPU-second of this JVM (server and client; PostgreSQL's processes not counted): %,.0f events%n",
          events.get() / cpuSeconds);
      System.out.printf("PostgreSQL's processes: %.1f CPU-seconds; per CPU-second of the JVM and PostgreSQL together: %,.0f events%n",
          databaseSeconds, events.get() / (cpuSeconds + databaseSeconds));
      System.out.printf("ratio to the baseline: wall clock %.2f, per CPU-second of the JVM %.2f (to the baseline thread's %.2f)%n",
          (events.get() / seconds) / baseline, (events.get() / cpuSeconds) / baselineJvmCpu, (events.get() / cpuSeconds) / baselineCpu);
      // what the window leaves behind: the search index of the sightings, which the node indexes
      // behind the write path; counted here until it has caught up, so that a node whose indexer
      // falls behind within the window does not look cheaper than it is
      long left = 0;
      for (int n = browse.indexSearch(2000); n > 0; n = browse.indexSearch(2000)) left += n;
      double allSeconds = (System.nanoTime() - begin) / 1e9;
      double allCpu = (os.getProcessCpuTime() - processCpu) / 1e9;
      double allDatabase = PostgresCpu.seconds(PostgresCpu.ticks(data) - databaseCpu);
      System.out.printf("with the search index caught up (%,d members were left): %.1f s, JVM %.1f and PostgreSQL %.1f CPU-seconds;"
          + " per CPU-second of both %,.0f events%n", left, allSeconds, allCpu, allDatabase, events.get() / (allCpu + allDatabase));
      if (stored == 0) throw new IllegalStateException("nothing stored");
      node.stores().objects().page(new ObjectQuery(node.detection().sightingsCollection(), 0, null, 1, List.of(), List.of("sighting"),
          VersionFilter.ALL, ObjectQuery.ANY_SPEC_VERSION, false));
    }
  }

  /** {@code -Dcoding=gzip}: the bodies are posted gzipped, with their Content-Encoding. */
  private static final String CODING = System.getProperty("coding");

  private static byte[] gzip(byte[] text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length / 8);
    try (GZIPOutputStream z = new GZIPOutputStream(out, 1 << 16)) {
      z.write(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Posts one body; its answer, which must be a 202. */
  private static com.fasterxml.jackson.databind.JsonNode post(HttpClient http, URI uri, String auth, byte[] body) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Authorization", auth)
          .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofByteArray(body));
      if (CODING != null) request.header("Content-Encoding", CODING);
      HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 202) throw new IllegalStateException(r.statusCode() + " " + r.body());
      return Json.mapper().readTree(r.body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static long baseline(TelemetryFormat format, byte[] body, Map<String, Indicator> byId, MatcherSnapshot matcher) throws IOException {
    long read = 0;
    Detector d = new Detector(byId, matcher, Tlp.AMBER);
    try (TelemetryReader reader = format.open(new ByteArrayInputStream(body), "baseline")) {
      reader.screening(d.screen()); // as the node reads: records that can match nothing are not built
      for (TelemetryItem item = reader.read(); item != null; item = reader.read()) {
        if (item instanceof TelemetryItem.Record rec) {
          read++;
          d.accept(rec.observation());
        } else if (item instanceof TelemetryItem.Screened s) {
          read++;
          d.pass(s);
        }
      }
    }
    d.sightings();
    return read;
  }

  /** The lines of the first half and of the second half taken in turn. */
  private static byte[] interleave(byte[] all) {
    List<int[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < all.length; i++) {
      if (all[i] == '\n') {
        lines.add(new int[] {start, i + 1});
        start = i + 1;
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(all.length);
    int half = lines.size() / 2;
    for (int k = 0; k < lines.size(); k++) {
      int[] l = lines.get(k % 2 == 0 ? k / 2 : half + k / 2);
      out.write(all, l[0], l[1] - l[0]);
    }
    return out.toByteArray();
  }

  /** The log cut into bodies of {@code perBody} lines. */
  private static List<byte[]> cut(byte[] all, int perBody) {
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    int lines = 0;
    for (int i = 0; i < all.length; i++) {
      if (all[i] == '\n' && ++lines == perBody) {
        out.add(Arrays.copyOfRange(all, start, i + 1));
        start = i + 1;
        lines = 0;
      }
    }
    if (start < all.length) out.add(Arrays.copyOfRange(all, start, all.length));
    return out;
  }

  private static Observation single(String ip) {
    ObjectNode sco = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("type", "ipv4-addr").put("value", ip);
    return new Observation("o", Instant.EPOCH, Instant.EPOCH, 1, Map.of("0", sco), List.of(sco));
  }
}
