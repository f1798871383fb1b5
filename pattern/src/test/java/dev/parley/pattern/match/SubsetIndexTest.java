package dev.parley.pattern.match;

import static dev.parley.pattern.eval.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.pattern.Patterns;
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
 * ISSUBSET on IPv4 (STIX 2.1 §9.6.1, "ISSUBSET": the value's block lies within the constant's)
 * through the bulk matcher's per-/16 masks of prefix lengths and per-/20 bitmap: every answer is
 * the one plain containment gives, for blocks of every prefix length from /0 to /32, addresses
 * inside, next to and outside them, and CIDR values.
 */
class SubsetIndexTest {

  private static String address(long ip) {
    return (ip >>> 24 & 255) + "." + (ip >>> 16 & 255) + "." + (ip >>> 8 & 255) + "." + (ip & 255);
  }

  @Test
  void match_blocksOfEveryPrefixLength_exactlyTheContainingOnes() {
    SplittableRandom r = new SplittableRandom(7);
    Map<String, Pattern> patterns = new LinkedHashMap<>();
    List<Cidr> blocks = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      int prefix = i < 33 ? i : r.nextInt(33);
      if (i % 7 == 0 && i >= 33) prefix = 16 + r.nextInt(5); // crowd the lengths around /16-/20
      long ip = r.nextLong(1L << 32);
      String text = address(ip) + "/" + prefix;
      Cidr block = Cidr.parse(text);
      blocks.add(block);
      patterns.put("b" + i, Patterns.parse("[ipv4-addr:value ISSUBSET '" + text + "']").orThrow());
    }
    MatcherSnapshot matcher = BulkMatcher.compile(patterns);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      Cidr near = blocks.get(r.nextInt(blocks.size()));
      long span = near.prefix() == 0 ? 1L << 32 : 1L << (32 - near.prefix());
      long ip = switch (i % 4) {
        case 0 -> near.low() + r.nextLong(span); // inside
        case 1 -> (near.low() + span) & 0xffffffffL; // just after
        case 2 -> (near.low() - 1) & 0xffffffffL; // just before
        default -> r.nextLong(1L << 32);
      };
      values.add(i % 10 == 9 ? address(ip & ~0xffL & 0xffffffffL) + "/" + (16 + r.nextInt(17)) : address(ip));
    }
    values.add("0.0.0.0");
    values.add("255.255.255.255");
    values.add("0.0.0.0/0");
    for (String value : values) {
      Cidr v = Cidr.parse(value);
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < blocks.size(); i++) if (blocks.get(i).contains(v)) expected.add("b" + i);
      Observation o = at(0, "{'0':{'type':'ipv4-addr','value':'" + value + "'}}");
      List<String> got = matcher.match(o).stream().map(Match::patternId).toList();
      assertThat(got).as(value).containsExactlyInAnyOrderElementsOf(expected);
    }
  }
}
