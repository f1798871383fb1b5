package dev.parley.store;

import dev.parley.store.embedded.EmbeddedDatabaseException;
import dev.parley.store.embedded.LocalPostgres;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A PostgreSQL server in a data folder: started here by the process that holds the folder (and
 * stopped on close), or run by the holder and attached to (then left running). The process
 * management, including running as root, lives in {@link LocalPostgres}.
 */
final class EmbeddedServer implements AutoCloseable {
  private final LocalPostgres server;

  private EmbeddedServer(LocalPostgres server) {
    this.server = server;
  }

  /** Whether {@code pgDir} holds a database. */
  static boolean exists(Path pgDir) {
    return LocalPostgres.exists(pgDir);
  }

  /** Starts the server of a folder this process holds; creates its database when missing if {@code create}. */
  static EmbeddedServer start(Path pgDir, boolean create) {
    try {
      return new EmbeddedServer(LocalPostgres.start(pgDir, create));
    } catch (EmbeddedDatabaseException e) {
      throw new StoreException(e.getMessage(), e);
    }
  }

  /** The server that the folder's holder runs, when it takes connections now. */
  static Optional<EmbeddedServer> attach(Path pgDir) {
    try {
      return LocalPostgres.attach(pgDir).map(EmbeddedServer::new);
    } catch (EmbeddedDatabaseException e) {
      throw new StoreException(e.getMessage(), e);
    }
  }

  String jdbcUrl() {
    return server.jdbcUrl();
  }

  String password() {
    return server.password();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (EmbeddedDatabaseException e) {
      throw new StoreException(e.getMessage(), e);
    }
  }
}
