package dev.parley.store.testing;

import dev.parley.store.Database;
import dev.parley.store.collections.Collection;
import dev.parley.store.collections.CollectionStore;
import dev.parley.store.embedded.LocalPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** One real embedded PostgreSQL per test JVM; every test gets its own schema on it. Shared with the node's tests. */
public final class TestDatabases {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static LocalPostgres server;

  private TestDatabases() {}

  public static synchronized String url() {
    if (server == null) {
      try {
        Path dir = Files.createTempDirectory("parley-log-test-pg");
        server = LocalPostgres.start(dir.resolve("pg"));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return server.jdbcUrlWithCredentials();
  }

  /** A freshly migrated database in a new schema. */
  public static Database fresh() {
    return Database.external(url(), "log_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet());
  }

  /** A new collection of {@code db} in API root api1, by a fresh id. */
  public static UUID collection(Database db) {
    UUID id = UUID.randomUUID();
    new CollectionStore(db).create(new Collection(id, "api1", "t", null, null));
    return id;
  }

  /** The same schema opened again, as a restarted node would. */
  public static Database reopen(Database db) {
    return Database.external(url(), schemaOf(db));
  }

  public static String schemaOf(Database db) {
    return db.withConnection(c -> {
      try (var s = c.createStatement(); var r = s.executeQuery("select current_schema()")) {
        r.next();
        return r.getString(1);
      }
    });
  }
}
