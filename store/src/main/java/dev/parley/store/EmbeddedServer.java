package dev.parley.store;

import dev.parley.store.embedded.EmbeddedDatabaseException;
import dev.parley.store.embedded.LocalPostgres;
import java.nio.file.Path;

/**
 * A PostgreSQL server in a data folder: started here (and stopped on close), or already run by
 * another Parley process on the same folder (then attached to and left running). The process
 * management, including running as root, lives in {@link LocalPostgres}.
 */
final class EmbeddedServer implements AutoCloseable {
  private final LocalPostgres server;

  private EmbeddedServer(LocalPostgres server) {
    this.server = server;
  }

  static EmbeddedServer startOrAttach(Path pgDir) {
    try {
      return new EmbeddedServer(LocalPostgres.start(pgDir));
    } catch (EmbeddedDatabaseException e) {
      throw new StoreException(e.getMessage(), e);
    }
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres";
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
