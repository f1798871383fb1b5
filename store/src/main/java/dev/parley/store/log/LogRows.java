package dev.parley.store.log;

import dev.parley.tlog.checkpoint.Checkpoint;
import dev.parley.tlog.note.Note;
import dev.parley.tlog.tiles.TilePath;
import dev.parley.tlog.tiles.TileUnavailableException;
import dev.parley.tlog.tree.Hash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The log's SQL reads, shared by the reader, the integrator and the startup check. */
final class LogRows {
  private LogRows() {}

  static Optional<Published> latestCheckpoint(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("select note from log_checkpoint order by size desc limit 1");
        ResultSet r = s.executeQuery()) {
      if (!r.next()) return Optional.empty();
      String note = r.getString(1);
      Checkpoint checkpoint = Checkpoint.parse(Note.parse(note).text());
      return Optional.of(new Published(checkpoint, Cosigned.with(note, cosignatures(c, checkpoint))));
    }
  }

  /** The cosignature lines collected for {@code checkpoint}, by witness key. */
  static List<String> cosignatures(Connection c, Checkpoint checkpoint) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "select line from log_cosignature where size = ? and root = ? order by witness_key")) {
      s.setLong(1, checkpoint.size().value());
      s.setBytes(2, checkpoint.root().bytes());
      try (ResultSet r = s.executeQuery()) {
        List<String> out = new ArrayList<>();
        while (r.next()) out.add(r.getString(1));
        return out;
      }
    }
  }

  /** The stored tile at {@code path}'s position cut to {@code path}'s width, or empty if narrower or absent. */
  static Optional<byte[]> tile(Connection c, TilePath.HashTile path) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("select width, data from log_tile where level = ? and idx = ?")) {
      s.setShort(1, (short) path.level());
      s.setLong(2, path.index());
      try (ResultSet r = s.executeQuery()) {
        if (!r.next() || r.getInt(1) < path.width()) return Optional.empty();
        byte[] data = r.getBytes(2);
        if (data.length != r.getInt(1) * Hash.SIZE) {
          throw new TileUnavailableException(path.toPath(), "stored tile has " + data.length + " bytes for width " + r.getInt(1));
        }
        return Optional.of(Arrays.copyOf(data, path.width() * Hash.SIZE));
      }
    }
  }

  /** Entries {@code [from, to)}, which must all exist. */
  static List<byte[]> entries(Connection c, long from, long to) throws SQLException {
    List<byte[]> out = new ArrayList<>((int) Math.min(to - from, 1 << 16));
    try (PreparedStatement s = c.prepareStatement("select idx, entry from log_entry where idx >= ? and idx < ? order by idx")) {
      s.setLong(1, from);
      s.setLong(2, to);
      s.setFetchSize(10_000);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          if (r.getLong(1) != from + out.size()) {
            throw new LogException("log entry " + (from + out.size()) + " is missing (next is " + r.getLong(1) + ")");
          }
          out.add(r.getBytes(2));
        }
      }
    }
    if (out.size() != to - from) {
      throw new LogException("log entries " + (from + out.size()) + " to " + (to - 1) + " are missing");
    }
    return out;
  }

  static Optional<String> storedKey(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("select verifier_key from log_key");
        ResultSet r = s.executeQuery()) {
      return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
    }
  }
}
