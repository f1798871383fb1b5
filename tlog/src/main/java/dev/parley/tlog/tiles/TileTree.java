package dev.parley.tlog.tiles;

import dev.parley.tlog.tree.Hash;
import dev.parley.tlog.tree.Hashes;

/**
 * The 8 tree levels inside one tile, rebuilt from its hashes: level 0 is the tile itself, level
 * {@code j} has one hash per complete run of {@code 2^j} tile hashes. At most 255 SHA-256 calls.
 */
final class TileTree {
  private final Hash[][] levels = new Hash[Tiles.HEIGHT][];

  TileTree(byte[] data, int width) {
    Hash[] bottom = new Hash[width];
    for (int i = 0; i < width; i++) {
      bottom[i] = Hash.of(data, i * Hash.SIZE);
    }
    levels[0] = bottom;
    for (int j = 1; j < Tiles.HEIGHT; j++) {
      Hash[] below = levels[j - 1];
      Hash[] level = new Hash[below.length / 2];
      for (int i = 0; i < level.length; i++) {
        level[i] = Hashes.node(below[2 * i], below[2 * i + 1]);
      }
      levels[j] = level;
    }
  }

  /** The hash at in-tile level {@code j}, position {@code i}, or null if that run is incomplete. */
  Hash at(int j, int i) {
    Hash[] level = levels[j];
    return i < level.length ? level[i] : null;
  }
}
