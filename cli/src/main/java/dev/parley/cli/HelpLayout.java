package dev.parley.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Lays out the footer of every command's help: a line indented by two spaces is an example and is
 * printed exactly as written, so that it pastes into a shell as it reads (a long example is broken
 * with a trailing {@code " \"} by its author, never by the layout); other lines are prose, wrapped
 * at spaces to the help's width. Picocli's own layout wraps every line, examples included, at any
 * space or punctuation it finds.
 */
final class HelpLayout {
  /** The indentation that marks an example line, and the width no example line may exceed. */
  static final String EXAMPLE_INDENT = "  ";

  private HelpLayout() {}

  /** Installs the footer layout on {@code cli} and every subcommand below it. */
  static CommandLine install(CommandLine cli) {
    cli.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_FOOTER, help -> footer(
        help.commandSpec().usageMessage().footer(), help.commandSpec().usageMessage().width()));
    for (CommandLine sub : cli.getSubcommands().values()) install(sub);
    return cli;
  }

  static String footer(String[] footer, int width) {
    StringBuilder out = new StringBuilder();
    for (String entry : footer) {
      // picocli footers are format strings: %n breaks a line, %% is a percent sign
      for (String line : entry.split("%n", -1)) {
        line = line.replace("%%", "%");
        if (line.startsWith(EXAMPLE_INDENT)) {
          out.append(line).append('\n');
        } else {
          for (String wrapped : wrap(line, width)) out.append(wrapped).append('\n');
        }
      }
    }
    return out.toString();
  }

  /** Greedy wrapping at spaces; a word longer than the width stands on a line of its own. */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (word.isEmpty()) continue;
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) line.append(' ');
      line.append(word);
    }
    lines.add(line.toString());
    return lines;
  }
}
