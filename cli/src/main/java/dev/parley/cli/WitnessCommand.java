package dev.parley.cli;

import dev.parley.store.log.LogException;
import dev.parley.store.witness.WitnessKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code parley witness}: the node's witness, which cosigns its peers' checkpoints (C2SP tlog-witness). */
@Command(
    name = "witness",
    mixinStandardHelpOptions = true,
    description = {"The node's witness: it cosigns its peers' checkpoints (c2sp.org/tlog-witness) at",
        "POST /witness/add-checkpoint, with a key of its own made at the node's first start."},
    subcommands = {WitnessCommand.Key.class},
    footer = {"", "Example:", "  parley witness key --data parley-data"})
final class WitnessCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a subcommand: key.");
  }

  @Command(name = "key", mixinStandardHelpOptions = true,
      description = "Prints the witness's C2SP verifier key (name+hex8+base64, type 0x04 cosignature/v1) on one line.",
      footer = {"", "Example:", "  parley log verify --url http://127.0.0.1:8081/log/ --key a.vkey \\",
          "      --witness b=\"$(parley witness key --data b-data)\" --quorum 1"})
  static final class Key implements Runnable {
    @Spec CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "parley-data", description = "The node's data folder (default: ${DEFAULT-VALUE}).")
    Path data;

    @Override
    public void run() {
      Path file = data.resolve(WitnessKeys.FILE);
      if (!Files.exists(file)) {
        throw new CommandFailure(ExitCodes.INVALID, "no witness key at " + file + " (the node makes it at its first start)");
      }
      try {
        spec.commandLine().getOut().println(WitnessKeys.load(file).verifierKey().encode());
      } catch (LogException e) {
        throw new CommandFailure(ExitCodes.INVALID, e.getMessage());
      }
    }
  }
}
