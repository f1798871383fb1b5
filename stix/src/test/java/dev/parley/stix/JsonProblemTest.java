package dev.parley.stix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
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

  /** A hostile run's deep agreement file: "Document nesting depth (1001) exceeds the maximum allowed (1000", cut off. */
  @Test
  void nestedPastTheBound_wholeSentenceWithoutSettingName() {
    assertThat(problem("[".repeat(1001))).isEqualTo("Document nesting depth (1001) exceeds the maximum allowed (1000)");
  }

  @Test
  void unexpectedCharacter_noSource() {
    assertThat(problem("{\"a\": x}")).contains("Unrecognized token 'x'").doesNotContain("Source");
  }
}
