package dev.parley.cli;

import dev.parley.store.StoreException;
import dev.parley.store.Stores;
import dev.parley.store.collections.Collection;
import dev.parley.store.log.LogException;
import dev.parley.store.log.LogKeys;
import dev.parley.store.log.LogReader;
import dev.parley.store.log.LogUnavailableException;
import dev.parley.tlog.MalformedInputException;
import dev.parley.tlog.note.VerifierKey;
import dev.parley.tlog.verify.LogVerifier;
import dev.parley.tlog.verify.VerificationResult;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code parley log}: the node's transparency log — its key, its checkpoint, verifying it, receipts. */
@Command(
    name = "log",
    mixinStandardHelpOptions = true,
    description = "The transparency log: print the key or the checkpoint, verify a node's log, prove an object is in it,"
        + " verify such a proof (a receipt) offline.",
    subcommands = {LogCommand.Key.class, LogCommand.CheckpointCommand.class, LogCommand.Verify.class, LogCommand.Prove.class,
        VerifyReceiptCommand.class, EvidenceCommand.class},
    footer = {"", "Example:", "  parley log verify --url http://127.0.0.1:8080/log/ \\",
        "      --key \"$(parley log key)\" --full"})
final class LogCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a subcommand: key, checkpoint, verify, prove, verify-receipt or evidence.");
  }

  @Command(name = "key", mixinStandardHelpOptions = true,
      description = "Prints the log's verifier key (name+hex8+base64), made at the node's first start.",
      footer = {"", "Example:", "  parley log key --data parley-data"})
  static final class Key implements Runnable {
    @Spec CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "parley-data", description = "The node's data folder (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--key-file", paramLabel = "FILE", description = "The signing key file, when not DIR/log.key.")
    Path keyFile;

    @Override
    public void run() {
      Path file = keyFile != null ? keyFile : data.resolve(LogKeys.FILE);
      if (!Files.exists(file)) {
        throw new CommandFailure(ExitCodes.INVALID, "no log key at " + file + " (the node makes it at its first start)");
      }
      try {
        spec.commandLine().getOut().println(LogKeys.load(file).verifierKey().encode());
      } catch (LogException e) {
        throw new CommandFailure(ExitCodes.INVALID, e.getMessage());
      }
    }
  }

  @Command(name = "checkpoint", mixinStandardHelpOptions = true,
      description = "Prints the log's latest signed checkpoint, from the node's store or over HTTP.",
      footer = {"", "Examples:", "  parley log checkpoint --data ./parley-data",
          "  parley log checkpoint --url http://127.0.0.1:8080/log/ > seen.checkpoint"})
  static final class CheckpointCommand implements Runnable {
    @Spec CommandSpec spec;

    @Mixin StoreOptions store;

    @Option(names = "--url", paramLabel = "URL", description = {"Fetch it over HTTP from the log's base URL instead, e.g.", "https://node.example/log/"})
    URI url;

    @Override
    public void run() {
      String note;
      if (url != null) {
        try {
          note = new String(new HttpTileFetcher(url).fetch("checkpoint"), StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new CommandFailure(ExitCodes.INVALID, "cannot fetch the checkpoint: " + e.getMessage());
        }
      } else {
        try (Stores stores = store.open()) {
          note = LogReader.open(stores.db()).latest().note();
        } catch (StoreException e) {
          throw new CommandFailure(ExitCodes.INVALID, e.getMessage());
        }
      }
      spec.commandLine().getOut().print(note);
      spec.commandLine().getOut().flush();
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"Verifies a node's log over HTTP as any client would.",
          "It checks the checkpoint's signature and the tiles against its root; with --full every tile and entry bundle;"
              + " with --since consistency with an older checkpoint.",
          "With --witness and --quorum K, at least K of the named witnesses must have cosigned the checkpoint.",
          "Exit 0 when everything holds, 1 with the reason when anything does not."},
      footer = {"", "Examples:", "  parley log verify --url http://127.0.0.1:8080/log/ --key node.vkey --full",
          "  parley log verify --url http://127.0.0.1:8080/log/ --key node.vkey \\",
          "      --witness b=\"$(cat b.witness.vkey)\" --witness c=c.witness.vkey --quorum 2",
          "  parley log verify --url http://127.0.0.1:8080/log/ --key node.vkey \\",
          "      --since seen.checkpoint"})
  static final class Verify implements Runnable {
    @Spec CommandSpec spec;

    @Option(names = "--url", required = true, paramLabel = "URL", description = "The log's base URL, e.g. https://node.example/log/.")
    URI url;

    @Option(names = "--key", required = true, paramLabel = "VKEY", description = "The log's verifier key (name+hex8+base64), or a file holding it.")
    String key;

    @Option(names = "--full", description = "Also fetch and check every tile and entry bundle.")
    boolean full;

    @Option(names = "--since", paramLabel = "FILE", description = "A signed checkpoint seen earlier; the current one must be consistent with it.")
    Path since;

    @Option(names = "--witness", paramLabel = "NAME=VERIFIER_KEY",
        description = {"A witness whose cosignature counts toward --quorum (repeatable); NAME is a label for messages,",
            "VERIFIER_KEY its C2SP key (type 0x04, what parley witness key prints) or a file holding it."})
    List<String> witnesses = new ArrayList<>();

    @Option(names = "--quorum", paramLabel = "K",
        description = "How many of the --witness keys must have cosigned the checkpoint (default: all of them).")
    Integer quorum;

    @Override
    public void run() {
      VerifierKey verifier = parseKey(spec, key);
      Map<VerifierKey, String> named = Quorum.witnesses(spec, witnesses, verifier);
      int needed = Quorum.needed(spec, quorum, named.size());
      Optional<String> previous = Optional.empty();
      if (since != null) {
        InputFiles.requireReadable(since, since.toString());
        try {
          previous = Optional.of(Files.readString(since, StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new CommandFailure(ExitCodes.INVALID, "cannot read " + since + ": " + e.getMessage());
        }
      }
      VerificationResult result = new LogVerifier(new HttpTileFetcher(url), verifier).verify(full, previous);
      if (result instanceof VerificationResult.Failed failed) {
        throw new CommandFailure(ExitCodes.INVALID, "log verification failed: " + failed.reason());
      }
      VerificationResult.Verified ok = (VerificationResult.Verified) result;
      String witnessed = named.isEmpty() ? "" : ", " + Quorum.check(ok.signedNote(), verifier, named, needed);
      spec.commandLine().getOut().println("OK " + ok.checkpoint().origin() + " size " + ok.checkpoint().size()
          + " root " + ok.checkpoint().root().toBase64()
          + (full ? ", " + ok.entriesChecked() + " entries checked" : "")
          + (previous.isPresent() ? ", consistent with " + since : "") + witnessed);
    }

    static VerifierKey parseKey(CommandSpec spec, String text) {
      String value = text.strip();
      try {
        Path file = Path.of(value);
        if (Files.isRegularFile(file)) value = Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (IOException | InvalidPathException e) {
        // not a readable file: take it as the key text
      }
      try {
        return VerifierKey.parse(value);
      } catch (MalformedInputException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--key: " + e.getMessage());
      }
    }
  }

  // no standard -V/--version here: --version names the object version, as the command's contract says
  @Command(name = "prove",
      description = "Prints a receipt (leaf index, salt, entry, inclusion path, signed checkpoint) for a stored object version.",
      footer = {"", "Example:", "  parley log prove --collection shared \\",
          "      --object indicator--4386a92b-3e73-4ae6-9ca4-72cdbebdd181 > receipt.json"})
  static final class Prove implements Runnable {
    @Spec CommandSpec spec;
    @Mixin StoreOptions store;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--object", required = true, paramLabel = "ID", description = "The STIX id of the object.")
    String object;

    @Option(names = "--version", paramLabel = "V", description = "Its version (modified); by default the version logged last.")
    String version;

    @Option(names = "--collection", required = true, paramLabel = "C", description = "The collection (id or alias) it is stored in.")
    String collection;

    @Override
    public void run() {
      try (Stores stores = store.open()) {
        Collection c = stores.collections().resolve(collection)
            .orElseThrow(() -> new CommandFailure(ExitCodes.INVALID, "no collection " + collection));
        LogReader reader = LogReader.open(stores.db());
        for (int attempt = 0; ; attempt++) {
          try {
            spec.commandLine().getOut().println(reader.receipt(c.id(), object, Optional.ofNullable(version)).toJson());
            return;
          } catch (LogUnavailableException e) {
            if (e.permanent() || attempt == 20) throw new CommandFailure(ExitCodes.INVALID, e.getMessage());
            Thread.sleep(250); // not yet in a signed checkpoint: the node integrates within a second
          }
        }
      } catch (StoreException e) {
        throw new CommandFailure(ExitCodes.INVALID, e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CommandFailure(ExitCodes.INVALID, "interrupted");
      }
    }
  }
}
