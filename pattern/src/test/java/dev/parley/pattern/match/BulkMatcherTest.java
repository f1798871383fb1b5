package dev.parley.pattern.match;

import static dev.parley.pattern.eval.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.pattern.Patterns;
import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.syntax.Pattern;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BulkMatcherTest {
  static final String IP = "{'0':{'type':'ipv4-addr','value':'198.51.100.7'}}";
  static final String IP6 = "{'0':{'type':'ipv6-addr','value':'2001:db8:dead:beef::1'}}";
  static final String URL = "{'0':{'type':'url','value':'http://evil.example.com/a/b?c=1'}}";

  static Pattern p(String text) {
    return Patterns.parse(text).orThrow();
  }

  static List<String> ids(List<Match> matches) {
    return matches.stream().map(Match::patternId).sorted().toList();
  }

  @Test
  void match_indexedOperators_hitOnlyTheirPatterns() {
    Map<String, Pattern> patterns = new LinkedHashMap<>();
    patterns.put("eq", p("[ipv4-addr:value = '198.51.100.7']"));
    patterns.put("in", p("[ipv4-addr:value IN ('10.0.0.1', '198.51.100.7')]"));
    patterns.put("cidr", p("[ipv4-addr:value ISSUBSET '198.51.100.0/24']"));
    patterns.put("cidr6", p("[ipv6-addr:value ISSUBSET '2001:db8:dead:beef::/64']"));
    patterns.put("other", p("[ipv4-addr:value = '198.51.100.8']"));
    patterns.put("like", p("[url:value LIKE 'http://%.example.com/%']"));
    patterns.put("regex", p("[url:value MATCHES 'evil\\\\.example\\\\.(com|net)']"));
    patterns.put("noLiteral", p("[url:value MATCHES '^[a-z]+://']"));
    patterns.put("ne", p("[url:value != 'x']"));
    MatcherSnapshot matcher = BulkMatcher.compile(patterns);
    assertThat(ids(matcher.match(at(0, IP)))).containsExactly("cidr", "eq", "in");
    assertThat(ids(matcher.match(at(0, IP6)))).containsExactly("cidr6");
    assertThat(ids(matcher.match(at(0, URL)))).containsExactly("like", "ne", "noLiteral", "regex");
  }

  @Test
  void remove_afterSnapshotTaken_oldSnapshotUnchanged() {
    BulkMatcher matcher = new BulkMatcher();
    matcher.add("a", p("[ipv4-addr:value = '198.51.100.7']"));
    MatcherSnapshot before = matcher.snapshot();
    assertThat(matcher.remove("a")).isTrue();
    assertThat(ids(before.match(at(0, IP)))).containsExactly("a");
    assertThat(matcher.snapshot().match(at(0, IP))).isEmpty();
    assertThat(matcher.remove("a")).isFalse();
  }

  @Test
  void add_sameIdTwice_replacesPattern() {
    BulkMatcher matcher = new BulkMatcher();
    matcher.add("a", p("[ipv4-addr:value = '10.0.0.1']"));
    matcher.add("a", p("[ipv4-addr:value = '198.51.100.7']"));
    assertThat(ids(matcher.snapshot().match(at(0, IP)))).containsExactly("a");
    assertThat(matcher.snapshot().size()).isEqualTo(1);
  }

  @Test
  void add_oneThousandSingly_logarithmicSegments() {
    BulkMatcher matcher = new BulkMatcher();
    for (int i = 0; i < 1000; i++) matcher.add("p" + i, p("[ipv4-addr:value = '10.0." + (i / 256) + "." + (i % 256) + "']"));
    assertThat(matcher.snapshot().segments.size()).isLessThanOrEqualTo(11);
    assertThat(matcher.snapshot().size()).isEqualTo(1000);
    assertThat(ids(matcher.snapshot().match(at(0, "{'0':{'type':'ipv4-addr','value':'10.0.3.7'}}"))))
        .containsExactly("p775");
  }

  @Test
  void match_followedByArrivingOutOfTimeOrder_matchesByTimestamps() {
    MatcherSnapshot matcher = BulkMatcher.compile(Map.of("f",
        p("[ipv4-addr:value = '198.51.100.7'] FOLLOWEDBY [url:value LIKE '%evil%']")));
    MatchState state = new MatchState();
    Observation url = at(10, URL);
    Observation ip = at(5, IP);
    assertThat(matcher.match(url, state)).isEmpty();
    assertThat(matcher.match(ip, state)).containsExactly(new Match("f", List.of(ip, url)));
  }

  @Test
  void match_repeatsBeyondStateLimit_missed() {
    // bounded state (MatchState): three sightings cannot be remembered with room for two
    MatcherSnapshot matcher = BulkMatcher.compile(Map.of("r", p("[ipv4-addr:value = '198.51.100.7'] REPEATS 3 TIMES")));
    MatchState small = new MatchState(2);
    MatchState large = new MatchState(3);
    int smallHits = 0;
    int largeHits = 0;
    for (int t = 0; t < 3; t++) {
      Observation o = at(t, IP);
      smallHits += matcher.match(o, small).size();
      largeHits += matcher.match(o, large).size();
    }
    assertThat(smallHits).isZero();
    assertThat(largeHits).isEqualTo(1);
  }

  @Test
  void match_unknownTypeAndAbsentProperty_noMatchNoError() {
    MatcherSnapshot matcher = BulkMatcher.compile(Map.of("x", p("[file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4']")));
    assertThat(matcher.match(at(0, "{'0':{'type':'file','name':'a'},'1':{'type':'x-odd','hashes':5}}"))).isEmpty();
    assertThat(matcher.match(at(0, "{'0':{'type':'file','hashes':'not-a-dictionary'}}"))).isEmpty();
  }

  @Test
  void match_numberWithoutStrippedForm_noMatchNoException() {
    // regression: stripTrailingZeros of 100e2147483647 overflowed the scale while keying the value
    BulkMatcher matcher = new BulkMatcher();
    matcher.add("size", p("[file:size = 100]"));
    Observation huge = at(0, "{'0':{'type':'file','size':0}}");
    ((com.fasterxml.jackson.databind.node.ObjectNode) huge.roots().get(0)).put("size", new BigDecimal("100e2147483647"));
    assertThat(matcher.snapshot().match(huge)).isEmpty();
    Observation infinite = at(0, "{'0':{'type':'file','size':1e400}}"); // a double parser's Infinity
    assertThat(matcher.snapshot().match(infinite)).isEmpty();
    assertThat(ids(matcher.snapshot().match(at(0, "{'0':{'type':'file','size':1.00e2}}")))).containsExactly("size");
  }

  @Test
  void match_countingRepeats_eachObservationInOneSet() {
    MatcherSnapshot matcher = BulkMatcher.compile(Map.of("r", p("[ipv4-addr:value = '198.51.100.7'] REPEATS 2 TIMES")));
    MatchState state = MatchState.counting(16, (pattern, o) -> true);
    int sets = 0;
    for (int t = 0; t < 5; t++) sets += matcher.match(at(t, IP), state).size();
    assertThat(sets).isEqualTo(2); // {0,1} and {2,3}; 4 waits for a partner
  }

  @Test
  void match_countingAnd_pairsDisjoint() {
    MatcherSnapshot matcher = BulkMatcher.compile(Map.of("a", p("[ipv4-addr:value = '198.51.100.7'] AND [url:value LIKE '%evil%']")));
    MatchState counting = MatchState.counting(16, (pattern, o) -> true);
    MatchState plain = new MatchState();
    int counted = 0;
    int plainMatches = 0;
    for (int t = 0; t < 4; t++) {
      Observation o = at(t, t % 2 == 0 ? IP : URL);
      counted += matcher.match(o, counting).size();
      plainMatches += matcher.match(o, plain).size();
    }
    assertThat(counted).isEqualTo(2);
    assertThat(plainMatches).isEqualTo(3); // the plain state reuses the first address for the last URL
  }

  @Test
  void match_countingFilter_unadmittedObservationsNotRemembered() {
    MatcherSnapshot matcher = BulkMatcher.compile(Map.of("r", p("[ipv4-addr:value = '198.51.100.7'] REPEATS 2 TIMES")));
    MatchState state = MatchState.counting(16, (pattern, o) -> !o.firstObserved().isBefore(at(2, IP).firstObserved()));
    int sets = 0;
    for (int t = 0; t < 3; t++) sets += matcher.match(at(t, IP), state).size();
    assertThat(sets).isZero(); // only the observation at 2 is admitted
  }

  @Test
  void match_sameIdTwice_rememberedOnce() {
    MatcherSnapshot matcher = BulkMatcher.compile(Map.of("r", p("[ipv4-addr:value = '198.51.100.7'] REPEATS 2 TIMES")));
    Observation o = at(0, IP);
    Observation twin = new Observation(o.id(), o.firstObserved(), o.lastObserved(), 1, o.objects(), o.roots());
    MatchState state = new MatchState();
    assertThat(matcher.match(o, state)).isEmpty();
    assertThat(matcher.match(twin, state)).isEmpty(); // one observed-data, seen twice, is not two
  }
}
