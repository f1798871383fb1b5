package dev.parley.tlog.tiles;

import static dev.parley.testing.Generators.ints;
import static dev.parley.testing.Generators.lists;
import static dev.parley.testing.Generators.zip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Generator;
import dev.parley.testing.Randomized;
import dev.parley.tlog.tree.ConsistencyProof;
import dev.parley.tlog.tree.Hash;
import dev.parley.tlog.tree.Hashes;
import dev.parley.tlog.tree.InclusionProof;
import dev.parley.tlog.tree.MerkleTree;
import dev.parley.tlog.tree.Proofs;
import dev.parley.tlog.tree.TreeSize;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TileAppenderTest {
  private static final List<Hash> LEAVES = leaves(70_000);

  static List<Hash> leaves(int n) {
    List<Hash> leaves = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      leaves.add(Hashes.leaf(Integer.toString(i).getBytes()));
    }
    return leaves;
  }

  /** Tile contents straight from the tlog-tiles definition: hash i of tile n at level l is MTH(D[(n*256+i)*256^l : ...]). */
  static Map<TilePath.HashTile, byte[]> fromScratch(List<Hash> leaves) {
    Map<TilePath.HashTile, byte[]> tiles = new HashMap<>();
    List<Hash> level = leaves;
    for (int l = 0; !level.isEmpty(); l++) {
      List<Hash> above = new ArrayList<>();
      for (int start = 0; start < level.size(); start += 256) {
        int width = Math.min(256, level.size() - start);
        byte[] data = new byte[width * 32];
        for (int i = 0; i < width; i++) {
          level.get(start + i).copyTo(data, i * 32);
        }
        tiles.put(new TilePath.HashTile(l, start / 256, width), data);
        if (width == 256) {
          above.add(MerkleTree.rootOfLeaves(level.subList(start, start + 256)));
        }
      }
      level = above;
    }
    return tiles;
  }

  private static Map<TilePath.HashTile, byte[]> store(List<AppendResult> results) {
    Map<TilePath.HashTile, byte[]> stored = new HashMap<>();
    results.forEach(result -> result.tiles().forEach(tile -> stored.put(tile.path(), tile.data())));
    return stored;
  }

  /** A tree size and the batch sizes, used in turn, in which its leaves are appended. */
  record Batches(int size, List<Integer> batches) {}

  /** Two numbers of leaves: appended, then appended after a resume. */
  record Resume(int first, int more) {}

  /** A tree size and a number that picks an index and an older size in it. */
  record Pick(int size, int choice) {}

  @Test
  void append_inRandomBatches_equalsTilesFromScratch() {
    // Edge cases: the range ends, and single-leaf appends that complete tiles at levels 0, 1 and 2
    // (the cycles [255, 1] and [8191, 1]). Random batch sizes lean to the large end (the mirror of
    // ints' lean to small values): a few leaves at a time up to 70,000 cost seconds per case.
    List<Batches> edges = List.of(new Batches(0, List.of(1)), new Batches(1, List.of(1)), new Batches(1, List.of(9000)),
        new Batches(257, List.of(1)), new Batches(513, List.of(2)), new Batches(65_536, List.of(1, 9000)),
        new Batches(69_999, List.of(9000)), new Batches(70_000, List.of(8999)), new Batches(70_000, List.of(255, 1)),
        new Batches(70_000, List.of(8191, 1)));
    Generator<Integer> batch = ints(0, 8999).map(i -> 9000 - i);
    Randomized.check(60, zip(ints(0, 70_000), lists(batch, 1, 8), Batches::new).withEdgeCases(edges),
        batches -> appendInBatches(batches.size(), batches.batches()));
  }

  private static void appendInBatches(int size, List<Integer> batches) {
    TileAppender appender = TileAppender.empty();
    Map<TilePath.HashTile, byte[]> stored = new HashMap<>();
    int at = 0;
    int batch = 0;
    while (at < size) {
      int next = Math.min(size, at + batches.get(batch++ % batches.size()));
      AppendResult result = appender.append(LEAVES.subList(at, next));
      result.tiles().forEach(tile -> stored.put(tile.path(), tile.data()));
      assertThat(result.size()).isEqualTo(TreeSize.of(next));
      at = next;
    }
    Map<TilePath.HashTile, byte[]> expected = fromScratch(LEAVES.subList(0, size));
    for (TilePath.HashTile path : Tiles.all(TreeSize.of(size))) {
      assertThat(stored.get(path)).as(path.toPath()).isEqualTo(expected.get(path));
    }
    assertThat(expected.keySet()).containsExactlyInAnyOrderElementsOf(Tiles.all(TreeSize.of(size)));
    assertThat(appender.root()).isEqualTo(MerkleTree.rootOfLeaves(LEAVES.subList(0, size)));
  }

  @Test
  void resume_fromStoredTiles_continuesIdentically() {
    Randomized.check(30, zip(ints(0, 20_000), ints(0, 20_000), Resume::new), resume -> resume(resume.first(), resume.more()));
  }

  private static void resume(int first, int more) {
    TileAppender appender = TileAppender.empty();
    Map<TilePath.HashTile, byte[]> stored = store(List.of(appender.append(LEAVES.subList(0, first))));
    TileAppender resumed = TileAppender.resume(TreeSize.of(first), stored::get);
    assertThat(resumed.root()).isEqualTo(appender.root());

    AppendResult continued = appender.append(LEAVES.subList(first, first + more));
    AppendResult afterResume = resumed.append(LEAVES.subList(first, first + more));
    assertThat(afterResume).isEqualTo(continued);
  }

  @Test
  void proofsFromTiles_anySizeAndIndex_verify() {
    Randomized.check(100, zip(ints(1, 70_000), ints(0, 69_999), Pick::new), pick -> proofsFromTiles(pick.size(), pick.choice()));
  }

  private static void proofsFromTiles(int size, int choice) {
    Map<TilePath.HashTile, byte[]> stored = store(List.of(TileAppender.empty().append(LEAVES.subList(0, size))));
    TileNodeReader reader = new TileNodeReader(stored::get, TreeSize.of(size));
    Hash root = MerkleTree.root(reader, TreeSize.of(size));
    int index = choice % size;
    InclusionProof inclusion = MerkleTree.inclusionProof(reader, index, TreeSize.of(size));
    assertThat(Proofs.verifyInclusion(LEAVES.get(index), inclusion, root)).isTrue();

    int first = choice % (size + 1);
    Hash firstRoot = MerkleTree.rootOfLeaves(LEAVES.subList(0, first));
    ConsistencyProof consistency = MerkleTree.consistencyProof(reader, TreeSize.of(first), TreeSize.of(size));
    assertThat(Proofs.verifyConsistency(consistency, firstRoot, root)).isTrue();
  }

  @Test
  void inclusionProof_tileTreesSharedAcrossSizes_sameAsAReaderOfItsOwn() {
    // one cache for every size, in any order: a tile tree built at one size is taken at another
    TileTrees shared = new TileTrees();
    Randomized.check(60, zip(ints(1, 70_000), ints(0, 69_999), Pick::new), pick -> {
      int size = pick.size();
      Map<TilePath.HashTile, byte[]> stored = store(List.of(TileAppender.empty().append(LEAVES.subList(0, size))));
      for (int index : new int[] {pick.choice() % size, size - 1, (pick.choice() / 7) % size}) {
        InclusionProof own = MerkleTree.inclusionProof(new TileNodeReader(stored::get, TreeSize.of(size)), index, TreeSize.of(size));
        InclusionProof viaShared = MerkleTree.inclusionProof(new TileNodeReader(stored::get, TreeSize.of(size), shared), index, TreeSize.of(size));
        assertThat(viaShared).as("size %d, leaf %d", size, index).isEqualTo(own);
      }
    });
  }

  @Test
  void inclusionProof_tileBackedTreeOf200k_readsAtMostSixTiles() {
    List<Hash> leaves = leaves(200_000);
    Map<TilePath.HashTile, byte[]> stored = store(List.of(TileAppender.empty().append(leaves)));
    TileNodeReader reader = new TileNodeReader(stored::get, TreeSize.of(200_000));
    MerkleTree.inclusionProof(reader, 123_456, TreeSize.of(200_000));
    assertThat(reader.tilesRead()).isLessThanOrEqualTo(6);
  }

  @Test
  void append_emptyBatch_yieldsNoTilesAndEmptyRoot() {
    AppendResult result = TileAppender.empty().append(List.of());
    assertThat(result.tiles()).isEmpty();
    assertThat(result.root()).isEqualTo(Hashes.emptyRoot());
  }
}
