package dev.parley.tlog.verify;

import dev.parley.tlog.MalformedInputException;
import dev.parley.tlog.checkpoint.Checkpoint;
import dev.parley.tlog.entry.LogEntry;
import dev.parley.tlog.tiles.AppendResult;
import dev.parley.tlog.tiles.EntryBundles;
import dev.parley.tlog.tiles.Tile;
import dev.parley.tlog.tiles.TileAppender;
import dev.parley.tlog.tiles.TilePath;
import dev.parley.tlog.tiles.Tiles;
import dev.parley.tlog.tree.Hash;
import dev.parley.tlog.tree.Hashes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The full check of {@link LogVerifier}: every entry bundle hashes to its level-0 tile, and the tree
 * rebuilt from those leaves yields exactly the served tiles at every level and the checkpoint's root.
 * Full tiles are compared as they complete and then forgotten, so memory stays at a few tiles.
 */
final class FullCheck {
  private final FetchingTileReader tiles;
  private final Checkpoint checkpoint;
  private final TileAppender appender = TileAppender.empty();
  private final Map<Integer, Tile> lastPartial = new HashMap<>();

  FullCheck(FetchingTileReader tiles, Checkpoint checkpoint) {
    this.tiles = tiles;
    this.checkpoint = checkpoint;
  }

  Optional<String> run() {
    long count = Tiles.hashesAt(0, checkpoint.size());
    for (long index = 0; index * TilePath.FULL_WIDTH < count; index++) {
      TilePath.HashTile path = Tiles.tile(0, index, checkpoint.size()).orElseThrow();
      Optional<String> failure = checkBundle(path);
      if (failure.isPresent()) {
        return failure;
      }
    }
    for (TilePath.HashTile path : Tiles.partial(checkpoint.size())) {
      Tile expected = lastPartial.get(path.level());
      if (expected == null || !expected.path().equals(path)) {
        return Optional.of(path.toPath() + ": not produced when rebuilding the tree");
      }
      Optional<String> failure = compare(expected);
      if (failure.isPresent()) {
        return failure;
      }
    }
    if (!appender.root().equals(checkpoint.root())) {
      return Optional.of("entries: the tree rebuilt from every entry has a different root than the checkpoint");
    }
    return Optional.empty();
  }

  private Optional<String> checkBundle(TilePath.HashTile path) {
    byte[] tile = tiles.fetch(path);
    if (tile.length != path.width() * Hash.SIZE) {
      return Optional.of(path.toPath() + ": " + tile.length + " bytes, expected " + path.width() * Hash.SIZE);
    }
    TilePath.EntryBundle bundlePath = path.entries();
    List<byte[]> entries;
    try {
      entries = EntryBundles.decode(tiles.fetch(bundlePath));
    } catch (MalformedInputException e) {
      return Optional.of(bundlePath.toPath() + ": " + e.getMessage());
    }
    tiles.forget(bundlePath);
    if (entries.size() != path.width()) {
      return Optional.of(bundlePath.toPath() + ": " + entries.size() + " entries, expected " + path.width());
    }
    List<Hash> leaves = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      long leaf = path.index() * TilePath.FULL_WIDTH + i;
      try {
        LogEntry.parse(entries.get(i));
      } catch (MalformedInputException e) {
        return Optional.of("entry " + leaf + ": " + e.getMessage());
      }
      Hash hash = Hashes.leaf(entries.get(i));
      if (!Arrays.equals(hash.bytes(), 0, Hash.SIZE, tile, i * Hash.SIZE, (i + 1) * Hash.SIZE)) {
        return Optional.of("entry " + leaf + ": its leaf hash differs from " + path.toPath() + " hash " + i);
      }
      leaves.add(hash);
    }
    AppendResult result = appender.append(leaves);
    for (Tile built : result.tiles()) {
      if (built.path().isPartial()) {
        lastPartial.put(built.path().level(), built);
      } else {
        lastPartial.remove(built.path().level());
        Optional<String> failure = compare(built);
        if (failure.isPresent()) {
          return failure;
        }
        tiles.forget(built.path());
      }
    }
    return Optional.empty();
  }

  private Optional<String> compare(Tile expected) {
    byte[] served = tiles.fetch(expected.path());
    if (!Arrays.equals(served, expected.data())) {
      return Optional.of(expected.path().toPath() + ": differs from the tile rebuilt from the entries");
    }
    return Optional.empty();
  }
}
