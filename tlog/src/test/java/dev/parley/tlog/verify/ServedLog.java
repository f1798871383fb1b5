package dev.parley.tlog.verify;

import dev.parley.tlog.checkpoint.Checkpoint;
import dev.parley.tlog.checkpoint.Checkpoints;
import dev.parley.tlog.entry.EntryKind;
import dev.parley.tlog.entry.LogEntry;
import dev.parley.tlog.entry.Salt;
import dev.parley.tlog.note.SignerKey;
import dev.parley.tlog.tiles.AppendResult;
import dev.parley.tlog.tiles.EntryBundles;
import dev.parley.tlog.tiles.TileAppender;
import dev.parley.tlog.tiles.TilePath;
import dev.parley.tlog.tiles.Tiles;
import dev.parley.tlog.tree.Hash;
import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A real tiled log held in a map of path to bytes, as a node would serve it. */
final class ServedLog {
  static final String ORIGIN = "parley.example/log";

  final SignerKey key;
  final Map<String, byte[]> files = new HashMap<>();
  final List<byte[]> entries = new ArrayList<>();
  final List<Salt> salts = new ArrayList<>();
  private final TileAppender appender = TileAppender.empty();
  String checkpoint;

  ServedLog(SignerKey key) {
    this.key = key;
  }

  static byte[] canonical(int i) {
    return ("{\"collection\":\"c\",\"object\":{\"n\":" + i + "},\"version\":\"v\"}").getBytes(StandardCharsets.UTF_8);
  }

  /** Appends {@code count} entries and publishes tiles, bundles and a new checkpoint. */
  ServedLog append(int count) {
    List<Hash> leaves = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Salt salt = Salt.random();
      LogEntry entry = LogEntry.of(EntryKind.STORE, Instant.ofEpochMilli(1_700_000_000_000L + entries.size()),
          salt, canonical(entries.size()));
      salts.add(salt);
      entries.add(entry.encode());
      leaves.add(entry.leafHash());
    }
    AppendResult result = appender.append(leaves);
    result.tiles().forEach(tile -> files.put(tile.path().toPath(), tile.data()));
    for (TilePath.HashTile tile : Tiles.all(result.size())) {
      if (tile.level() == 0) {
        int start = (int) tile.index() * 256;
        files.put(tile.entries().toPath(), EntryBundles.encode(entries.subList(start, start + tile.width())));
      }
    }
    checkpoint = Checkpoints.sign(Checkpoint.of(ORIGIN, result.size(), result.root()), key);
    files.put("checkpoint", checkpoint.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  LogFetcher fetcher() {
    return path -> {
      byte[] body = files.get(path);
      if (body == null) {
        throw new FileNotFoundException(path);
      }
      return body.clone();
    };
  }
}
