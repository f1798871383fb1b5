package dev.parley.pattern;

import static dev.parley.testing.Generators.elements;
import static dev.parley.testing.Generators.lists;
import static dev.parley.testing.Generators.strings;
import static dev.parley.testing.Generators.utf16;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Generator;
import dev.parley.testing.Randomized;
import org.junit.jupiter.api.Test;

/** The pattern parser faces the network: no input may make it throw (STIX 2.1 §9.4). */
class PatternsFuzzTest {

  @Test
  void parse_randomText_returnsResult() {
    Randomized.check(2000, strings(utf16(), 0, 255), text -> assertThat(Patterns.parse(text)).isNotNull());
  }

  @Test
  void parse_patternAlphabetSoup_returnsResult() {
    Randomized.check(3000, soup(), text -> {
      ParseResult result = Patterns.parse(text);
      if (result instanceof ParseResult.Valid valid) {
        assertThat(Patterns.parse(Patterns.print(valid.pattern())).orThrow()).isEqualTo(valid.pattern());
      }
    });
  }

  /** Up to 14 pieces of the pattern grammar in any order; every piece alone is an edge case. */
  private static Generator<String> soup() {
    return lists(elements("[", "]", "(", ")", "file:name", "file:size", "ipv4-addr:value", " = ", " != ",
            " > ", " IN ", " LIKE ", " MATCHES ", " ISSUBSET ", " AND ", " OR ", " NOT ", "EXISTS ",
            " FOLLOWEDBY ", " WITHIN 5 SECONDS", " REPEATS 2 TIMES", " START ", " STOP ", "'a'", "'\\'",
            "'10.0.0.0/8'", "1", "-2.5", "true", "t'2016-06-01T00:00:00Z'", "b'AAA='", "h'ff'", ",", ".",
            "[*]", "[0]", "'(a|b)*'", "\n"), 0, 14)
        .map(parts -> String.join("", parts));
  }
}
