package dev.parley.store.log;

import dev.parley.store.Database;
import dev.parley.tlog.checkpoint.Checkpoint;
import dev.parley.tlog.checkpoint.Checkpoints;
import dev.parley.tlog.note.SignerKey;
import dev.parley.tlog.tiles.AppendResult;
import dev.parley.tlog.tiles.Tile;
import dev.parley.tlog.tiles.TileAppender;
import dev.parley.tlog.tiles.TileUnavailableException;
import dev.parley.tlog.tree.Hash;
import dev.parley.tlog.tree.Hashes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one background thread that turns committed entries into tiles and a signed checkpoint. Every
 * {@code interval} (100 ms by default) it takes a transaction-scoped advisory lock (so of several
 * nodes on one database only one integrates at a time), reads the entries past the last checkpoint,
 * grows the tiles, and stores the tiles and the signed checkpoint in one transaction; then it
 * publishes them to readers. It never signs on top of a log that failed its check. Polling rather
 * than LISTEN/NOTIFY keeps the append path free of NOTIFY's commit-time global lock.
 */
final class Integrator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Integrator.class);
  private static final int MAX_BATCH = 1 << 16;
  private static final String UPSERT_TILES = "insert into log_tile (level, idx, width, data)"
      + " select * from unnest(?::smallint[], ?::bigint[], ?::smallint[], ?::bytea[])"
      + " on conflict (level, idx) do update set width = excluded.width, data = excluded.data"
      + " where log_tile.width < excluded.width";

  private final Database db;
  private final SignerKey key;
  private final LogState state;
  private final Duration interval;
  private final Thread thread;
  private TileAppender appender;
  private volatile boolean running = true;

  Integrator(Database db, SignerKey key, LogState state, TileAppender appender, Duration interval) {
    this.db = db;
    this.key = key;
    this.state = state;
    this.appender = appender;
    this.interval = interval;
    this.thread = new Thread(this::loop, "parley-log-integrator");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void loop() {
    while (running) {
      try {
        if (state.failure().isEmpty()) db.inTransaction(this::integrateOnce);
      } catch (RuntimeException e) {
        LOG.warn("log integration failed, retrying: {}", e.getMessage());
        appender = null; // rebuild from the database on the next round
      } catch (OutOfMemoryError e) {
        // the heap ran out, most likely elsewhere in the node: the thread that died of it left the log unsigned until a
        // restart while the node went on storing (hostile run bb D11)
        LOG.error("log integration ran out of heap, retrying; give the node more heap (PARLEY_JAVA_OPTS=-Xmx<size>)");
        appender = null;
      }
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One round: integrate what is committed past the last checkpoint; true when it signed one. */
  Boolean integrateOnce(Connection c) throws SQLException {
    boolean mine;
    try (PreparedStatement s = c.prepareStatement("select pg_try_advisory_xact_lock(hashtext('parley-log/' || current_schema()))");
        ResultSet r = s.executeQuery()) {
      r.next();
      mine = r.getBoolean(1);
    }
    Optional<Published> stored = LogRows.latestCheckpoint(c);
    if (!mine) {
      stored.ifPresent(state::observe); // another node integrates: serve what it signed
      return false;
    }
    long signed = stored.map(Published::size).orElse(-1L);
    if (appender == null || appender.size().value() < signed) {
      appender = resume(c, stored);
    } else if (appender.size().value() > Math.max(signed, 0)) {
      throw new LogException("the stored checkpoints end at " + signed + " but this node integrated " + appender.size());
    }
    stored.ifPresent(state::observe);
    long from = appender.size().value();
    List<byte[]> entries = readAvailable(c, from);
    if (entries.isEmpty() && signed >= 0) return false;
    List<Hash> leaves = new ArrayList<>(entries.size());
    for (byte[] e : entries) leaves.add(Hashes.leaf(e));
    TileAppender working = appender;
    appender = null; // if anything below fails, resume from the database
    AppendResult result = working.append(leaves);
    writeTiles(c, result.tiles());
    Checkpoint checkpoint = Checkpoint.of(key.name(), result.size(), result.root());
    String note = Checkpoints.sign(checkpoint, key);
    try (PreparedStatement s = c.prepareStatement("insert into log_checkpoint (size, root, note) values (?, ?, ?)")) {
      s.setLong(1, result.size().value());
      s.setBytes(2, result.root().bytes());
      s.setString(3, note);
      s.executeUpdate();
    }
    c.commit();
    appender = working;
    state.publish(new Published(checkpoint, note), result.tiles());
    return true;
  }

  private static List<byte[]> readAvailable(Connection c, long from) throws SQLException {
    List<byte[]> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("select idx, entry from log_entry where idx >= ? order by idx limit ?")) {
      s.setLong(1, from);
      s.setInt(2, MAX_BATCH);
      try (ResultSet r = s.executeQuery()) {
        while (r.next() && r.getLong(1) == from + out.size()) out.add(r.getBytes(2));
      }
    }
    return out;
  }

  private TileAppender resume(Connection c, Optional<Published> stored) {
    if (stored.isEmpty()) return TileAppender.empty();
    return TileAppender.resume(stored.get().checkpoint().size(), path -> {
      try {
        return LogRows.tile(c, path).orElseThrow(() -> new TileUnavailableException(path.toPath(), "not stored"));
      } catch (SQLException e) {
        throw new TileUnavailableException(path.toPath(), e.getMessage(), e);
      }
    });
  }

  private static void writeTiles(Connection c, List<Tile> tiles) throws SQLException {
    if (tiles.isEmpty()) return;
    Short[] levels = new Short[tiles.size()];
    Long[] indices = new Long[tiles.size()];
    Short[] widths = new Short[tiles.size()];
    byte[][] data = new byte[tiles.size()][];
    for (int i = 0; i < tiles.size(); i++) {
      Tile t = tiles.get(i);
      levels[i] = (short) t.path().level();
      indices[i] = t.path().index();
      widths[i] = (short) t.path().width();
      data[i] = t.data();
    }
    try (PreparedStatement s = c.prepareStatement(UPSERT_TILES)) {
      s.setArray(1, c.createArrayOf("int2", levels));
      s.setArray(2, c.createArrayOf("int8", indices));
      s.setArray(3, c.createArrayOf("int2", widths));
      s.setArray(4, c.createArrayOf("bytea", data));
      s.executeUpdate();
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
