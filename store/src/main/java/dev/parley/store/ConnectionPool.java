package dev.parley.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A small fixed-size JDBC connection pool: connections are opened on demand up to {@code size},
 * validated when they come back after a failure, and closed on {@link #close()}. Thread-safe.
 */
final class ConnectionPool implements AutoCloseable {
  private final String url;
  private final Properties properties;
  private final Semaphore permits;
  private final BlockingQueue<Connection> idle;
  private final List<Connection> all = new ArrayList<>();
  private volatile boolean closed;

  ConnectionPool(String url, Properties properties, int size) {
    this.url = url;
    this.properties = properties;
    this.permits = new Semaphore(size, true);
    this.idle = new ArrayBlockingQueue<>(size);
  }

  Connection borrow() throws SQLException {
    if (closed) throw new SQLException("the connection pool is closed");
    try {
      if (!permits.tryAcquire(30, TimeUnit.SECONDS)) throw new SQLException("no database connection free within 30 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for a database connection", e);
    }
    try {
      Connection c = idle.poll();
      if (c == null || c.isClosed()) c = open();
      return c;
    } catch (SQLException | RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  void giveBack(Connection c, boolean broken) {
    try {
      if (broken || closed || c.isClosed()) {
        discard(c);
      } else {
        if (!c.getAutoCommit()) c.rollback();
        c.setAutoCommit(true);
        idle.offer(c);
      }
    } catch (SQLException e) {
      discard(c);
    } finally {
      permits.release();
    }
  }

  /** Opens connections outside the pool. */
  @FunctionalInterface
  interface Opener {
    Connection open() throws SQLException;
  }

  /** A connection of the pool's kind that the caller owns and closes, outside the pool's count. */
  Connection openOwn() throws SQLException {
    return DriverManager.getConnection(url, properties);
  }

  private Connection open() throws SQLException {
    Connection c = DriverManager.getConnection(url, properties);
    synchronized (all) {
      all.add(c);
    }
    return c;
  }

  private void discard(Connection c) {
    synchronized (all) {
      all.remove(c);
    }
    try {
      c.close();
    } catch (SQLException ignored) {
      // already broken
    }
  }

  @Override
  public void close() {
    closed = true;
    synchronized (all) {
      for (Connection c : all) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // closing anyway
        }
      }
      all.clear();
    }
  }
}
