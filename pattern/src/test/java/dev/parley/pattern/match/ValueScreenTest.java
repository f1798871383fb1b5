package dev.parley.pattern.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.pattern.Patterns;
import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.syntax.Pattern;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The screen never says no where matching would find a true comparison: over seeded random sets of
 * patterns on addresses and names (=, IN, ISSUBSET, LIKE, MATCHES, EXISTS, ranges, binary and
 * timestamp constants, !=, NOT, other paths and types, compound patterns), in one segment or
 * several, every observation whose objects all screen out has no true bracket in any segment; an
 * address asked as an int answers as its canonical text does; and the screen does say no often.
 */
class ValueScreenTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void screen_randomSetsAndObservations_noOnlyWhereNoBracketHolds() {
    int no = 0;
    for (long seed = 1; seed <= 300; seed++) no += check(seed, 1 + (int) (seed % 40), false);
    assertThat(no).isGreaterThan(10_000);
  }

  @Test
  void screen_severalSegments_noOnlyWhereNoBracketHolds() {
    for (long seed = 301; seed <= 400; seed++) check(seed, 1 + (int) (seed % 40), true);
  }

  @Test
  void screen_manyAddressKeysBehindTheFilter_noOnlyWhereNoBracketHolds() {
    for (long seed = 401; seed <= 406; seed++) check(seed, 6000, false);
  }

  /**
   * Past 16,384 address keys and blocks, an address is first looked up in a map of the /24s they
   * meet. With equalities and blocks alone the screen is exact: it says "may" exactly for an
   * address that is a key or lies in a block, here checked against a plain scan of the set, for
   * addresses that are keys, that share a key's /24, that lie in or just outside a block, and
   * random ones; blocks from /8 to /32, so both ways of marking a block's /24s are used.
   */
  @Test
  void screen_manyKeysBehindThePer24Map_exactForEqualitiesAndBlocks() {
    for (long seed = 501; seed <= 503; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      List<String> texts = new ArrayList<>();
      List<long[]> blocks = new ArrayList<>(); // {low, high}
      Set<Long> keys = new HashSet<>();
      for (int i = 0; i < 20_000; i++) {
        long a = (10L << 24) | r.nextInt(1 << 22); // within 10.0.0.0/10: dense enough that /24s share keys
        if (r.nextInt(10) == 0) {
          // blocks of /20 to /32 among the keys (one /24 or a few each); a few of /14 to /18 anywhere
          boolean wide = r.nextInt(200) == 0;
          if (wide) a = r.nextLong(1L << 32);
          int prefix = wide ? 14 + r.nextInt(5) : 20 + r.nextInt(13);
          long mask = (0xffffffffL << (32 - prefix)) & 0xffffffffL;
          long low = a & mask;
          blocks.add(new long[] {low, low | (~mask & 0xffffffffL)});
          texts.add("[ipv4-addr:value ISSUBSET '" + dotted(low) + "/" + prefix + "']");
        } else {
          keys.add(a);
          texts.add("[ipv4-addr:value = '" + dotted(a) + "']");
        }
      }
      ValueScreen screen = compile(texts).screen();
      List<Long> probes = new ArrayList<>(keys);
      for (long k : keys) if (r.nextInt(4) == 0) probes.add(k & ~0xffL | r.nextInt(256));
      for (long[] b : blocks) {
        probes.add(b[0]);
        probes.add(b[1]);
        probes.add((b[0] - 1) & 0xffffffffL);
        probes.add((b[1] + 1) & 0xffffffffL);
      }
      for (int i = 0; i < 20_000; i++) probes.add(r.nextLong(1L << 32));
      int yes = 0;
      for (long p : probes) {
        boolean inBlock = false;
        for (long[] b : blocks) inBlock |= p >= b[0] && p <= b[1];
        boolean expected = keys.contains(p) || inBlock;
        assertThat(screen.mayMatchIpv4((int) p)).as("seed %d, %s", seed, dotted(p)).isEqualTo(expected);
        if (expected) yes++;
      }
      assertThat(yes).isBetween(probes.size() / 10, probes.size() - probes.size() / 10);
    }
  }

  private static String dotted(long a) {
    return (a >>> 24 & 0xff) + "." + (a >>> 16 & 0xff) + "." + (a >>> 8 & 0xff) + "." + (a & 0xff);
  }

  @Test
  void screen_onlyOtherTypes_everyValueScreenedOut() {
    ValueScreen screen = compile(List.of("[url:value = 'http://a.example/']", "[file:hashes.MD5 = '0123456789abcdef0123456789abcdef']")).screen();
    assertThat(screen.mayMatch("ipv4-addr", "10.0.0.1")).isFalse();
    assertThat(screen.mayMatchIpv4(0x0a000001)).isFalse();
    assertThat(screen.mayMatch("network-traffic")).isFalse();
    assertThat(screen.mayMatch("url")).isTrue();
  }

  @Test
  void screen_comparisonOnAnotherPathOrScanned_alwaysMay() {
    assertThat(compile(List.of("[domain-name:resolves_to_refs[*].value = '10.0.0.1']")).screen()
        .mayMatch("domain-name", "a.example")).isTrue();
    assertThat(compile(List.of("[ipv4-addr:value != '10.0.0.1']")).screen().mayMatchIpv4(0x0a000001)).isTrue();
    assertThat(compile(List.of("[network-traffic:dst_port = 53]")).screen().mayMatch("network-traffic")).isTrue();
  }

  /** Checks one random set; returns how many objects screened out. */
  private static int check(long seed, int patternCount, boolean segments) {
    SplittableRandom r = new SplittableRandom(seed);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < patternCount; i++) texts.add(pattern(r, patternCount > 1000));
    MatcherSnapshot snapshot;
    if (segments) {
      BulkMatcher bulk = new BulkMatcher();
      for (int i = 0; i < texts.size(); i++) bulk.add("p" + i, Patterns.parse(texts.get(i)).orThrow());
      snapshot = bulk.snapshot();
    } else {
      snapshot = compile(texts);
    }
    ValueScreen screen = snapshot.screen();
    int no = 0;
    for (int k = 0; k < 400; k++) {
      List<ObjectNode> objects = new ArrayList<>();
      int n = 1 + r.nextInt(3);
      for (int j = 0; j < n; j++) objects.add(object(r));
      boolean may = false;
      for (ObjectNode o : objects) {
        String type = o.get("type").asText();
        boolean answer = o.has("value") ? screen.mayMatch(type, o.get("value").asText()) : screen.mayMatch(type);
        if (type.equals("ipv4-addr") && V4Table.canonical(o.get("value").asText()) >= 0) {
          int address = (int) V4Table.canonical(o.get("value").asText());
          assertThat(screen.mayMatchIpv4(address)).as("seed %d, %s", seed, o).isEqualTo(answer);
        }
        if (!answer) no++;
        may |= answer;
      }
      if (may) continue;
      Map<String, ObjectNode> byKey = new LinkedHashMap<>();
      for (int j = 0; j < objects.size(); j++) byKey.put(Integer.toString(j), objects.get(j));
      Observation observation = new Observation("o" + k, T, T, 1, byKey, objects);
      for (Segment segment : snapshot.segments) {
        assertThat(segment.leaves(observation, new IntList(1)).size()).as("seed %d, patterns %s, objects %s", seed, texts, objects).isZero();
      }
      assertThat(snapshot.match(observation)).isEmpty();
    }
    return no;
  }

  private static MatcherSnapshot compile(List<String> texts) {
    Map<String, Pattern> patterns = new LinkedHashMap<>();
    for (int i = 0; i < texts.size(); i++) patterns.put("p" + i, Patterns.parse(texts.get(i)).orThrow());
    return BulkMatcher.compile(patterns);
  }

  private static ObjectNode object(SplittableRandom r) {
    ObjectNode o = JSON.createObjectNode();
    switch (r.nextInt(8)) {
      case 0, 1, 2 -> o.put("type", "ipv4-addr").put("value", address(r));
      case 3 -> o.put("type", "ipv6-addr").put("value", r.nextBoolean() ? "fe80::1" : "2001:db8::" + r.nextInt(4));
      case 4, 5 -> {
        o.put("type", "domain-name").put("value", name(r));
        if (r.nextBoolean()) o.putArray("resolves_to_refs").add("0");
      }
      case 6 -> o.put("type", "network-traffic").put("dst_port", 53).putArray("protocols").add("udp");
      default -> o.put("type", "url").put("value", "http://" + name(r) + "/");
    }
    return o;
  }

  private static String address(SplittableRandom r) {
    int roll = r.nextInt(10);
    if (roll == 0) return r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
    return "10.0." + r.nextInt(3) + "." + r.nextInt(12);
  }

  private static String name(SplittableRandom r) {
    String[] names = {"a.example", "ab.example", "b.test", "d1.example", "d12.example", "x.y"};
    return names[r.nextInt(names.length)];
  }

  private static String pattern(SplittableRandom r, boolean many) {
    if (many && r.nextInt(10) > 0) return "[ipv4-addr:value = '" + r.nextInt(256) + "." + r.nextInt(256) + ".0." + r.nextInt(256) + "']";
    String bracket = switch (r.nextInt(20)) {
      case 0, 1, 2 -> "[ipv4-addr:value = '" + address(r) + "']";
      case 3 -> "[ipv4-addr:value IN ('" + address(r) + "', '" + address(r) + "')]";
      case 4 -> "[ipv4-addr:value ISSUBSET '10.0." + r.nextInt(3) + "." + (r.nextInt(3) * 4) + "/" + (22 + r.nextInt(11)) + "']";
      case 5 -> "[ipv4-addr:value ISSUBSET '" + (r.nextBoolean() ? "10.0.0.0/16" : "0.0.0.0/0") + "']";
      case 6 -> "[ipv4-addr:value = '010.0.0." + r.nextInt(12) + "']"; // a text key no canonical address equals
      case 7 -> "[ipv4-addr:value LIKE '10.0.1.%']";
      case 8 -> "[ipv4-addr:value " + (r.nextBoolean() ? "> '10.0.2'" : "<= '10.0.0.5'") + "]";
      case 9 -> "[ipv4-addr:value = " + (r.nextBoolean() ? "h'31302e302e302e31'" : "t'2020-01-01T00:00:00Z'") + "]";
      case 10 -> "[ipv4-addr:value != '10.0.0.1']";
      case 11 -> "[ipv4-addr:value NOT = '10.0.0.2']";
      case 12 -> "[ipv6-addr:value = 'fe80::1']";
      case 13 -> "[domain-name:value = '" + name(r) + "']";
      case 14 -> "[domain-name:value MATCHES '^d[0-9]+\\\\.example$']";
      case 15 -> "[domain-name:resolves_to_refs[*].value = '10.0.0.1']";
      case 16 -> "[network-traffic:dst_port = 53]";
      case 17 -> "[EXISTS ipv4-addr:value]";
      case 18 -> "[url:value LIKE 'http://a%']";
      default -> "[domain-name:value = 'nowhere.example' OR ipv4-addr:value = '" + address(r) + "']";
    };
    return switch (r.nextInt(12)) {
      case 0 -> bracket + " AND [ipv4-addr:value = '" + address(r) + "']";
      case 1 -> bracket + " FOLLOWEDBY [domain-name:value = '" + name(r) + "']";
      case 2 -> bracket + " REPEATS 2 TIMES";
      default -> bracket;
    };
  }
}
