package dev.parley.pattern.match;

import static dev.parley.pattern.eval.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.pattern.Patterns;
import dev.parley.pattern.eval.Evaluator;
import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.syntax.Pattern;
import dev.parley.pattern.value.Cidr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Text = and IN on values that are IPv4 addresses (STIX 2.1 §9.6.1: string equality, not address
 * equality) through the bulk matcher's address table and its per-/16 filter: every answer is the
 * exact evaluator's, for canonical keys, keys with leading zeros or too many digits (which only
 * the same text equals), keys crowded into a few /16s, addresses on other paths than
 * ipv4-addr:value, with and without ISSUBSET blocks on the path, below and above the key count at
 * which the filter is built.
 */
class AddressIndexTest {

  private static String address(long ip) {
    return (ip >>> 24 & 255) + "." + (ip >>> 16 & 255) + "." + (ip >>> 8 & 255) + "." + (ip & 255);
  }

  /** The address with one octet written with a leading zero, or with four digits. */
  private static String padded(long ip, SplittableRandom r) {
    String[] octets = address(ip).split("\\.");
    int i = r.nextInt(4);
    octets[i] = (r.nextBoolean() ? "0" : "000") + octets[i];
    return String.join(".", octets);
  }

  private static long someAddress(SplittableRandom r, List<Long> crowded) {
    // a third of the addresses in a few /16s, so that /16 words hold many keys
    return r.nextInt(3) == 0 ? crowded.get(r.nextInt(crowded.size())) << 16 | r.nextInt(1 << 16) : r.nextLong(1L << 32);
  }

  @Test
  void match_fewAddressKeys_exactlyTheEqualTexts() {
    check(7, 300, false);
  }

  @Test
  void match_fewAddressKeysBesideBlocks_exactlyTheEqualTexts() {
    check(8, 300, true);
  }

  @Test
  void match_manyAddressKeysBehindTheFilter_exactlyTheEqualTexts() {
    check(9, 8000, false);
  }

  @Test
  void match_manyAddressKeysBesideBlocks_exactlyTheEqualTexts() {
    check(10, 8000, true);
  }

  private static void check(long seed, int keys, boolean blocks) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Long> crowded = List.of(0x0a00L, 0xc0a8L, 0x0102L);
    Map<String, Pattern> patterns = new LinkedHashMap<>();
    List<String> keyTexts = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      long ip = someAddress(r, crowded);
      String text = r.nextInt(10) == 0 ? padded(ip, r) : address(ip);
      keyTexts.add(text);
      String pattern = switch (r.nextInt(10)) {
        case 0 -> "[ipv4-addr:value IN ('" + text + "', '" + address(someAddress(r, crowded)) + "')]";
        case 1 -> "[domain-name:value = '" + text + "']";
        case 2 -> "[ipv4-addr:value = '" + text + "' AND ipv4-addr:value != '1.1.1.1']";
        default -> "[ipv4-addr:value = '" + text + "']";
      };
      patterns.put("k" + i, Patterns.parse(pattern).orThrow());
    }
    if (blocks) {
      for (int i = 0; i < 50; i++) {
        String block = address(someAddress(r, crowded) & 0xffffff00L) + "/" + (16 + r.nextInt(17));
        patterns.put("b" + i, Patterns.parse("[ipv4-addr:value ISSUBSET '" + block + "']").orThrow());
      }
    }
    MatcherSnapshot matcher = BulkMatcher.compile(patterns);

    List<String> values = new ArrayList<>(List.of("0.0.0.0", "255.255.255.255", "1.2.3", "1.2.3.4.5", "256.1.1.1",
        "1.2.3.4/32", "", "a.b.c.d", "01.2.3.4"));
    for (int i = 0; i < 400; i++) {
      String key = keyTexts.get(r.nextInt(keyTexts.size()));
      long ip = Cidr.v4Address(key.replaceAll("(^|\\.)0+(\\d)", "$1$2"));
      values.add(switch (i % 5) {
        case 0 -> key; // a key's own text
        case 1 -> address(ip); // its canonical form
        case 2 -> padded(ip, r); // another form of it
        case 3 -> address((ip + 1) & 0xffffffffL); // its neighbour, often in the same /16 word
        default -> address(someAddress(r, crowded));
      });
    }
    for (String value : values) {
      Observation o = at(0, "{'0':{'type':'ipv4-addr','value':'" + value + "'},'1':{'type':'domain-name','value':'" + value + "'}}");
      List<String> expected = new ArrayList<>();
      patterns.forEach((id, p) -> {
        if (Evaluator.matches(p, List.of(o))) expected.add(id);
      });
      List<String> got = matcher.match(o).stream().map(Match::patternId).toList();
      assertThat(got).as(value).containsExactlyInAnyOrderElementsOf(expected);
    }
  }
}
