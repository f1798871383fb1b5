package dev.parley.bench.pattern;

import dev.parley.pattern.match.BulkMatcher;
import dev.parley.pattern.syntax.Pattern;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long an update of the live matcher takes when it is large, the question behind "a change is
 * seen within a second": N indicators of the mixed set added in batches of B (as a node following
 * a large pull or import reads them), one batch every 20 ms, first with every merge done by the add
 * ({@code new BulkMatcher()}), then with merges over 65,536 patterns left to a thread of their own
 * ({@code withBackgroundMerges}, as {@code LiveIndicators} runs it). Each add's time is read
 * without the garbage collector's pauses (which stop both alike); the median, 99th percentile and
 * longest are printed, with the most segments a snapshot had.
 *
 * <pre>
 * java -XX:+UseParallelGC -Xmx6g -cp bench/target/benchmarks.jar dev.parley.bench.pattern.MergeLoad [indicators] [batch]
 * </pre>
 */
public final class MergeLoad {
  private MergeLoad() {}

  public static void main(String[] args) throws InterruptedException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    List<Map.Entry<String, Pattern>> all = new ArrayList<>(IndicatorCorpus.parse(IndicatorCorpus.mixedTexts(n)).entrySet());
    System.out.printf("%,d indicators (mixed set) in batches of %,d; %d cores, Java %s%n", n, batch,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    for (boolean background : new boolean[] {false, true, false, true}) run(all, batch, background);
  }

  private static void run(List<Map.Entry<String, Pattern>> all, int batch, boolean background) throws InterruptedException {
    BulkMatcher matcher = background ? BulkMatcher.withBackgroundMerges(1 << 16) : new BulkMatcher();
    Thread merger = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        if (!matcher.mergeDue()) {
          try {
            Thread.sleep(5);
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    }, "merge");
    if (background) merger.start();
    long[] took = new long[(all.size() + batch - 1) / batch];
    int most = 0;
    long start = System.nanoTime();
    for (int i = 0, k = 0; i < all.size(); i += batch, k++) {
      Map<String, Pattern> b = new LinkedHashMap<>();
      for (int j = i; j < Math.min(all.size(), i + batch); j++) b.put(all.get(j).getKey(), all.get(j).getValue());
      long gc = gcMillis();
      long t0 = System.nanoTime();
      matcher.addAll(b);
      took[k] = Math.max(0, System.nanoTime() - t0 - (gcMillis() - gc) * 1_000_000L);
      most = Math.max(most, matcher.snapshot().segmentCount());
      Thread.sleep(20);
    }
    long wall = System.nanoTime() - start;
    merger.interrupt();
    merger.join();
    Arrays.sort(took);
    System.out.printf("%-22s adds: median %,d ms, p99 %,d ms, longest %,d ms; most segments %d; %,d live; wall %.1f s%n",
        background ? "background merges" : "merges in the add", took[took.length / 2] / 1_000_000,
        took[Math.min(took.length - 1, (int) Math.ceil(took.length * 0.99) - 1)] / 1_000_000, took[took.length - 1] / 1_000_000,
        most, matcher.snapshot().size(), wall / 1e9);
  }

  private static long gcMillis() {
    long sum = 0;
    for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) sum += Math.max(0, b.getCollectionTime());
    return sum;
  }
}
