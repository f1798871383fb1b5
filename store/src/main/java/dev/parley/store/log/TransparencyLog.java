package dev.parley.store.log;

import dev.parley.store.Database;
import dev.parley.store.objects.WriteHook;
import dev.parley.tlog.checkpoint.Checkpoint;
import dev.parley.tlog.note.NoteSignature;
import dev.parley.tlog.note.SignerKey;
import dev.parley.tlog.note.VerifierKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's transparency log over its database: on open it checks the stored log against its entries
 * and starts the integrator; it hands out the {@link LogAppender} (or {@link #writeHook()}) for the
 * object write path and the {@link LogReader} for the HTTP endpoints. When the check fails the log
 * is closed: nothing is signed and every read throws {@link LogUnavailableException} with the
 * reason; appends still commit, so no stored object goes unlogged. Thread-safe.
 */
public final class TransparencyLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TransparencyLog.class);

  private final LogAppender appender = new LogAppender();
  private final LogState state;
  private final LogReader reader;
  private final Integrator integrator;

  private final Database db;

  private TransparencyLog(Database db, LogState state, LogReader reader, Integrator integrator) {
    this.db = db;
    this.state = state;
    this.reader = reader;
    this.integrator = integrator;
  }

  /** Opens the log signed with {@code key}, integrating every 100 ms. */
  public static TransparencyLog open(Database db, SignerKey key) {
    return open(db, key, Duration.ofMillis(100));
  }

  /**
   * Opens the log signed with {@code key}: records the key on first use (and refuses another one
   * later), runs the startup check, and starts integrating every {@code interval}.
   *
   * @throws LogException when the database holds a log signed by a different key
   */
  public static TransparencyLog open(Database db, SignerKey key, Duration interval) {
    VerifierKey verifier = key.verifierKey();
    String stored = db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("insert into log_key (verifier_key) values (?) on conflict do nothing")) {
        s.setString(1, verifier.encode());
        s.executeUpdate();
      }
      return LogRows.storedKey(c).orElseThrow();
    });
    if (!stored.equals(verifier.encode())) {
      throw new LogException("this database's log is signed by " + stored + ", not by the given key "
          + verifier.encode() + "; a log's key never changes");
    }
    LogState state = new LogState();
    LogCheck.Outcome outcome = db.withConnection(c -> snapshot(c, () -> LogCheck.run(c, verifier)));
    Integrator integrator = null;
    if (outcome.failure().isPresent()) {
      state.fail(outcome.failure().get());
      LOG.error("the transparency log failed its startup check and will not be served: {}", outcome.failure().get());
    } else {
      outcome.latest().ifPresent(p -> state.publish(p, List.of()));
      integrator = new Integrator(db, key, state, outcome.appender(), interval);
      integrator.start();
    }
    return new TransparencyLog(db, state, new LogReader(db, state, verifier, true), integrator);
  }

  private interface Check {
    LogCheck.Outcome run() throws SQLException;
  }

  /**
   * Runs the check in one snapshot of the database: a command opening the log while the node
   * integrates it read a checkpoint, then tiles and entries of a later size, and said the log failed
   * its check (a false alarm a hostile run saw at every `parley sync` against a busy node).
   */
  private static LogCheck.Outcome snapshot(Connection c, Check check) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    int isolation = c.getTransactionIsolation();
    c.setAutoCommit(false);
    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    try {
      LogCheck.Outcome outcome = check.run();
      c.commit();
      return outcome;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setTransactionIsolation(isolation);
      c.setAutoCommit(autoCommit);
    }
  }

  public LogAppender appender() {
    return appender;
  }

  /** The object store's hook that logs every stored and deleted version in its transaction. */
  public WriteHook writeHook() {
    return new LogWriteHook(appender);
  }

  public LogReader reader() {
    return reader;
  }

  /**
   * Keeps witnesses' cosignatures of {@code checkpoint} (one line each, as {@link
   * dev.parley.tlog.note.NoteSignature#line()} writes them; the caller verified them) and, while it is
   * the latest, serves it with them: a signed note with one more signature line per witness.
   */
  public void addCosignatures(Checkpoint checkpoint, List<NoteSignature> lines) {
    Optional<Published> now = db.inTransaction(c -> {
      for (NoteSignature line : lines) {
        try (PreparedStatement s = c.prepareStatement("insert into log_cosignature (size, root, witness_key, line) values (?, ?, ?, ?)"
            + " on conflict (size, witness_key) do nothing")) {
          s.setLong(1, checkpoint.size().value());
          s.setBytes(2, checkpoint.root().bytes());
          s.setString(3, line.keyName() + "+" + String.format("%08x", line.keyId()));
          s.setString(4, line.line().strip());
          s.executeUpdate();
        }
      }
      Optional<Published> stored = LogRows.latestCheckpoint(c);
      return stored.filter(p -> p.checkpoint().equals(checkpoint));
    });
    now.ifPresent(state::cosigned);
  }

  /** Why the log is closed, if it failed its startup check. */
  public Optional<String> failure() {
    return state.failure();
  }

  /**
   * Waits until a signed checkpoint covers at least {@code size} entries; returns false on timeout.
   */
  public boolean awaitSize(long size, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (state.latest().map(Published::size).orElse(-1L) < size) {
      if (System.nanoTime() > deadline || state.failure().isPresent()) return false;
      Thread.sleep(2);
    }
    return true;
  }

  @Override
  public void close() {
    if (integrator != null) integrator.close();
  }
}
