package dev.parley.bench.pattern;

import dev.parley.pattern.match.BulkMatcher;
import dev.parley.pattern.match.MatcherSnapshot;
import dev.parley.pattern.syntax.Pattern;
import java.util.Map;

/**
 * Compile time and retained heap of the compiled matcher for n equality indicators (not a JMH
 * benchmark: it measures one build). Run: {@code java -Xmx8g -cp bench/target/benchmarks.jar
 * dev.parley.bench.pattern.PatternFootprint 1000000}.
 */
public final class PatternFootprint {
  private PatternFootprint() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Map<String, String> texts = IndicatorCorpus.equalityTexts(n);
    long idBytes = texts.keySet().stream().mapToLong(PatternFootprint::stringBytes).sum();
    long textBytes = texts.values().stream().mapToLong(PatternFootprint::stringBytes).sum();
    long before = usedAfterGc();
    long t0 = System.nanoTime();
    Map<String, Pattern> patterns = IndicatorCorpus.parse(texts);
    long t1 = System.nanoTime();
    MatcherSnapshot matcher = BulkMatcher.compile(patterns);
    long t2 = System.nanoTime();
    patterns = null;
    texts = null;
    long after = usedAfterGc();
    // before = base + ids + texts; after = base + ids + rest of matcher (the texts are gone)
    long matcherBytes = after - before + textBytes + idBytes;
    System.out.printf("indicators: %,d%n", n);
    System.out.printf("parse: %.2f s, compile: %.2f s, total: %.2f s%n",
        (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t2 - t0) / 1e9);
    System.out.printf("retained by matcher: %,d bytes = %.0f bytes/indicator (ids included; %.0f without)%n",
        matcherBytes, matcherBytes / (double) n, (matcherBytes - idBytes) / (double) n);
    System.out.println("live patterns: " + matcher.size());
  }

  private static long stringBytes(String s) {
    return 24 + ((16 + s.length() + 7) / 8) * 8; // compact Latin-1 string with compressed oops
  }

  private static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
