package dev.parley.store;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the planner's statistics of tables that writes of this process grow: they are analyzed once
 * the rows added since the last analysis reach as many as the tables held then (at least {@value
 * #FIRST_ANALYSIS}), so a table filled in bulk is analyzed at 1,000, 2,000, 4,000, ... rows, a
 * handful of times, each a sample of the table. Autovacuum comes later, a table at a time, and a
 * generic plan made without statistics walks a whole table where an index probe would do (each
 * case is named where its table is counted). Analysis runs on the caller's thread, or on a daemon
 * thread of its own so that a load does not wait for it; a failed one is tried again at the next
 * rows. Thread-safe.
 */
public final class TableStatistics {
  /** Rows added before a table's first analysis. */
  public static final long FIRST_ANALYSIS = 1_000;

  private final Database db;
  private final String[] tables;
  private final ExecutorService behind;
  private long since;
  private long threshold = FIRST_ANALYSIS;
  private boolean running;

  /**
   * Statistics of {@code tables} (the first gives the row count the next threshold is), analyzed on
   * the caller's thread, or with {@code behind} on a thread of their own.
   */
  public TableStatistics(Database db, boolean behind, String... tables) {
    this.db = db;
    this.tables = tables.clone();
    if (behind) {
      // one thread, there only while an analysis runs or is due
      ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "parley-analyze-" + tables[0]);
        t.setDaemon(true);
        return t;
      });
      pool.allowCoreThreadTimeOut(true);
      this.behind = pool;
    } else {
      this.behind = null;
    }
  }

  /** Stops analyzing: one under way is waited for a few seconds. */
  void close() {
    if (behind == null) return;
    behind.shutdown();
    try {
      behind.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Counts {@code rows} added; analyzes the tables when they reach the threshold. */
  public void added(long rows) {
    synchronized (this) {
      since += rows;
      if (since < threshold || running) return;
      since = 0;
      running = true;
    }
    if (behind == null) {
      analyze();
      return;
    }
    try {
      behind.execute(this::analyze);
    } catch (RejectedExecutionException e) {
      synchronized (this) {
        running = false; // closed: the database is closing
      }
    }
  }

  private void analyze() {
    long rows = -1;
    try {
      rows = db.withConnection(c -> {
        try (Statement s = c.createStatement()) {
          s.execute("analyze " + String.join(", ", tables));
          try (ResultSet r = s.executeQuery("select reltuples::bigint from pg_class where oid = '" + tables[0] + "'::regclass")) {
            return r.next() ? r.getLong(1) : 0L;
          }
        }
      });
    } catch (RuntimeException e) {
      // the rows are stored; the next ones try again (autovacuum analyzes too)
    } finally {
      synchronized (this) {
        running = false;
        if (rows >= 0) threshold = Math.max(FIRST_ANALYSIS, rows);
      }
    }
  }
}
