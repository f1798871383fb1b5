package dev.parley.bench.detect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bench.load.Machine;
import dev.parley.ingest.detect.LiveIndicators;
import dev.parley.stix.Json;
import dev.parley.store.StoreConfig;
import dev.parley.store.Stores;
import dev.parley.store.collections.Collection;
import dev.parley.store.objects.NewObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How soon a change reaches the live indicators while a bulk arrival is being stored (issue 12,
 * hostile run 12al D6: during an import of 100,000 indicators into a node holding 100,000, a
 * revocation committed meanwhile waited 6 to 17 s behind multi-second rebuilds, where the issue asks
 * for one second). A database no node serves, one collection holding {@code base} indicators before
 * the live indicators start (polled every 200 ms as in {@code serve}); a writer thread then stores
 * {@code bulk} more in batches of 1,000 as fast as it can, as an import does (or {@code pause} ms
 * apart: an import that validates and logs each batch stores fewer a second). From 1 s after the bulk
 * starts and every {@code every} ms until it ends, the main thread stores a revocation of a base
 * indicator and one new indicator, and times for each how long after its commit the snapshot's
 * {@code byId} reflects it (polled every 5 ms, at most 60 s). Then it waits for a refresh and checks
 * that {@code byId} holds exactly base + bulk + arrivals − revocations (exit 1 if not). Uses only API
 * that predates the bulk backlog (4caba5a2), so the same class runs against an older build.
 *
 * <pre>
 * java -Xmx3g -cp bench/target/benchmarks.jar dev.parley.bench.detect.BulkChangeDelayLoad [base] [bulk] [every] [pause] [free]
 * </pre>
 */
public final class BulkChangeDelayLoad {
  private static final int BATCH = 1000;
  private static final long POLL_NANOS = 5_000_000L;
  private static final long TIMEOUT_NANOS = 60_000_000_000L;

  public static void main(String[] args) throws Exception {
    int base = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int bulk = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    long every = args.length > 2 ? Long.parseLong(args[2]) : 2000;
    long pause = args.length > 3 ? Long.parseLong(args[3]) : 0;
    // "free": the backlog drains unpaced once the bulk is stored, as a node's does with no telemetry matched and no bulk
    // transfer under way (LiveIndicators.drainFreelyWhen)
    boolean free = args.length > 4 && args[4].equals("free");
    AtomicBoolean bulkStored = new AtomicBoolean();
    System.out.println(Machine.describe());
    Path data = Files.createTempDirectory("parley-bulk-change-delay");
    try (Stores stores = Stores.open(StoreConfig.defaults().withDataDir(data))) {
      UUID c = UUID.randomUUID();
      stores.collections().create(new Collection(c, "api1", "indicators", null, "indicators"));
      List<ObjectNode> based = new ArrayList<>(base);
      Set<String> expected = new HashSet<>();
      long s0 = System.nanoTime();
      for (int from = 0; from < base; from += BATCH) {
        List<NewObject> batch = new ArrayList<>();
        for (int k = from; k < Math.min(base, from + BATCH); k++) {
          ObjectNode i = indicator(k);
          based.add(i);
          expected.add(i.get("id").asText());
          batch.add(NewObject.of(i));
        }
        stores.objects().add(c, batch);
      }
      System.out.printf("base: %,d indicators stored in %.1f s%n", base, (System.nanoTime() - s0) / 1e9);

      try (LiveIndicators live = new LiveIndicators(stores, List.of(c), Duration.ofMillis(200))) {
        if (free) live.drainFreelyWhen(bulkStored::get);
        live.awaitRefresh();
        System.out.printf("live indicators: %,d after the first read (%.1f s since the base was stored)%n", live.current().byId().size(),
            (System.nanoTime() - s0) / 1e9);

        List<String> bulkIds = new ArrayList<>(bulk);
        List<ObjectNode> bulkObjects = new ArrayList<>(bulk);
        for (int k = base; k < base + bulk; k++) {
          ObjectNode i = indicator(k);
          bulkObjects.add(i);
          bulkIds.add(i.get("id").asText());
        }
        AtomicLong bulkNanos = new AtomicLong();
        AtomicReference<Throwable> writerFailed = new AtomicReference<>();
        Thread writer = new Thread(() -> {
          long b0 = System.nanoTime();
          try {
            for (int from = 0; from < bulk; from += BATCH) {
              List<NewObject> batch = new ArrayList<>();
              for (ObjectNode i : bulkObjects.subList(from, Math.min(bulk, from + BATCH))) batch.add(NewObject.of(i));
              stores.objects().add(c, batch);
              if (pause > 0) Thread.sleep(pause);
            }
          } catch (Throwable e) {
            writerFailed.set(e);
          }
          bulkNanos.set(System.nanoTime() - b0);
          bulkStored.set(true);
        }, "bulk-writer");
        long bulkStart = System.nanoTime();
        writer.start();

        List<Double> revocations = new ArrayList<>();
        List<Double> arrivals = new ArrayList<>();
        Set<String> revoked = new HashSet<>();
        Set<String> arrived = new HashSet<>();
        int next = base + bulk; // the keys of new indicators follow the bulk's
        long tick = bulkStart + 1_000_000_000L;
        for (int change = 0; ; change++) {
          long wait = tick - System.nanoTime();
          if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          if (!writer.isAlive()) break;
          // a base indicator spread over the base: old and new, ipv4 and domain alike
          ObjectNode old = based.get((int) ((change * 7919L) % base));
          String revokedId = old.get("id").asText();
          stores.objects().add(c, List.of(NewObject.of(revocation(old))));
          long r0 = System.nanoTime();
          revoked.add(revokedId);
          ObjectNode fresh = indicator(next++);
          String freshId = fresh.get("id").asText();
          stores.objects().add(c, List.of(NewObject.of(fresh)));
          long a0 = System.nanoTime();
          arrived.add(freshId);
          double since = (r0 - bulkStart) / 1e9;
          long r = -1;
          long a = -1;
          while (r < 0 || a < 0) {
            long now = System.nanoTime();
            Map<String, ?> byId = live.current().byId();
            if (r < 0 && !byId.containsKey(revokedId)) r = now - r0;
            if (a < 0 && byId.containsKey(freshId)) a = now - a0;
            if (now - r0 > TIMEOUT_NANOS) break;
            if (r < 0 || a < 0) Thread.sleep(POLL_NANOS / 1_000_000);
          }
          revocations.add(r < 0 ? TIMEOUT_NANOS / 1e9 : r / 1e9);
          arrivals.add(a < 0 ? TIMEOUT_NANOS / 1e9 : a / 1e9);
          System.out.printf("change %d at %.1f s into the bulk: revocation %s, arrival %s%n", change, since, seconds(r), seconds(a));
          tick = Math.max(tick + every * 1_000_000L, System.nanoTime());
        }
        writer.join();
        if (writerFailed.get() != null) throw new IllegalStateException("the bulk writer failed", writerFailed.get());
        System.out.printf("bulk: %,d indicators in batches of %,d, %d ms apart, stored in %.1f s; %d changes%n", bulk, BATCH, pause,
            bulkNanos.get() / 1e9, revocations.size());
        System.out.printf("revocation delay: median %.2f s, p90 %.2f s, max %.2f s%n", percentile(revocations, 50), percentile(revocations, 90),
            percentile(revocations, 100));
        System.out.printf("arrival delay:    median %.2f s, p90 %.2f s, max %.2f s%n", percentile(arrivals, 50), percentile(arrivals, 90),
            percentile(arrivals, 100));

        long w0 = System.nanoTime();
        live.awaitRefresh();
        System.out.printf("awaitRefresh after the bulk: %.1f s%n", (System.nanoTime() - w0) / 1e9);
        expected.addAll(bulkIds);
        expected.addAll(arrived);
        expected.removeAll(revoked);
        Map<String, ?> byId = live.current().byId();
        int missing = 0;
        for (String id : expected) if (!byId.containsKey(id)) missing++;
        int extra = 0;
        for (String id : byId.keySet()) if (!expected.contains(id)) extra++;
        if (missing == 0 && extra == 0) {
          System.out.printf("check: OK, byId holds %,d = %,d base + %,d bulk + %d arrivals - %d revocations%n", byId.size(), base, bulk,
              arrived.size(), revoked.size());
        } else {
          System.out.printf("check: MISMATCH, byId holds %,d where %,d were expected: %,d missing, %,d not expected%n", byId.size(),
              expected.size(), missing, extra);
          System.exit(1);
        }
      }
    }
  }

  /** Indicator {@code k}: an IPv4 address for even keys, a domain name for odd ones; distinct for k below 2^24. */
  /** Indicator {@code k}: an address equality for even ones, a domain name for odd ones (also {@link IndicatorHeapLoad}'s). */
  static ObjectNode indicator(int k) throws Exception {
    String pattern = k % 2 == 0
        ? "[ipv4-addr:value = '10." + (k >> 16 & 255) + "." + (k >> 8 & 255) + "." + (k & 255) + "']"
        : "[domain-name:value = 'n" + k + ".example']";
    return (ObjectNode) Json.mapper().readTree("{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--" + UUID.randomUUID()
        + "\",\"created\":\"2026-01-01T00:00:00.000Z\",\"modified\":\"2026-01-01T00:00:00.000Z\",\"pattern\":\"" + pattern
        + "\",\"pattern_type\":\"stix\",\"valid_from\":\"2026-01-01T00:00:00Z\"}");
  }

  /** A later version of {@code indicator}, revoked. */
  private static ObjectNode revocation(ObjectNode indicator) {
    ObjectNode revoked = indicator.deepCopy();
    revoked.put("modified", "2026-01-02T00:00:00.000Z");
    revoked.put("revoked", true);
    return revoked;
  }

  private static String seconds(long nanos) {
    return nanos < 0 ? "timed out after 60 s" : String.format("%.2f s", nanos / 1e9);
  }

  /** The nearest-rank percentile {@code p} of {@code values} (100: the maximum); NaN when there are none. */
  private static double percentile(List<Double> values, int p) {
    if (values.isEmpty()) return Double.NaN;
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
