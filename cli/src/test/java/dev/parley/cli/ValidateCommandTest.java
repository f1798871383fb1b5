package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Json;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code parley validate}: output forms, summary and exit codes (issue 2, item 6). */
class ValidateCommandTest {
  @TempDir Path dir;

  private static final String GOOD = "{\"type\":\"ipv4-addr\",\"spec_version\":\"2.1\","
      + "\"id\":\"ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4\",\"value\":\"198.51.100.3\"}";
  private static final String BAD_PATTERN = "{\"type\":\"indicator\",\"spec_version\":\"2.1\","
      + "\"id\":\"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\",\"created\":\"2016-04-06T20:03:48.000Z\","
      + "\"modified\":\"2016-04-06T20:03:48.000Z\",\"name\":\"n\",\"pattern\":\"[file:name = ]\",\"pattern_type\":\"stix\","
      + "\"valid_from\":\"2016-01-01T00:00:00Z\"}";
  private static final String WARNS = "{\"type\":\"ipv4-addr\",\"spec_version\":\"2.1\","
      + "\"id\":\"ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c5\",\"value\":\"198.51.100.4\"}";

  /** The rule of the warning WARNS draws: its UUIDv5 id is not the deterministic one (STIX 2.1 §2.9). */
  private static final String WARNS_RULE = "sco-id";

  private Path file(String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  @Test
  void validate_validObject_exits0WithSummary() throws Exception {
    TestCli.Result r = TestCli.runExactly("validate", file("ok.json", GOOD).toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("summary: 1 object read, 1 valid, 0 with errors, 0 with warnings");
  }

  @Test
  void validate_invalidPattern_exits1WithLocatedFinding() throws Exception {
    Path f = file("bad.jsonl", GOOD + "\n" + BAD_PATTERN + "\n");
    TestCli.Result r = TestCli.runExactly("validate", f.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains(f + ":2: indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f: /pattern: pattern: error:");
  }

  @Test
  void validate_malformedLine_reportsLineAndColumnAndReadsOn() throws Exception {
    Path f = file("broken.jsonl", GOOD + "\n{\"type\": oops\n" + GOOD.replace("198.51.100.3", "198.51.100.3") + "\n");
    TestCli.Result r = TestCli.runExactly("validate", f.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains(f + ":2: -: /: json-syntax: error: column ").contains("2 objects read");
  }

  @Test
  void validate_jsonLinesExponentOverflow_locatedFindingAndReadsOn() throws Exception {
    // regression: 1e2147483648 ended validate with a raw Jackson message
    String bad = GOOD.replace("\"value\"", "\"x_score\":1e2147483648,\"value\"");
    Path f = file("overflow.jsonl", GOOD + "\n" + bad + "\n" + WARNS + "\n");
    TestCli.Result r = TestCli.runExactly("validate", f.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains(f + ":2: -: /: json-syntax: error: column " + (bad.indexOf("1e2147483648") + 1)
        + ": number 1e2147483648 is out of range")
        .contains("2 objects read");
  }

  @Test
  void validate_confidenceWithHugeExponent_answersAtOnce() throws Exception {
    // regression: "confidence": 1e99999999 pinned the validator for minutes
    String campaign = "{\"type\":\"campaign\",\"spec_version\":\"2.1\",\"id\":\"campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\","
        + "\"created\":\"2016-04-06T20:03:48.000Z\",\"modified\":\"2016-04-06T20:03:48.000Z\",\"name\":\"c\",\"confidence\":1e99999999}";
    Path f = file("confidence.json", campaign);
    TestCli.Result r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> TestCli.runExactly("validate", f.toString()));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("/confidence: integer-range: error: 1E+99999999 is outside");
  }

  @Test
  void validate_warningsOnly_exits0ButStrictExits1() throws Exception {
    Path f = file("warn.json", WARNS);
    assertThat(TestCli.runExactly("validate", f.toString()).code()).isZero();
    assertThat(TestCli.runExactly("validate", "--strict", f.toString()).code()).isEqualTo(1);
  }

  @Test
  void validate_jsonFormat_isMachineReadable() throws Exception {
    TestCli.Result r = TestCli.runExactly("validate", "--format", "json", file("bad.json", BAD_PATTERN).toString());
    assertThat(r.code()).isEqualTo(1);
    JsonNode json = Json.mapper().readTree(r.out());
    assertThat(json.path("findings").get(0).path("rule").asText()).isEqualTo("pattern");
    assertThat(json.path("findings").get(0).path("pointer").asText()).isEqualTo("/pattern");
    assertThat(json.path("summary").path("with_errors").asInt()).isEqualTo(1);
  }

  @Test
  void validate_missingFile_exits1NamingIt() {
    Path absent = dir.resolve("absent.json");
    TestCli.Result r = TestCli.runExactly("validate", absent.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("cannot read " + absent + ": no such file");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void validate_directory_exits1NamingIt() {
    TestCli.Result r = TestCli.runExactly("validate", dir.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("cannot read " + dir + ": is a directory");
  }

  @Test
  void validate_noArgument_exits2() {
    assertThat(TestCli.runExactly("validate").code()).isEqualTo(2);
  }

  /** Regression: an empty file passed with exit 0 ("0 objects read"); RFC 8259 §2 wants a JSON value. */
  @Test
  void validate_emptyOrBlankFile_exits1WithJsonSyntaxFinding() throws Exception {
    Path empty = file("empty.json", "");
    Path blank = file("blank.jsonl", "  \n\t\n\n");
    TestCli.Result r = TestCli.runExactly("validate", empty.toString(), blank.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains(empty + ":1: -: /: json-syntax: error: empty input")
        .contains(blank + ":1: -: /: json-syntax: error: empty input")
        .contains("2 empty inputs");
  }

  @Test
  void validate_emptyStandardInput_exits1() {
    InputStream stdin = System.in;
    System.setIn(new ByteArrayInputStream(new byte[0]));
    try {
      TestCli.Result r = TestCli.runExactly("validate", "--format", "json", "-");
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.out()).contains("\"empty_inputs\" : 1");
    } finally {
      System.setIn(stdin);
    }
  }

  @Test
  void validate_emptyBundle_isNotAnEmptyInput() throws Exception {
    Path f = file("bundle.json", "{\"type\":\"bundle\",\"id\":\"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\",\"objects\":[]}");
    assertThat(TestCli.runExactly("validate", f.toString()).code()).isZero();
  }

  @Test
  void validate_summary_countsFindingsByRule() throws Exception {
    Path f = file("mixed.jsonl", WARNS + "\n" + BAD_PATTERN + "\n" + WARNS.replace("07c5", "07c6") + "\n");
    TestCli.Result r = TestCli.runExactly("validate", f.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("by rule: " + WARNS_RULE + " 2 warnings, pattern 1 error");
    JsonNode json = Json.mapper().readTree(TestCli.runExactly("validate", "--format", "json", f.toString()).out());
    assertThat(json.at("/summary/rules/" + WARNS_RULE + "/warnings").asLong()).isEqualTo(2);
    assertThat(json.at("/summary/rules/pattern/errors").asLong()).isEqualTo(1);
  }

  @Test
  void validate_errorsOnly_printsNoWarningsButCountsThem() throws Exception {
    Path f = file("mixed.jsonl", WARNS + "\n" + BAD_PATTERN + "\n");
    TestCli.Result r = TestCli.runExactly("validate", "--errors-only", f.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains(": pattern: error:").doesNotContain(": warning:").contains("1 with warnings");
    Path warnings = file("warn.json", WARNS);
    assertThat(TestCli.runExactly("validate", "--errors-only", warnings.toString()).code()).isZero();
    assertThat(TestCli.runExactly("validate", "--errors-only", "--strict", warnings.toString()).code()).isEqualTo(1);
    JsonNode json = Json.mapper().readTree(TestCli.runExactly("validate", "--errors-only", "--format", "json", f.toString()).out());
    assertThat(json.path("findings")).hasSize(1);
  }

  @Test
  void validate_ignoredRule_notPrintedNotCountedNotFailingWithStrict() throws Exception {
    Path f = file("warn.json", WARNS);
    TestCli.Result r = TestCli.runExactly("validate", "--strict", "--ignore", WARNS_RULE + ",unknown-type", f.toString());
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out()).doesNotContain(": warning:").contains("1 valid, 0 with errors, 0 with warnings")
        .contains("ignored: " + WARNS_RULE + " 1");
    JsonNode json = Json.mapper().readTree(TestCli.runExactly("validate", "--ignore", WARNS_RULE, "--format", "json", f.toString()).out());
    assertThat(json.at("/summary/ignored/" + WARNS_RULE).asLong()).isEqualTo(1);
    assertThat(json.path("findings")).isEmpty();
  }

  @Test
  void validate_ignoredErrorRule_stillFailsOnOtherErrors() throws Exception {
    Path f = file("bad.json", BAD_PATTERN);
    assertThat(TestCli.runExactly("validate", "--ignore", "pattern", f.toString()).code()).isZero();
    assertThat(TestCli.runExactly("validate", "--ignore", "tlp", f.toString()).code()).isEqualTo(1);
  }

  @Test
  void validate_ignoreUnknownRule_exits2WithCloseMatches() throws Exception {
    TestCli.Result r = TestCli.runExactly("validate", "--ignore", "open-vocabluary", file("ok.json", GOOD).toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("unknown rule 'open-vocabluary'").contains("did you mean open-vocabulary");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void validate_ignoreJsonSyntax_exits2() throws Exception {
    TestCli.Result r = TestCli.runExactly("validate", "--ignore", "json-syntax", file("ok.json", GOOD).toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("json-syntax cannot be ignored");
  }
}
