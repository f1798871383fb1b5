package dev.parley.tlog.tiles;

import static org.assertj.core.api.Assertions.assertThat;

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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
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

  @Property(tries = 60)
  void append_inRandomBatches_equalsTilesFromScratch(
      @ForAll @IntRange(min = 0, max = 70_000) int size, @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 9000) Integer> batches) {
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

  @Property(tries = 30)
  void resume_fromStoredTiles_continuesIdentically(
      @ForAll @IntRange(min = 0, max = 20_000) int first, @ForAll @IntRange(min = 0, max = 20_000) int more) {
    TileAppender appender = TileAppender.empty();
    Map<TilePath.HashTile, byte[]> stored = store(List.of(appender.append(LEAVES.subList(0, first))));
    TileAppender resumed = TileAppender.resume(TreeSize.of(first), stored::get);
    assertThat(resumed.root()).isEqualTo(appender.root());

    AppendResult continued = appender.append(LEAVES.subList(first, first + more));
    AppendResult afterResume = resumed.append(LEAVES.subList(first, first + more));
    assertThat(afterResume).isEqualTo(continued);
  }

  @Property(tries = 100)
  void proofsFromTiles_anySizeAndIndex_verify(
      @ForAll @IntRange(min = 1, max = 70_000) int size, @ForAll @IntRange(min = 0, max = 69_999) int seed) {
    Map<TilePath.HashTile, byte[]> stored = store(List.of(TileAppender.empty().append(LEAVES.subList(0, size))));
    TileNodeReader reader = new TileNodeReader(stored::get, TreeSize.of(size));
    Hash root = MerkleTree.root(reader, TreeSize.of(size));
    int index = seed % size;
    InclusionProof inclusion = MerkleTree.inclusionProof(reader, index, TreeSize.of(size));
    assertThat(Proofs.verifyInclusion(LEAVES.get(index), inclusion, root)).isTrue();

    int first = seed % (size + 1);
    Hash firstRoot = MerkleTree.rootOfLeaves(LEAVES.subList(0, first));
    ConsistencyProof consistency = MerkleTree.consistencyProof(reader, TreeSize.of(first), TreeSize.of(size));
    assertThat(Proofs.verifyConsistency(consistency, firstRoot, root)).isTrue();
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
