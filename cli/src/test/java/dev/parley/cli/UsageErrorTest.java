package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Usage errors of every command: exit 2, and a misspelt option is reported as unknown, with the
 * option meant (regression: {@code import x --colection c} said only that {@code --collection}
 * was missing).
 */
class UsageErrorTest {

  /** The command paths of every runnable command, e.g. {@code [log, prove]}. */
  private static List<List<String>> leaves(CommandLine cli, List<String> path, List<List<String>> out) {
    if (cli.getCommandSpec().userObject() instanceof CommandLine.HelpCommand) return out;
    if (cli.getSubcommands().isEmpty()) out.add(path);
    cli.getSubcommands().forEach((name, sub) -> {
      List<String> next = new ArrayList<>(path);
      next.add(name);
      leaves(sub, next, out);
    });
    return out;
  }

  @Test
  void misspeltRequiredOption_reportedAsUnknownWithSuggestion_exit2() {
    TestCli.Result r = TestCli.runExactly("import", "x.json", "--colection", "shared");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Unknown option: '--colection'").contains("--collection").doesNotContain("Missing required");
  }

  @Test
  void misspeltSubcommand_suggestsIt_exit2() {
    TestCli.Result r = TestCli.runExactly("valdate", "x.json");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("'valdate'").contains("Did you mean").contains("validate");
  }

  @Test
  void everyCommand_misspeltLongOption_unknownWithTheOptionMeant_exit2() {
    CommandLine root = new CommandLine(new Parley());
    for (List<String> path : leaves(root, new ArrayList<>(), new ArrayList<>())) {
      CommandLine cli = root;
      for (String name : path) cli = cli.getSubcommands().get(name);
      for (OptionSpec option : cli.getCommandSpec().options()) {
        String name = option.longestName();
        if (!name.startsWith("--") || name.length() < 6) continue;
        // a letter dropped from the middle: --collection becomes --colection
        int at = name.length() / 2;
        String typo = name.substring(0, at) + name.substring(at + 1);
        List<String> args = new ArrayList<>(path);
        args.add(typo);
        args.add("value");
        TestCli.Result r = TestCli.runExactly(args.toArray(new String[0]));
        assertThat(r.code()).as(args + ": " + r.err()).isEqualTo(2);
        assertThat(r.err()).as(String.valueOf(args)).contains("Unknown option: '" + typo + "'").contains(name)
            .doesNotContain("Missing required");
      }
    }
  }
}
