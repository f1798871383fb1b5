package dev.parley.tlog.tiles;

import dev.parley.tlog.tree.Hash;
import dev.parley.tlog.tree.NodeReader;
import dev.parley.tlog.tree.TreeSize;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link NodeReader} over the tiles of a tree of a fixed size. A node of level {@code 8L + j}
 * (with {@code j < 8}) is rebuilt from {@code 2^j} hashes of one tile at level {@code L}; each tile is
 * read once and kept, so a proof reads O(log n / 8) tiles. Not thread-safe: use one per request.
 *
 * @throws TileUnavailableException from {@link #node} when a needed tile cannot be read or is short
 */
public final class TileNodeReader implements NodeReader {
  private final TileReader reader;
  private final TreeSize size;
  private final Map<TilePath.HashTile, TileTree> cache = new HashMap<>();
  private final TileTrees shared;

  public TileNodeReader(TileReader reader, TreeSize size) {
    this(reader, size, null);
  }

  /** A reader that takes tile trees from {@code shared} (null: none) and leaves there those it builds. */
  public TileNodeReader(TileReader reader, TreeSize size, TileTrees shared) {
    this.reader = reader;
    this.size = size;
    this.shared = shared;
  }

  /** The number of distinct tiles read so far. */
  public int tilesRead() {
    return cache.size();
  }

  @Override
  public Hash node(int level, long index) {
    int tileLevel = level / Tiles.HEIGHT;
    int j = level % Tiles.HEIGHT;
    long first = index << j;
    long tileIndex = first / TilePath.FULL_WIDTH;
    TilePath.HashTile path =
        Tiles.tile(tileLevel, tileIndex, size)
            .orElseThrow(() -> new TileUnavailableException(
                "tile/" + tileLevel + "/" + tileIndex, "no such tile in a tree of size " + size));
    TileTree tree = cache.computeIfAbsent(path, p -> shared == null ? load(p) : shared.get(p, this::load));
    Hash hash = tree.at(j, (int) ((first % TilePath.FULL_WIDTH) >>> j));
    if (hash == null) {
      throw new TileUnavailableException(path.toPath(), "node " + level + "/" + index + " is not complete");
    }
    return hash;
  }

  private TileTree load(TilePath.HashTile path) {
    byte[] data = reader.read(path);
    int needed = path.width() * Hash.SIZE;
    boolean fullInsteadOfPartial = path.isPartial() && data.length == TilePath.FULL_WIDTH * Hash.SIZE;
    if (data.length != needed && !fullInsteadOfPartial) {
      throw new TileUnavailableException(path.toPath(), "expected " + needed + " bytes, got " + data.length);
    }
    return new TileTree(data, path.width());
  }
}
