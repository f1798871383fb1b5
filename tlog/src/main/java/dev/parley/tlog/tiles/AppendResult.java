package dev.parley.tlog.tiles;

import dev.parley.tlog.tree.Hash;
import dev.parley.tlog.tree.TreeSize;
import java.util.List;

/**
 * What one append produced: the new size and root, and every tile that is new or grew, full tiles
 * and the partial tiles of the new size, lowest level first. The caller stores the tiles before it
 * signs a checkpoint for {@code size}.
 */
public record AppendResult(TreeSize size, Hash root, List<Tile> tiles) {
  public AppendResult {
    tiles = List.copyOf(tiles);
  }
}
