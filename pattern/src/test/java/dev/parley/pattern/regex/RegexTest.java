package dev.parley.pattern.regex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Generator;
import dev.parley.testing.Randomized;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** MATCHES uses PCRE search with DOTALL (STIX 2.1 §9.6.1), run by an automaton in linear time. */
class RegexTest {

  static Stream<Object[]> table() {
    return Stream.of(
        new Object[] {"^C:\\\\Windows\\w+$", "C:\\WindowsSystem", true},
        new Object[] {".+\\@example\\.com$", "jdoe@example.com", true},
        new Object[] {".+\\@example\\.com$", "jdoe@example.org", false},
        new Object[] {"^Final Report.+\\.exe$", "Final Report 2.exe", true},
        new Object[] {"a.c", "a\nc", true},
        new Object[] {"^a$", "a\n", true},
        new Object[] {"^a\\z", "a\n", false},
        new Object[] {"(?m)^b$", "a\nb\nc", true},
        new Object[] {"^b$", "a\nb\nc", false},
        new Object[] {"colou?r", "my color", true},
        new Object[] {"\\bcat\\b", "concatenate", false},
        new Object[] {"\\bcat\\b", "a cat sat", true},
        new Object[] {"[^a-c]+", "abc", false},
        new Object[] {"[\\d.]{7,15}", "ip 10.0.0.1", true},
        new Object[] {"x{2,3}y", "xxy", true},
        new Object[] {"x{2,3}y", "xy", false},
        new Object[] {"(?i)hello", "HeLLo world", true},
        new Object[] {"(?:ab|cd)+e", "cdabe", true},
        new Object[] {"\\x41\\x{42}", "AB", true},
        new Object[] {"[[:digit:]]+", "abc", false},
        new Object[] {"a*?b", "aaab", true},
        new Object[] {"(?<name>a)b", "ab", true},
        new Object[] {"\\Qa.b\\E", "axb", false},
        new Object[] {"\\Qa.b\\E", "a.b", true},
        new Object[] {"^$", "", true});
  }

  @ParameterizedTest
  @MethodSource("table")
  void find_table_expected(String regex, String input, boolean expected) {
    Regex.Compiled compiled = Regex.compile(regex);
    assertThat(compiled.error()).isNull();
    assertThat(compiled.automaton().find(input)).isEqualTo(expected);
  }

  static Stream<String> nonLinear() {
    return Stream.of("(a)\\1", "a(?=b)", "a(?!b)", "(?<=a)b", "(?<!a)b", "(?>a+)b", "a++b", "\\k<x>", "\\p{L}");
  }

  @ParameterizedTest
  @MethodSource("nonLinear")
  void compile_backtrackingConstruct_clearError(String regex) {
    assertThat(Regex.compile(regex).error()).isNotBlank();
  }

  @Test
  void find_catastrophicForBacktrackers_answers() {
    // (a+)+b on a^n takes exponential time in a backtracking engine; the automaton reads each symbol once
    String input = "a".repeat(100_000);
    assertThat(Regex.compile("(a+)+b").automaton().find(input)).isFalse();
    assertThat(Regex.compile("(x+x+)+y").automaton().find("x".repeat(100_000))).isFalse();
  }

  @Test
  void find_octets_matchesBytesAsSymbols() {
    Regex.Compiled pcap = Regex.compile("\\xd4\\xc3\\xb2\\xa1");
    assertThat(pcap.automaton().find(new int[] {0xd4, 0xc3, 0xb2, 0xa1, 0x02})).isTrue();
  }

  /**
   * A search's work is bounded by its input: an expression of 13 characters that keeps 40,000 threads
   * alive over a 400 KB run of a's (a minute of CPU unbounded) ends at the bound, undecided and
   * counted; an ordinary expression over a megabyte is decided, both ways, without meeting it.
   */
  /**
   * One observation's searches share a budget of twice the largest of their own (Automaton.Budgets):
   * a hostile search that meets its whole bound makes its expression costly (a floor at most, then
   * nothing), while an ordinary expression still gets its floor once the budget is spent, and is
   * decided, so hostile indicators cannot blind the others of the record; outside an observation's
   * budget every search is decided.
   */
  @Test
  void find_sharedBudget_spentByHostileSearches_ordinaryStillDecided() {
    String value = ("a".repeat(39_999) + "b").repeat(10);
    Automaton hostile = Regex.compile("(a{1000}){40}").automaton();
    Automaton fresh = Regex.compile("(a{999}){40}").automaton();
    Automaton ordinary = Regex.compile("b$").automaton();
    Automaton missing = Regex.compile("c$").automaton();
    long before = Automaton.cutShort();
    Automaton.budgets().open();
    try {
      assertThat(hostile.find(value)).isFalse();
      assertThat(hostile.find(value)).isFalse();
      assertThat(hostile.find(value)).isFalse();
      assertThat(ordinary.find(value)).isTrue();
      assertThat(missing.find(value)).isFalse();
      assertThat(fresh.find(value)).isFalse(); // what the budget has left: suspect
      assertThat(ordinary.find(value)).isTrue();
    } finally {
      Automaton.budgets().close();
    }
    assertThat(Automaton.cutShort()).isEqualTo(before + 4);
    assertThat(ordinary.find(value)).isTrue();
  }

  @Test
  void find_workBound_hostileExpressionCutShortAndCounted_ordinaryDecided() {
    long before = Automaton.cutShort();
    assertThat(Regex.compile("(a{1000}){40}").automaton().find(("a".repeat(39_999) + "b").repeat(10))).isFalse();
    assertThat(Automaton.cutShort()).isEqualTo(before + 1);

    StringBuilder letters = new StringBuilder();
    Random random = new Random(5);
    while (letters.length() < 1 << 20) letters.append((char) ('a' + random.nextInt(26)));
    Automaton onion = Regex.compile("[a-z2-7]{56}\\.onion").automaton();
    assertThat(onion.find(letters.toString())).isFalse();
    assertThat(onion.find(letters + ".onion")).isTrue();
    assertThat(Regex.like("%a%b%c%d%e%f%g%h%i%j%k%l%m%n%o%p%q%r%s%t%z.onion").automaton().find(letters.toString())).isFalse();
    assertThat(Automaton.cutShort()).isEqualTo(before + 1);
  }

  @Test
  void compile_hugeRepeat_error() {
    assertThat(Regex.compile("(a{1000}){1000}").error()).contains("too large");
  }

  @Test
  void requiredLiteral_concatenation_longestRun() {
    assertThat(Regex.compile("^.+\\@example\\.com$").requiredLiteral()).isEqualTo("@example.com");
    assertThat(Regex.compile("a|b").requiredLiteral()).isEmpty();
    assertThat(Regex.like("C:\\Windows\\%\\foo").requiredLiteral()).isEqualTo("C:\\Windows\\");
  }

  @Test
  void like_wildcards_sqlSemantics() {
    assertThat(Regex.like("a%c").automaton().find("abbbc")).isTrue();
    assertThat(Regex.like("a_c").automaton().find("abbc")).isFalse();
    assertThat(Regex.like("a.c").automaton().find("abc")).isFalse();
  }

  /**
   * An expression anchored at the start (\A, or ^ without multiline: §9.6.1's PCRE) by literal
   * symbols rules out inputs without them before any simulation; the answers stay PCRE's, here
   * java.util.regex's with DOTALL, also where ^ is not such an anchor.
   */
  @Test
  void find_anchoredLiteralPrefix_answersAsPcre() {
    String[][] cases = {
        {"^abc", "abcd"}, {"^abc", "xabc"}, {"^abc", "ab"}, {"^abc", ""}, {"\\Aabc", "abc"}, {"\\Aabc", "zabc"},
        {"^ab|x", "x"}, {"^ab|x", "zab"}, {"(?m)^ab", "x\nab"}, {"(?i)^ab", "AB"}, {"^a\\d", "a1"}, {"^a\\d", "b1"},
        {"^^ab", "ab"}, {"^$", ""}, {"^$", "a"}, {"^\uD83D\uDE00x", "\uD83D\uDE00x"}, {"^\uD83D\uDE00x", "\uD83D\uDE00y"},
        {"^d2t4[a-z0-9]*\\.example$", "d2t4abc.example"}, {"^d2t4[a-z0-9]*\\.example$", "cdn2t4.d2t4.example"},
        {"^(ab)c", "abc"}, {"^a*b", "b"}, {"^a+b", "aab"}, {"^a?b", "b"},
    };
    for (String[] c : cases) {
      boolean pcre = Pattern.compile(c[0], Pattern.DOTALL).matcher(c[1]).find();
      assertThat(Regex.compile(c[0]).automaton().find(c[1])).as("%s on %s", c[0], c[1]).isEqualTo(pcre);
    }
    assertThat(Regex.like("ab%").automaton().find("abc")).isTrue();
    assertThat(Regex.like("ab%").automaton().find("xab")).isFalse();
    assertThat(Regex.like("_b%").automaton().find("xbc")).isTrue();
  }

  private static final String[] ATOMS = {"a", "b", ".", "[ab]", "[^a]", "^", "$", "\\b", "\\n", "c"};

  /** An expression of the supported subset, and a text to search. */
  record Search(String regex, String input) {}

  /** Random expressions of the supported subset agree with java.util.regex on random inputs. */
  @Test
  void find_randomExpression_agreesWithJavaRegex() {
    List<Search> edges = new ArrayList<>();
    for (String atom : ATOMS) {
      edges.add(new Search(atom, ""));
      edges.add(new Search(atom, "ab\nc"));
    }
    Generator<Search> searches = r -> new Search(expression(r, 0), input(r));
    Randomized.check(2000, searches.withEdgeCases(edges), search -> {
      boolean expected = Pattern.compile(search.regex(), Pattern.DOTALL)
          .matcher(search.input()).find();
      Regex.Compiled compiled = Regex.compile(search.regex());
      assertThat(compiled.error()).isNull();
      assertThat(compiled.automaton().find(search.input())).isEqualTo(expected);
    });
  }

  /**
   * The states counted without building ({@link Regex#states}, what holding an expression costs) are
   * the states built, for random expressions and for the large ones a hostile peer sends.
   */
  @Test
  void states_randomExpression_countWithoutBuilding() {
    Randomized.check(2000, (Generator<String>) r -> expression(r, 0), regex ->
        assertThat(Regex.states(regex)).as(regex).isEqualTo(Regex.compile(regex).automaton().size()));
    for (String large : List.of("(a{1000}){40}", "[a-z]{1,1000}", ".{1,255}", "(ab|cd){3,}x*", "(a{1000}){39}a{999}")) {
      assertThat(Regex.states(large)).as(large).isEqualTo(Regex.compile(large).automaton().size());
    }
    assertThat(Regex.states("(a{1000}){40}")).isEqualTo(40_001);
    assertThat(Regex.states("(a{1000}){1000}")).isEqualTo(Automaton.MAX_STATES + 2); // over the bound: counted no further
    assertThat(Regex.states("(a")).isEqualTo(-1);
    for (String like : List.of("a%b_c", "%%x%", "", "C:\\Windows\\%")) {
      assertThat(Regex.likeStates(like)).as(like).isEqualTo(Regex.like(like).automaton().size());
    }
  }

  /** Zero draws give the simplest expression, an atom; two in six draws do at every depth. */
  private static String expression(Random r, int depth) {
    if (depth > 2) return atom(r);
    return switch (r.nextInt(6)) {
      case 2 -> expression(r, depth + 1) + expression(r, depth + 1);
      case 3 -> "(" + expression(r, depth + 1) + "|" + expression(r, depth + 1) + ")";
      case 4 -> "(?:" + expression(r, depth + 1) + ")" + "*+?".charAt(r.nextInt(3));
      case 5 -> "(" + expression(r, depth + 1) + "){" + r.nextInt(2) + "," + (1 + r.nextInt(2)) + "}";
      default -> atom(r);
    };
  }

  private static String input(Random r) {
    StringBuilder input = new StringBuilder();
    for (int i = 0, n = r.nextInt(8); i < n; i++) input.append("ab\nc".charAt(r.nextInt(4)));
    return input.toString();
  }

  private static String atom(Random r) {
    return ATOMS[r.nextInt(ATOMS.length)];
  }
  /**
   * The literals a substring screen asks for: a part that matches one string joins the run, a repeat
   * of one at least n times gives n copies at both ends (a hostile run's {@code (a{1000}){39}a{K}}
   * was screened by a lone "a", so searched on every ordinary domain name); runs are cut at 64.
   */
  @Test
  void requiredLiterals_repeatsOfOneString_giveRunsOfIt() {
    assertThat(Regex.compile("(a{1000}){39}a{7}").requiredLiterals()).containsExactly("a".repeat(64));
    assertThat(Regex.compile("a{1,500}c").requiredLiterals()).containsExactly("ac");
    assertThat(Regex.compile("ab{3}c").requiredLiterals()).containsExactly("abbbc");
    assertThat(Regex.compile("x(ab){2,}y").requiredLiterals()).contains("xabab", "ababy");
    assertThat(Regex.compile("(ab|cd)e").requiredLiterals()).containsExactly("e");
    assertThat(Regex.compile("a?b").requiredLiterals()).containsExactly("b");
  }

  /** Every required literal is in every text the expression finds a match in: seeded random expressions and texts. */
  @Test
  void requiredLiterals_randomExpressions_everyMatchHoldsThem() {
    for (long seed = 1; seed <= 300; seed++) {
      Random r = new Random(seed);
      String expression = randomExpression(r, 3);
      Regex.Compiled compiled = Regex.compile(expression);
      for (int t = 0; t < 200; t++) {
        StringBuilder text = new StringBuilder();
        int n = r.nextInt(40);
        for (int i = 0; i < n; i++) text.append("abc".charAt(r.nextInt(r.nextBoolean() ? 2 : 3)));
        if (!compiled.automaton().find(text.toString())) continue;
        for (String literal : compiled.requiredLiterals()) {
          assertThat(text.toString()).as("seed %d: %s holds '%s'", seed, expression, literal).contains(literal);
        }
      }
    }
  }

  private static String randomExpression(Random r, int depth) {
    if (depth == 0) return switch (r.nextInt(3)) {
      case 0 -> "a";
      case 1 -> "b";
      default -> "[ab]";
    };
    String x = randomExpression(r, depth - 1);
    String y = randomExpression(r, depth - 1);
    int min = r.nextInt(4);
    return switch (r.nextInt(6)) {
      case 0 -> x + y;
      case 1 -> "(" + x + "|" + y + ")";
      case 2 -> "(" + x + "){" + min + "}";
      case 3 -> "(" + x + "){" + min + "," + (min + r.nextInt(3)) + "}";
      case 4 -> "(" + x + "){" + min + ",}" + y;
      default -> "(" + x + ")?" + y;
    };
  }
}
