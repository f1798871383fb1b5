package dev.parley.tlog.tiles;

/**
 * Reads the bytes of a hash tile from wherever a log keeps them (PostgreSQL rows, files, HTTP).
 * Implementations may return the full tile when a partial one was asked for and is gone (tlog-tiles
 * lets logs delete partial tiles once the full one exists); callers use the prefix. Thread safety is
 * the implementation's to document.
 */
@FunctionalInterface
public interface TileReader {
  /**
   * The tile's bytes.
   *
   * @throws TileUnavailableException when the tile cannot be read
   */
  byte[] read(TilePath.HashTile path);
}
