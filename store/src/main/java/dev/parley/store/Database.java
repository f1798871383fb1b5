package dev.parley.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's PostgreSQL database: embedded in a data folder or external by JDBC URL, migrated
 * with Flyway on open. Thread-safe; {@link #close()} stops an embedded server this process started.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private final ConnectionPool pool;
  private final List<Listener> listeners = new ArrayList<>();
  private final List<AutoCloseable> locks = new ArrayList<>();
  private final String description;
  private final EmbeddedServer embedded;
  private final Foreground foreground = new Foreground();
  /**
   * The statistics of a collection's members and their versions, which every load grows: without
   * them, right after an import a peer's page of a feed was planned from the collection's members by
   * an estimate of 779 of 200,000, each member joined to the feed and the page sorted, 672 ms a page
   * of 1,000 (EXPLAIN ANALYZE), and a pull ran at 2,500-3,500 objects/s until autovacuum came.
   */
  private final TableStatistics memberStatistics = new TableStatistics(this, true, "collection_object", "object_version");
  /**
   * The statistics of the peers' feeds, which publishers fill (analyzed on the publisher's thread):
   * without them a peer's page was planned through the index by type and sorted, every member of the
   * feed read for each page, 1.7 s a page at 200,000 members (EXPLAIN ANALYZE), 5 pages a second for
   * a peer pulling right after its agreement, until autovacuum came.
   */
  private final TableStatistics feedStatistics = new TableStatistics(this, false, "peer_feed");

  private Database(String url, Properties properties, String schema, String description, EmbeddedServer embedded, int poolSize) {
    this.description = description;
    this.embedded = embedded;
    migrate(url, properties, schema);
    if (schema != null) properties.setProperty("currentSchema", schema);
    // Every query of the store is a key look-up or a keyset page whose best plan does not depend on
    // the values: with custom plans, PostgreSQL planned a TAXII page anew at each request, and the
    // planning (0.5 ms) cost more than running it (0.35 ms). A JDBC URL that sets options wins.
    properties.setProperty("options", "-c plan_cache_mode=force_generic_plan");
    // server-side prepared statements from the first use, so that the plan is cached at once
    properties.setProperty("prepareThreshold", "1");
    this.pool = new ConnectionPool(url, properties, poolSize);
  }

  /**
   * Opens the embedded database of {@code dataDir} on {@code server} (its folder {@code dataDir/postgres},
   * started by this process or by the one that holds the folder); closing the database closes the server.
   */
  static Database embedded(Path dataDir, EmbeddedServer server) {
    Properties p = new Properties();
    p.setProperty("user", "postgres");
    p.setProperty("password", server.password());
    try {
      return new Database(server.jdbcUrl(), p, null, "embedded PostgreSQL in " + dataDir.resolve("postgres"), server, 16);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** Opens an external database by JDBC URL (credentials in the URL), in its default schema. */
  public static Database external(String jdbcUrl) {
    return external(jdbcUrl, null);
  }

  /** Opens an external database by JDBC URL, using (and creating) {@code schema} when not null. */
  public static Database external(String jdbcUrl, String schema) {
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new StoreException("not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db): " + jdbcUrl);
    }
    return new Database(jdbcUrl, new Properties(), schema, "PostgreSQL at " + redact(jdbcUrl), null, 16);
  }

  private static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  private static void migrate(String url, Properties properties, String schema) {
    try {
      var config = Flyway.configure()
          .dataSource(url, properties.getProperty("user"), properties.getProperty("password"))
          .locations("classpath:db/migration")
          // the node's migrations are numbered below 50 and the log's from 50: a database the log
          // migrated first still takes a later node migration (V2 after V50)
          .outOfOrder(true)
          .loggers("slf4j");
      if (schema != null) config = config.schemas(schema).defaultSchema(schema).createSchemas(true);
      config.load().migrate();
    } catch (RuntimeException e) {
      // a server that cannot be reached is said so, not as a failed migration (a hostile run read
      // "cannot migrate the database schema" from a read-only command pointed at a closed port)
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
          throw new StoreException("cannot connect to the database: " + sql.getMessage(), e);
        }
      }
      throw new StoreException("cannot migrate the database schema: " + e.getMessage(), e);
    }
  }

  /** When this process last moved objects in bulk here, for the loops that catch up behind it. */
  public Foreground foreground() {
    return foreground;
  }

  /** The statistics of collections' members and versions, for the writes that add them to count. */
  public TableStatistics memberStatistics() {
    return memberStatistics;
  }

  /** The statistics of the peers' feeds, for the publishers that fill them to count. */
  public TableStatistics feedStatistics() {
    return feedStatistics;
  }

  /** Where the data lives, for people (no password). */
  public String description() {
    return description;
  }

  /**
   * Runs {@code onNotify} on a thread of its own for every NOTIFY on {@code channel}, and whenever
   * the listening connection fails or comes back (notifications may have been missed); stops when
   * the returned handle or this database is closed.
   */
  public Listening listen(String channel, Runnable onNotify) {
    Listener l = new Listener(pool::openOwn, channel, onNotify);
    synchronized (listeners) {
      listeners.add(l);
    }
    return l;
  }

  /**
   * Holds the session advisory lock ({@code classId}, {@code objId}) on a connection of its own
   * until the returned handle or this database is closed (or the process dies: the server then
   * releases it). Returns null when another session holds it.
   */
  public AutoCloseable holdLock(int classId, int objId) {
    return holdLock("select pg_try_advisory_lock(?, ?)", classId, s -> s.setInt(2, objId));
  }

  /**
   * As {@link #holdLock(int, int)}, keyed by {@code name} within the schema this database works in
   * (the hash of both), so that nodes sharing one PostgreSQL server in schemas of their own never
   * hold each other's locks. Two names may share a hash: a caller treats a lock held as "maybe busy".
   */
  public AutoCloseable holdLock(int classId, String name) {
    return holdLock("select pg_try_advisory_lock(?, hashtext(current_schema() || '/' || ?))", classId, s -> s.setString(2, name));
  }

  /**
   * As {@link #holdLock(int, String)}, waiting on one connection of its own until the lock is free
   * (the holder's end, or its connection's), rather than asking again: never null.
   */
  public AutoCloseable awaitLock(int classId, String name) {
    return holdLock("select pg_advisory_lock(?, hashtext(current_schema() || '/' || ?)) is not null", classId, s -> s.setString(2, name));
  }

  private interface Binding {
    void bind(PreparedStatement s) throws SQLException;
  }

  private AutoCloseable holdLock(String sql, int classId, Binding key) {
    try {
      Connection c = pool.openOwn();
      try (var s = c.prepareStatement(sql)) {
        s.setInt(1, classId);
        key.bind(s);
        try (var r = s.executeQuery()) {
          r.next();
          if (!r.getBoolean(1)) {
            c.close();
            return null;
          }
        }
      } catch (SQLException | RuntimeException e) {
        c.close();
        throw e;
      }
      AutoCloseable[] held = new AutoCloseable[1];
      // a handle let go leaves the list, so that a lock taken for every pass of a loop does not pile up
      held[0] = () -> {
        synchronized (locks) {
          locks.remove(held[0]);
        }
        c.close();
      };
      synchronized (locks) {
        locks.add(held[0]);
      }
      return held[0];
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  /** A running {@link #listen}. */
  public interface Listening extends AutoCloseable {
    /** Whether its connection is listening now. */
    boolean connected();

    @Override
    void close();
  }

  /** True when the database answers a query within a second. */
  public boolean ping() {
    try {
      return withConnection(c -> {
        try (Statement s = c.createStatement()) {
          s.setQueryTimeout(1);
          s.execute("select 1");
          return true;
        }
      });
    } catch (StoreException e) {
      return false;
    }
  }

  /** A unit of work on one connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Runs {@code work} on a pooled connection in auto-commit mode. */
  public <T> T withConnection(Work<T> work) {
    Connection c = borrow();
    boolean broken = false;
    try {
      return work.run(c);
    } catch (SQLException e) {
      broken = isConnectionError(e);
      throw translate(e);
    } finally {
      pool.giveBack(c, broken);
    }
  }

  /**
   * Runs {@code work} in one transaction and commits it; any exception rolls the whole of it back.
   * A commit that returns is durable (synchronous_commit stays on).
   */
  public <T> T inTransaction(Work<T> work) {
    Connection c = borrow();
    boolean broken = false;
    try {
      c.setAutoCommit(false);
      T result = work.run(c);
      c.commit();
      return result;
    } catch (SQLException e) {
      broken = isConnectionError(e);
      rollbackQuietly(c);
      throw translate(e);
    } catch (RuntimeException | Error e) {
      rollbackQuietly(c);
      throw e;
    } finally {
      pool.giveBack(c, broken);
    }
  }

  /**
   * {@link #inTransaction}, run again (three times in all) when PostgreSQL ends it as a deadlock's
   * victim or for a serialization failure: for work that is all in the database and may run twice, as
   * an operator's command against a node that serves and syncs (a hostile run's {@code agreement set}
   * failed on a deadlock with a {@code parley sync} pulling from that peer, and the old terms stayed).
   */
  public <T> T inTransactionRetrying(Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return inTransaction(work);
      } catch (StoreException e) {
        if (attempt == 3 || !(e.getCause() instanceof SQLException q) || !("40P01".equals(q.getSQLState())
            || "40001".equals(q.getSQLState()))) {
          throw e;
        }
        LOG.info("a transaction was ended by PostgreSQL ({}, {}); running it again", q.getSQLState(),
            "40P01".equals(q.getSQLState()) ? "a deadlock's victim" : "a serialization failure");
        try {
          Thread.sleep(20L * attempt + ThreadLocalRandom.current().nextInt(20));
        } catch (InterruptedException i) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private Connection borrow() {
    try {
      return pool.borrow();
    } catch (SQLException e) {
      throw new StoreException("the database is unavailable: " + e.getMessage(), e);
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is gone; the server rolls back
    }
  }

  private static boolean isConnectionError(SQLException e) {
    String state = e.getSQLState();
    return state == null || state.startsWith("08") || state.startsWith("57");
  }

  private static StoreException translate(SQLException e) {
    if ("23505".equals(e.getSQLState())) return new ConflictException(e.getMessage());
    return new StoreException("database error: " + e.getMessage(), e);
  }

  @Override
  public void close() {
    synchronized (listeners) {
      listeners.forEach(Listener::close);
    }
    List<AutoCloseable> held;
    synchronized (locks) {
      held = List.copyOf(locks);
    }
    for (AutoCloseable l : held) {
      try {
        l.close();
      } catch (Exception ignored) {
        // closing anyway
      }
    }
    memberStatistics.close();
    pool.close();
    if (embedded != null) embedded.close();
    LOG.debug("closed {}", description);
  }
}
