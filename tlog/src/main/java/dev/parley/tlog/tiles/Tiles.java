package dev.parley.tlog.tiles;

import dev.parley.tlog.tree.TreeSize;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Which tiles a tree of a given size has (tlog-tiles: full tiles, and partial ones at the right edge). */
public final class Tiles {
  /** Tree levels spanned by one tile: tiles have height 8, so 256 hashes. */
  public static final int HEIGHT = 8;

  private Tiles() {}

  /** The number of tree nodes of level {@code 8 * level} in a tree of {@code size}: {@code floor(size / 256^level)}. */
  public static long hashesAt(int level, TreeSize size) {
    int shift = HEIGHT * level;
    return shift >= Long.SIZE ? 0 : size.value() >>> shift;
  }

  /**
   * The tile {@code index} at {@code level} as it exists in a tree of {@code size}: full, or partial
   * with width {@code floor(size / 256^level) mod 256} when it is the last one; empty if the tree
   * has no such tile (empty tiles are never served).
   */
  public static Optional<TilePath.HashTile> tile(int level, long index, TreeSize size) {
    long count = hashesAt(level, size);
    long start = index * TilePath.FULL_WIDTH;
    if (index < 0 || index > Long.MAX_VALUE / TilePath.FULL_WIDTH || start >= count) {
      return Optional.empty();
    }
    int width = (int) Math.min(TilePath.FULL_WIDTH, count - start);
    return Optional.of(new TilePath.HashTile(level, index, width));
  }

  /** Every tile of a tree of {@code size}, level by level, left to right. */
  public static List<TilePath.HashTile> all(TreeSize size) {
    List<TilePath.HashTile> tiles = new ArrayList<>();
    for (int level = 0; hashesAt(level, size) > 0; level++) {
      long count = hashesAt(level, size);
      for (long index = 0; index * TilePath.FULL_WIDTH < count; index++) {
        tiles.add(tile(level, index, size).orElseThrow());
      }
    }
    return tiles;
  }

  /** The partial tiles of a tree of {@code size}, lowest level first: those that change on append. */
  public static List<TilePath.HashTile> partial(TreeSize size) {
    List<TilePath.HashTile> tiles = new ArrayList<>();
    for (int level = 0; hashesAt(level, size) > 0; level++) {
      long count = hashesAt(level, size);
      if (count % TilePath.FULL_WIDTH != 0) {
        tiles.add(new TilePath.HashTile(level, count / TilePath.FULL_WIDTH, (int) (count % TilePath.FULL_WIDTH)));
      }
    }
    return tiles;
  }

  /** The entry bundle that holds leaf {@code index} in a tree of {@code size}. */
  public static TilePath.EntryBundle bundleOf(long index, TreeSize size) {
    if (!size.contains(index)) {
      throw new IllegalArgumentException("leaf " + index + " is not in a tree of size " + size);
    }
    return tile(0, index / TilePath.FULL_WIDTH, size).orElseThrow().entries();
  }
}
