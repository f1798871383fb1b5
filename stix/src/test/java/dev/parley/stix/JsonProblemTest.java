package dev.parley.stix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The words a user reads about malformed JSON: the problem, never the parser's names for its own parts. */
class JsonProblemTest {
  private static String problem(String text) {
    try {
      Json.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      return Json.problem(e);
    }
    throw new AssertionError("read: " + text);
  }

  /** A hostile run's truncated agreement file: the message showed "(start marker at [Source: (String)...". */
  @Test
  void truncatedObject_saysWhatIsMissingOnly() {
    String said = problem("{\"share\":[{\"collection\":\"a\"}\n");
    assertThat(said).startsWith("Unexpected end-of-input").doesNotContain("Source").doesNotContain("start marker").doesNotContain("(String)");
  }

  @Test
  void unexpectedCharacter_noSource() {
    assertThat(problem("{\"a\": xyzzy}")).startsWith("Unrecognized token").doesNotContain("xyzzy").doesNotContain("Source");
    // a hostile run: a telemetry line's reason quoted the character it met
    assertThat(problem("{not json")).startsWith("Unexpected character").contains("was expecting double-quote").doesNotContain("'n'")
        .doesNotContain("110");
  }

  /**
   * Issue 12, a hostile run: a malformed telemetry line's reason read "Document nesting depth (1001)
   * exceeds the maximum allowed (1000" (the parenthesis never closed) and "Non-standard token
   * 'Infinity': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow" (advice on a library
   * setting no reader can change). Bounds and non-numbers are said in the project's words (RFC 8259
   * §6: "Numeric values that cannot be represented ... such as Infinity and NaN are not permitted").
   */
  @Test
  void boundsAndNonNumbers_projectWords() {
    assertThat(problem("[".repeat(1200) + "]".repeat(1200))).isEqualTo("nested deeper than 1,000 levels");
    // a hostile run's deep agreement file, never closed: the same words, not "... maximum allowed (1000" cut off
    assertThat(problem("[".repeat(1001))).isEqualTo("nested deeper than 1,000 levels");
    assertThat(problem("{\"a\":" + "1".repeat(1200) + "}")).isEqualTo("a number longer than 1,000 characters");
    assertThat(problem("{\"a\": Infinity}")).isEqualTo("Infinity is not a JSON number (JSON has no NaN or Infinity)");
    assertThat(problem("{\"a\": NaN}")).isEqualTo("NaN is not a JSON number (JSON has no NaN or Infinity)");
    assertThat(problem("{\"a\": -Infinity}")).startsWith("-Infinity is not a JSON number");
  }

  /** Whatever the parser says, a person reads a whole message: no setting, no advice, no echo of the input, no parenthesis left open. */
  @Test
  void everyMessage_noSettingAdviceOrOpenParenthesis() {
    for (String text : List.of("{\"a\": +1}", "{/* note */ \"a\": 1}", "[1, 2}", "{\"a\": [1, 2}", "{\"a\": 01}",
        "{\"a\": \"\u0001\"}", "{'a': 1}", "{\"a\": tru}", "{\"a\": 1,}", "{\"a\": \"\\q\"}", "[" .repeat(1200), "{\"a\":NaN}")) {
      String said = problem(text);
      assertThat(said).as(text).isNotBlank().doesNotContain("`").doesNotContain("Source").doesNotContain("enable").doesNotContain("Feature")
          .doesNotContain("starting at").doesNotContain("\n");
      assertThat(said.chars().filter(c -> c == '(').count()).as(said).isEqualTo(said.chars().filter(c -> c == ')').count());
    }
  }
}
