package dev.parley.pattern.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.pattern.Patterns;
import dev.parley.pattern.eval.Evaluator;
import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.observe.Observations;
import dev.parley.pattern.syntax.ObservationOperator;
import dev.parley.pattern.syntax.Pattern;
import dev.parley.pattern.syntax.PatternExpression;
import dev.parley.pattern.syntax.Qualifier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/**
 * A counting {@link MatchState}, as detection runs it (STIX 2.1 §9.5 sets, each observation in at
 * most one set per pattern, issue 12's "count is the number of matches"), reports the same sets,
 * observation by observation, as a plain {@link ReferenceCounter}; every set it reports satisfies
 * the pattern by the exact evaluator, and when it reports none for a pattern the newest observation
 * hit, none exists among the observations waiting and the newest (sets are taken as they
 * complete). Small random cases over every shape, then large ones: REPEATS past 1,024 and more than
 * 1,024 hits of one side waiting (a hostile run's REPEATS 1500 over 1,500 records never matched,
 * and 2,000 pairs counted 1,024). Seeded: a failure names its seed.
 */
class CountingAgreesTest {
  private static final long SEED = 0xC0_17_12L;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void counting_randomPatternsAndObservations_sameSetsAsReference() {
    Random seeds = new Random(SEED);
    int sets = 0;
    int waitingChecks = 0;
    for (int round = 0; round < 1500; round++) {
      long seed = seeds.nextLong();
      Random r = new Random(seed);
      Map<String, Pattern> patterns = new LinkedHashMap<>();
      for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) patterns.put("p" + i, new Pattern(r.nextInt(4) == 0 ? generic(r) : counted(r)));
      List<Observation> observations = new ArrayList<>();
      for (int i = 0, n = 1 + r.nextInt(8); i < n; i++) {
        // now and then the same record again (a sensor that sends a batch twice)
        observations.add(i > 0 && r.nextInt(8) == 0 ? observations.get(r.nextInt(i)) : RandomPatterns.observation(r, i));
      }
      int refused = r.nextInt(4);
      BiPredicate<String, Observation> admits = (p, o) -> refused == 0 || Math.floorMod((p + o.id()).hashCode(), 7) != refused;

      StringBuilder why = new StringBuilder("seed " + seed + "\n");
      patterns.forEach((id, p) -> why.append(id).append(": ").append(Patterns.print(p)).append('\n'));
      observations.forEach(o -> why.append(o.id()).append(' ').append(o.firstObserved()).append('-').append(o.lastObserved())
          .append(" x").append(o.numberObserved()).append(' ').append(o.objects()).append('\n'));

      MatcherSnapshot matcher = BulkMatcher.compile(patterns);
      MatchState state = MatchState.counting(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, admits);
      ReferenceCounter reference = new ReferenceCounter(patterns, admits);
      for (Observation o : observations) {
        Map<String, Boolean> waitedBefore = new LinkedHashMap<>();
        Map<String, List<Observation>> before = new LinkedHashMap<>();
        for (String id : patterns.keySet()) {
          waitedBefore.put(id, reference.waits(id, o.id()));
          before.put(id, reference.waiting(id));
        }
        Map<String, List<Observation>> expected = reference.offer(o);
        assertThat(ids(matched(matcher, o, state))).as(why + "at " + o.id()).isEqualTo(ids(expected));
        for (Map.Entry<String, List<Observation>> e : expected.entrySet()) {
          assertThat(Evaluator.matches(patterns.get(e.getKey()), e.getValue())).as(why + "set of " + e.getKey()).isTrue();
          sets++;
        }
        for (String id : patterns.keySet()) {
          Pattern p = patterns.get(id);
          if (expected.containsKey(id) || waitedBefore.get(id) || !admits.test(id, o) || p.expression() instanceof PatternExpression.Observation) {
            continue;
          }
          List<Observation> all = new ArrayList<>(before.get(id));
          all.add(o);
          assertThat(Evaluator.matches(p, all)).as(why + "no set of " + id + " at " + o.id()).isFalse();
          waitingChecks++;
        }
      }
      assertThat(state.takeDropped()).as(why.toString()).isEmpty();
    }
    assertThat(sets).as("sets formed").isGreaterThan(1000);
    assertThat(waitingChecks).as("observations that completed no set").isGreaterThan(1000);
  }

  /**
   * Large cases with the bounds detection uses: a REPEATS of 1,025 to 1,600 over up to 3,500 hits,
   * with and without WITHIN, and AND and FOLLOWEDBY with 1,100 to 2,500 hits of one side waiting,
   * times mostly in order with some records late.
   */
  @Test
  void counting_repeatsPastOneThousandAndManyWaiting_sameSetsAsReference() {
    Random seeds = new Random(SEED + 1);
    for (int round = 0; round < 12; round++) {
      long seed = seeds.nextLong();
      Random r = new Random(seed);
      String a = "[x-a:s = 'a']";
      String b = "[x-b:s = 'b']";
      String text;
      List<Observation> observations = new ArrayList<>();
      if (round % 2 == 0) {
        int times = 1025 + r.nextInt(576);
        // records 100 ms apart: a window of times / 10 seconds and more holds a set
        text = a + " REPEATS " + times + " TIMES" + (r.nextBoolean() ? "" : " WITHIN " + (times / 10 + r.nextInt(200)) + " SECONDS");
        int n = times + r.nextInt(2 * times);
        for (int i = 0; i < n; i++) observations.add(record(i, "x-a", "a", i * 100L + late(r), r.nextInt(50) == 0 ? 2 : 1));
      } else {
        int waiting = 1100 + r.nextInt(1400);
        text = a + (r.nextBoolean() ? " AND " : " FOLLOWEDBY ") + b + (r.nextBoolean() ? "" : " WITHIN " + (300 + r.nextInt(300)) + " SECONDS");
        for (int i = 0; i < waiting; i++) observations.add(record(i, "x-a", "a", i * 100L + late(r), 1));
        for (int i = 0; i < waiting; i++) observations.add(record(waiting + i, "x-b", "b", waiting * 100L + i * 100L + late(r), 1));
      }
      Map<String, Pattern> patterns = Map.of("p", Patterns.parse(text).orThrow());
      MatcherSnapshot matcher = BulkMatcher.compile(patterns);
      MatchState state = MatchState.counting(MatchState.COUNTING_LIMIT, (p, o) -> true);
      ReferenceCounter reference = new ReferenceCounter(patterns, (p, o) -> true);
      int sets = 0;
      for (Observation o : observations) {
        Map<String, List<Observation>> expected = reference.offer(o);
        assertThat(ids(matched(matcher, o, state))).as("seed %d, %s, at %s", seed, text, o.id()).isEqualTo(ids(expected));
        sets += expected.size();
      }
      assertThat(sets).as("seed %d, %s", seed, text).isPositive();
      assertThat(state.takeDropped()).isEmpty();
    }
  }

  /**
   * Many records at few whole seconds, in no time order, against REPEATS and pairs under WITHIN:
   * windows that end exactly on a waiting record, records that come before others already waiting,
   * and now and then one that spans time.
   */
  @Test
  void counting_denseRecordsInAnyOrder_sameSetsAsReference() {
    Random seeds = new Random(SEED + 2);
    String[] texts = {"[x-a:s = 'a'] REPEATS %d TIMES WITHIN %d SECONDS", "([x-a:s = 'a'] OR [x-b:s = 'b']) REPEATS %d TIMES WITHIN %d SECONDS",
        "[x-a:s = 'a'] AND [x-b:s = 'b'] WITHIN %2$d SECONDS", "[x-a:s = 'a'] FOLLOWEDBY [x-b:s = 'b'] WITHIN %2$d SECONDS",
        "[x-a:s = 'a'] FOLLOWEDBY [x-a:s = 'a'] WITHIN %2$d SECONDS", "[x-a:s = 'a'] REPEATS %d TIMES"};
    int sets = 0;
    for (int round = 0; round < 600; round++) {
      long seed = seeds.nextLong();
      Random r = new Random(seed);
      String text = String.format(texts[round % texts.length], 2 + r.nextInt(5), 1 + r.nextInt(5));
      Map<String, Pattern> patterns = Map.of("p", Patterns.parse(text).orThrow());
      boolean spans = r.nextInt(4) == 0;
      List<Observation> observations = new ArrayList<>();
      for (int i = 0, n = 10 + r.nextInt(50); i < n; i++) {
        long second = r.nextInt(12);
        long span = spans && r.nextInt(4) == 0 ? r.nextInt(3) : 0;
        observations.add(record(i, r.nextBoolean() ? "x-a" : "x-b", r.nextBoolean() ? "a" : "b", second * 1000, 1 + (r.nextInt(6) == 0 ? 1 : 0),
            span * 1000));
      }
      MatcherSnapshot matcher = BulkMatcher.compile(patterns);
      MatchState state = MatchState.counting(MatchState.COUNTING_LIMIT, (p, o) -> true);
      ReferenceCounter reference = new ReferenceCounter(patterns, (p, o) -> true);
      for (Observation o : observations) {
        Map<String, List<Observation>> expected = reference.offer(o);
        assertThat(ids(matched(matcher, o, state))).as("seed %d, %s, at %s", seed, text, o.id()).isEqualTo(ids(expected));
        for (List<Observation> set : expected.values()) {
          assertThat(Evaluator.matches(patterns.get("p"), set)).as("seed %d, %s: %s", seed, text, set).isTrue();
          sets++;
        }
      }
    }
    assertThat(sets).as("sets formed").isGreaterThan(2000);
  }

  /** Milliseconds a record comes late by: most come in time order, one in ten up to a minute late. */
  private static long late(Random r) {
    return r.nextInt(10) == 0 ? -r.nextInt(60_000) : 0;
  }

  static Observation record(int number, String type, String s, long millis, long count) {
    return record(number, type, s, millis, count, 0);
  }

  /** Observed-data of one SCO with property s, from {@code millis} after the base time for {@code spanMillis}. */
  static Observation record(int number, String type, String s, long millis, long count, long spanMillis) {
    ObjectNode od = JSON.createObjectNode();
    od.put("type", "observed-data");
    od.put("id", "observed-data--" + number);
    od.put("first_observed", RandomPatterns.BASE.plusMillis(millis).toString());
    od.put("last_observed", RandomPatterns.BASE.plusMillis(millis + spanMillis).toString());
    od.put("number_observed", count);
    ObjectNode sco = od.putObject("objects").putObject("0");
    sco.put("type", type);
    sco.put("s", s);
    return Observations.from(od, id -> null).orElseThrow();
  }

  private static Map<String, List<Observation>> matched(MatcherSnapshot matcher, Observation o, MatchState state) {
    Map<String, List<Observation>> out = new TreeMap<>();
    for (Match m : matcher.match(o, state)) out.put(m.patternId(), m.observations());
    return out;
  }

  private static Map<String, List<String>> ids(Map<String, List<Observation>> sets) {
    Map<String, List<String>> out = new TreeMap<>();
    sets.forEach((id, set) -> out.put(id, set.stream().map(Observation::id).toList()));
    return out;
  }

  /** A single-observation expression: a bracket, two under OR, under WITHIN or START/STOP. */
  private static PatternExpression side(Random r) {
    PatternExpression e = r.nextInt(5) == 0
        ? new PatternExpression.Combined(ObservationOperator.OR, RandomPatterns.bracket(r), RandomPatterns.bracket(r))
        : RandomPatterns.bracket(r);
    return r.nextInt(5) == 0 ? qualified(r, e, false) : e;
  }

  /** A pattern of a shape counted directly: a REPEATS of a side, a pair of sides, or a side alone, under qualifiers. */
  private static PatternExpression counted(Random r) {
    PatternExpression e = switch (r.nextInt(5)) {
      case 0, 1 -> new PatternExpression.Qualified(side(r), new Qualifier.Repeats(1 + r.nextInt(4)));
      case 2, 3 -> {
        PatternExpression left = side(r);
        PatternExpression right = r.nextInt(4) == 0 ? left : side(r);
        yield new PatternExpression.Combined(r.nextBoolean() ? ObservationOperator.AND : ObservationOperator.FOLLOWEDBY, left, right);
      }
      default -> side(r);
    };
    for (int i = 0, n = r.nextInt(3); i < n; i++) e = qualified(r, e, true);
    return e;
  }

  private static PatternExpression qualified(Random r, PatternExpression e, boolean fractional) {
    Qualifier q = r.nextBoolean()
        ? new Qualifier.Within(fractional && r.nextBoolean() ? BigDecimal.valueOf(5 + r.nextInt(60), 1) : BigDecimal.valueOf(1 + r.nextInt(8)))
        : new Qualifier.StartStop(RandomPatterns.BASE.plusSeconds(r.nextInt(5)), RandomPatterns.BASE.plusSeconds(6 + r.nextInt(14)));
    return new PatternExpression.Qualified(e, q);
  }

  /** A shape the algebra counts: three observations, or a REPEATS over a pair or over a REPEATS. */
  private static PatternExpression generic(Random r) {
    ObservationOperator op = ObservationOperator.values()[r.nextInt(3)];
    return switch (r.nextInt(3)) {
      case 0 -> new PatternExpression.Combined(op, side(r), new PatternExpression.Combined(ObservationOperator.values()[r.nextInt(2) + 1],
          side(r), side(r)));
      case 1 -> new PatternExpression.Qualified(new PatternExpression.Combined(op == ObservationOperator.OR ? ObservationOperator.AND : op,
          side(r), side(r)), new Qualifier.Repeats(1 + r.nextInt(2)));
      default -> new PatternExpression.Qualified(new PatternExpression.Qualified(side(r), new Qualifier.Repeats(1 + r.nextInt(2))),
          new Qualifier.Repeats(1 + r.nextInt(2)));
    };
  }
}
