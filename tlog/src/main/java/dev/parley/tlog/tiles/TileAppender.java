package dev.parley.tlog.tiles;

import dev.parley.tlog.tree.Hash;
import dev.parley.tlog.tree.Hashes;
import dev.parley.tlog.tree.MerkleTree;
import dev.parley.tlog.tree.TreeSize;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Grows a tiled tree by leaf hashes. It keeps the compact range of the tree (one complete subtree
 * per set bit of the size) and the right-edge tile of each level, so an append costs amortised two
 * SHA-256 calls per leaf plus O(log n) for the root. Not thread-safe: a log has one writer.
 */
public final class TileAppender {
  private long size;
  private final Hash[] frontier = new Hash[64];
  private final byte[][] edge = new byte[TilePath.MAX_LEVEL + 1][];
  private final int[] edgeWidth = new int[TilePath.MAX_LEVEL + 1];

  private TileAppender() {}

  /** An appender for an empty log. */
  public static TileAppender empty() {
    return new TileAppender();
  }

  /**
   * An appender that continues a log of {@code size} leaves, reading its partial tiles from {@code
   * reader} (at most one per tile level).
   *
   * @throws TileUnavailableException when a partial tile cannot be read
   */
  public static TileAppender resume(TreeSize size, TileReader reader) {
    TileAppender appender = new TileAppender();
    appender.size = size.value();
    TileNodeReader nodes = new TileNodeReader(reader, size);
    for (TilePath.HashTile path : Tiles.partial(size)) {
      byte[] data = reader.read(path);
      byte[] tile = new byte[TilePath.FULL_WIDTH * Hash.SIZE];
      System.arraycopy(data, 0, tile, 0, path.width() * Hash.SIZE);
      appender.edge[path.level()] = tile;
      appender.edgeWidth[path.level()] = path.width();
    }
    for (int level = 0; level < 63; level++) {
      if ((size.value() >>> level & 1) == 1) {
        appender.frontier[level] = nodes.node(level, (size.value() >>> level) - 1);
      }
    }
    return appender;
  }

  public TreeSize size() {
    return TreeSize.of(size);
  }

  /** The root of the tree as it stands. */
  public Hash root() {
    return size == 0 ? Hashes.emptyRoot() : foldRight();
  }

  /** Appends leaf hashes in order; returns the new size, root and the tiles to store. */
  public AppendResult append(List<Hash> leafHashes) {
    List<Tile> tiles = new ArrayList<>();
    boolean[] touched = new boolean[edge.length];
    for (Hash leaf : leafHashes) {
      add(0, leaf, tiles, touched);
      Hash hash = leaf;
      int level = 0;
      while ((size >>> level & 1) == 1) {
        hash = Hashes.node(frontier[level], hash);
        frontier[level] = null;
        level++;
        if (level % Tiles.HEIGHT == 0) {
          add(level / Tiles.HEIGHT, hash, tiles, touched);
        }
      }
      frontier[level] = hash;
      size++;
    }
    for (int level = 0; level < edge.length; level++) {
      if (touched[level] && edgeWidth[level] > 0) {
        long index = Tiles.hashesAt(level, TreeSize.of(size)) / TilePath.FULL_WIDTH;
        TilePath.HashTile path = new TilePath.HashTile(level, index, edgeWidth[level]);
        tiles.add(Tile.wrap(path, Arrays.copyOf(edge[level], edgeWidth[level] * Hash.SIZE)));
      }
    }
    tiles.sort((a, b) -> Integer.compare(a.path().level(), b.path().level()));
    return new AppendResult(TreeSize.of(size), root(), tiles);
  }

  private void add(int level, Hash hash, List<Tile> tiles, boolean[] touched) {
    if (edge[level] == null) {
      edge[level] = new byte[TilePath.FULL_WIDTH * Hash.SIZE];
    }
    hash.copyTo(edge[level], edgeWidth[level] * Hash.SIZE);
    touched[level] = true;
    if (++edgeWidth[level] == TilePath.FULL_WIDTH) {
      // Hashes at this level before this one, in the tree being grown (size not yet incremented).
      long count = Tiles.hashesAt(level, TreeSize.of(size + 1));
      long index = (count - 1) / TilePath.FULL_WIDTH;
      tiles.add(Tile.wrap(new TilePath.HashTile(level, index, TilePath.FULL_WIDTH), edge[level]));
      edge[level] = new byte[TilePath.FULL_WIDTH * Hash.SIZE];
      edgeWidth[level] = 0;
    }
  }

  private Hash foldRight() {
    Hash root = null;
    for (int level = 0; level < 64; level++) {
      if ((size >>> level & 1) == 1) {
        root = root == null ? frontier[level] : Hashes.node(frontier[level], root);
      }
    }
    return root;
  }
}
