package dev.parley.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Lays out the description and the footer of every command's help: a line indented by two spaces is
 * an example and is printed exactly as written, so that it pastes into a shell as it reads (a long
 * example is broken with a trailing {@code " \"} by its author, never by the layout); other lines are
 * prose: a line that continues a sentence (it starts in lower case, or the line before ends without
 * a full stop, colon, question or exclamation mark) joins the line before, and each paragraph is
 * wrapped at spaces to the help's width. Picocli's own layout wraps every line on its own, so a
 * sentence broken across two source lines came out ragged, and examples were wrapped at any space or
 * punctuation.
 */
final class HelpLayout {
  /** The indentation that marks an example line, and the width no example line may exceed. */
  static final String EXAMPLE_INDENT = "  ";

  private HelpLayout() {}

  /** Installs the footer layout on {@code cli} and every subcommand below it. */
  static CommandLine install(CommandLine cli) {
    cli.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_DESCRIPTION, help -> footer(
        help.commandSpec().usageMessage().description(), help.commandSpec().usageMessage().width()));
    cli.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_FOOTER, help -> footer(
        help.commandSpec().usageMessage().footer(), help.commandSpec().usageMessage().width()));
    cli.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, help -> commandList(
        help.commandSpec(), help.commandSpec().usageMessage().width()));
    joinOptionDescriptions(cli.getCommandSpec());
    for (CommandLine sub : cli.getSubcommands().values()) install(sub);
    return cli;
  }

  /**
   * Each option's description joined into sentences as {@link #lines} joins prose: picocli starts
   * a new line at every element of a description array, so a sentence its author broke across two
   * elements was printed ragged. The option is replaced by a copy with the joined description (same
   * names, same field).
   */
  private static void joinOptionDescriptions(CommandLine.Model.CommandSpec spec) {
    for (CommandLine.Model.OptionSpec option : List.copyOf(spec.options())) {
      if (option.description().length < 2) continue;
      String[] joined = lines(option.description()).stream().map(l -> l.replace("%", "%%")).toArray(String[]::new);
      spec.remove(option);
      spec.addOption(option.toBuilder().description(joined).build());
    }
  }

  /**
   * The list of a command's subcommands: each name with the first sentence of its description,
   * wrapped beside it. Picocli's list showed the first element of the description array, which is
   * where its author broke a source line, often in the middle of a sentence ("... on a node's data
   * folder or database,").
   */
  static String commandList(CommandLine.Model.CommandSpec spec, int width) {
    Map<String, CommandLine> subs = spec.subcommands();
    if (subs.isEmpty()) return "";
    int column = 0;
    for (String name : subs.keySet()) column = Math.max(column, name.length());
    column += 2 * EXAMPLE_INDENT.length(); // "  name  "
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, CommandLine> sub : subs.entrySet()) {
      if (sub.getValue().getCommandSpec().usageMessage().hidden()) continue;
      List<String> text = wrap(summary(sub.getValue().getCommandSpec().usageMessage()), Math.max(20, width - column - 2));
      String name = EXAMPLE_INDENT + sub.getKey();
      out.append(name).append(" ".repeat(column - name.length())).append(text.get(0)).append('\n');
      for (String more : text.subList(1, text.size())) out.append(" ".repeat(column + 2)).append(more).append('\n');
    }
    return out.toString();
  }

  /**
   * What the list of commands says of one: its header when it has one (picocli's own {@code help}),
   * else the first sentence of its description's first paragraph: up to a full stop followed by a
   * capital, or all of it.
   */
  static String summary(UsageMessageSpec usage) {
    List<String> lines = lines(usage.header().length > 0 ? usage.header() : usage.description());
    String first = lines.isEmpty() ? "" : lines.get(0).strip();
    for (int i = first.indexOf(". "); i >= 0; i = first.indexOf(". ", i + 1)) {
      if (i + 2 < first.length() && Character.isUpperCase(first.charAt(i + 2))) return first.substring(0, i + 1);
    }
    return first;
  }

  /** A description or footer laid out: examples as written, prose joined into paragraphs and wrapped. */
  static String footer(String[] footer, int width) {
    StringBuilder out = new StringBuilder();
    for (String line : lines(footer)) {
      if (line.startsWith(EXAMPLE_INDENT)) {
        out.append(line).append('\n');
      } else {
        for (String wrapped : wrap(line, width)) out.append(wrapped).append('\n');
      }
    }
    return out.toString();
  }

  /** The logical lines of help text: examples and blank lines as they are, continued sentences joined. */
  static List<String> lines(String[] entries) {
    List<String> out = new ArrayList<>();
    boolean prose = false; // whether the last line is prose that a continuation may join
    for (String entry : entries) {
      // picocli help texts are format strings: %n breaks a line, %% is a percent sign
      String[] parts = entry.split("%n", -1);
      for (int i = 0; i < parts.length; i++) {
        String line = parts[i].replace("%%", "%");
        boolean example = line.startsWith(EXAMPLE_INDENT);
        if (i == 0 && prose && !example && !line.isEmpty() && continues(out.get(out.size() - 1), line)) {
          out.set(out.size() - 1, out.get(out.size() - 1) + " " + line.strip());
        } else {
          out.add(line);
        }
        prose = !example && !line.isBlank();
      }
    }
    return out;
  }

  /** Whether {@code next} continues the sentence that {@code previous} ends. */
  private static boolean continues(String previous, String next) {
    char first = next.charAt(0);
    if (Character.isLowerCase(first) || Character.isDigit(first)) return true;
    char last = previous.stripTrailing().isEmpty() ? '.' : previous.stripTrailing().charAt(previous.stripTrailing().length() - 1);
    return ".:!?".indexOf(last) < 0;
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
