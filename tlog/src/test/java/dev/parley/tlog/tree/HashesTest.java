package dev.parley.tlog.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.tlog.MalformedInputException;
import org.junit.jupiter.api.Test;

class HashesTest {
  @Test
  void emptyRoot_isSha256OfTheEmptyString() {
    assertThat(Hashes.emptyRoot().toHex())
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void leaf_ofEmptyEntry_isSha256OfZeroByte() {
    assertThat(Hashes.leaf(new byte[0]).toHex())
        .isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  }

  @Test
  void node_prefixesOneAndConcatenates() {
    Hash left = Hashes.leaf(new byte[] {1});
    Hash right = Hashes.leaf(new byte[] {2});
    byte[] expected = Hashes.sha256(new byte[] {1}, left.bytes(), right.bytes()).bytes();
    assertThat(Hashes.node(left, right).bytes()).isEqualTo(expected);
  }

  @Test
  void fromBase64_unpadded_rejected() {
    String padded = Hashes.emptyRoot().toBase64();
    assertThat(Hash.fromBase64(padded)).isEqualTo(Hashes.emptyRoot());
    assertThatThrownBy(() -> Hash.fromBase64(padded.replace("=", ""))).isInstanceOf(MalformedInputException.class);
  }

  @Test
  void of_wrongLength_rejected() {
    assertThatThrownBy(() -> Hash.of(new byte[31])).isInstanceOf(MalformedInputException.class);
  }
}
