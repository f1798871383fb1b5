package dev.parley.bench.detect;

import dev.parley.bench.load.Machine;
import dev.parley.ingest.detect.LiveIndicators;
import dev.parley.store.StoreConfig;
import dev.parley.store.Stores;
import dev.parley.store.collections.Collection;
import dev.parley.store.objects.NewObject;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The heap that a node's indicators take, and the first read of them after a restart (hostile run
 * bb D11: a node holding 850,000 indicators, restarted with a heap of 1 GB, ran out of it at every
 * first read). Stores {@code n} indicators (half address, half domain-name equality, as a bulk
 * feed's) in a fresh embedded database, 1,000 a batch, keeping none of them; then starts the live
 * indicators as {@code serve} does, waits for the first read, and prints how long it took and the
 * heap in use after a full collection, before and after (exit 1 when no first read ended within
 * ten minutes). Run it with the heap to be judged ({@code -Xmx1g}): the first read runs out of it or
 * does not. Uses only API that predates the change, so the same class runs against an older build.
 *
 * <pre>
 * java -XX:+UseParallelGC -Xmx1g -cp bench/target/benchmarks.jar dev.parley.bench.detect.IndicatorHeapLoad [n]
 * </pre>
 */
public final class IndicatorHeapLoad {
  private static final int BATCH = 1000;

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 850_000;
    System.out.println(Machine.describe());
    Path data = Files.createTempDirectory("parley-indicator-heap");
    try (Stores stores = Stores.open(StoreConfig.defaults().withDataDir(data))) {
      UUID c = UUID.randomUUID();
      stores.collections().create(new Collection(c, "api1", "indicators", null, "indicators"));
      long s0 = System.nanoTime();
      for (int from = 0; from < n; from += BATCH) {
        List<NewObject> batch = new ArrayList<>();
        for (int k = from; k < Math.min(n, from + BATCH); k++) batch.add(NewObject.of(BulkChangeDelayLoad.indicator(k)));
        stores.objects().add(c, batch);
      }
      System.out.printf("stored: %,d indicators in %.1f s%n", n, (System.nanoTime() - s0) / 1e9);
      long before = heapAfterCollection();
      long r0 = System.nanoTime();
      try (LiveIndicators live = new LiveIndicators(stores, List.of(c), Duration.ofMillis(200))) {
        LiveIndicators.Snapshot first = live.current(Duration.ofMinutes(10));
        if (first == null) {
          System.out.println("FAILED: no first read within 10 minutes");
          System.exit(1);
        }
        int read = first.byId().size();
        double seconds = (System.nanoTime() - r0) / 1e9;
        long after = heapAfterCollection();
        System.out.printf("first read: %,d indicators in %.1f s%n", read, seconds);
        System.out.printf("heap after a full collection: %,d MB before the read, %,d MB after; %,d bytes an indicator%n",
            before >> 20, after >> 20, read == 0 ? 0 : (after - before) / read);
        if (read != n) {
          System.out.println("FAILED: " + read + " indicators read of " + n);
          System.exit(1);
        }
      }
    }
  }

  /** The heap in use after full collections, in bytes. */
  private static long heapAfterCollection() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
