package dev.parley.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread that holds its own connection, LISTENs on one channel and runs a callback for every
 * notification (PostgreSQL delivers them at the notifying transaction's commit). When the
 * connection fails it runs the callback too, since notifications may have been missed, and
 * reconnects a second later. {@link #connected()} tells whether it is listening now.
 */
final class Listener implements Database.Listening {
  private static final Logger LOG = LoggerFactory.getLogger(Listener.class);

  private final ConnectionPool.Opener opener;
  private final String channel;
  private final Runnable onNotify;
  private final Thread thread;
  private volatile boolean connected;
  private volatile boolean closed;

  Listener(ConnectionPool.Opener opener, String channel, Runnable onNotify) {
    if (!channel.matches("[a-z_]{1,63}")) throw new IllegalArgumentException("a channel is lower-case letters and '_'");
    this.opener = opener;
    this.channel = channel;
    this.onNotify = onNotify;
    this.thread = new Thread(this::run, "parley-listen-" + channel);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public boolean connected() {
    return connected;
  }

  private void run() {
    while (!closed) {
      try (Connection c = opener.open()) {
        try (Statement s = c.createStatement()) {
          s.execute("listen " + channel);
        }
        onNotify.run(); // anything that changed before the LISTEN took effect
        connected = true;
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] got = pg.getNotifications(1000);
          if (got != null && got.length > 0) onNotify.run();
        }
      } catch (SQLException e) {
        if (closed) return;
        LOG.debug("listening on {} failed: {}", channel, e.getMessage());
      } finally {
        connected = false;
      }
      onNotify.run();
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
