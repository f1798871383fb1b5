package dev.parley.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The pattern parser faces the network: no input may make it throw (STIX 2.1 §9.4). */
class PatternsFuzzTest {

  @Property(tries = 2000)
  void parse_randomText_returnsResult(@ForAll String text) {
    assertThat(Patterns.parse(text)).isNotNull();
  }

  @Property(tries = 3000)
  void parse_patternAlphabetSoup_returnsResult(@ForAll("soup") String text) {
    ParseResult result = Patterns.parse(text);
    if (result instanceof ParseResult.Valid valid) {
      assertThat(Patterns.parse(Patterns.print(valid.pattern())).orThrow()).isEqualTo(valid.pattern());
    }
  }

  @Provide
  Arbitrary<String> soup() {
    return Arbitraries.of("[", "]", "(", ")", "file:name", "file:size", "ipv4-addr:value", " = ", " != ",
            " > ", " IN ", " LIKE ", " MATCHES ", " ISSUBSET ", " AND ", " OR ", " NOT ", "EXISTS ",
            " FOLLOWEDBY ", " WITHIN 5 SECONDS", " REPEATS 2 TIMES", " START ", " STOP ", "'a'", "'\\'",
            "'10.0.0.0/8'", "1", "-2.5", "true", "t'2016-06-01T00:00:00Z'", "b'AAA='", "h'ff'", ",", ".",
            "[*]", "[0]", "'(a|b)*'", "\n")
        .list().ofMaxSize(14).map(parts -> String.join("", parts));
  }
}
