package dev.parley.pattern.value;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Address blocks for ISSUBSET and ISSUPERSET (STIX 2.1 §9.6.1). */
class CidrTest {

  @ParameterizedTest
  @CsvSource({
    "198.51.100.0/24, 198.51.100.0/27, true",
    "198.51.100.0/27, 198.51.100.0/24, false",
    "198.51.100.0/24, 198.51.100.77, true",
    "198.51.100.7, 198.51.100.7, true",
    "198.51.100.7/24, 198.51.100.200, true",
    "0.0.0.0/0, 255.255.255.255, true",
    "2001:db8:dead:beef::/64, 2001:0db8:dead:beef:0000:0000:0000:0001, true",
    "2001:db8:dead:beef::/64, 2001:db8:dead:bef0::1, false",
    "::/0, 10.0.0.1, false",
    "2001:db8::/127, 2001:db8::1, true",
    // IPv4-mapped IPv6 (RFC 4291 §2.5.5.2): an IPv6 block like any other, not the IPv4 address it maps
    "::ffff:0:0/96, ::ffff:198.51.100.7, true",
    "::ffff:0.0.0.0/96, ::ffff:c633:6407, true",
    "::ffff:198.51.100.0/120, ::ffff:198.51.100.7, true",
    "::ffff:0:0/96, 198.51.100.7, false",
    "::ffff:0:0/96, ::1, false",
    "::/0, ::ffff:198.51.100.7, true",
  })
  void contains_blocks_expected(String outer, String inner, boolean expected) {
    assertThat(Cidr.parse(outer).contains(Cidr.parse(inner))).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10.0.0", "10.0.0.256", "10.0.0.1/33", "10.0.0.1/", "::1/129", "example.com", "1.2.3.4/x", "g::1"})
  void parse_notAnAddress_null(String text) {
    assertThat(Cidr.parse(text)).isNull();
  }
}
