package dev.parley.cli;

import dev.parley.stix.Spelling;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The exit codes every command shares: 0 success, 1 invalid input or a failed check, 2 a usage
 * error. An unexpected failure is reported in one line (no stack trace) and exits 1.
 */
final class ExitCodes {
  static final int OK = 0;
  static final int INVALID = 1;
  static final int USAGE = 2;

  private ExitCodes() {}

  static CommandLine configure(CommandLine cli) {
    cli.setExitCodeExceptionMapper(t -> INVALID);
    cli.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine cmd = ex.getCommandLine();
          PrintWriter err = cmd.getErr();
          ParameterException cause = unknownFirst(ex);
          if (cause instanceof UnmatchedArgumentException unmatched) {
            err.println("parley: " + unknown(unmatched));
            List<String> suggestions = suggestions(unmatched);
            if (!suggestions.isEmpty()) err.println("Did you mean: " + String.join(" or ", suggestions) + "?");
          } else {
            err.println("parley: " + cause.getMessage());
          }
          err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
          return USAGE;
        });
    cli.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          if (ex instanceof CommandFailure failure) {
            cmd.getErr().println("parley: " + failure.getMessage());
            return failure.exitCode();
          }
          cmd.getErr().println("parley: " + describe(ex));
          if (System.getenv("PARLEY_DEBUG") != null) ex.printStackTrace(cmd.getErr());
          return INVALID;
        });
    return cli;
  }

  /**
   * The error to report: picocli checks required options before it complains about unknown ones, so
   * a misspelt {@code --colection} would be reported as a missing {@code --collection}; the
   * misspelling is the cause, and picocli can suggest the option meant.
   */
  static ParameterException unknownFirst(ParameterException ex) {
    if (ex instanceof UnmatchedArgumentException) return ex;
    List<String> unmatched = ex.getCommandLine().getUnmatchedArguments();
    return unmatched.isEmpty() ? ex : new UnmatchedArgumentException(ex.getCommandLine(), unmatched);
  }

  /** Names the unknown options (or, where there are none, the unknown command); stray values are no news. */
  private static String unknown(UnmatchedArgumentException ex) {
    List<String> args = ex.getUnmatched();
    List<String> options = args.stream().filter(a -> a.startsWith("-") && !a.equals("-")).toList();
    if (!options.isEmpty()) {
      return "Unknown option" + (options.size() == 1 ? "" : "s") + ": " + quoted(options);
    }
    if (!ex.getCommandLine().getSubcommands().isEmpty()) return "Unknown command: " + quoted(args.subList(0, 1));
    return ex.getMessage();
  }

  /**
   * Picocli's suggestions, or where it has none (it compares pairs of letters, which says little of
   * a short name such as {@code --dta}), the command's options within a few edits of the first
   * unknown one.
   */
  private static List<String> suggestions(UnmatchedArgumentException ex) {
    if (!ex.getSuggestions().isEmpty()) return ex.getSuggestions();
    String option = ex.getUnmatched().stream().filter(a -> a.startsWith("--")).findFirst().orElse(null);
    if (option == null) return List.of();
    int equals = option.indexOf('=');
    List<String> names = new ArrayList<>();
    ex.getCommandLine().getCommandSpec().options().forEach(o -> names.addAll(List.of(o.names())));
    return Spelling.closest(equals < 0 ? option : option.substring(0, equals), names);
  }

  private static String quoted(List<String> args) {
    return String.join(", ", args.stream().map(a -> "'" + a + "'").toList());
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }
}
