package dev.parley.bench.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.bench.stix.Corpus;
import dev.parley.cli.Parley;
import dev.parley.node.Node;
import dev.parley.node.NodeConfig;
import dev.parley.stix.Json;
import dev.parley.store.collections.Collection;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's load run (issue 3): imports N generated objects with {@code parley import}, then
 * serves them and times GET pages of 100 at the first and the last page (two client threads,
 * keep-alive), and times the POST of a 10,000-object envelope until its status is no longer
 * pending. The naive baseline in the same run is OFFSET paging, timed on the same database.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.parley.bench.node.NodeLoad [objects] [data-dir] [seconds-per-page-run]
 * </pre>
 */
public final class NodeLoad {
  private static final String TAXII = "application/taxii+json;version=2.1";

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private String base;
  private String auth;

  public static void main(String[] args) throws Exception {
    int objects = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path data = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("parley-load");
    double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 10;
    boolean reuse = args.length > 3 && args[3].equals("reuse"); // serve the collection a previous run imported
    new NodeLoad().run(objects, data, seconds, reuse);
  }

  private void run(int objects, Path data, double seconds, boolean reuse) throws Exception {
    System.out.printf("machine: %d cores, %d MB max heap, Java %s, %s%n", Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"), System.getProperty("os.name"));
    Path file = data.resolve("corpus-" + objects + ".jsonl");
    Files.createDirectories(data);
    if (!Files.exists(file)) generate(file, objects, 1);
    String alias = "load-" + UUID.randomUUID().toString().substring(0, 8);
    if (reuse) {
      alias = null;
    } else {
      // only serve makes a node: started once, then the commands work on its folder as an operator's would
      if (!Files.exists(data.resolve("admin.token"))) {
        try (Node made = Node.start(NodeConfig.defaults().withDataDir(data).withListen("127.0.0.1", 0))) {
          System.out.printf("node made in %s%n", data);
        }
      }
      check(Parley.run("collection", "create", "--title", "load run", "--alias", alias, "--data", data.toString()), "collection create");
      long t0 = System.nanoTime();
      int code = Parley.run("import", file.toString(), "--collection", alias, "--data", data.toString(), "--quiet");
      double importSeconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf("import: %,d objects in %.1f s = %,.0f objects/s (exit %d)%n", objects, importSeconds, objects / importSeconds, code);
    }

    try (Node node = Node.start(NodeConfig.defaults().withDataDir(data).withListen("127.0.0.1", 0))) {
      base = "http://127.0.0.1:" + node.port();
      auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + Files.readString(data.resolve("admin.token")).trim())
          .getBytes(StandardCharsets.UTF_8));
      Collection c = alias != null ? node.stores().collections().resolve(alias).orElseThrow()
          : node.stores().collections().list().stream().filter(x -> x.title().equals("load run")).findFirst().orElseThrow();
      String objectsPath = "/api1/collections/" + c.id() + "/objects/?limit=100";

      // one walk over every page, to find the last page's cursor (and to time a full sequential read)
      long w0 = System.nanoTime();
      String next = null;
      String lastCursor = null;
      int pages = 0;
      long seen = 0;
      while (true) {
        JsonNode page = Json.mapper().readTree(get(objectsPath + (next == null ? "" : "&next=" + next)));
        pages++;
        seen += page.path("objects").size();
        lastCursor = next;
        if (!page.path("more").asBoolean()) break;
        next = page.get("next").asText();
      }
      double walk = (System.nanoTime() - w0) / 1e9;
      System.out.printf("walk: %,d pages (%,d objects) one after another in %.1f s = %,.0f pages/s%n", pages, seen, walk, pages / walk);

      String first = objectsPath;
      String last = objectsPath + "&next=" + lastCursor;
      // a warm-up round of each, then three measured rounds that alternate, so that neither page is
      // measured in a warmer JVM than the other; the median of each
      hammer(first, seconds);
      hammer(last, seconds);
      List<Double> firsts = new ArrayList<>();
      List<Double> lasts = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        firsts.add(hammer(first, seconds / 2));
        lasts.add(hammer(last, seconds / 2));
      }
      firsts.sort(null);
      lasts.sort(null);
      System.out.printf("GET pages of 100, 2 client threads, median of 3 alternating rounds: first page %,.0f pages/s, last page %,.0f pages/s"
          + " (rounds: first %s, last %s)%n", firsts.get(1), lasts.get(1), firsts, lasts);
      offsetBaseline(node, c.id());
      post(c, data);
    }
  }

  private static void check(int code, String what) {
    if (code != 0) throw new IllegalStateException(what + " exited with " + code);
  }

  private static void generate(Path file, int objects, long seed) throws IOException {
    Corpus corpus = new Corpus(seed);
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      for (int i = 0; i < objects; i++) {
        w.write(corpus.next().toString());
        w.write('\n');
      }
    }
  }

  private String get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path.replace("[", "%5B").replace("]", "%5D")))
        .header("Accept", TAXII).header("Authorization", auth).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) throw new IllegalStateException("GET " + path + ": " + r.statusCode() + " " + r.body());
    return r.body();
  }

  /** A GET whose body is received but not decoded: the client's share of the two cores stays small. */
  private void fetch(String path) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + path.replace("[", "%5B").replace("]", "%5D")))
        .header("Accept", TAXII).header("Authorization", auth).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) throw new IllegalStateException("GET " + path + ": " + r.statusCode());
  }

  /** Pages per second for {@code path}, two threads, for about {@code seconds}. */
  private double hammer(String path, double seconds) throws InterruptedException {
    AtomicLong done = new AtomicLong();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < 2; t++) {
      Thread th = new Thread(() -> {
        try {
          while (System.nanoTime() < end) {
            fetch(path);
            done.incrementAndGet();
          }
        } catch (IOException | InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      th.start();
      threads.add(th);
    }
    for (Thread th : threads) th.join();
    return done.get() / ((System.nanoTime() - start) / 1e9);
  }

  /** The naive baseline: the same page read with OFFSET straight from the database, one connection. */
  private void offsetBaseline(Node node, UUID collection) throws Exception {
    long total = node.stores().objects().count(collection);
    String url = node.stores().db().description().contains("embedded") ? embeddedUrl(node) : null;
    if (url == null) return;
    try (Connection c = DriverManager.getConnection(url)) {
      for (long offset : new long[] {0, Math.max(0, total - 100)}) {
        int n = 0;
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < 5e9 && n < 200) {
          try (PreparedStatement s = c.prepareStatement("select c.seq, v.body from collection_object c join object_version v"
              + " on v.pk = c.object_pk where c.collection_id = ? order by c.seq offset ? limit 100")) {
            s.setObject(1, collection);
            s.setLong(2, offset);
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) r.getString(2);
            }
          }
          n++;
        }
        System.out.printf("baseline OFFSET %,d (SQL only, no HTTP, one connection): %,.1f pages/s%n", offset, n / ((System.nanoTime() - t0) / 1e9));
      }
    }
  }

  private static String embeddedUrl(Node node) throws IOException {
    Path pid = node.config().dataDir().resolve("postgres/postmaster.pid");
    List<String> lines = Files.readAllLines(pid);
    return "jdbc:postgresql://127.0.0.1:" + lines.get(3).trim() + "/postgres?user=postgres&password="
        + Files.readString(node.config().dataDir().resolve("postgres.password")).strip();
  }

  /**
   * POSTs 10,000-object envelopes of new objects, each to a fresh collection, and waits each time
   * until the status is no longer pending: the first after start (cold code paths), then four more.
   */
  private void post(Collection loaded, Path data) throws Exception {
    List<Double> times = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      String alias = "post-" + UUID.randomUUID().toString().substring(0, 8);
      check(Parley.run("collection", "create", "--title", alias, "--alias", alias, "--data", data.toString()), "collection create");
      StringBuilder body = new StringBuilder("{\"objects\":[");
      Corpus corpus = new Corpus(System.nanoTime());
      for (int i = 0; i < 10_000; i++) body.append(i == 0 ? "" : ",").append(corpus.next().toString());
      body.append("]}");
      long t0 = System.nanoTime();
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api1/collections/" + alias + "/objects/"))
          .header("Accept", TAXII).header("Content-Type", TAXII).header("Authorization", auth)
          .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode status = Json.mapper().readTree(r.body());
      double posted = (System.nanoTime() - t0) / 1e9;
      while (status.path("pending_count").asInt() > 0) {
        Thread.sleep(5);
        status = Json.mapper().readTree(get("/api1/status/" + status.get("id").asText() + "/"));
      }
      double complete = (System.nanoTime() - t0) / 1e9;
      times.add(complete);
      System.out.printf("POST %d: 10,000 objects (%,d bytes): response %d after %.2f s, status complete after %.2f s (success %d, failure %d)%n",
          round + 1, body.length(), r.statusCode(), posted, complete, status.path("success_count").asInt(), status.path("failure_count").asInt());
    }
    List<Double> warm = new ArrayList<>(times.subList(1, times.size()));
    warm.sort(null);
    System.out.printf("POST 10,000 objects until complete: first %.2f s, then median %.2f s (of %d)%n", times.get(0),
        (warm.get(1) + warm.get(2)) / 2, warm.size());
  }
}
