package dev.parley.store.log;

import dev.parley.store.internal.CopyBinary;
import dev.parley.tlog.entry.EntryKind;
import dev.parley.tlog.entry.LogEntry;
import dev.parley.tlog.entry.Salt;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Appends entries to the log inside the caller's open transaction, so that they commit or roll
 * back with what they record. Indices are dense: the append takes the one row of {@code log_head}
 * (an UPDATE, so a row lock held until the caller's commit or rollback), which serializes appenders
 * of all collections from that point to their commit; a rolled-back or killed transaction releases
 * it without leaving a gap. Salts and entries are computed before the lock is taken. Thread-safe;
 * the caller's transaction must be READ COMMITTED (the default). Throws {@link SQLException} when
 * the database fails; the caller's transaction is then to be rolled back.
 */
public final class LogAppender {
  private static final String TAKE_INDICES = "update log_head set size = size + ? returning size - ?";

  private final Clock clock;

  public LogAppender() {
    this(Clock.systemUTC());
  }

  LogAppender(Clock clock) {
    this.clock = clock;
  }

  /**
   * Appends one entry per leaf, in order, within {@code tx} (which must not be in auto-commit);
   * returns the index of the first. The entries are in the log once, and only if, {@code tx}
   * commits; they appear in a signed checkpoint about 100 ms later.
   */
  public long append(Connection tx, List<Leaf> leaves) throws SQLException {
    if (leaves.isEmpty()) {
      throw new IllegalArgumentException("nothing to append");
    }
    if (tx.getAutoCommit()) {
      throw new IllegalStateException("append must run inside the transaction that stores the objects");
    }
    int n = leaves.size();
    byte[] random = SaltStream.next(n * Salt.SIZE);
    long first;
    try (PreparedStatement s = tx.prepareStatement(TAKE_INDICES)) {
      s.setLong(1, n);
      s.setLong(2, n);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) throw new LogException("the log_head row is missing; the log schema is damaged");
        first = r.getLong(1);
      }
    }
    // the time once the indices are this transaction's: until it ends no other append takes any, so the
    // entries' times follow their order (hostile run 10n: an agreement's entry read 6 ms before the receive
    // entry logged ahead of it, whose time was taken before it waited for log_head)
    Instant now = clock.instant();
    byte[][] entries = new byte[n][];
    for (int i = 0; i < n; i++) {
      Leaf leaf = leaves.get(i);
      Salt salt = Salt.of(Arrays.copyOfRange(random, i * Salt.SIZE, (i + 1) * Salt.SIZE));
      entries[i] = new LogEntry(leaf.kind(), now, leaf.commitment(salt)).encode();
    }
    CopyBinary entryRows = new CopyBinary(n * 60);
    CopyBinary saltRows = new CopyBinary(n * 150);
    for (int i = 0; i < n; i++) {
      Leaf leaf = leaves.get(i);
      entryRows.row(2).int8(first + i).bytes(entries[i]);
      saltRows.row(8).int8(first + i).int2(leaf.kind().code()).uuid(leaf.collection())
          .text(leaf.stixId()).text(leaf.version()).bytes(random, i * Salt.SIZE, (i + 1) * Salt.SIZE);
      if (leaf.peer() == null) saltRows.nil();
      else saltRows.text(leaf.peer());
      saltRows.bool(leaf.stored());
    }
    entryRows.send(tx, "copy log_entry (idx, entry) from stdin (format binary)");
    saltRows.send(tx, "copy log_salt (idx, kind, collection_id, stix_id, version, salt, peer, stored) from stdin (format binary)");
    return first;
  }
}
