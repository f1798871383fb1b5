package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PatternCommandTest {
  @TempDir Path dir;

  @Test
  void validate_validPattern_exits0() {
    TestCli.Result r = TestCli.runExactly("pattern", "validate", "[ipv4-addr:value = '198.51.100.1'] WITHIN 5 SECONDS");
    assertThat(r.code()).isZero();
  }

  @Test
  void validate_invalidPattern_exits1WithLineAndColumn() {
    TestCli.Result r = TestCli.runExactly("pattern", "validate", "[ipv4-addr:value = ]");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out() + r.err()).contains("1:20:");
  }

  @Test
  void validate_noPattern_exits2() {
    assertThat(TestCli.runExactly("pattern", "validate").code()).isEqualTo(2);
  }

  @Test
  void match_followedBy_printsIndicatorAndBothObservedData() throws Exception {
    Path indicators = indicator("[domain-name:value = 'evil.example.com'] FOLLOWEDBY [ipv4-addr:value ISSUBSET '198.51.100.0/24']");
    Path observations = domainThenAddress();
    TestCli.Result r = TestCli.runExactly("pattern", "match", "--indicators", indicators.toString(),
        "--observations", observations.toString(), "--format", "jsonl");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("indicator--9e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f")
        .contains("observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf")
        .contains("observed-data--c96f4120-2b4b-47c3-b61f-eceaa54bd9c6");
    assertThat(r.err()).contains("matches: 1");
  }

  /**
   * pattern match keeps 16 observations per bracket (it lists every set): a REPEATS that needs more
   * can never match there, and it says so for the indicator instead of staying silent (a hostile run
   * found the same silence in detection, which now counts such patterns).
   */
  @Test
  void match_repeatsPastWhatIsKept_saidForTheIndicator() throws Exception {
    Path indicators = indicator("[ipv4-addr:value = '198.51.100.3'] REPEATS 20 TIMES");
    TestCli.Result r = TestCli.runExactly("pattern", "match", "--indicators", indicators.toString(),
        "--observations", domainThenAddress().toString());
    assertThat(r.code()).isZero();
    assertThat(r.err()).contains("indicator--9e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f: its REPEATS needs 20 observations of one bracket at once,"
        + " and at most 16 are kept by pattern match: it cannot match here (parley detect counts such patterns)");
    TestCli.Result fits = TestCli.runExactly("pattern", "match", "--indicators",
        indicator("[ipv4-addr:value = '198.51.100.3'] REPEATS 16 TIMES").toString(), "--observations", domainThenAddress().toString());
    assertThat(fits.err()).doesNotContain("cannot match here");
  }

  @Test
  void match_observationsBeforeIndicatorsTime_reversedOrderDoesNotMatch() throws Exception {
    Path indicators = indicator("[ipv4-addr:value = '198.51.100.3'] FOLLOWEDBY [domain-name:value = 'evil.example.com']");
    Path observations = domainThenAddress();
    TestCli.Result r = TestCli.runExactly("pattern", "match", "--indicators", indicators.toString(),
        "--observations", observations.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).doesNotContain("indicator--");
  }

  /** Regression: an indicators file that is not JSON exited 0, although the help promised 1; so did an empty one. */
  @Test
  void match_indicatorsNotJsonOrEmpty_exits1WithLocatedMessage() throws Exception {
    Map<String, String> expected = Map.of("# these are not indicators\n", ":1:1: ", "\n", ":1: empty input");
    for (Map.Entry<String, String> c : expected.entrySet()) {
      Path indicators = dir.resolve("indicators.txt");
      Files.writeString(indicators, c.getKey());
      TestCli.Result r = TestCli.runExactly("pattern", "match", "--indicators", indicators.toString(),
          "--observations", domainThenAddress().toString());
      assertThat(r.code()).as(c.getKey()).isEqualTo(1);
      assertThat(r.err()).as(c.getKey()).contains(indicators + c.getValue());
    }
  }

  @Test
  void match_missingFileOrDirectory_exits1NamingIt() throws Exception {
    Path absent = dir.resolve("absent.json");
    TestCli.Result missing = TestCli.runExactly("pattern", "match", "--indicators", absent.toString(),
        "--observations", domainThenAddress().toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("cannot read " + absent + ": no such file");
    TestCli.Result directory = TestCli.runExactly("pattern", "match", "--indicators", indicator("[x:y = 1]").toString(),
        "--observations", dir.toString());
    assertThat(directory.code()).isEqualTo(1);
    assertThat(directory.err()).contains("cannot read " + dir + ": is a directory");
  }

  @Test
  void match_oneInvalidPattern_othersStillMatchExit1() throws Exception {
    Path indicators = dir.resolve("two.jsonl");
    String good = "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--9e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\","
        + "\"created\":\"2016-04-06T20:03:48.000Z\",\"modified\":\"2016-04-06T20:03:48.000Z\","
        + "\"pattern\":\"[domain-name:value = 'evil.example.com']\",\"pattern_type\":\"stix\",\"valid_from\":\"2016-01-01T00:00:00Z\"}";
    String bad = good.replace("9e2e2d2b", "0e2e2d2b").replace("[domain-name:value = 'evil.example.com']", "[domain-name:value = ]");
    Files.writeString(indicators, good + "\n" + bad + "\n");
    TestCli.Result r = TestCli.runExactly("pattern", "match", "--indicators", indicators.toString(),
        "--observations", domainThenAddress().toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("indicator--9e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f");
    assertThat(r.err()).contains("indicator--0e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f: 1:");
  }

  /** One indicator with {@code pattern}, as JSON Lines. */
  private Path indicator(String pattern) throws Exception {
    Path file = dir.resolve("ind.jsonl");
    Files.writeString(file,
        "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--9e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\","
            + "\"created\":\"2016-04-06T20:03:48.000Z\",\"modified\":\"2016-04-06T20:03:48.000Z\","
            + "\"pattern\":\"" + pattern + "\",\"pattern_type\":\"stix\",\"valid_from\":\"2016-01-01T00:00:00Z\"}\n");
    return file;
  }

  /** evil.example.com seen at 19:00, then 198.51.100.3 at 19:05, each in its own observed-data. */
  private Path domainThenAddress() throws Exception {
    Path file = dir.resolve("obs.json");
    Files.writeString(file, "["
        + "{\"type\":\"domain-name\",\"id\":\"domain-name--3c10e93f-798e-5a26-a0c1-08156efab7f5\",\"value\":\"evil.example.com\"},"
        + observed("b67d30ff-02ac-498a-92f9-32f845f448cf", "2015-12-21T19:00:00Z", "domain-name--3c10e93f-798e-5a26-a0c1-08156efab7f5") + ","
        + "{\"type\":\"ipv4-addr\",\"id\":\"ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4\",\"value\":\"198.51.100.3\"},"
        + observed("c96f4120-2b4b-47c3-b61f-eceaa54bd9c6", "2015-12-21T19:05:00Z", "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4")
        + "]");
    return file;
  }

  private static String observed(String uuid, String time, String ref) {
    return "{\"type\":\"observed-data\",\"spec_version\":\"2.1\",\"id\":\"observed-data--" + uuid + "\","
        + "\"created\":\"2016-04-06T19:58:16.000Z\",\"modified\":\"2016-04-06T19:58:16.000Z\",\"first_observed\":\"" + time
        + "\",\"last_observed\":\"" + time + "\",\"number_observed\":1,\"object_refs\":[\"" + ref + "\"]}";
  }
}
