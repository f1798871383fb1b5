package dev.parley.store.log;

import dev.parley.tlog.MalformedInputException;
import dev.parley.tlog.checkpoint.CheckpointVerification;
import dev.parley.tlog.checkpoint.Checkpoints;
import dev.parley.tlog.entry.LogEntry;
import dev.parley.tlog.note.VerifierKey;
import dev.parley.tlog.tiles.Tile;
import dev.parley.tlog.tiles.TileAppender;
import dev.parley.tlog.tiles.TilePath;
import dev.parley.tlog.tiles.Tiles;
import dev.parley.tlog.tree.Hash;
import dev.parley.tlog.tree.Hashes;
import dev.parley.tlog.tree.TreeSize;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;

/**
 * The startup check: recomputes the tree from every entry up to the latest checkpoint and compares
 * it with what is stored — each entry's format and dense index, every stored tile (full ones as they
 * are produced, partial ones at the end), the root of every checkpoint in the history, the latest
 * checkpoint's signature, and that no tile is stored beyond it. The first difference is the
 * result's failure; then the log must not be served. Costs one pass over the entries.
 */
final class LogCheck {
  private static final int CHUNK = 50_000;

  /** The outcome: a failure reason, or an appender positioned at the latest checkpoint. */
  record Outcome(Optional<String> failure, TileAppender appender, Optional<Published> latest) {}

  private LogCheck() {}

  static Outcome run(Connection c, VerifierKey key) throws SQLException {
    Optional<Published> latest;
    try {
      latest = LogRows.latestCheckpoint(c);
    } catch (MalformedInputException e) {
      return failed("the latest stored checkpoint is malformed: " + e.getMessage());
    }
    if (latest.isEmpty()) {
      return tileCount(c) == 0 ? new Outcome(Optional.empty(), TileAppender.empty(), latest)
          : failed("tiles are stored but no checkpoint is");
    }
    Published p = latest.get();
    if (Checkpoints.open(p.note(), key) instanceof CheckpointVerification.Rejected rejected) {
      return failed("the latest checkpoint (size " + p.size() + ") does not verify under the log key: " + rejected.reason());
    }
    Deque<long[]> sizes = new ArrayDeque<>();
    List<byte[]> roots = new ArrayList<>();
    loadCheckpoints(c, -1, 0, sizes, roots);
    long n = p.size();
    TileAppender appender = TileAppender.empty();
    Map<Integer, Tile> edge = new TreeMap<>();
    Optional<String> failure = checkRoot(appender, sizes, roots);
    for (long from = 0; from < n && failure.isEmpty(); from += CHUNK) {
      long to = Math.min(n, from + CHUNK);
      loadCheckpoints(c, from, to, sizes, roots); // the history is read a chunk at a time: it may be long
      List<byte[]> entries;
      try {
        entries = LogRows.entries(c, from, to);
      } catch (LogException e) {
        return failed(e.getMessage());
      }
      int at = 0;
      while (at < entries.size() && failure.isEmpty()) {
        long next = sizes.isEmpty() ? to : Math.min(to, sizes.peek()[0]);
        int end = (int) Math.max(at, Math.min(entries.size(), next - from));
        if (end == at) end = entries.size();
        List<Hash> leaves = new ArrayList<>(end - at);
        for (int i = at; i < end; i++) {
          try {
            LogEntry.parse(entries.get(i));
          } catch (MalformedInputException e) {
            return failed("log entry " + (from + i) + " is corrupt: " + e.getMessage());
          }
          leaves.add(Hashes.leaf(entries.get(i)));
        }
        List<Tile> full = new ArrayList<>();
        for (Tile t : appender.append(leaves).tiles()) {
          // in level order, full tiles before the partial one of the same level
          if (t.path().isPartial()) edge.put(t.path().level(), t);
          else {
            full.add(t);
            edge.remove(t.path().level());
          }
        }
        failure = compareTiles(c, full);
        if (failure.isEmpty()) failure = checkRoot(appender, sizes, roots);
        at = end;
      }
    }
    if (failure.isEmpty()) failure = compareTiles(c, List.copyOf(edge.values()));
    if (failure.isEmpty() && tileCount(c) != Tiles.all(TreeSize.of(n)).size()) {
      failure = Optional.of("log_tile holds " + tileCount(c) + " tiles, a tree of size " + n + " has "
          + Tiles.all(TreeSize.of(n)).size());
    }
    if (failure.isEmpty() && !appender.root().equals(p.checkpoint().root())) {
      failure = Optional.of("the entries hash to a root other than the latest checkpoint's (size " + n + ")");
    }
    return failure.isPresent() ? failed(failure.get()) : new Outcome(Optional.empty(), appender, latest);
  }

  private static void loadCheckpoints(Connection c, long after, long upTo, Deque<long[]> sizes, List<byte[]> roots)
      throws SQLException {
    roots.clear();
    sizes.clear();
    try (PreparedStatement s = c.prepareStatement("select size, root from log_checkpoint where size > ? and size <= ? order by size")) {
      s.setLong(1, after);
      s.setLong(2, upTo);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          sizes.add(new long[] {r.getLong(1), roots.size()});
          roots.add(r.getBytes(2));
        }
      }
    }
  }

  private static Optional<String> checkRoot(TileAppender appender, Deque<long[]> sizes, List<byte[]> roots) {
    while (!sizes.isEmpty() && sizes.peek()[0] <= appender.size().value()) {
      long[] s = sizes.poll();
      if (s[0] == appender.size().value() && !Arrays.equals(appender.root().bytes(), roots.get((int) s[1]))) {
        return Optional.of("the entries up to " + s[0] + " hash to " + appender.root().toBase64()
            + " but the checkpoint of size " + s[0] + " has root " + HexFormat.of().formatHex(roots.get((int) s[1]))
            + " (an entry or the checkpoint was altered)");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> compareTiles(Connection c, List<Tile> tiles) throws SQLException {
    for (Tile t : tiles) {
      Optional<byte[]> stored = LogRows.tile(c, t.path());
      if (stored.isEmpty()) return Optional.of(t.path().toPath() + " is missing from log_tile");
      byte[] expected = t.data();
      if (!Arrays.equals(stored.get(), expected)) {
        int i = 0;
        while (i < t.path().width() && Arrays.equals(stored.get(), i * 32, i * 32 + 32, expected, i * 32, i * 32 + 32)) i++;
        return Optional.of(t.path().toPath() + " stored in log_tile differs from the tile recomputed from log_entry at hash " + i
            + (t.path().level() == 0 ? " (entry " + (t.path().index() * TilePath.FULL_WIDTH + i) + " or the tile row was altered)" : ""));
      }
      if (t.path().isPartial() && storedWidth(c, t.path()) != t.path().width()) {
        return Optional.of(t.path().toPath() + " is stored wider than the latest checkpoint allows");
      }
    }
    return Optional.empty();
  }

  private static int storedWidth(Connection c, TilePath.HashTile p) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("select width from log_tile where level = ? and idx = ?")) {
      s.setShort(1, (short) p.level());
      s.setLong(2, p.index());
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getInt(1) : -1;
      }
    }
  }

  private static long tileCount(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("select count(*) from log_tile"); ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    }
  }

  private static Outcome failed(String reason) {
    return new Outcome(Optional.of(reason), null, Optional.empty());
  }
}
