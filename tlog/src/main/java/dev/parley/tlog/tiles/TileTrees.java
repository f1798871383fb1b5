package dev.parley.tlog.tiles;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Tile trees shared by the {@link TileNodeReader}s of one log, across requests and checkpoints, so
 * that a tile's inner nodes are hashed once while it stays here rather than once per proof. A full
 * tile never changes and a partial one is kept by its width, whose hashes never change either (the
 * log only appends): an entry stays true at every later tree size. Bounded: past {@value #MAX}
 * trees (about 40 KB each) it starts afresh; proofs asked in leaf order reuse one bottom tile 256
 * times in a row. Thread-safe.
 */
public final class TileTrees {
  static final int MAX = 256;

  private final ConcurrentHashMap<TilePath.HashTile, TileTree> trees = new ConcurrentHashMap<>();

  TileTree get(TilePath.HashTile path, Function<TilePath.HashTile, TileTree> load) {
    TileTree tree = trees.get(path);
    if (tree != null) return tree;
    tree = load.apply(path);
    if (trees.size() >= MAX) trees.clear();
    trees.put(path, tree);
    return tree;
  }
}
