package dev.parley.store.witness;

import dev.parley.store.Database;
import dev.parley.tlog.checkpoint.Checkpoint;
import dev.parley.tlog.tree.Hash;
import dev.parley.tlog.tree.TreeSize;
import dev.parley.tlog.witness.AddCheckpoint;
import dev.parley.tlog.witness.Verdict;
import dev.parley.tlog.witness.Witnessed;
import dev.parley.tlog.witness.Witnessing;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The witness's record of the latest checkpoint it cosigned per log, a log being its verifier key (two
 * logs may share an origin: a checkpoint of one judged against the other's made false fork evidence,
 * hostile run 10o). {@link #add} checks and persists in one transaction under a transaction advisory
 * lock on the log (rows that do not exist yet cannot be locked), so of two concurrent requests for one
 * log at most one advances it, and a verdict to cosign is durable before it returns. Thread-safe.
 */
public final class WitnessStore {
  private final Database db;

  public WitnessStore(Database db) {
    this.db = db;
  }

  /** The verdict on a request, and the checkpoint cosigned before it (the witness's half of a fork). */
  public record Added(Verdict verdict, Optional<Witnessed> previous) {}

  /**
   * Judges a request whose signature the caller verified ({@link Witnessing#judge}) and, when the
   * verdict is to cosign, records the checkpoint as the origin's latest, atomically.
   */
  public Added add(AddCheckpoint request, Checkpoint checkpoint, String note, String log) {
    return addAll(List.of(new Submission(request, checkpoint, note, log))).get(0);
  }

  /** A request whose signature the caller verified under the key {@code log}, with its checkpoint and signed note. */
  public record Submission(AddCheckpoint request, Checkpoint checkpoint, String note, String log) {}

  /**
   * {@link #add} for several requests in one transaction and one commit (group commit: a witness
   * is bound by the disk's flushes, not by its checks), judged in order: a later request for the
   * same origin sees what an earlier one recorded. The verdicts are durable when this returns.
   */
  public List<Added> addAll(List<Submission> submissions) {
    return db.inTransaction(c -> {
      // three round trips for the whole batch: its origins locked (in one order, so two writers
      // never wait on each other crosswise), their states read, the new states written
      Set<String> logs = new TreeSet<>();
      for (Submission sub : submissions) logs.add(sub.log());
      lockAll(c, logs);
      Map<String, Witnessed> state = readAll(c, logs);
      Map<String, Witnessed> cosigned = new LinkedHashMap<>();
      List<Added> out = new ArrayList<>(submissions.size());
      for (Submission sub : submissions) {
        Checkpoint checkpoint = sub.checkpoint();
        Optional<Witnessed> previous = Optional.ofNullable(state.get(sub.log()));
        Verdict verdict = Witnessing.judge(sub.request(), checkpoint, previous);
        if (verdict instanceof Verdict.Cosign) {
          Witnessed now = new Witnessed(checkpoint, sub.note());
          state.put(sub.log(), now);
          cosigned.put(sub.log(), now);
        }
        out.add(new Added(verdict, previous));
      }
      if (!cosigned.isEmpty()) {
        try (PreparedStatement s = c.prepareStatement("insert into witness_state (origin, size, root, note, log_key) values (?, ?, ?, ?, ?)"
            + " on conflict (log_key) do update set size = excluded.size, root = excluded.root, note = excluded.note, updated = now()")) {
          for (Map.Entry<String, Witnessed> e : cosigned.entrySet()) {
            Witnessed w = e.getValue();
            s.setString(1, w.checkpoint().origin());
            s.setLong(2, w.size());
            s.setBytes(3, w.checkpoint().root().bytes());
            s.setString(4, w.note());
            s.setString(5, e.getKey());
            s.addBatch();
          }
          s.executeBatch();
        }
      }
      return out;
    });
  }

  private static void lockAll(Connection c, Set<String> logs) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("select pg_advisory_xact_lock(k) from (select hashtextextended('witness ' || o, 11) k"
        + " from unnest(?::text[]) o order by 1) keys")) {
      s.setArray(1, c.createArrayOf("text", logs.toArray()));
      s.executeQuery().close();
    }
  }

  private static Map<String, Witnessed> readAll(Connection c, Set<String> logs) throws SQLException {
    Map<String, Witnessed> state = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement("select origin, size, root, note, log_key from witness_state where log_key = any(?)")) {
      s.setArray(1, c.createArrayOf("text", logs.toArray()));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) state.put(r.getString(5), row(r));
      }
    }
    return state;
  }

  /** The latest checkpoint cosigned for the log whose verifier key is {@code log}. */
  public Optional<Witnessed> latest(String log) {
    return db.withConnection(c -> read(c, log));
  }

  /** The latest checkpoint cosigned for every origin, by origin. */
  public List<Witnessed> all() {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select origin, size, root, note from witness_state order by origin");
          ResultSet r = s.executeQuery()) {
        List<Witnessed> out = new ArrayList<>();
        while (r.next()) out.add(row(r));
        return out;
      }
    });
  }

  /**
   * Starts the witness again for the log {@code log} from {@code checkpoint} (signed {@code note}), the
   * log as it is when an operator accepted its fork, whatever it held: from nothing, the first note
   * anyone posted with old size 0 was cosigned, a forged one from the public evidence included
   * (hostile run 10p).
   */
  public void reset(String log, Checkpoint checkpoint, String note) {
    db.inTransaction(c -> {
      lockAll(c, Set.of(log));
      try (PreparedStatement s = c.prepareStatement("insert into witness_state (origin, size, root, note, log_key) values (?, ?, ?, ?, ?)"
          + " on conflict (log_key) do update set origin = excluded.origin, size = excluded.size, root = excluded.root,"
          + " note = excluded.note, updated = now()")) {
        s.setString(1, checkpoint.origin());
        s.setLong(2, checkpoint.size().value());
        s.setBytes(3, checkpoint.root().bytes());
        s.setString(4, note);
        s.setString(5, log);
        s.executeUpdate();
      }
      return null;
    });
  }

  /** Forgets what was cosigned for the logs of {@code origin}, every key's, after an operator accepted its fork. */
  public void forget(String origin) {
    db.inTransaction(c -> {
      Set<String> logs = new TreeSet<>();
      try (PreparedStatement s = c.prepareStatement("select log_key from witness_state where origin = ?")) {
        s.setString(1, origin);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) logs.add(r.getString(1));
        }
      }
      lockAll(c, logs);
      try (PreparedStatement s = c.prepareStatement("delete from witness_state where origin = ?")) {
        s.setString(1, origin);
        s.executeUpdate();
      }
      return null;
    });
  }

  private static Optional<Witnessed> read(Connection c, String log) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("select origin, size, root, note from witness_state where log_key = ?")) {
      s.setString(1, log);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(row(r)) : Optional.empty();
      }
    }
  }

  private static Witnessed row(ResultSet r) throws SQLException {
    return new Witnessed(Checkpoint.of(r.getString(1), TreeSize.of(r.getLong(2)), Hash.of(r.getBytes(3))), r.getString(4));
  }
}
