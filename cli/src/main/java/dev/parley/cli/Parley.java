package dev.parley.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code parley} command: the entry point of the command line. */
@Command(
    name = "parley",
    mixinStandardHelpOptions = true,
    versionProvider = Parley.Version.class,
    description = "A threat-intelligence exchange: STIX 2.1 over TAXII 2.1 with a transparency log.",
    subcommands = {
      CommandLine.HelpCommand.class,
      ValidateCommand.class,
      ServeCommand.class,
      ImportCommand.class,
      ExportCommand.class,
      CollectionCommand.class,
      PeerCommand.class,
      AgreementCommand.class,
      PolicyCommand.class,
      SyncCommand.class,
      ReceiptCommand.class,
      TokenCommand.class,
      LogCommand.class,
      WitnessCommand.class,
      PatternCommand.class,
      DetectCommand.class,
    },
    footer = {"", "Examples:",
        "  parley serve",
        "  parley validate examples/bundle.json",
        "  parley import examples/bundle.json --collection shared",
        "", "Exit codes: 0 success, 1 invalid input or failed check, 2 usage error."})
public final class Parley implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    int code;
    try {
      code = run(args);
    } catch (OutOfMemoryError e) {
      // one line, as any other failure is, not the JVM's stack trace (hostile run 12ar D4, a 96 MB heap)
      System.err.println("parley: out of memory: the Java heap of " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
          + " MB is too small for this input; give it more with PARLEY_JAVA_OPTS=-Xmx<size>");
      code = ExitCodes.INVALID;
    }
    System.exit(code);
  }

  /** Runs the command line and returns its exit code, without exiting. */
  public static int run(String... args) {
    return configure(new CommandLine(new Parley())).execute(args);
  }

  /** The command line's shared set-up: exit codes, error messages and the help layout. */
  static CommandLine configure(CommandLine cli) {
    return HelpLayout.install(ExitCodes.configure(cli));
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command.");
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Parley.class.getPackage().getImplementationVersion();
      return new String[] {"parley " + (v == null ? "development build" : v)};
    }
  }
}
