package dev.parley.tlog.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.tlog.tree.TreeSize;
import java.util.List;
import org.junit.jupiter.api.Test;

class TilesTest {
  @Test
  void all_size70000_matchesSpecExample() {
    List<TilePath.HashTile> tiles = Tiles.all(TreeSize.of(70_000));
    assertThat(tiles.stream().filter(t -> t.level() == 0 && !t.isPartial())).hasSize(273);
    assertThat(Tiles.partial(TreeSize.of(70_000))).containsExactly(
        new TilePath.HashTile(0, 273, 112), new TilePath.HashTile(1, 1, 17), new TilePath.HashTile(2, 0, 1));
    assertThat(tiles).contains(new TilePath.HashTile(1, 0, 256));
    assertThat(tiles).hasSize(273 + 1 + 1 + 1 + 1);
  }

  @Test
  void all_size256_isOneFullTileAndPartialLevelOne() {
    assertThat(Tiles.all(TreeSize.of(256)))
        .containsExactly(new TilePath.HashTile(0, 0, 256), new TilePath.HashTile(1, 0, 1));
  }

  @Test
  void tile_beyondTheTree_isEmpty() {
    assertThat(Tiles.tile(0, 1, TreeSize.of(256))).isEmpty();
    assertThat(Tiles.tile(9, 0, TreeSize.of(Long.MAX_VALUE))).isEmpty();
    assertThat(Tiles.all(TreeSize.ZERO)).isEmpty();
  }

  @Test
  void bundleOf_leaf_isLevelZeroPath() {
    assertThat(Tiles.bundleOf(300, TreeSize.of(600))).isEqualTo(new TilePath.EntryBundle(1, 256));
    assertThat(Tiles.bundleOf(599, TreeSize.of(600))).isEqualTo(new TilePath.EntryBundle(2, 88));
  }
}
