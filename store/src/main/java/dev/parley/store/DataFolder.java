package dev.parley.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How a process reaches the database of a node's data folder: as the node, which holds the folder
 * ({@link NodeLock}) and makes it on first use, or as a command beside it, which uses the database
 * of the node that holds the folder, or, while none does, holds the folder and runs the database
 * itself. A command never makes a folder.
 */
final class DataFolder {
  /** How long a command waits for the database of a node that holds the folder but is still starting. */
  private static final long START_WAIT_NANOS = 30_000_000_000L;

  private DataFolder() {}

  /** What a process opened: the database, and the folder's lock when this process holds it (else null). */
  record Opened(Database db, NodeLock lock) {}

  /**
   * Holds the folder for a node (the lock is taken with an external database too: the folder holds
   * the node's keys) and opens its database, creating both on first use.
   *
   * @throws FolderInUseException when another process holds the folder
   */
  static Opened forNode(StoreConfig config) {
    NodeLock lock = NodeLock.acquire(config.dataDir());
    try {
      Database db = config.jdbcUrl() != null
          ? Database.external(config.jdbcUrl(), config.dbSchema())
          : Database.embedded(config.dataDir(), EmbeddedServer.start(postgres(config.dataDir()), true));
      return new Opened(db, lock);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /**
   * Opens the database of an existing node for a command.
   *
   * @throws NoNodeException when the folder does not exist or holds no database (nothing is made)
   */
  static Opened forCommand(StoreConfig config) {
    if (config.jdbcUrl() != null) return new Opened(Database.external(config.jdbcUrl(), config.dbSchema()), null);
    Path dir = config.dataDir();
    if (!Files.isDirectory(dir)) throw new NoNodeException(dir, "the folder does not exist");
    if (!EmbeddedServer.exists(postgres(dir))) throw new NoNodeException(dir, "it holds no node's database");
    long deadline = System.nanoTime() + START_WAIT_NANOS;
    while (true) {
      Optional<NodeLock> lock = NodeLock.tryAcquire(dir, true);
      if (lock.isPresent()) {
        try {
          return new Opened(Database.embedded(dir, EmbeddedServer.start(postgres(dir), false)), lock.get());
        } catch (RuntimeException e) {
          lock.get().close();
          throw e;
        }
      }
      Optional<EmbeddedServer> running = EmbeddedServer.attach(postgres(dir));
      if (running.isPresent()) return new Opened(Database.embedded(dir, running.get()), null);
      if (System.nanoTime() - deadline > 0) {
        throw new StoreException("the data folder " + dir + " is held by " + NodeLock.holder(dir) + ", whose database does not answer");
      }
      try {
        Thread.sleep(200); // the holder is starting its database
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException("interrupted while waiting for the database of " + dir, e);
      }
    }
  }

  private static Path postgres(Path dataDir) {
    return dataDir.resolve("postgres");
  }
}
