package dev.parley.bench.sync;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time of this JVM and of each node's PostgreSQL (its postmaster, the backends it runs and those
 * it has reaped), read from {@code /proc} every 250 ms, so that the CPU of a window known only
 * afterwards (the pull inside a pass) can be read by interpolating between samples. The robust
 * figure on a shared machine: what the work cost, not how long it waited for a core. Linux only.
 */
final class CpuMeter {
  /** The kernel's clock ticks per second ({@code getconf CLK_TCK}), 100 on every Linux Parley runs on. */
  private static final double TICK = 100.0;

  private record Sample(long nanos, double[] seconds) {}

  private final long[] postmasters;
  private final List<Sample> samples = new ArrayList<>();
  private final Thread thread = new Thread(this::watch, "pull-load-cpu");

  /** Meters the PostgreSQL servers of these data folders (each node's {@code postgres} folder). */
  CpuMeter(Path... postgresFolders) throws IOException {
    postmasters = new long[postgresFolders.length];
    for (int i = 0; i < postgresFolders.length; i++) {
      postmasters[i] = Long.parseLong(Files.readAllLines(postgresFolders[i].resolve("postmaster.pid")).get(0).trim());
    }
    thread.setDaemon(true);
  }

  void start() {
    sample();
    thread.start();
  }

  /** CPU-seconds between two instants ({@link System#nanoTime}): the JVM's first, then each server's. */
  double[] between(long from, long to) {
    sample();
    double[] a = at(from);
    double[] b = at(to);
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) d[i] = b[i] - a[i];
    return d;
  }

  void stop() {
    thread.interrupt();
  }

  private void watch() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        sample();
        Thread.sleep(250);
      }
    } catch (InterruptedException e) {
      // done
    }
  }

  private synchronized double[] at(long nanos) {
    Sample before = samples.get(0);
    for (Sample s : samples) {
      if (s.nanos <= nanos) {
        before = s;
        continue;
      }
      double f = s.nanos == before.nanos ? 0 : (double) (nanos - before.nanos) / (s.nanos - before.nanos);
      double[] v = new double[s.seconds.length];
      for (int i = 0; i < v.length; i++) v[i] = before.seconds[i] + f * (s.seconds[i] - before.seconds[i]);
      return v;
    }
    return before.seconds;
  }

  private void sample() {
    long t = System.nanoTime();
    double[] v = new double[1 + postmasters.length];
    try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
      long self = ProcessHandle.current().pid();
      for (Path p : proc) {
        long[] stat = stat(p.resolve("stat"));
        if (stat == null) continue;
        long pid = Long.parseLong(p.getFileName().toString());
        if (pid == self) v[0] = (stat[1] + stat[2]) / TICK;
        for (int i = 0; i < postmasters.length; i++) {
          if (pid == postmasters[i]) v[1 + i] += (stat[1] + stat[2] + stat[3] + stat[4]) / TICK;
          else if (stat[0] == postmasters[i]) v[1 + i] += (stat[1] + stat[2]) / TICK;
        }
      }
    } catch (IOException e) {
      return;
    }
    synchronized (this) {
      samples.add(new Sample(t, v));
    }
  }

  /** The parent's id, utime, stime, cutime, cstime of a {@code /proc/PID/stat}; null when the process is gone. */
  private static long[] stat(Path file) {
    try {
      String s = Files.readString(file);
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      // fields after the command: state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17)
      return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
