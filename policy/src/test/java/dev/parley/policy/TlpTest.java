package dev.parley.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.stix.marking.TlpIds;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TlpTest {

  @Test
  void order_leastRestrictiveFirst() {
    assertThat(Tlp.values()).containsExactly(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT, Tlp.RED);
    assertThat(Tlp.AMBER_STRICT.above(Tlp.AMBER)).isTrue();
    assertThat(Tlp.AMBER.above(Tlp.AMBER)).isFalse();
    assertThat(Tlp.max(Tlp.GREEN, Tlp.RED)).isEqualTo(Tlp.RED);
  }

  @ParameterizedTest
  @CsvSource({"clear, CLEAR", "green, GREEN", "amber, AMBER", "amber+strict, AMBER_STRICT", "red, RED"})
  void parse_labels_level(String text, Tlp level) {
    assertThat(Tlp.parse(text)).contains(level);
    assertThat(level.label()).isEqualTo(text);
  }

  /** Agreement files write levels as TLP 2.0's tlp_2_0 does, in lower case; TLP 1.0's white is not a TLP 2.0 level. */
  @ParameterizedTest
  @ValueSource(strings = {"GREEN", "Amber", "white", "amber-strict", "amber_strict", "TLP:RED", "", " green"})
  void parse_otherSpellings_empty(String text) {
    assertThat(Tlp.parse(text)).isEmpty();
  }

  /** STIX 2.1 §7.2.1.4 (TLP 1.0, WHITE being TLP 2.0's CLEAR) and the TLP 2.0 extension's marking definitions. */
  @Test
  void ofMarking_fixedIds_theirLevel() {
    assertThat(Tlp.ofMarking(TlpIds.TLP1.get("white"))).contains(Tlp.CLEAR);
    assertThat(Tlp.ofMarking(TlpIds.TLP1.get("green"))).contains(Tlp.GREEN);
    assertThat(Tlp.ofMarking(TlpIds.TLP1.get("amber"))).contains(Tlp.AMBER);
    assertThat(Tlp.ofMarking(TlpIds.TLP1.get("red"))).contains(Tlp.RED);
    Arrays.stream(Tlp.values()).forEach(level -> assertThat(Tlp.ofMarking(TlpIds.TLP2.get(level.label()))).contains(level));
    assertThat(Tlp.ofMarking("marking-definition--4a0042fe-8b88-40fe-9600-dfa128ce6fbd")).isEqualTo(Optional.empty());
  }

  @Test
  void displayName_asPublished() {
    assertThat(Tlp.AMBER_STRICT.displayName()).isEqualTo("TLP:AMBER+STRICT");
  }
}
