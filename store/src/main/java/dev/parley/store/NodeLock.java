package dev.parley.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A data folder held by one process: the file {@code node.lock} in it, under an OS file lock while
 * it is held, saying which process holds it ({@code pid N}) and, once it serves, on which port
 * ({@code port N}). The OS releases the lock when the process dies, so the file a killed node
 * leaves does not block the next one; the file itself stays.
 *
 * <p>A node holds its folder while it runs; a command holds it only while no node does, for as long
 * as it runs the folder's embedded database itself. Thread-safe.
 *
 * <p>This JVM never opens the file of a folder it holds a second time: with POSIX record locks,
 * closing any descriptor of a file releases every lock the process holds on it. Holders in this JVM
 * are known by {@link #HERE}.
 */
public final class NodeLock implements AutoCloseable {
  public static final String FILE = "node.lock";
  private static final Map<Path, NodeLock> HERE = new ConcurrentHashMap<>();

  private final Path folder;
  private final FileChannel channel;
  private final FileLock lock;
  private final boolean command;
  private volatile int port = -1;

  private NodeLock(Path folder, FileChannel channel, FileLock lock, boolean command) {
    this.folder = folder;
    this.channel = channel;
    this.lock = lock;
    this.command = command;
  }

  /** Who holds a folder: its process id, if it serves its port, and whether it is a command (not a node). */
  public record Holder(long pid, OptionalInt port, boolean command) {
    @Override
    public String toString() {
      return (pid > 0 ? "PID " + pid : "PID unknown")
          + port.stream().mapToObj(p -> ", port " + p).findFirst().orElse(command ? ", a command" : ", a node not serving yet");
    }
  }

  /**
   * How long a node waits for a command that holds its folder (a command runs for seconds; a node
   * started beside one was refused: hostile run 12ad).
   */
  static final long COMMAND_WAIT_NANOS = 60_000_000_000L;

  /**
   * Holds {@code dataDir} for a node, creating the folder when it does not exist.
   *
   * @throws FolderInUseException when another process, or another node of this JVM, holds it
   * @throws StoreException when the folder or its lock file cannot be made
   */
  public static NodeLock acquire(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new StoreException("cannot create the data folder " + dataDir + ": " + e.getMessage(), e);
    }
    long deadline = System.nanoTime() + COMMAND_WAIT_NANOS;
    boolean said = false;
    while (true) {
      Optional<NodeLock> held = tryAcquire(dataDir, false);
      if (held.isPresent()) return held.get();
      Holder holder = holder(dataDir);
      if (!holder.command() || HERE.containsKey(realPath(dataDir)) || System.nanoTime() - deadline > 0) {
        throw new FolderInUseException(dataDir, holder);
      }
      if (!said) {
        LOG.info("the data folder {} is held by a command ({}): waiting for it to end, at most {} s", dataDir, holder,
            COMMAND_WAIT_NANOS / 1_000_000_000L);
        said = true;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FolderInUseException(dataDir, holder);
      }
    }
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NodeLock.class);

  /**
   * Holds the existing folder {@code dataDir} if no process holds it, for a node or for a command
   * ({@code command}: said in the lock file); empty when one does.
   *
   * @throws StoreException when its lock file cannot be opened
   */
  static synchronized Optional<NodeLock> tryAcquire(Path dataDir, boolean command) {
    Path folder = realPath(dataDir);
    if (HERE.containsKey(folder)) return Optional.empty();
    FileChannel channel = null;
    try {
      channel = FileChannel.open(folder.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        return Optional.empty();
      }
      NodeLock held = new NodeLock(folder, channel, lock, command);
      held.write();
      HERE.put(folder, held);
      return Optional.of(held);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StoreException("cannot lock " + folder.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }

  /** Who holds {@code dataDir} now, as far as its lock file says. */
  static Holder holder(Path dataDir) {
    NodeLock here = HERE.get(realPath(dataDir));
    if (here != null) return here.holder();
    long pid = -1;
    int port = -1;
    boolean command = false;
    try {
      for (String line : Files.readAllLines(dataDir.resolve(FILE), StandardCharsets.UTF_8)) {
        String[] f = line.trim().split(" ");
        if (f.length == 2 && f[0].equals("pid") && f[1].matches("\\d{1,18}")) pid = Long.parseLong(f[1]);
        if (f.length == 2 && f[0].equals("port") && f[1].matches("\\d{1,5}")) port = Integer.parseInt(f[1]);
        command |= line.trim().equals("command");
      }
    } catch (IOException e) {
      // gone, or being written: who holds it is not known
    }
    return new Holder(pid, port < 0 ? OptionalInt.empty() : OptionalInt.of(port), command);
  }

  /** Records the port the node now serves on, for the message a second node gets. */
  public void serving(int port) {
    this.port = port;
    try {
      write();
    } catch (IOException e) {
      throw new StoreException("cannot write " + folder.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }

  /** The folder held (its real path). */
  public Path folder() {
    return folder;
  }

  private Holder holder() {
    return new Holder(ProcessHandle.current().pid(), port < 0 ? OptionalInt.empty() : OptionalInt.of(port), command);
  }

  private synchronized void write() throws IOException {
    String text = "pid " + ProcessHandle.current().pid() + "\n" + (port < 0 ? "" : "port " + port + "\n") + (command ? "command\n" : "");
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
  }

  /** Releases the folder; the file stays (removing it would let two processes lock two files of one name). */
  @Override
  public void close() {
    synchronized (NodeLock.class) {
      if (HERE.remove(folder, this)) {
        try {
          lock.release();
        } catch (IOException e) {
          // closing the channel releases it too
        }
        closeQuietly(channel);
      }
    }
  }

  private static Path realPath(Path dataDir) {
    try {
      return dataDir.toRealPath();
    } catch (IOException e) {
      throw new StoreException("cannot open the data folder " + dataDir + ": " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) return;
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing held through it
    }
  }
}
