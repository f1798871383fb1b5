package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's help: its examples paste into a shell as they read, and name only commands and
 * options that exist (regression: picocli wrapped examples in the middle of an argument, as in
 * {@code -H 'Accept:⏎application/taxii+json'}).
 */
class HelpTest {
  private static final int WIDTH = 80;

  /** Every command and subcommand by its qualified name, except picocli's own {@code help}. */
  private static Map<String, CommandLine> commands() {
    Map<String, CommandLine> all = new LinkedHashMap<>();
    collect(Parley.configure(new CommandLine(new Parley())), all);
    return all;
  }

  private static void collect(CommandLine cli, Map<String, CommandLine> all) {
    if (cli.getCommandSpec().userObject() instanceof CommandLine.HelpCommand) return;
    all.put(cli.getCommandSpec().qualifiedName(), cli);
    for (CommandLine sub : cli.getSubcommands().values()) collect(sub, all);
  }

  /** The lines of the help's example section: from "Example:" or "Examples:" to the next blank line. */
  private static List<String> exampleLines(String help) {
    List<String> lines = new ArrayList<>();
    boolean in = false;
    for (String line : help.split("\n", -1)) {
      if (line.equals("Example:") || line.equals("Examples:")) {
        in = true;
      } else if (in && line.isBlank()) {
        in = false;
      } else if (in) {
        lines.add(line);
      }
    }
    return lines;
  }

  /** Regression: {@code agreement show --help} was an unknown option (its --version N displaced the help mixin). */
  @Test
  void help_everyCommand_answersHelpAndH() {
    commands().forEach((name, cli) -> {
      List<String> words = new ArrayList<>(List.of(name.split(" ")));
      words.remove(0); // "parley"
      for (String flag : new String[] {"--help", "-h"}) {
        List<String> args = new ArrayList<>(words);
        args.add(flag);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine fresh = Parley.configure(new CommandLine(new Parley()));
        fresh.setOut(new PrintWriter(out));
        fresh.setErr(new PrintWriter(err));
        assertThat(fresh.execute(args.toArray(String[]::new))).as(name + " " + flag + ": " + err).isZero();
        assertThat(out.toString()).as(name + " " + flag).startsWith("Usage: " + name);
      }
    });
  }

  @Test
  void help_everyCommand_hasExamples() {
    commands().forEach((name, cli) -> assertThat(exampleLines(cli.getUsageMessage())).as(name).isNotEmpty());
  }

  @Test
  void help_everyExampleLine_isWholeAndWithinTheWidth() {
    commands().forEach((name, cli) -> {
      for (String line : exampleLines(cli.getUsageMessage())) {
        assertThat(line.length()).as(name + ": " + line).isLessThanOrEqualTo(WIDTH);
        assertThat(line).as(name).startsWith(HelpLayout.EXAMPLE_INDENT);
        String text = line.endsWith(" \\") ? line.substring(0, line.length() - 2) : line;
        // each line on its own is complete shell text: no quote or substitution runs on to the next
        assertThatCode(() -> ShellWords.split(text)).as(name + ": " + line).doesNotThrowAnyException();
      }
    });
  }

  @Test
  void help_everyExampleCommand_parsesAsParleyCommand() {
    commands().forEach((name, cli) -> {
      for (String command : logical(exampleLines(cli.getUsageMessage()))) {
        for (List<String> words : ShellWords.commands(command)) {
          if (!words.get(0).equals("parley") && !words.get(0).equals("./parley")) continue;
          String[] args = words.subList(1, words.size()).toArray(new String[0]);
          assertThatCode(() -> Parley.configure(new CommandLine(new Parley())).parseArgs(args))
              .as(name + ": " + command).doesNotThrowAnyException();
        }
      }
    });
  }

  @Test
  void help_optionDescriptions_neverBreakAUrl() {
    commands().forEach((name, cli) -> assertThat(cli.getUsageMessage()).as(name).doesNotContainPattern("[a-z]:\\s*\\n\\s*([a-z]+:)?//"));
  }

  @Test
  void footer_proseWrappedAtSpaces_examplesVerbatim() {
    String footer = HelpLayout.footer(new String[] {"", "Example:",
        "  parley validate --format json examples/bundle.json examples/bundle.json examples/bundle.json",
        "Exit codes: 0 success, 1 invalid input or a failed check, 2 usage error; see ARCHITECTURE.md for more."}, 40);
    assertThat(footer).isEqualTo("\nExample:\n"
        + "  parley validate --format json examples/bundle.json examples/bundle.json examples/bundle.json\n"
        + "Exit codes: 0 success, 1 invalid input\nor a failed check, 2 usage error; see\nARCHITECTURE.md for more.\n");
  }

  @Test
  void prose_aSentenceBrokenAcrossSourceLines_isOneParagraph() {
    assertThat(HelpLayout.lines(new String[] {"Prints what the node holds, also while", "it serves.",
        "Exit 0 when done;", "1 otherwise.", "A new sentence.", "", "Examples:", "  parley x", "  parley y"}))
        .containsExactly("Prints what the node holds, also while it serves.", "Exit 0 when done; 1 otherwise.",
            "A new sentence.", "", "Examples:", "  parley x", "  parley y");
  }

  @Test
  void help_everyDescription_isWrappedGreedily_neverRagged() {
    // regression: each source line of a description was wrapped on its own, so a sentence broken in
    // the source came out as a long line, a short one, and the rest of the sentence on the next line
    commands().forEach((name, cli) -> {
      String[] lines = HelpLayout.footer(cli.getCommandSpec().usageMessage().description(), WIDTH).split("\n");
      for (int i = 0; i + 1 < lines.length; i++) {
        String next = lines[i + 1];
        if (next.isBlank() || next.startsWith(HelpLayout.EXAMPLE_INDENT) || !Character.isLowerCase(next.charAt(0))) continue;
        String word = next.split(" ")[0];
        assertThat(lines[i].length() + 1 + word.length()).as(name + ": '" + lines[i] + "' then '" + word + "'")
            .isGreaterThan(WIDTH);
      }
    });
  }

  @Test
  void help_commandList_showsEachCommandsFirstSentence_whole_andShort() {
    // regression: the list showed the first source line of a description, often half a sentence
    // ("... on a node's data folder or database,")
    org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
    commands().forEach((name, cli) -> {
      String summary = HelpLayout.summary(cli.getCommandSpec().usageMessage());
      soft.assertThat(summary).as(name).endsWith(".").hasSizeLessThanOrEqualTo(200);
      String[] words = name.split(" ");
      if (words.length < 2) return;
      String parent = String.join(" ", Arrays.copyOf(words, words.length - 1));
      String list = HelpLayout.commandList(commands().get(parent).getCommandSpec(), WIDTH);
      soft.assertThat(list.replaceAll("\\s+", " ")).as(parent).contains(words[words.length - 1] + " " + summary);
      for (String line : list.split("\n")) soft.assertThat(line.length()).as(parent + ": " + line).isLessThanOrEqualTo(WIDTH);
    });
    soft.assertAll();
  }

  @Test
  void help_everyOptionDescription_sentencesJoined_neverRagged() {
    // regression: picocli starts a new line at each element of an option's description, so
    // "--witness" printed "...a label for messages," then "VERIFIER_KEY its C2SP key..." below it
    commands().forEach((name, cli) -> {
      for (CommandLine.Model.OptionSpec option : cli.getCommandSpec().options()) {
        assertThat(HelpLayout.lines(option.description())).as(name + " " + option.longestName())
            .hasSize(option.description().length);
      }
    });
    String help = commands().get("parley log verify").getUsageMessage();
    assertThat(help.replaceAll("\\s+", " ")).contains("NAME is a label for messages, VERIFIER_KEY its C2SP key");
  }

  /** Example lines joined at their {@code " \"} continuations into whole commands. */
  static List<String> logical(List<String> lines) {
    List<String> commands = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : lines) {
      if (line.endsWith(" \\")) {
        current.append(line, 0, line.length() - 1);
      } else {
        commands.add(current.append(line).toString().strip());
        current.setLength(0);
      }
    }
    if (current.length() > 0) commands.add(current.toString().strip());
    return commands;
  }
}
