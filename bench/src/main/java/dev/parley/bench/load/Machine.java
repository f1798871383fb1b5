package dev.parley.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The line a load program prints first: the machine it measured on, as BENCHMARKS.md quotes it. */
public final class Machine {
  private Machine() {}

  /** Cores, the JVM's maximum heap, Java's version and the load average now. */
  public static String describe() throws IOException {
    return String.format("machine: %d cores, %d MB max heap, Java %s; load average %s", Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"), Files.readString(Path.of("/proc/loadavg")).strip());
  }
}
