package dev.parley.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomizedTest {
  private static <T> List<T> inputs(long seed, int cases, Generator<T> generator) {
    List<T> seen = new ArrayList<>();
    Randomized.check(seed, cases, generator, seen::add);
    return seen;
  }

  @Test
  void check_passingProperty_runsEdgeCasesFirstThenEveryRandomCase() {
    List<Integer> seen = inputs(1, 500, Generators.ints(0, 1000));

    assertThat(seen).hasSize(500);
    assertThat(seen.subList(0, 4)).containsExactly(0, 1, 999, 1000);
    assertThat(seen).allMatch(i -> i >= 0 && i <= 1000);
    assertThat(seen.stream().distinct().count()).isGreaterThan(200);
    assertThat(seen).anyMatch(i -> i < 8).anyMatch(i -> i > 900);
  }

  @Test
  void check_manyEdgeCases_spendAtMostHalfTheCases() {
    List<Integer> seen = inputs(1, 6, Generators.elements(1, 2, 3, 4, 5, 6, 7, 8));
    assertThat(seen).hasSize(6).startsWith(1, 2, 3);
  }

  @Test
  void check_sameSeed_sameCases() {
    Generator<String> text = Generators.strings(Generators.utf16(), 0, 40);
    assertThat(inputs(7, 200, text)).isEqualTo(inputs(7, 200, text));
    assertThat(inputs(7, 200, text)).isNotEqualTo(inputs(8, 200, text));
  }

  @Test
  void check_failingList_namesSeedAndCaseAndShrinksToSmallestCounterexample() {
    Generator<List<Integer>> lists = Generators.lists(Generators.ints(0, 1000), 0, 50);
    assertThatThrownBy(() -> Randomized.check(3, 1000, lists, list -> assertThat(list).noneMatch(i -> i >= 500 && i <= 900)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("with seed 3 (rerun with -Dparley.seed=3)")
        .hasMessageMatching("(?s)property failed on case \\d+ of 1000.*\n  input: \\[.*")
        .hasMessageContaining("): [500]\n");
  }

  @Test
  void check_failingString_shrinksToOneCharacter() {
    Generator<String> text = Generators.strings(Generators.alpha(), 0, 100);
    assertThatThrownBy(() -> Randomized.check(3, 1000, text, s -> assertThat(s).doesNotContain("q")))
        .hasMessageContaining("): \"q\"\n");
  }

  @Test
  void check_exceptionInProperty_isAFailureToo() {
    Generator<Integer> ints = Generators.ints(0, 1_000_000);
    assertThatThrownBy(() -> Randomized.check(3, 1000, ints, i -> {
      if (i >= 12_345 && i < 900_000) throw new IllegalStateException("too big");
    })).hasMessageContaining("): 12345\n").hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void check_failingEdgeCase_reportedThenShrunkFromARandomCase() {
    assertThatThrownBy(() -> Randomized.check(3, 100, Generators.ints(0, 10_000), i -> assertThat(i).isLessThan(1000)))
        .hasMessageStartingWith("property failed on case 2 of 100 with seed 3 (rerun with -Dparley.seed=3) (an edge case)\n"
            + "  input: 9999\n  smallest failing input (from case ")
        .hasMessageContaining("): 1000\n");
  }

  @Test
  void check_failingEdgeCaseOnly_reportedAsItIs() {
    assertThatThrownBy(() -> Randomized.check(3, 100, Generators.ints(0, 10_000), i -> assertThat(i).isNotEqualTo(9999)))
        .hasMessageStartingWith("property failed on case 2 of 100 with seed 3 (rerun with -Dparley.seed=3) (an edge case)\n"
            + "  input: 9999\n  failure: ");
  }

  @Test
  void zip_edgeCases_everyCombinationLowIndicesFirst() {
    assertThat(Generators.zip(Generators.ints(0, 2), Generators.elements("x", "y"), (i, s) -> i + s).edgeCases())
        .containsExactly("0x", "0y", "1x", "1y", "2x", "2y");
    assertThat(Generators.diagonals(3, 2, 2)).hasSize(12).extracting(Arrays::toString)
        .startsWith("[0, 0, 0]", "[0, 0, 1]", "[0, 1, 0]", "[1, 0, 0]").endsWith("[2, 1, 1]");
  }

  @Test
  void between_lowerDraws_neverGiveHigherValues() {
    long[][] ranges = {{0, 3000}, {-5, 5}, {0, Long.MAX_VALUE}, {Long.MIN_VALUE, Long.MAX_VALUE}, {Long.MIN_VALUE, -1}};
    SplittableRandom random = new SplittableRandom(11);
    for (long[] range : ranges) {
      assertThat(Generators.between(Tape.replaying(new int[0]), range[0], range[1])).isEqualTo(range[0]);
      for (int i = 0; i < 2000; i++) {
        int[] one = {random.nextInt(), random.nextInt()};
        int[] other = {random.nextInt(4) == 0 ? one[0] : random.nextInt(), random.nextInt()};
        boolean oneIsLower = Arrays.compareUnsigned(one, other) <= 0;
        long low = Generators.between(Tape.replaying(oneIsLower ? one : other), range[0], range[1]);
        long high = Generators.between(Tape.replaying(oneIsLower ? other : one), range[0], range[1]);
        assertThat(low).isBetween(range[0], range[1]).isLessThanOrEqualTo(high);
        assertThat(high).isBetween(range[0], range[1]);
      }
    }
  }

  @Test
  void tapeNextInt_lowerDraws_neverGiveHigherChoices() {
    SplittableRandom random = new SplittableRandom(12);
    for (int bound : new int[] {1, 2, 3, 6, 12, 1000, Integer.MAX_VALUE}) {
      assertThat(Tape.replaying(new int[0]).nextInt(bound)).isZero();
      for (int i = 0; i < 1000; i++) {
        int one = random.nextInt() >>> 1;
        int other = random.nextInt() >>> 1;
        int low = Tape.replaying(new int[] {Math.min(one, other)}).nextInt(bound);
        int high = Tape.replaying(new int[] {Math.max(one, other)}).nextInt(bound);
        assertThat(low).isBetween(0, bound - 1).isLessThanOrEqualTo(high);
        assertThat(high).isLessThan(bound);
      }
    }
  }

  @Test
  void characters_unicodeIsValidText_utf16AlsoHasLoneSurrogates() {
    List<String> unicode = inputs(5, 3000, Generators.strings(Generators.unicode(), 0, 20));
    List<String> utf16 = inputs(5, 3000, Generators.strings(Generators.utf16(), 0, 20));

    assertThat(unicode).allMatch(s -> s.codePointCount(0, s.length()) <= 20)
        .allMatch(s -> s.codePoints().noneMatch(c -> Character.isSurrogate((char) c) && c <= 0xffff))
        .anyMatch(s -> s.codePoints().anyMatch(c -> c > 0xffff))
        .anyMatch(s -> s.chars().anyMatch(c -> c < 0x20));
    assertThat(utf16).anyMatch(s -> s.codePoints().anyMatch(c -> c >= 0xd800 && c <= 0xdfff));
  }

  @Test
  void seed_property_overridesTheFixedDefault() {
    String before = System.getProperty("parley.seed");
    try {
      System.clearProperty("parley.seed");
      assertThat(Randomized.seed()).isEqualTo(Randomized.DEFAULT_SEED);
      System.setProperty("parley.seed", "-42");
      assertThat(Randomized.seed()).isEqualTo(-42);
    } finally {
      if (before == null) System.clearProperty("parley.seed");
      else System.setProperty("parley.seed", before);
    }
  }

  record Pair(String text, byte[] bytes) {}

  @Test
  void show_input_retypable() {
    assertThat(Randomized.show("a\n\"\\\ud800")).isEqualTo("\"a\\u000a\\\"\\\\\\ud800\"");
    assertThat(Randomized.show(List.of(new Pair("x", new byte[] {1, (byte) 0xff}))))
        .isEqualTo("[Pair[text=\"x\", bytes=0x01ff (2 bytes)]]");
    assertThat(Randomized.show("y".repeat(5000))).endsWith("... (5002 characters)");
  }
}
