package dev.parley.pattern.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.pattern.ParseResult;
import dev.parley.pattern.Patterns;
import dev.parley.pattern.eval.Evaluator;
import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.syntax.ComparisonExpression;
import dev.parley.pattern.syntax.ComparisonOperator;
import dev.parley.pattern.syntax.Constant;
import dev.parley.pattern.syntax.ObjectPath;
import dev.parley.pattern.syntax.PathStep;
import dev.parley.pattern.syntax.Pattern;
import dev.parley.pattern.syntax.PatternExpression;
import dev.parley.pattern.syntax.Qualifier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The exact evaluator and the bulk matcher agree on the constructs the published grammar accepts
 * beyond the prose: several qualifiers of one kind (STIX 2.1 §9.5.1, each over what precedes it)
 * and IN over the empty set (§9.6.1), mixed into random patterns; printing them parses back.
 * Seeded: a failure names its seed.
 */
class StackedQualifiersAgreeTest {
  private static final long SEED = 0x5717_2025L;

  @Test
  void match_stackedQualifiersAndEmptySets_enginesAgree() {
    Random seeds = new Random(SEED);
    int printedBack = 0;
    for (int round = 0; round < 400; round++) {
      long seed = seeds.nextLong();
      Random r = new Random(seed);
      List<Pattern> patterns = new ArrayList<>();
      for (int i = 0, n = 1 + r.nextInt(6); i < n; i++) patterns.add(new Pattern(variant(r)));
      List<Observation> observations = new ArrayList<>();
      for (int i = 0, n = 1 + r.nextInt(6); i < n; i++) observations.add(RandomPatterns.observation(r, i));

      StringBuilder why = new StringBuilder("seed " + seed + "\n");
      patterns.forEach(p -> why.append(Patterns.print(p)).append('\n'));
      observations.forEach(o -> why.append(o.id()).append(' ').append(o.objects()).append('\n'));
      for (Pattern p : patterns) {
        // random brackets may AND two object types, which parsing refuses (§9.5); the rest print back
        if (Patterns.parse(Patterns.print(p)) instanceof ParseResult.Valid back) {
          assertThat(back.pattern()).as(why.toString()).isEqualTo(p);
          printedBack++;
        }
      }
      assertThat(bulk(patterns, observations)).as(why.toString()).isEqualTo(exact(patterns, observations));
    }
    assertThat(printedBack).isGreaterThan(400);
  }

  /** A random pattern, sometimes a bracket with IN (), sometimes under two qualifiers of one kind. */
  private static PatternExpression variant(Random r) {
    PatternExpression e = RandomPatterns.pattern(r).expression();
    if (r.nextInt(3) == 0) {
      ComparisonExpression empty = new ComparisonExpression.Comparison(
          new ObjectPath("x-a", List.of(new PathStep.Key(r.nextBoolean() ? "s" : "n"))),
          ComparisonOperator.IN, r.nextBoolean(), new Constant.SetConstant(List.of()));
      PatternExpression.Observation bracket = RandomPatterns.bracket(r);
      e = new PatternExpression.Observation(r.nextBoolean()
          ? new ComparisonExpression.Or(empty, bracket.comparisons())
          : new ComparisonExpression.And(empty, bracket.comparisons()));
    }
    if (r.nextBoolean()) {
      int kind = r.nextInt(3);
      for (int i = 0; i < 2; i++) {
        Qualifier q = switch (kind) {
          case 0 -> new Qualifier.Within(BigDecimal.valueOf(1 + r.nextInt(10)));
          case 1 -> new Qualifier.Repeats(1 + r.nextInt(2));
          default -> new Qualifier.StartStop(RandomPatterns.BASE.plusSeconds(r.nextInt(6)),
              RandomPatterns.BASE.plusSeconds(8 + r.nextInt(12)));
        };
        e = new PatternExpression.Qualified(e, q);
      }
    }
    return e;
  }

  private static Set<String> exact(List<Pattern> patterns, List<Observation> observations) {
    Set<String> ids = new TreeSet<>();
    for (int i = 0; i < patterns.size(); i++) if (Evaluator.matches(patterns.get(i), observations)) ids.add("p" + i);
    return ids;
  }

  private static Set<String> bulk(List<Pattern> patterns, List<Observation> observations) {
    BulkMatcher matcher = new BulkMatcher();
    for (int i = 0; i < patterns.size(); i++) matcher.add("p" + i, patterns.get(i));
    MatchState state = new MatchState(64);
    Set<String> ids = new TreeSet<>();
    for (Observation o : observations) matcher.snapshot().match(o, state).forEach(m -> ids.add(m.patternId()));
    return ids;
  }
}
