package dev.parley.pattern.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.pattern.Patterns;
import dev.parley.pattern.eval.Fixtures;
import dev.parley.pattern.regex.Automaton;
import dev.parley.pattern.syntax.Pattern;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * README-pattern.md item 16: the MATCHES and LIKE searches of one record spend a budget per source of
 * indicators. A peer's flood of expressions that each end within their own bound (so never costly)
 * spent the record's one budget, and an ordinary indicator of the node's own that keeps fifty threads
 * alive was then cut short with the flood (a hostile run); with a budget per source, the flood cuts
 * short its own searches only.
 */
class SourceBudgetsTest {
  private static final String VALUE = "a".repeat(8_000) + "b" + "c".repeat(12) + "x";

  private static Map<String, Pattern> patterns() {
    Map<String, Pattern> patterns = new LinkedHashMap<>();
    // a{1,500} keeps 500 threads alive over the run of a's: about 4 million states a search, within its own
    // bound; the value holds their literals ("a", "x") and matches none (13 of [bc] before the x)
    for (int k = 1; k <= 12; k++) patterns.put("flood" + k, Patterns.parse("[url:value MATCHES 'a{1,500}[bc]{" + k + "}x']").orThrow());
    patterns.put("ordinary", Patterns.parse("[url:value MATCHES 'a{50}b']").orThrow());
    return patterns;
  }

  private static MatchState match(BulkMatcher matcher, Map<String, Long> cut) {
    MatchState state = new MatchState();
    var matches = matcher.snapshot().match(Fixtures.at(0, "{'0':{'type':'url','value':'" + VALUE + "'}}"), state);
    cut.putAll(state.takeCutShort());
    matches.forEach(m -> cut.put("matched:" + m.patternId(), 0L));
    return state;
  }

  @Test
  void flood_ofOneSource_cutsShortItsOwnSearchesOnly() {
    BulkMatcher oneBudget = new BulkMatcher();
    oneBudget.addAll(patterns());
    Map<String, Long> shared = new HashMap<>();
    match(oneBudget, shared);
    assertThat(shared).as("one budget: the ordinary indicator is cut short behind the flood").containsKey("ordinary")
        .doesNotContainKey("matched:ordinary");

    BulkMatcher bySource = new BulkMatcher();
    Map<String, Integer> owners = new HashMap<>();
    for (int k = 1; k <= 12; k++) owners.put("flood" + k, 7);
    bySource.addAll(patterns(), owners);
    Map<String, Long> apart = new HashMap<>();
    match(bySource, apart);
    assertThat(apart).as("a budget per source").containsKey("matched:ordinary").doesNotContainKey("ordinary");
    assertThat(apart.keySet().stream().filter(k -> k.startsWith("flood"))).as("the flood's own searches past its budget").isNotEmpty();
  }

  /**
   * A source whose searches are cut short record after record is lean after Automaton.LEAN_AFTER of
   * them: its suspects cost nothing and its budget is whole again one record in Automaton.RETRY_EVERY
   * (a flood spent its whole budget, 25-50 ms, on every record of a hostile run). The node's own
   * indicator is decided on every record, and the flood's searches are still named as cut short.
   */
  @Test
  void flood_recordAfterRecord_leanUntilItsRetry() {
    BulkMatcher bySource = new BulkMatcher();
    Map<String, Integer> owners = new HashMap<>();
    for (int k = 1; k <= 12; k++) owners.put("flood" + k, 7);
    bySource.addAll(patterns(), owners);
    long[] visited = new long[70];
    for (int i = 0; i < visited.length; i++) {
      long before = Automaton.visited();
      Map<String, Long> seen = new HashMap<>();
      match(bySource, seen);
      visited[i] = Automaton.visited() - before;
      assertThat(seen).as("record %d", i).containsKey("matched:ordinary");
      assertThat(seen.keySet().stream().filter(k -> k.startsWith("flood"))).as("record %d", i).isNotEmpty();
    }
    // the thread's streak may have begun in an earlier test of this thread: lean after at most LEAN_AFTER records
    int firstLean = 0;
    while (visited[firstLean] > 8_000_000) firstLean++;
    String all = Arrays.toString(visited);
    assertThat(firstLean).as(all).isBetween(1, 8);
    int retries = 0;
    for (int i = firstLean; i < visited.length; i++) {
      if (visited[i] > 8_000_000) retries++;
      else assertThat(visited[i]).as("record %d: lean, %s", i, all).isLessThan(2_000_000);
    }
    assertThat(retries).as("one record in 64 with the whole budget again: %s", all).isEqualTo(1);
  }

  @Test
  void backgroundMerges_keepEachPatternsSource() {
    BulkMatcher matcher = BulkMatcher.withBackgroundMerges(4);
    Map<String, Integer> owners = new HashMap<>();
    for (int k = 1; k <= 12; k++) owners.put("flood" + k, 7);
    Map<String, Pattern> all = patterns();
    matcher.addAll(Map.of("ordinary", all.get("ordinary")));
    for (int from = 1; from <= 12; from += 6) {
      Map<String, Pattern> piece = new LinkedHashMap<>();
      for (int k = from; k < from + 6; k++) piece.put("flood" + k, all.get("flood" + k));
      matcher.addAll(piece, owners);
      assertThat(matcher.mergeDue()).as("a merge past the inline bound, run outside the lock").isTrue();
    }
    assertThat(matcher.snapshot().segments).hasSize(1);
    Map<String, Long> cut = new HashMap<>();
    match(matcher, cut);
    assertThat(cut).containsKey("matched:ordinary").doesNotContainKey("ordinary");
  }
}
