package dev.parley.pattern.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.parley.pattern.ParseResult;
import dev.parley.pattern.Patterns;
import dev.parley.pattern.syntax.ComparisonExpression;
import dev.parley.pattern.syntax.Pattern;
import dev.parley.pattern.syntax.PatternExpression;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The parser itself is linear, with the size limits lifted (they refuse such input earlier). */
class PatternParserTest {
  private static final Limits LIFTED = new Limits(Integer.MAX_VALUE, Integer.MAX_VALUE, Patterns.MAX_NESTING);

  static Stream<String> chains() {
    return Stream.of(chain("[x-a:v = %d]", "OR"), chain("[x-a:v = %d]", "AND"), chain("[x-a:v = %d]", "FOLLOWEDBY"),
        "[" + chain("x-a:v = %d", "AND") + "]", "[" + chain("x-a:v = %d", "OR") + "]");
  }

  private static String chain(String term, String op) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 100_000; i++) b.append(i == 0 ? "" : " " + op + " ").append(term.formatted(i));
    return b.toString();
  }

  @ParameterizedTest
  @MethodSource("chains")
  void parse_chainOf100000Terms_linearAndBalanced(String text) {
    // regression: 20,000 OR terms took 22 s and 100,000 over two minutes, in n² accessor calls;
    // the bound is loose because the build machine is shared
    Pattern pattern = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> PatternParser.parse(text, LIFTED).orThrow());
    // balanced: no walk over the tree recurses as deep as the chain is long; 17 levels of joins
    // (2^17 > 100,000), then the bracket and its comparison
    assertThat(depth(pattern.expression())).isLessThanOrEqualTo(17 + 2);
    String printed = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Patterns.print(pattern));
    assertThat(printed).isEqualTo(text);
  }

  private static int depth(PatternExpression e) {
    if (e instanceof PatternExpression.Observation o) return 1 + depth(o.comparisons());
    if (e instanceof PatternExpression.Combined c) return 1 + Math.max(depth(c.left()), depth(c.right()));
    return 1 + depth(((PatternExpression.Qualified) e).expression());
  }

  private static int depth(ComparisonExpression e) {
    if (e instanceof ComparisonExpression.And a) return 1 + Math.max(depth(a.left()), depth(a.right()));
    if (e instanceof ComparisonExpression.Or o) return 1 + Math.max(depth(o.left()), depth(o.right()));
    return 1;
  }

  @Test
  void parse_samePathInManyPatterns_oneInstance() {
    // hostile run bb D11: a node of a million indicators held a million copies of a few dozen paths
    Pattern a = ((ParseResult.Valid) Patterns.parse("[ipv4-addr:value = '10.0.0.1']")).pattern();
    Pattern b = ((ParseResult.Valid) Patterns.parse("[ipv4-addr:value = '10.0.0.2' OR domain-name:value = 'x.example']")).pattern();
    ComparisonExpression.Comparison first = (ComparisonExpression.Comparison) ((PatternExpression.Observation) a.expression()).comparisons();
    ComparisonExpression.Or or = (ComparisonExpression.Or) ((PatternExpression.Observation) b.expression()).comparisons();
    assertThat(((ComparisonExpression.Comparison) or.left()).path()).isSameAs(first.path());
    assertThat(((ComparisonExpression.Comparison) or.right()).path()).isNotEqualTo(first.path());
    // a path longer than the bound is equal, not shared: a hostile key does not stay in the heap
    String key = "k".repeat(300);
    Pattern c = ((ParseResult.Valid) Patterns.parse("[x-custom:" + key + " = 'v']")).pattern();
    Pattern d = ((ParseResult.Valid) Patterns.parse("[x-custom:" + key + " = 'v']")).pattern();
    ComparisonExpression.Comparison cc = (ComparisonExpression.Comparison) ((PatternExpression.Observation) c.expression()).comparisons();
    ComparisonExpression.Comparison dc = (ComparisonExpression.Comparison) ((PatternExpression.Observation) d.expression()).comparisons();
    assertThat(cc.path()).isEqualTo(dc.path()).isNotSameAs(dc.path());
  }

}
