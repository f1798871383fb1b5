package dev.parley.store.witness;

import dev.parley.store.Database;
import dev.parley.tlog.checkpoint.Checkpoint;
import dev.parley.tlog.tree.Hash;
import dev.parley.tlog.tree.TreeSize;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** The largest checkpoint of each peer's log that this node's monitor knows consistent. Thread-safe. */
public final class MonitorStore {
  private final Database db;

  public MonitorStore(Database db) {
    this.db = db;
  }

  public Optional<Seen> latest(String origin) {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select size, root, note, source, seen from monitor_state where origin = ?")) {
        s.setString(1, origin);
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) return Optional.empty();
          return Optional.of(new Seen(Checkpoint.of(origin, TreeSize.of(r.getLong(1)), Hash.of(r.getBytes(2))), r.getString(3),
              r.getString(4), r.getObject(5, OffsetDateTime.class).toInstant()));
        }
      }
    });
  }

  /** The latest seen of every log, by origin. */
  public java.util.List<Seen> all() {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select origin, size, root, note, source, seen from monitor_state order by origin");
          ResultSet r = s.executeQuery()) {
        java.util.List<Seen> out = new java.util.ArrayList<>();
        while (r.next()) {
          out.add(new Seen(Checkpoint.of(r.getString(1), TreeSize.of(r.getLong(2)), Hash.of(r.getBytes(3))), r.getString(4),
              r.getString(5), r.getObject(6, OffsetDateTime.class).toInstant()));
        }
        return out;
      }
    });
  }

  /** Records {@code seen} as the latest, unless a larger one is recorded already. */
  public void advance(Seen seen) {
    db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("insert into monitor_state (origin, size, root, note, source, seen)"
          + " values (?, ?, ?, ?, ?, ?) on conflict (origin) do update set size = excluded.size, root = excluded.root,"
          + " note = excluded.note, source = excluded.source, seen = excluded.seen where monitor_state.size < excluded.size")) {
        s.setString(1, seen.checkpoint().origin());
        s.setLong(2, seen.size());
        s.setBytes(3, seen.checkpoint().root().bytes());
        s.setString(4, seen.note());
        s.setString(5, seen.source());
        s.setObject(6, OffsetDateTime.ofInstant(seen.at(), ZoneOffset.UTC));
        s.executeUpdate();
      }
      return null;
    });
  }

  /** Forgets what was seen of {@code origin}, after an operator accepted its fork. */
  public void forget(String origin) {
    db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("delete from monitor_state where origin = ?")) {
        s.setString(1, origin);
        s.executeUpdate();
      }
      return null;
    });
  }
}
