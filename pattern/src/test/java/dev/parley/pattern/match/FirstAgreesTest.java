package dev.parley.pattern.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.pattern.Patterns;
import dev.parley.pattern.eval.Binding;
import dev.parley.pattern.eval.Bindings;
import dev.parley.pattern.eval.Brackets;
import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.syntax.Pattern;
import dev.parley.pattern.syntax.PatternExpression;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Bindings#first}, the depth-first search for one set holding a given observation, against
 * {@link Bindings#including}, which forms every such set (STIX 2.1 §9.5, the algebra both follow):
 * over seeded random patterns and observations, it finds a set exactly when one exists, and the set
 * it finds is one of them. Reproducible: the seed of each round is in the failure.
 */
class FirstAgreesTest {
  private static final long SEED = 20261205L;

  @Test
  void first_randomPatternsAndObservations_findsASetExactlyWhenOneExists() {
    Random seeds = new Random(SEED);
    int found = 0;
    for (int round = 0; round < 3000; round++) {
      long seed = seeds.nextLong();
      Random r = new Random(seed);
      Pattern pattern = RandomPatterns.pattern(r);
      List<Observation> observations = new ArrayList<>();
      for (int i = 0, n = 1 + r.nextInt(7); i < n; i++) observations.add(RandomPatterns.observation(r, i));
      Map<PatternExpression.Observation, List<Integer>> cache = new HashMap<>();
      Bindings.Leaves leaves = leaf -> cache.computeIfAbsent(leaf, l -> {
        List<Integer> hits = new ArrayList<>();
        for (int i = 0; i < observations.size(); i++) if (Brackets.matches(l.comparisons(), observations.get(i))) hits.add(i);
        return hits;
      });
      for (int must = 0; must < observations.size(); must++) {
        List<BitSet> all = Bindings.including(pattern.expression(), observations, leaves, must).stream().map(Binding::members).toList();
        Bindings.Work work = new Bindings.Work(Bindings.WORK_LIMIT);
        Optional<BitSet> one = Bindings.first(pattern.expression(), observations, leaves, must, work);
        String why = "seed " + seed + ", must " + must + ": " + Patterns.print(pattern);
        assertThat(work.left()).as(why).isNotNegative();
        assertThat(one.isPresent()).as(why).isEqualTo(!all.isEmpty());
        if (one.isPresent()) {
          assertThat(all).as(why).contains(one.get());
          found++;
        }
      }
    }
    assertThat(found).as("rounds with a set").isGreaterThan(500);
  }
}
