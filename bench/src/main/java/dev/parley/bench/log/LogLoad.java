package dev.parley.bench.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bench.load.KeepAliveClient;
import dev.parley.node.auth.Credential;
import dev.parley.node.log.LogRoutes;
import dev.parley.stix.Json;
import dev.parley.store.Database;
import dev.parley.store.collections.Collection;
import dev.parley.store.collections.CollectionStore;
import dev.parley.store.embedded.LocalPostgres;
import dev.parley.store.log.Leaf;
import dev.parley.store.log.LogUnavailableException;
import dev.parley.store.log.TransparencyLog;
import dev.parley.store.objects.NewObject;
import dev.parley.store.objects.ObjectStore;
import dev.parley.store.objects.WriteHook;
import dev.parley.tlog.note.SignerKey;
import io.javalin.Javalin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load program for the transparency log on a real embedded PostgreSQL (not JMH: the figures are
 * throughput and latency of a running system). Prints appends/s through {@code LogAppender} in
 * batches, integration latency at a fixed 1,000 appends/s, inclusion-proof time, and tile GETs/s
 * over loopback HTTP. Usage: {@code java -cp bench/target/benchmarks.jar dev.parley.bench.log.LogLoad [seconds]}.
 */
public final class LogLoad {
  private static final int CLIENTS = 4;

  private LogLoad() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    String phases = args.length > 1 ? args[1] : "append,import,latency,proof,tiles";
    Path dir = Files.createTempDirectory("parley-log-bench");
    try (LocalPostgres pg = LocalPostgres.start(dir.resolve("pg"));
        Database db = Database.external(pg.jdbcUrlWithCredentials(), "bench")) {
      SignerKey key = SignerKey.generate("bench.parley");
      try (TransparencyLog log = TransparencyLog.open(db, key)) {
        UUID collection = UUID.randomUUID();
        if (phases.contains("append")) {
          for (int batch : new int[] {1, 10, 100, 1000}) appendThroughput(db, log, collection, batch, 2, seconds);
        }
        if (phases.contains("import")) {
          importRate(pg.jdbcUrlWithCredentials(), "import_warmup", false, seconds);
          int run = 0;
          for (boolean logged : new boolean[] {true, false, false, true, true, false}) { // ABBA: order effects cancel
            importRate(pg.jdbcUrlWithCredentials(), "import_" + run++, logged, seconds);
          }
        }
        if (phases.contains("latency")) integrationLatency(db, log, collection, 1000, seconds * 2);
        if (signedSize(log) < 100_000) {
          for (int i = 0; i < 100; i++) {
            List<Leaf> l = leaves(collection, 1000);
            db.inTransaction(tx -> log.appender().append(tx, l));
          }
          log.awaitSize(100_000, Duration.ofMinutes(2));
        }
        if (phases.contains("proof")) proofTime(log);
        if (phases.contains("tiles")) tileGets(log, seconds);
      }
    }
  }

  /** The size of the latest signed checkpoint, 0 before the first. */
  private static long signedSize(TransparencyLog log) {
    try {
      return log.reader().latest().size();
    } catch (LogUnavailableException e) {
      return 0;
    }
  }

  private static List<Leaf> leaves(UUID collection, int n) {
    List<Leaf> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(Leaf.stored(collection, indicator(i), "2024-01-01T00:00:00.000Z"));
    }
    return out;
  }

  /** ObjectStore.add of fresh indicators in batches of 1,000 (one thread), with the log's hook or without. */
  private static void importRate(String url, String schema, boolean logged, int seconds) throws Exception {
    try (Database db = Database.external(url, schema);
        TransparencyLog log = logged ? TransparencyLog.open(db, SignerKey.generate("import.bench")) : null) {
      importRate(db, logged ? log.writeHook() : WriteHook.NONE, logged ? "on " : "off", seconds);
    }
  }

  private static void importRate(Database db, WriteHook hook, String label, int seconds) {
    UUID collection = UUID.randomUUID();
    new CollectionStore(db).create(new Collection(collection, "bench", "bench " + label, null, null));
    ObjectStore objects = new ObjectStore(db, hook);
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    long stored = 0;
    long busy = 0;
    while (System.nanoTime() < end) {
      List<NewObject> batch = new ArrayList<>(1000);
      for (int i = 0; i < 1000; i++) batch.add(NewObject.of(indicator(i)));
      long s = System.nanoTime();
      stored += objects.add(collection, batch).size();
      busy += System.nanoTime() - s;
    }
    System.out.printf("import (ObjectStore.add, batches of 1,000, 1 thread, fresh schema) log %s: %,10.0f objects/s%n", label, stored / (busy / 1e9));
  }

  private static ObjectNode indicator(int i) {
    return Json.mapper().createObjectNode().put("type", "indicator").put("spec_version", "2.1")
        .put("id", "indicator--" + UUID.randomUUID()).put("created", "2024-01-01T00:00:00.000Z")
        .put("modified", "2024-01-01T00:00:00.000Z").put("pattern", "[ipv4-addr:value = '198.51.100." + (i % 250) + "']")
        .put("pattern_type", "stix").put("valid_from", "2024-01-01T00:00:00Z");
  }

  private static void appendThroughput(Database db, TransparencyLog log, UUID collection, int batch, int threads, int seconds)
      throws Exception {
    AtomicLong appended = new AtomicLong();
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread w = new Thread(() -> {
        while (System.nanoTime() < end) {
          List<Leaf> l = leaves(collection, batch);
          db.inTransaction(tx -> log.appender().append(tx, l));
          appended.addAndGet(batch);
        }
      });
      workers.add(w);
      w.start();
    }
    long start = System.nanoTime();
    for (Thread w : workers) w.join();
    double secs = (System.nanoTime() - start) / 1e9;
    System.out.printf("append  batch=%4d threads=%d  %,10.0f appends/s  (%,d in %.1f s, leaf building included)%n",
        batch, threads, appended.get() / secs, appended.get(), secs);
    long size = db.withConnection(c -> {
      try (var s = c.createStatement(); var r = s.executeQuery("select size from log_head")) {
        r.next();
        return r.getLong(1);
      }
    });
    log.awaitSize(size, Duration.ofMinutes(5));
  }

  private static void integrationLatency(Database db, TransparencyLog log, UUID collection, int perSecond, int seconds)
      throws Exception {
    int batch = 10;
    long periodNanos = 1_000_000_000L * batch / perSecond;
    ConcurrentLinkedQueue<long[]> pending = new ConcurrentLinkedQueue<>();
    List<Long> latencies = new ArrayList<>();
    Thread watcher = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted() || !pending.isEmpty()) {
        long size = log.reader().latest().size();
        long now = System.nanoTime();
        long[] p;
        while ((p = pending.peek()) != null && p[0] <= size) {
          pending.poll();
          synchronized (latencies) {
            latencies.add(now - p[1]);
          }
        }
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          if (pending.isEmpty()) return;
          Thread.currentThread().interrupt();
        }
      }
    });
    watcher.start();
    long next = System.nanoTime();
    long end = next + Duration.ofSeconds(seconds).toNanos();
    while (next < end) {
      List<Leaf> l = leaves(collection, batch);
      long first = db.inTransaction(tx -> log.appender().append(tx, l));
      pending.add(new long[] {first + batch, System.nanoTime()});
      next += periodNanos;
      long sleep = next - System.nanoTime();
      if (sleep > 0) Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
    }
    while (!pending.isEmpty()) Thread.sleep(10);
    watcher.interrupt();
    watcher.join();
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf("integration at %d appends/s (batches of %d) for %d s: p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d commits)%n",
        perSecond, batch, seconds, pct(sorted, 0.50), pct(sorted, 0.99), sorted[sorted.length - 1] / 1e6, sorted.length);
  }

  private static double pct(long[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
  }

  private static void proofTime(TransparencyLog log) {
    long size = log.reader().latest().size();
    for (int i = 0; i < 2_000; i++) log.reader().inclusion(ThreadLocalRandom.current().nextLong(size), size); // warm caches and JIT
    int n = 20_000;
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      long s = System.nanoTime();
      log.reader().inclusion(ThreadLocalRandom.current().nextLong(size), size);
      t[i] = System.nanoTime() - s;
    }
    Arrays.sort(t);
    System.out.printf("inclusion proof at size %,d: p50 %.3f ms, p99 %.3f ms (%d proofs, full tiles cached, edge tiles in memory)%n",
        size, pct(t, 0.5), pct(t, 0.99), n);
    long[] c = new long[2_000];
    for (int i = 0; i < c.length; i++) {
      long first = 1 + ThreadLocalRandom.current().nextLong(size - 1);
      long s = System.nanoTime();
      log.reader().consistency(first, size);
      c[i] = System.nanoTime() - s;
    }
    Arrays.sort(c);
    System.out.printf("consistency proof at size %,d: p50 %.3f ms, p99 %.3f ms%n", size, pct(c, 0.5), pct(c, 0.99));
  }

  private static void tileGets(TransparencyLog log, int seconds) throws Exception {
    Javalin app = Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      LogRoutes.register(c.routes, log.reader(), authorization -> new Credential.Missing());
    }).start("127.0.0.1", 0);
    try {
      long fullTiles = log.reader().latest().size() / 256;
      tileLoad(app.port(), fullTiles, seconds); // warm-up: JIT and the tile cache
      long[] result = tileLoad(app.port(), fullTiles, seconds);
      System.out.printf("tile GETs over loopback (%d keep-alive connections, client on the same 2 cores, after a %d s warm-up):"
          + " %,.0f/s, %d failed, over %,d full level-0 tiles%n", CLIENTS, seconds, result[0] / (double) seconds, result[1], fullTiles);
    } finally {
      app.stop();
    }
  }

  private static long[] tileLoad(int port, long fullTiles, int seconds) throws InterruptedException {
    AtomicLong ok = new AtomicLong();
    AtomicLong bad = new AtomicLong();
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < CLIENTS; t++) {
      Thread w = new Thread(() -> {
        try (KeepAliveClient client = new KeepAliveClient(port)) {
          while (System.nanoTime() < end) {
            byte[] body = client.get("/log/tile/0/" + format(ThreadLocalRandom.current().nextLong(fullTiles)));
            if (body != null && body.length == 8192) ok.incrementAndGet();
            else bad.incrementAndGet();
          }
        } catch (IOException e) {
          bad.incrementAndGet();
        }
      });
      workers.add(w);
      w.start();
    }
    for (Thread w : workers) w.join();
    return new long[] {ok.get(), bad.get()};
  }

  private static String format(long n) {
    String digits = String.format("%03d", n % 1000);
    for (n /= 1000; n > 0; n /= 1000) digits = String.format("x%03d/", n % 1000) + digits;
    return digits;
  }
}
