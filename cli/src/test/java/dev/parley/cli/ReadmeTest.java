package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The README's commands and the example it ships (regression: the README validated a
 * {@code bundle.json} that the repository did not have).
 */
class ReadmeTest {
  /** Tests run in the module's folder; the README and the examples are at the repository's root. */
  private static final Path ROOT = Path.of("..");

  /** The commands of the README's shell blocks, continuation lines joined. */
  private static List<String> commandLines() throws Exception {
    List<String> lines = new ArrayList<>();
    boolean in = false;
    for (String line : Files.readAllLines(ROOT.resolve("README.md"))) {
      if (line.startsWith("```")) {
        in = !in && line.equals("```sh");
      } else if (in) {
        lines.add(line);
      }
    }
    return HelpTest.logical(lines);
  }

  @Test
  void readme_parleyCommands_nameOnlyCommandsAndOptionsThatExist() throws Exception {
    int parsed = 0;
    for (String line : commandLines()) {
      for (List<String> words : ShellWords.commands(line)) {
        if (!words.get(0).equals("./parley")) continue;
        String[] args = words.subList(1, words.size()).toArray(new String[0]);
        assertThatCode(() -> Parley.configure(new CommandLine(new Parley())).parseArgs(args)).as(line).doesNotThrowAnyException();
        parsed++;
      }
    }
    assertThat(parsed).isGreaterThanOrEqualTo(5);
  }

  @Test
  void readme_namesOnlyExampleFilesThatExist() throws Exception {
    List<String> named = new ArrayList<>();
    for (String line : commandLines()) {
      for (String word : ShellWords.split(line)) {
        if (word.startsWith("examples/")) named.add(word);
      }
    }
    assertThat(named).isNotEmpty();
    for (String file : named) assertThat(ROOT.resolve(file)).as(file).isRegularFile();
  }

  @Test
  void readme_isOneScreen() throws Exception {
    assertThat(Files.readAllLines(ROOT.resolve("README.md"))).hasSizeLessThanOrEqualTo(50);
  }

  @Test
  void exampleBundle_validatesWithoutFindings() throws Exception {
    TestCli.Result r = TestCli.runExactly("validate", "--strict", "--format", "json", ROOT.resolve("examples/bundle.json").toString());
    assertThat(r.code()).as(r.out()).isZero();
    JsonNode json = Json.mapper().readTree(r.out());
    assertThat(json.path("findings")).isEmpty();
    assertThat(json.at("/summary/objects").asLong()).isEqualTo(4);
    assertThat(json.at("/summary/valid").asLong()).isEqualTo(4);
  }
}
