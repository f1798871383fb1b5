package dev.parley.pattern.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.pattern.ParseResult;
import dev.parley.pattern.Patterns;
import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.syntax.PatternExpression;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link Bindings#including}, which detection runs for each record that hits, against its
 * definition: the bindings {@link Bindings#of} gives (§9.5) that hold the observation. Random
 * expressions of up to four brackets under AND, OR, FOLLOWEDBY, WITHIN, START/STOP and REPEATS, over
 * random observations and random hits of each bracket.
 */
class BindingsIncludingTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void including_randomExpressions_equalsOfFilteredByTheObservation() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    for (int round = 0; round < 400; round++) {
      String text = expression(random, 0, new int[] {0});
      ParseResult parsed = Patterns.parse(text);
      assertThat(parsed).as(text).isInstanceOf(ParseResult.Valid.class);
      PatternExpression e = ((ParseResult.Valid) parsed).pattern().expression();
      List<Observation> observations = new ArrayList<>();
      int n = 1 + random.nextInt(7);
      for (int i = 0; i < n; i++) {
        Instant first = T0.plusSeconds(random.nextInt(60));
        observations.add(new Observation("observed-data--" + i, first, first.plusSeconds(random.nextInt(3)), 1 + random.nextInt(2),
            Map.of(), List.of()));
      }
      Map<PatternExpression.Observation, List<Integer>> hits = new HashMap<>();
      Bindings.Leaves leaves = leaf -> hits.computeIfAbsent(leaf, l -> {
        List<Integer> h = new ArrayList<>();
        for (int i = 0; i < n; i++) if (random.nextInt(3) > 0) h.add(i);
        return h;
      });
      Set<BitSet> all = new HashSet<>();
      for (Binding b : Bindings.of(e, observations, leaves)) all.add(b.members());
      for (int must = 0; must < n; must++) {
        Set<BitSet> expected = new HashSet<>();
        for (BitSet b : all) if (b.get(must)) expected.add(b);
        Set<BitSet> got = new HashSet<>();
        for (Binding b : Bindings.including(e, observations, leaves, must)) got.add(b.members());
        assertThat(got).as("seed %d round %d: %s, observation %d", seed, round, text, must).isEqualTo(expected);
      }
    }
  }

  /** A random observation expression; each bracket compares its own property, so each is its own leaf. */
  private static String expression(Random random, int depth, int[] brackets) {
    int kind = depth >= 2 || brackets[0] >= 4 ? 0 : random.nextInt(6);
    return switch (kind) {
      case 0 -> "[x-thing:p" + brackets[0]++ + " = 1]";
      case 1 -> "(" + expression(random, depth + 1, brackets) + " AND " + expression(random, depth + 1, brackets) + ")";
      case 2 -> "(" + expression(random, depth + 1, brackets) + " OR " + expression(random, depth + 1, brackets) + ")";
      case 3 -> "(" + expression(random, depth + 1, brackets) + " FOLLOWEDBY " + expression(random, depth + 1, brackets) + ")";
      case 4 -> "(" + expression(random, depth + 1, brackets) + ") " + (random.nextBoolean()
          ? "WITHIN " + (1 + random.nextInt(30)) + " SECONDS"
          : "START t'2026-01-01T00:00:" + String.format("%02d", random.nextInt(30)) + "Z' STOP t'2026-01-01T00:00:" + (30 + random.nextInt(30)) + "Z'");
      default -> "(" + expression(random, depth + 1, brackets) + ") REPEATS " + (1 + random.nextInt(3)) + " TIMES";
    };
  }
}
