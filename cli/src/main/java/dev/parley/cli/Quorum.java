package dev.parley.cli;

import dev.parley.tlog.MalformedInputException;
import dev.parley.tlog.checkpoint.CheckpointVerification;
import dev.parley.tlog.checkpoint.Checkpoints;
import dev.parley.tlog.note.SignatureType;
import dev.parley.tlog.note.VerifierKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code log verify --witness NAME=KEY --quorum K}: how many named witnesses cosigned a checkpoint. */
final class Quorum {
  private Quorum() {}

  /** The named witness keys, by key (labels as values); usage errors for malformed ones. */
  static Map<VerifierKey, String> witnesses(CommandSpec spec, List<String> given, VerifierKey logKey) {
    Map<VerifierKey, String> out = new LinkedHashMap<>();
    for (String w : given) {
      int eq = w.indexOf('=');
      if (eq <= 0) throw new CommandLine.ParameterException(spec.commandLine(), "--witness must be NAME=VERIFIER_KEY: " + w);
      String label = w.substring(0, eq);
      String text = w.substring(eq + 1).strip();
      try {
        Path file = Path.of(text);
        if (Files.isRegularFile(file)) text = Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (IOException | InvalidPathException e) {
        // not a readable file: the key itself
      }
      VerifierKey key;
      try {
        key = VerifierKey.parse(text);
      } catch (MalformedInputException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--witness " + label + ": " + e.getMessage());
      }
      if (key.type() != SignatureType.COSIGNATURE_V1) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--witness " + label + ": not a witness key (a cosignature/v1 key has type 0x04; parley witness key prints one)");
      }
      if (key.equals(logKey)) throw new CommandLine.ParameterException(spec.commandLine(), "--witness " + label + " is the log's own key");
      if (out.containsKey(key)) throw new CommandLine.ParameterException(spec.commandLine(), "--witness " + label + ": this key is named twice");
      out.put(key, label);
    }
    return out;
  }

  /** K: all named witnesses unless --quorum says otherwise; usage errors when it cannot be met. */
  static int needed(CommandSpec spec, Integer quorum, int named) {
    if (quorum == null) return named;
    if (named == 0) throw new CommandLine.ParameterException(spec.commandLine(), "--quorum needs at least one --witness");
    if (quorum < 1 || quorum > named) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--quorum must be 1 to the number of --witness keys (" + named + "): " + quorum);
    }
    return quorum;
  }

  /** Checks the cosignatures of {@code note}; returns the line to print, or fails with exit 1. */
  static String check(String note, VerifierKey logKey, Map<VerifierKey, String> named, int needed) {
    CheckpointVerification v = Checkpoints.open(note, logKey, List.copyOf(named.keySet()));
    if (v instanceof CheckpointVerification.Rejected r) {
      throw new CommandFailure(ExitCodes.INVALID, "log verification failed: cosignatures: " + r.reason());
    }
    List<VerifierKey> cosigners = ((CheckpointVerification.Verified) v).cosigners();
    List<String> yes = new ArrayList<>();
    List<String> no = new ArrayList<>();
    named.forEach((key, label) -> (cosigners.contains(key) ? yes : no).add(label));
    if (yes.size() < needed) {
      throw new CommandFailure(ExitCodes.INVALID, "log verification failed: " + yes.size() + " of the named witnesses cosigned the checkpoint,"
          + " the quorum is " + needed + (yes.isEmpty() ? "" : "; cosigned by " + String.join(", ", yes))
          + "; not cosigned by " + String.join(", ", no));
    }
    return "cosigned by " + yes.size() + " of " + named.size() + " named witnesses (" + String.join(", ", yes) + "), quorum " + needed;
  }
}
