package dev.parley.bench.sync;

import dev.parley.bench.load.Machine;
import dev.parley.bench.stix.Corpus;
import dev.parley.cli.Parley;
import dev.parley.node.DetectionConfig;
import dev.parley.node.Node;
import dev.parley.node.NodeConfig;
import dev.parley.store.Stores;
import dev.parley.store.browse.BrowseStore;
import dev.parley.store.objects.ObjectQuery;
import dev.parley.store.objects.ObjectRow;
import dev.parley.store.objects.VersionFilter;
import dev.parley.sync.PeerReport;
import dev.parley.sync.Sync;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Sync under load (issue 10, "Performance"): two nodes on loopback in this JVM, A holding N generated
 * objects shared with B, and B pulling them end to end (TAXII pages over HTTP, validation, storage,
 * logging on B, the pull position and pending receipts in each page's transaction), then fetching
 * and checking the receipts (then the sender's receipt endpoints alone, one and many at a time). The baseline, measured in the same run, is the import of the same
 * objects into A ({@code parley import}: the same validation, storage and logging without HTTP):
 * the ratio says what sync adds. Peak heap is the JVM's (both nodes), read from the heap pools'
 * peaks, reset before the pull. Search indexing runs behind the write path and yields to a transfer
 * (ARCHITECTURE.md, "Sync"), so when each node's search index has caught up is a figure of its own:
 * the backlog of both is read every 100 ms from the start of the pass, and the program waits for
 * it after the pass. The CPU of the pull (the JVM, A's PostgreSQL, B's) is read from {@code /proc}
 * ({@link CpuMeter}) and given per object pulled: the robust figure on a shared machine.
 *
 * <pre>
 * java -XX:+UseParallelGC -Xmx2g -cp bench/target/benchmarks.jar dev.parley.bench.sync.PullLoad [objects] [receipt-seconds] [no-detect] [all-shared] [agreement-first]
 * </pre>
 */
public final class PullLoad {
  public static void main(String[] args) throws Exception {
    int objects = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int receiptSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    Set<String> flags = Set.of(Arrays.copyOfRange(args, Math.min(2, args.length), args.length));
    // "all-shared": B may read nearly all of A's objects (TLP up to amber, the unmarked as green, references to objects
    // A does not hold served), so that the pull moves about N objects, not the third that TLP green lets through
    String share = flags.contains("all-shared") ? "\"max_tlp\":\"amber\",\"unmarked\":\"green\",\"dangling_refs\":\"serve\""
        : "\"max_tlp\":\"green\",\"unmarked\":\"clear\"";
    // "no-detect": neither node follows any collection's indicators, so that the heap shows the transfer's own state
    DetectionConfig detect = flags.contains("no-detect")
        ? DetectionConfig.defaults().withCollections(List.of()) : DetectionConfig.defaults();
    System.out.println(Machine.describe());
    Path dataA = Files.createTempDirectory("parley-pull-a");
    Path dataB = Files.createTempDirectory("parley-pull-b");
    Path file = dataA.resolve("corpus.jsonl");
    Corpus.writeLines(file, 1, objects);
    try (Node a = Node.start(NodeConfig.defaults().withDataDir(dataA).withListen("127.0.0.1", 0).withName("pull-a"), detect);
        Node b = Node.start(NodeConfig.defaults().withDataDir(dataB).withListen("127.0.0.1", 0).withName("pull-b"), detect)) {
      cli("collection", "create", "--title", "out", "--alias", "out", "--data", dataA.toString());
      cli("collection", "create", "--title", "in", "--alias", "in", "--data", dataB.toString());
      if (flags.contains("agreement-first")) {
        agreementFirst(a, dataA, b, dataB, share, file, objects);
        return;
      }
      long t0 = System.nanoTime();
      cli("import", file.toString(), "--collection", "out", "--data", dataA.toString(), "--quiet");
      double importSeconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf("baseline, import into A: %,d objects in %.1f s = %,.0f objects/s%n", objects, importSeconds, objects / importSeconds);

      Stores sa = a.stores();
      Stores sb = b.stores();
      String bAtA = peers(a, dataA, b, dataB, share);
      if (flags.contains("overlap")) {
        overlap(sa, sb);
        return;
      }
      long p0 = System.nanoTime();
      long decided = sa.publisher().publish("b");
      System.out.printf("A's publisher: %,d members decided for B in %.1f s%n", decided, (System.nanoTime() - p0) / 1e9);

      System.gc();
      List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
      heap.forEach(MemoryPoolMXBean::resetPeakUsage);
      SearchBacklog backlog = new SearchBacklog(sa, sb);
      try (Sync sync = new Sync(sb, Sync.Settings.defaults().withReceiptBudget(Duration.ofSeconds(receiptSeconds)))) {
        CpuMeter cpu = new CpuMeter(dataA.resolve("postgres"), dataB.resolve("postgres"));
        cpu.start();
        long s0 = System.nanoTime();
        backlog.start(s0);
        PeerReport r = sync.pass(Optional.of("a")).get(0);
        double pass = (System.nanoTime() - s0) / 1e9;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        double pullSeconds = r.pullMillis() / 1e3;
        System.out.printf("pull A -> B: %,d objects in %.1f s = %,.0f objects/s (ratio to the import %.2f); state %s%s%n", r.pulled(), pullSeconds,
            r.pulled() / pullSeconds, (r.pulled() / pullSeconds) / (objects / importSeconds), r.state(), r.detail() == null ? "" : " " + r.detail());
        System.out.printf("receipts: %,d verified, %,d pending, %,d failed in %.1f s = %,.0f receipts/s; whole pass %.1f s%n", r.receiptsVerified(),
            r.receiptsPending(), r.receiptsFailed(), r.receiptMillis() / 1e3, r.receiptsVerified() / (r.receiptMillis() / 1e3), pass);
        double[] used = cpu.between(s0, s0 + r.pullMillis() * 1_000_000);
        cpu.stop();
        System.out.printf("CPU in the pull: JVM %.1f / A's PostgreSQL %.1f / B's %.1f CPU-s = %.0f / %.0f / %.0f us per object pulled, %.0f us in all; %.2f cores%n",
            used[0], used[1], used[2], used[0] / r.pulled() * 1e6, used[1] / r.pulled() * 1e6, used[2] / r.pulled() * 1e6,
            (used[0] + used[1] + used[2]) / r.pulled() * 1e6, (used[0] + used[1] + used[2]) / pullSeconds);
        System.out.printf("load average after the pull: %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
        System.out.printf("peak heap during the pass (both nodes, one JVM): %,d MB of %,d MB%n", peak >> 20, Runtime.getRuntime().maxMemory() >> 20);
        System.gc();
        System.out.printf("live heap after the pass (after a full collection; both nodes, with what detection keeps compiled): %,d MB%n",
            heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum() >> 20);
        long r0 = System.nanoTime();
        PeerReport again = sync.pass(Optional.of("a")).get(0);
        System.out.printf("second pass (nothing new): pulled %d in %.2f s%n", again.pulled(), (System.nanoTime() - r0) / 1e9);
        backlog.report(r.pullMillis() / 1e3);
        senderReceipts(a, sb, bAtA);
      }
    }
  }

  /**
   * The search index's backlog on A and B, read every 100 ms from the start of the pass: its largest
   * value, and when it last went from some to none (the index caught up with what was written).
   */
  private static final class SearchBacklog {
    private final BrowseStore a;
    private final BrowseStore b;
    private volatile long start;
    private final long[] peak = new long[2];
    private final long[] caughtUp = new long[2];
    private final long[] now = new long[2];
    private final Thread thread = new Thread(this::watch, "pull-load-search-backlog");

    SearchBacklog(Stores sa, Stores sb) {
      this.a = new BrowseStore(sa.db());
      this.b = new BrowseStore(sb.db());
      thread.setDaemon(true);
    }

    void start(long at) {
      start = at;
      thread.start();
    }

    private void watch() {
      try {
        while (true) {
          long t = System.nanoTime();
          long[] behind = {a.searchBehind(), b.searchBehind()};
          synchronized (this) {
            for (int i = 0; i < 2; i++) {
              peak[i] = Math.max(peak[i], behind[i]);
              if (behind[i] == 0 && now[i] > 0) caughtUp[i] = t;
              now[i] = behind[i];
            }
            notifyAll();
          }
          Thread.sleep(100);
        }
      } catch (InterruptedException | RuntimeException e) {
        // the nodes are closing
      }
    }

    /** Waits (ten minutes at most) until both indexes have nothing left, then prints the figures. */
    void report(double pullSeconds) throws InterruptedException {
      long deadline = System.nanoTime() + 600_000_000_000L;
      synchronized (this) {
        while ((now[0] > 0 || now[1] > 0) && System.nanoTime() < deadline) wait(1000);
        String[] names = {"A", "B"};
        for (int i = 0; i < 2; i++) {
          System.out.printf("search index of %s: backlog at most %,d members; %s%n", names[i], peak[i], now[i] > 0 ? "still " + now[i] + " behind"
              : caughtUp[i] == 0 ? "never behind" : String.format("caught up %.1f s after the pass started (the pull took %.1f s)",
                  (caughtUp[i] - start) / 1e9, pullSeconds));
        }
      }
      thread.interrupt();
    }
  }

  /**
   * "overlap": as {@code serve} runs it, A's feed loop deciding B's feed while B pulls what is decided
   * so far, one pass after another (as {@code --sync-interval 1} would, without the wait), from the
   * agreement's installation until a pass pulls nothing and nothing is left to decide; receipts are
   * left to later passes (a budget of zero).
   */
  private static void overlap(Stores sa, Stores sb) throws Exception {
    long t0 = System.nanoTime();
    long pulled = 0;
    int passes = 0;
    try (Sync sync = new Sync(sb, Sync.Settings.defaults().withReceiptBudget(Duration.ZERO))) {
      while (true) {
        PeerReport r = sync.pass(Optional.of("a")).get(0);
        passes++;
        pulled += r.pulled();
        if (r.pulled() == 0 && sa.publisher().publish("b") == 0) {
          PeerReport last = sync.pass(Optional.of("a")).get(0);
          pulled += last.pulled();
          if (last.pulled() == 0) break;
        }
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf("overlap: agreement to all pulled, the feed loop deciding while B pulls: %,d objects in %.1f s = %,.0f objects/s, %d passes;"
        + " load average %s%n", pulled, seconds, pulled / seconds, passes, Files.readString(Path.of("/proc/loadavg")).strip());
  }

  /**
   * The sender's side alone, as B's account: its {@code GET /log/receipt} asked for 200 pulled
   * versions one after another, then its {@code POST /log/receipts} for up to 2,000 in batches of 256,
   * one after another.
   */
  private static void senderReceipts(Node a, Stores sb, String token) throws Exception {
    var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    var held = sb.objects().page(new ObjectQuery(sb.collections().resolve("in").orElseThrow().id(), 0, null, 2000,
        List.of(), List.of(), VersionFilter.ALL, ObjectQuery.ANY_SPEC_VERSION, false));
    String collection = a.stores().collections().resolve("out").orElseThrow().id().toString();
    List<ObjectRow> rows = held.rows();
    int singles = Math.min(200, rows.size());
    long t0 = System.nanoTime();
    int ok = 0;
    for (var row : rows.subList(0, singles)) {
      var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.port() + "/log/receipt?collection="
          + collection + "&object=" + row.stixId())).header("Authorization", "Bearer " + token).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() == 200) ok++;
    }
    double s = (System.nanoTime() - t0) / 1e9;
    double single = singles / s;
    System.out.printf("sender's GET /log/receipt alone, one at a time: %d answered 200 in %.1f s = %,.0f receipts/s%n", ok, s, single);
    long b0 = System.nanoTime();
    int issued = 0;
    for (int from = 0; from < rows.size(); from += 256) {
      StringBuilder body = new StringBuilder("{\"items\":[");
      for (int i = from; i < Math.min(rows.size(), from + 256); i++) {
        body.append(i == from ? "" : ",").append("{\"collection\":\"").append(collection).append("\",\"object\":\"").append(rows.get(i).stixId()).append("\"}");
      }
      var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.port() + "/log/receipts"))
          .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString())).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) issued += r.body().split("\"status\":200,").length - 1;
    }
    double bs = (System.nanoTime() - b0) / 1e9;
    System.out.printf("sender's POST /log/receipts alone, batches of 256 one at a time: %d of %d issued in %.1f s = %,.0f receipts/s (%.1fx the single endpoint)%n",
        issued, rows.size(), bs, rows.size() / bs, rows.size() / bs / single);
  }

  /**
   * Makes A and B peers with agreements: A shares its collection {@code out} (TLP up to green, the
   * unmarked as clear), B receives it into {@code in}. Returns the token B uses at A.
   */
  static String peers(Node a, Path dataA, Node b, Path dataB) throws IOException {
    return peers(a, dataA, b, dataB, "\"max_tlp\":\"green\",\"unmarked\":\"clear\"");
  }

  /** As {@link #peers(Node, Path, Node, Path)}, with the terms of A's share entry given. */
  static String peers(Node a, Path dataA, Node b, Path dataB, String shareTerms) throws IOException {
    Stores sa = a.stores();
    Stores sb = b.stores();
    String bAtA = sa.peers().put("b", "http://127.0.0.1:" + b.port() + "/api1/", null, null, sa.accounts()).accountToken();
    sb.peers().put("a", "http://127.0.0.1:" + a.port() + "/api1/", bAtA, null, sb.accounts());
    Path ab = Files.writeString(dataA.resolve("b.json"), "{\"share\":[{\"collection\":\"out\"," + shareTerms + "}]}");
    Path ba = Files.writeString(dataB.resolve("a.json"), "{\"receive\":[{\"collection\":\"out\",\"into\":\"in\"}]}");
    cli("agreement", "set", "b", ab.toString(), "--data", dataA.toString());
    cli("agreement", "set", "a", ba.toString(), "--data", dataB.toString());
    return bAtA;
  }

  /**
   * "agreement-first": the agreement in force before the import, as between nodes that already share,
   * and B's passes run back to back from the import's end until one pulls nothing: A's publisher
   * decides B's feed from the import while B pulls it. What each pass pulled, and the whole time.
   */
  private static void agreementFirst(Node a, Path dataA, Node b, Path dataB, String share, Path file, int objects) throws Exception {
    peers(a, dataA, b, dataB, share);
    long t0 = System.nanoTime();
    cli("import", file.toString(), "--collection", "out", "--data", dataA.toString(), "--quiet");
    double importSeconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf("import into A, agreement in force: %,d objects in %.1f s = %,.0f objects/s%n", objects, importSeconds, objects / importSeconds);
    long total = 0;
    long s0 = System.nanoTime();
    try (Sync sync = new Sync(b.stores(), Sync.Settings.defaults().withReceiptBudget(Duration.ofSeconds(1)))) {
      for (int pass = 1; ; pass++) {
        long p0 = System.nanoTime();
        PeerReport r = sync.pass(Optional.of("a")).get(0);
        total += r.pulled();
        System.out.printf("pass %d: pulled %,d in %.1f s (pull %.1f s); state %s%n", pass, r.pulled(), (System.nanoTime() - p0) / 1e9,
            r.pullMillis() / 1e3, r.state());
        if (r.pulled() == 0) break;
      }
    }
    double seconds = (System.nanoTime() - s0) / 1e9;
    System.out.printf("from the import's end until a pass pulled nothing: %,d objects in %.1f s = %,.0f objects/s%n", total, seconds, total / seconds);
  }

  static void cli(String... args) {
    int code = Parley.run(args);
    if (code != 0) throw new IllegalStateException("parley " + String.join(" ", args) + ": exit " + code);
  }
}
