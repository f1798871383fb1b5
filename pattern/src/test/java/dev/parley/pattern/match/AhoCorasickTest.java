package dev.parley.pattern.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The literal prefilter of LIKE and MATCHES (STIX 2.1 §9.6.1): for any text, exactly the literals
 * that occur in it, as String.contains says, whatever the alphabet (ASCII, Latin-1, other BMP
 * units, surrogate halves) and however the literals overlap or repeat.
 */
class AhoCorasickTest {
  private static final String ALPHABET = "abcd.-é\u0100\u4e2d\ud83d\ude00";

  private static String random(SplittableRandom r, int max) {
    StringBuilder s = new StringBuilder();
    int n = r.nextInt(max + 1);
    for (int i = 0; i < n; i++) s.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
    return s.toString();
  }

  private static String escaped(String s) {
    StringBuilder out = new StringBuilder();
    s.chars().forEach(c -> out.append(c < 128 ? String.valueOf((char) c) : String.format("\\u%04x", c)));
    return out.toString();
  }

  @Test
  void search_randomLiteralsAndTexts_sameAsContains() {
    SplittableRandom r = new SplittableRandom(5);
    for (int round = 0; round < 300; round++) {
      List<String> literals = new ArrayList<>();
      int n = 1 + r.nextInt(12);
      while (literals.size() < n) {
        String literal = random(r, 4);
        if (!literal.isEmpty()) literals.add(literal); // required literals are never empty (regex.Literals)
      }
      AhoCorasick automaton = new AhoCorasick(literals);
      for (int t = 0; t < 20; t++) {
        String text = random(r, 24);
        IntList found = new IntList(4);
        automaton.search(text, found);
        TreeSet<Integer> got = new TreeSet<>();
        for (int i = 0; i < found.size(); i++) got.add(found.get(i));
        TreeSet<Integer> expected = new TreeSet<>();
        for (int i = 0; i < literals.size(); i++) {
          if (text.contains(literals.get(i))) expected.add(i);
        }
        assertThat(got).as("%s in %s", escaped(literals.toString()), escaped(text)).isEqualTo(expected);
      }
    }
  }
}
