package dev.parley.tlog.tiles;

import static dev.parley.testing.Generators.ints;
import static dev.parley.testing.Generators.longs;
import static dev.parley.testing.Generators.zip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.testing.Randomized;
import dev.parley.tlog.MalformedInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TilePathTest {
  @Test
  void toPath_specExample_groupsDigitsWithX() {
    assertThat(new TilePath.HashTile(0, 1234067, 256).toPath()).isEqualTo("tile/0/x001/x234/067");
    assertThat(new TilePath.HashTile(2, 0, 1).toPath()).isEqualTo("tile/2/000.p/1");
    assertThat(new TilePath.EntryBundle(1234067, 8).toPath()).isEqualTo("tile/entries/x001/x234/067.p/8");
  }

  @Test
  void parse_specExample_yieldsTile() {
    assertThat(TilePath.parse("tile/0/x001/x234/067")).isEqualTo(new TilePath.HashTile(0, 1234067, 256));
    assertThat(TilePath.parse("tile/entries/x001/x234/067.p/8")).isEqualTo(new TilePath.EntryBundle(1234067, 8));
    assertThat(TilePath.parse("tile/63/999.p/255")).isEqualTo(new TilePath.HashTile(63, 999, 255));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "tile/0/1", "tile/00/000", "tile/64/000", "tile/-1/000", "tile/0/000.p/0", "tile/0/000.p/256",
    "tile/0/000.p/08", "tile/0/x000/001", "tile/0/001/002", "tile/0/x1/002", "tile/0/", "tile/0",
    "tiles/0/000", "tile/entries/000.p/", "tile/0/000.p", "tile/0/x001/x234", "tile/data/000", "tile/0/00a"
  })
  void parse_nonCanonicalOrOutOfRange_rejected(String path) {
    assertThatThrownBy(() -> TilePath.parse(path)).isInstanceOf(MalformedInputException.class);
  }

  @Test
  void parse_printedHashTile_roundTrips() {
    Randomized.check(1000, zip(ints(0, 63), longs(0, Long.MAX_VALUE), ints(1, 256), TilePath.HashTile::new),
        tile -> assertThat(TilePath.parse(tile.toPath())).isEqualTo(tile));
  }

  @Test
  void parse_printedEntryBundle_roundTrips() {
    Randomized.check(1000, zip(longs(0, Long.MAX_VALUE), ints(1, 256), TilePath.EntryBundle::new),
        bundle -> assertThat(TilePath.parse(bundle.toPath())).isEqualTo(bundle));
  }
}
