package dev.parley.store.witness;

import dev.parley.store.Database;
import dev.parley.tlog.checkpoint.Checkpoint;
import dev.parley.tlog.tree.Hash;
import dev.parley.tlog.tree.TreeSize;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The largest checkpoint of each peer's log that this node's monitor knows consistent, per log: a log
 * is its verifier key ({@code log}), as two logs may share an origin. Thread-safe.
 */
public final class MonitorStore {
  private final Database db;

  public MonitorStore(Database db) {
    this.db = db;
  }

  /** The largest checkpoint known consistent of the log whose verifier key is {@code log}. */
  public Optional<Seen> latest(String log) {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select size, root, note, source, seen, origin from monitor_state where log_key = ?")) {
        s.setString(1, log);
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) return Optional.empty();
          return Optional.of(new Seen(Checkpoint.of(r.getString(6), TreeSize.of(r.getLong(1)), Hash.of(r.getBytes(2))), r.getString(3),
              r.getString(4), r.getObject(5, OffsetDateTime.class).toInstant()));
        }
      }
    });
  }

  /** The latest seen of every log, by origin. */
  public List<Seen> all() {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select origin, size, root, note, source, seen from monitor_state order by origin");
          ResultSet r = s.executeQuery()) {
        List<Seen> out = new ArrayList<>();
        while (r.next()) {
          out.add(new Seen(Checkpoint.of(r.getString(1), TreeSize.of(r.getLong(2)), Hash.of(r.getBytes(3))), r.getString(4),
              r.getString(5), r.getObject(6, OffsetDateTime.class).toInstant()));
        }
        return out;
      }
    });
  }

  private static final int FIRST_LOCK_CLASS = 0x4a756467;

  /**
   * The largest checkpoint known consistent of the log whose verifier key is {@code log}; when there
   * is none, {@code seen} is recorded as its first and empty is answered. One at a time per key in
   * every process of this node's database (an advisory lock, held for no request to a peer): two sync
   * passes with two names of one key, each seeing nothing recorded yet, each recorded its own branch as
   * the history held, and both were pulled (hostile run 10w).
   */
  public Optional<Seen> latestOrFirst(Seen seen, String log) {
    AutoCloseable held = db.awaitLock(FIRST_LOCK_CLASS, log);
    try {
      Optional<Seen> latest = latest(log);
      if (latest.isEmpty()) advance(seen, log);
      return latest;
    } finally {
      try {
        held.close();
      } catch (Exception e) {
        // its connection is closed either way, and with it the lock
      }
    }
  }

  /** Records {@code seen}, verified under the key {@code log}, as that log's latest, unless a larger one is recorded already. */
  public void advance(Seen seen, String log) {
    db.inTransaction(c -> {
      write(c, seen, log, " where monitor_state.size < excluded.size");
      return null;
    });
  }

  /** Starts the monitor again for the log {@code log} from {@code seen}, whatever it held (an operator accepted its fork). */
  public void reset(Seen seen, String log) {
    db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("delete from monitor_offered where origin = ?")) {
        s.setString(1, seen.checkpoint().origin());
        s.executeUpdate();
      }
      write(c, seen, log, "");
      return null;
    });
  }

  /** Writes {@code seen} as the log's latest, over what it held when {@code condition} (a where clause, or "") holds. */
  private static void write(Connection c, Seen seen, String log, String condition) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("insert into monitor_state (origin, size, root, note, source, seen, log_key)"
        + " values (?, ?, ?, ?, ?, ?, ?) on conflict (log_key) do update set origin = excluded.origin, size = excluded.size,"
        + " root = excluded.root, note = excluded.note, source = excluded.source, seen = excluded.seen" + condition)) {
      s.setString(1, seen.checkpoint().origin());
      s.setLong(2, seen.size());
      s.setBytes(3, seen.checkpoint().root().bytes());
      s.setString(4, seen.note());
      s.setString(5, seen.source());
      s.setObject(6, OffsetDateTime.ofInstant(seen.at(), ZoneOffset.UTC));
      s.setString(7, log);
      s.executeUpdate();
    }
  }

  /** Forgets what was seen of the logs of {@code origin}, every key's, after an operator accepted its fork (and what waits to be checked of it). */
  public void forget(String origin) {
    db.inTransaction(c -> {
      for (String table : new String[] {"monitor_state", "monitor_offered"}) {
        try (PreparedStatement s = c.prepareStatement("delete from " + table + " where origin = ?")) {
          s.setString(1, origin);
          s.executeUpdate();
        }
      }
      return null;
    });
  }

  /** At most this many checkpoints wait to be checked; past it, offers are dropped until the monitor takes some. */
  public static final int OFFERED_MAX = 10_000;

  /**
   * Offers signed checkpoints ({@code notes}, of {@code origin}, met in {@code source}) to the
   * monitor's next round, which checks them against the largest it knows consistent. A note offered
   * already is offered once.
   */
  public void offer(String origin, Collection<String> notes, String source) {
    if (notes.isEmpty()) return;
    db.inTransaction(c -> {
      long waiting;
      try (PreparedStatement s = c.prepareStatement("select count(*) from monitor_offered"); ResultSet r = s.executeQuery()) {
        r.next();
        waiting = r.getLong(1);
      }
      try (PreparedStatement s = c.prepareStatement("insert into monitor_offered (origin, note, source) values (?, ?, ?)"
          + " on conflict (origin, note) do nothing")) {
        for (String note : notes) {
          if (waiting++ >= OFFERED_MAX) break;
          s.setString(1, origin);
          s.setString(2, note);
          s.setString(3, source);
          s.addBatch();
        }
        s.executeBatch();
      }
      return null;
    });
  }

  /** An offered checkpoint: its log, the signed note, and where it was met. */
  public record Offered(String origin, String note, String source, Instant offered) {}

  /** Takes (and removes) at most {@code limit} offered checkpoints, the earliest first. */
  public List<Offered> take(int limit) {
    return db.inTransaction(c -> {
      List<Offered> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("delete from monitor_offered where id in (select id from monitor_offered order by id"
          + " limit ? for update skip locked) returning origin, note, source, offered")) {
        s.setInt(1, limit);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) out.add(new Offered(r.getString(1), r.getString(2), r.getString(3), r.getObject(4, OffsetDateTime.class).toInstant()));
        }
      }
      return out;
    });
  }
}
