package dev.parley.store.embedded;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a data folder's {@code postmaster.pid} says of the server that wrote it: its process id (the
 * first line) and its port (the fourth). The file stays behind when the server is killed, and its
 * process id may since have gone to another program.
 */
record Postmaster(long pid, int port) {
  static final String FILE = "postmaster.pid";

  /** The folder's postmaster.pid, or empty when there is none or it is not complete. */
  static Optional<Postmaster> read(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    if (!Files.isRegularFile(file)) return Optional.empty();
    try {
      List<String> lines = Files.readAllLines(file);
      if (lines.size() < 4) return Optional.empty();
      return Optional.of(new Postmaster(Long.parseLong(lines.get(0).trim()), Integer.parseInt(lines.get(3).trim())));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty(); // being written or removed: no server to speak of
    }
  }

  /** The server of {@code dataDir} that is running now, or empty. */
  static Optional<Postmaster> running(Path dataDir) {
    return read(dataDir).filter(p -> p.serves(dataDir));
  }

  /**
   * Whether this process still runs and is the server of {@code dataDir}: its command line says
   * {@code -D dataDir}, or, where the command line cannot be read, its port answers. A process that
   * took the id since (after a reboot) is not the server, and nothing is sent to it.
   */
  boolean serves(Path dataDir) {
    Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (process.isEmpty()) return false;
    Optional<String[]> args = process.get().info().arguments();
    if (args.isEmpty()) return answers();
    String[] a = args.get();
    for (int i = 0; i + 1 < a.length; i++) {
      if (a[i].equals("-D") && sameFolder(Path.of(a[i + 1]), dataDir)) return true;
    }
    return false;
  }

  private static boolean sameFolder(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether its port takes a connection now. */
  boolean answers() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
