package dev.parley.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of this JVM's threads by name, read from Linux's {@code /proc/self/task} (every thread,
 * the collector's and the compilers' too, which the JVM's own beans do not show). Names are
 * grouped: digits become {@code N}, so a pool's threads add up. Empty where there is no {@code /proc}.
 */
public final class ThreadCpu {
  private ThreadCpu() {}

  /** Clock ticks of user and system time so far, per thread name group. */
  public static Map<String, Long> snapshot() {
    Map<String, Long> out = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
          int open = stat.indexOf('(');
          int close = stat.lastIndexOf(')');
          String name = stat.substring(open + 1, close).replaceAll("[0-9]+", "N");
          String[] rest = stat.substring(close + 2).split(" ");
          out.merge(name, Long.parseLong(rest[11]) + Long.parseLong(rest[12]), Long::sum); // utime, stime
        } catch (IOException | RuntimeException gone) {
          // the thread ended while being read
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return out;
  }

  /** The groups that used the most CPU between two snapshots, in seconds, largest first. */
  public static Map<String, Double> top(Map<String, Long> before, Map<String, Long> after, int count) {
    Map<String, Double> out = new LinkedHashMap<>();
    after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() > 0)
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .limit(count)
        .forEach(e -> out.put(e.getKey(), PostgresCpu.seconds(e.getValue())));
    return out;
  }
}
