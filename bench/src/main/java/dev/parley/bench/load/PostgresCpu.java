package dev.parley.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The CPU time of an embedded PostgreSQL, read from Linux's {@code /proc}: its postmaster (the
 * process whose command line names the node's data folder), with the children it has reaped, and
 * its live children (the backends, the writer, the checkpointer). 0 where there is no {@code /proc}.
 */
public final class PostgresCpu {
  /** Linux's USER_HZ, the unit of the times in {@code /proc/PID/stat}; 100 on every usual kernel. */
  private static final double TICKS_PER_SECOND = 100;

  private PostgresCpu() {}

  /** Clock ticks of user and system time so far of the PostgreSQL that serves out of {@code dataDir}. */
  public static long ticks(Path dataDir) {
    String folder = dataDir.toString();
    Set<String> postmasters = new HashSet<>();
    long total = 0;
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : (Iterable<Path>) procs::iterator) {
        String name = proc.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) continue;
        String command = read(proc.resolve("cmdline")).replace('\0', ' ');
        if (command.contains("postgres") && command.contains(folder)) postmasters.add(name);
      }
    } catch (IOException e) {
      return 0;
    }
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : (Iterable<Path>) procs::iterator) {
        String name = proc.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) continue;
        String[] stat = fields(read(proc.resolve("stat")));
        if (stat.length < 17) continue;
        boolean postmaster = postmasters.contains(name);
        if (!postmaster && !postmasters.contains(stat[3])) continue;
        total += Long.parseLong(stat[13]) + Long.parseLong(stat[14]); // utime, stime
        if (postmaster) total += Long.parseLong(stat[15]) + Long.parseLong(stat[16]); // of its reaped children
      }
    } catch (IOException e) {
      return 0;
    }
    return total;
  }

  public static double seconds(long ticks) {
    return ticks / TICKS_PER_SECOND;
  }

  /** The fields of a {@code stat} line, the command (in brackets, may hold spaces) as one. */
  private static String[] fields(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0) return new String[0];
    String[] rest = stat.substring(close + 2).trim().split(" ");
    String[] out = new String[rest.length + 2];
    out[0] = stat.substring(0, stat.indexOf(' '));
    out[1] = stat.substring(stat.indexOf('(') + 1, close);
    System.arraycopy(rest, 0, out, 2, rest.length);
    return out;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException | RuntimeException gone) { // a process may end while it is read
      return "";
    }
  }
}
