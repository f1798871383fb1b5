package dev.parley.tlog.tiles;

import dev.parley.tlog.MalformedInputException;
import dev.parley.tlog.tree.Hash;
import java.util.Arrays;

/**
 * A hash tile and its bytes: {@code width} concatenated 32-byte hashes. A final class because a
 * record would hand out its array; immutable.
 */
public final class Tile {
  private final TilePath.HashTile path;
  private final byte[] data;

  private Tile(TilePath.HashTile path, byte[] data) {
    this.path = path;
    this.data = data;
  }

  /**
   * The tile at {@code path} with these bytes (copied).
   *
   * @throws MalformedInputException when the length is not {@code 32 * width}
   */
  public static Tile of(TilePath.HashTile path, byte[] data) {
    if (data.length != path.width() * Hash.SIZE) {
      throw new MalformedInputException(
          "tile", path.toPath() + " must be " + path.width() * Hash.SIZE + " bytes, is " + data.length);
    }
    return new Tile(path, data.clone());
  }

  static Tile wrap(TilePath.HashTile path, byte[] data) {
    return new Tile(path, data);
  }

  public TilePath.HashTile path() {
    return path;
  }

  /** A copy of the bytes as served. */
  public byte[] data() {
    return data.clone();
  }

  /** The {@code i}-th hash of the tile. */
  public Hash hash(int i) {
    return Hash.of(data, i * Hash.SIZE);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Tile that && path.equals(that.path) && Arrays.equals(data, that.data);
  }

  @Override
  public int hashCode() {
    return path.hashCode() * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Tile[" + path.toPath() + "]";
  }
}
