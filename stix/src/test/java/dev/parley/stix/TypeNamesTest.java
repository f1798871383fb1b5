package dev.parley.stix;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** STIX 2.1 §3.1: a type name has 3-250 of a-z, 0-9 and '-', starts with a letter, and has no "--". */
class TypeNamesTest {

  @ParameterizedTest
  @CsvSource({
      "indicator, true",
      "x-acme-widget, true",
      "ipv4-addr, true",
      "abc, true",
      "ab, false",
      "Indicator, false",
      "1abc, false",
      "abc-, false",
      "a--b, false",
      "x_acme, false",
      "'', false",
  })
  void valid_table_asSectionThreeOne(String name, boolean valid) {
    assertThat(TypeNames.valid(name)).isEqualTo(valid);
  }

  @ParameterizedTest
  @CsvSource({"250, true", "251, false"})
  void valid_length_atMost250(int length, boolean valid) {
    assertThat(TypeNames.valid("a".repeat(length))).isEqualTo(valid);
  }
}
