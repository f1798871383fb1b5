package dev.parley.pattern.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.pattern.Patterns;
import dev.parley.pattern.eval.Fixtures;
import dev.parley.pattern.syntax.Pattern;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * README-pattern.md item 16: a MATCHES or LIKE search that meets its work bound is counted as not
 * matching; the matcher and the screen name the patterns whose searches were cut short, so that a
 * run says whose counts may be low (a hostile run read the number of such searches, not whose they
 * were, and another run's searches counted in it).
 */
class CutShortNamingTest {
  private static final String VALUE = "a".repeat(20_000) + "b";

  private static BulkMatcher matcher() {
    Map<String, Pattern> patterns = new LinkedHashMap<>();
    // (a{1000}){40} keeps up to 20,000 threads alive over the run of a's: past its bound, undecided
    patterns.put("hostile", Patterns.parse("[url:value MATCHES '(a{1000}){40}']").orThrow());
    patterns.put("hostile-too", Patterns.parse("[url:value MATCHES '(a{1000}){40}' OR url:value = 'x']").orThrow());
    patterns.put("ordinary", Patterns.parse("[url:value MATCHES 'a+b$']").orThrow());
    patterns.put("revoked", Patterns.parse("[url:value MATCHES '(a{1000}){41}']").orThrow());
    BulkMatcher m = new BulkMatcher();
    m.addAll(patterns);
    m.remove("revoked");
    return m;
  }

  @Test
  void match_searchCutShort_itsPatternsNamedOnce_decidedOnesNot() {
    MatchState state = new MatchState();
    var matches = matcher().snapshot().match(Fixtures.at(0, "{'0':{'type':'url','value':'" + VALUE + "'}}"), state);
    assertThat(matches).extracting(Match::patternId).containsExactly("ordinary");
    assertThat(state.takeCutShort()).isEqualTo(Map.of("hostile", 1L, "hostile-too", 1L));
    assertThat(state.takeCutShort()).as("taken").isEmpty();
  }

  @Test
  void screen_searchCutShort_itsPatternsNamed() {
    ValueScreen screen = matcher().snapshot().screen();
    assertThat(screen.mayMatch("url", VALUE)).isTrue();
    assertThat(screen.mayMatch("url", "a".repeat(50))).as("decided: no pattern can match").isFalse();
    assertThat(screen.takeCutShort()).isEqualTo(Map.of("hostile", 1L, "hostile-too", 1L));
    assertThat(screen.takeCutShort()).isEmpty();
  }
}
