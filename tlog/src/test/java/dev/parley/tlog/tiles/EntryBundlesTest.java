package dev.parley.tlog.tiles;

import static dev.parley.testing.Generators.bytes;
import static dev.parley.testing.Generators.lists;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.testing.Randomized;
import dev.parley.tlog.MalformedInputException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntryBundlesTest {
  @Test
  void encode_prefixesBigEndianLength() {
    assertThat(EntryBundles.encode(List.of(new byte[] {0x61}, new byte[300])))
        .startsWith(0, 1, 0x61, 1, 44);
  }

  @Test
  void decode_truncated_rejected() {
    byte[] bundle = EntryBundles.encode(List.of(new byte[] {1, 2, 3}));
    assertThatThrownBy(() -> EntryBundles.decode(Arrays.copyOf(bundle, bundle.length - 1)))
        .isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> EntryBundles.decode(new byte[] {0})).isInstanceOf(MalformedInputException.class);
  }

  @Test
  void encode_entryOver65535_rejected() {
    assertThatThrownBy(() -> EntryBundles.encode(List.of(new byte[65_536])))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decode_encoded_roundTrips() {
    Randomized.check(200, lists(bytes(0, 300), 1, 256), entries -> {
      List<byte[]> decoded = EntryBundles.decode(EntryBundles.encode(entries));
      assertThat(decoded).hasSize(entries.size());
      for (int i = 0; i < entries.size(); i++) {
        assertThat(decoded.get(i)).isEqualTo(entries.get(i));
      }
    });
  }
}
