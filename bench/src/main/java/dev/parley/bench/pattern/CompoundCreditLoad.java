package dev.parley.bench.pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bench.load.Machine;
import dev.parley.pattern.Patterns;
import dev.parley.pattern.match.BulkMatcher;
import dev.parley.pattern.match.MatchState;
import dev.parley.pattern.match.MatcherSnapshot;
import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.observe.Observations;
import dev.parley.pattern.syntax.Pattern;
import dev.parley.stix.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hostile compound patterns of one peer (issue 12, hostile run 12j): N indicators of one group, each
 * one of two shapes, over 500 records, counted by a counting {@code MatchState} as detection does.
 * Shape "chain": an AND of 20 identical brackets that every record satisfies (a set every 20
 * records). Shape "starved": ten pairs of a bracket that holds for 9 records in 50 and one that holds
 * for all, joined by AND (the search for a set runs out of work). Shape "never" (hostile run 12k):
 * 19 brackets every record satisfies and one none does, joined by AND: no set ever completes, and
 * each record reads what the brackets carry. For N = 1, 1, 10, 50 (the first a
 * warm-up): seconds, sets and patterns with dropped hits. The same patterns of one pattern alone
 * are the baseline: a group's N patterns should cost about what one costs, not N times it.
 *
 * <pre>
 * java -Xmx2g -cp bench/target/benchmarks.jar dev.parley.bench.pattern.CompoundCreditLoad
 * </pre>
 */
public final class CompoundCreditLoad {
  private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

  public static void main(String[] args) throws Exception {
    System.out.println(Machine.describe());
    for (String shape : List.of("chain", "starved", "never")) {
      for (int n : new int[] {1, 1, 10, 50}) {
        Map<String, Pattern> patterns = new LinkedHashMap<>();
        Map<String, Integer> groups = new HashMap<>();
        for (int i = 0; i < n; i++) {
          List<String> brackets = new ArrayList<>();
          if (shape.equals("chain")) for (int j = 0; j < 20; j++) brackets.add("[x-a:s = 'a']");
          else if (shape.equals("starved")) for (int j = 0; j < 10; j++) brackets.addAll(List.of("[x-a:s = 'a']", "[x-a:s LIKE '%']"));
          else {
            for (int j = 0; j < 19; j++) brackets.add("[x-a:s = 'a']");
            brackets.add("[x-a:s = 'never " + i + "']");
          }
          patterns.put("p" + i, Patterns.parse(String.join(" AND ", brackets)).orThrow());
          groups.put("p" + i, 7);
        }
        MatcherSnapshot matcher = BulkMatcher.compile(patterns, groups);
        MatchState state = MatchState.counting(MatchState.COUNTING_LIMIT, (p, o) -> true);
        long t0 = System.nanoTime();
        int sets = 0;
        for (int r = 0; r < 500; r++) {
          sets += matcher.match(record(r, !shape.equals("starved") || r % 50 < 9 ? "a" : "b"), state).size();
        }
        System.out.printf("%s, %d patterns of one peer, 500 records: %.2f s, %d sets, %d patterns with dropped hits%n", shape, n,
            (System.nanoTime() - t0) / 1e9, sets, state.takeDropped().size());
      }
    }
  }

  private static Observation record(int number, String s) {
    ObjectNode od = Json.mapper().createObjectNode();
    od.put("type", "observed-data");
    od.put("id", "observed-data--" + number);
    od.put("first_observed", BASE.plusSeconds(number).toString());
    od.put("last_observed", BASE.plusSeconds(number).toString());
    od.put("number_observed", 1);
    ObjectNode sco = od.putObject("objects").putObject("0");
    sco.put("type", "x-a");
    sco.put("s", s);
    return Observations.from(od, id -> null).orElseThrow();
  }
}
