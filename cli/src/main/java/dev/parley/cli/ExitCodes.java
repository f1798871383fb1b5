package dev.parley.cli;

import picocli.CommandLine;

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
          cmd.getErr().println("parley: " + ex.getMessage());
          cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
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

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }
}
