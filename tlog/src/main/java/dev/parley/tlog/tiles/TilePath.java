package dev.parley.tlog.tiles;

import dev.parley.tlog.MalformedInputException;

/**
 * A resource path of C2SP tlog-tiles, relative to the log prefix: a hash tile {@code
 * tile/<L>/<N>[.p/<W>]} or an entry bundle {@code tile/entries/<N>[.p/<W>]}. {@code N} is written in
 * 3-digit groups, all but the last prefixed with {@code x} ({@code x001/x234/067}); a width of 256 is
 * a full tile and has no {@code .p/W} suffix.
 */
public sealed interface TilePath permits TilePath.HashTile, TilePath.EntryBundle {
  /** Hashes in a full tile, and entries in a full bundle. */
  int FULL_WIDTH = 256;

  /** Tile levels run from 0 to 63 (tlog-tiles). */
  int MAX_LEVEL = 63;

  long index();

  int width();

  default boolean isPartial() {
    return width() < FULL_WIDTH;
  }

  /** The path as served, e.g. {@code tile/0/x001/x234/067.p/8}. */
  String toPath();

  /**
   * Parses a path; only the canonical form is accepted, so {@code parse(p).toPath().equals(p)}.
   *
   * @throws MalformedInputException when {@code path} is not a canonical tile or bundle path
   */
  static TilePath parse(String path) {
    return TilePathParser.parse(path);
  }

  /**
   * The {@code index}-th tile at {@code level}, holding {@code width} hashes (256 when full).
   *
   * @param level the tile level, 0 to 63; tile level {@code L} holds tree nodes of level {@code 8L}
   */
  record HashTile(int level, long index, int width) implements TilePath {
    public HashTile {
      if (level < 0 || level > MAX_LEVEL) {
        throw new MalformedInputException("tile path", "level must be 0 to 63: " + level);
      }
      TilePaths.checkIndexAndWidth(index, width);
    }

    @Override
    public String toPath() {
      return "tile/" + level + "/" + TilePaths.format(index, width);
    }

    /** The entry bundle with the same index and width (meaningful at level 0). */
    public EntryBundle entries() {
      return new EntryBundle(index, width);
    }
  }

  /** The {@code index}-th entry bundle, holding {@code width} entries (256 when full). */
  record EntryBundle(long index, int width) implements TilePath {
    public EntryBundle {
      TilePaths.checkIndexAndWidth(index, width);
    }

    @Override
    public String toPath() {
      return "tile/entries/" + TilePaths.format(index, width);
    }
  }
}
