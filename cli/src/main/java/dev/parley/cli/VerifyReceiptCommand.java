package dev.parley.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Canonical;
import dev.parley.stix.Json;
import dev.parley.stix.StixReader;
import dev.parley.stix.StixRecord;
import dev.parley.store.log.Leaf;
import dev.parley.tlog.TlogException;
import dev.parley.tlog.entry.EntryKind;
import dev.parley.tlog.entry.LogEntry;
import dev.parley.tlog.note.VerifierKey;
import dev.parley.tlog.verify.Receipt;
import dev.parley.tlog.verify.ReceiptCheck;
import dev.parley.tlog.verify.Receipts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code parley log verify-receipt}: checks a receipt offline, part by part, as tlog/ENTRY-FORMAT.md
 * says (the checkpoint's signature, the inclusion proof, the entry, its commitment to the object's
 * bytes), and names the part that fails. Nothing is fetched: the holder needs the receipt, the
 * object and the log's key.
 */
@Command(name = "verify-receipt", mixinStandardHelpOptions = true,
    description = {"Verifies a receipt from 'parley log prove' or a node's /log/receipt offline.",
        "It holds when the checkpoint is signed by the log's key, the inclusion proof leads from the entry to the"
            + " checkpoint's root, the entry is well formed, and it commits, under the receipt's salt, to the object"
            + " (given with --object, as received) stored in the receipt's collection at its version.",
        "Exit 0 when every part holds; 1 naming the part that does not (checkpoint signature, inclusion proof, entry,"
            + " commitment, object, receipt); 2 usage error."},
    footer = {"", "Examples:", "  parley log prove --collection shared \\",
        "      --object indicator--4386a92b-3e73-4ae6-9ca4-72cdbebdd181 > receipt.json",
        "  parley log verify-receipt receipt.json --key \"$(parley log key)\" \\",
        "      --object examples/bundle.json"})
final class VerifyReceiptCommand implements Callable<Integer> {
  enum Format { text, json }

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The receipt (JSON); - reads standard input.")
  String file;

  @Option(names = "--key", required = true, paramLabel = "VKEY", description = "The log's verifier key (name+hex8+base64), or a file holding it.")
  String key;

  @Option(names = "--object", paramLabel = "FILE", description = "The object the receipt is for: a file with the STIX object,"
      + " or a bundle, JSON array, JSON Lines or TAXII envelope that holds it (found by its id). Needed for a receipt"
      + " of a stored version.")
  Path object;

  @Option(names = "--format", defaultValue = "text", paramLabel = "F", description = "text or json (default: ${DEFAULT-VALUE}).")
  Format format;

  /** What a receipt is about; {@code peer} for a version received from a peer (an entry of kind receive), else null. */
  private record Subject(UUID collection, String id, String version, String peer) {}

  /** The answer of /log/agreement ({@code {"peer","version","sha256","agreement","receipt"}}) this run checks, or null. */
  private JsonNode agreement;
  // its "installed" is the node's word: the entry's own time, printed with the result, is what the log holds

  /**
   * The receipt in what {@code parley receipt show --format json} writes (an array of one entry, or
   * the entry, whose member {@code receipt} is the receipt), as its text; {@code text} itself when
   * it is none of those (hostile run 10at: the output of one command was refused by the other).
   */
  private String receiptOfShow(String text) {
    JsonNode json;
    try {
      json = Json.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      return text; // reported as no receipt below
    }
    if (json != null && json.isArray() && json.size() > 1 && json.get(0).path("receipt").isObject()) {
      throw new CommandFailure(ExitCodes.INVALID, file + " holds " + json.size() + " receipts ('parley receipt show' output):"
          + " give one, e.g. the entry of one object version");
    }
    JsonNode entry = json != null && json.isArray() && json.size() == 1 ? json.get(0) : json;
    return entry != null && entry.isObject() && !entry.has("salt") && entry.path("receipt").isObject()
        ? entry.get("receipt").toString() : text;
  }

  /** {@code text} read as an answer of /log/agreement, or null when it is none. */
  private static JsonNode agreementAnswer(String text) {
    try {
      JsonNode json = Json.mapper().readTree(text);
      return json != null && json.path("agreement").isObject() && json.path("receipt").isObject() ? json : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /**
   * An agreement's entry commits to its canonical form (RFC 8785) under the receipt's salt, named by
   * the peer and the version: checked against the agreement of a /log/agreement answer, given as the
   * receipt itself or with --object. Its {@code sha256}, when given, must be that form's too.
   */
  private Failure agreementCommitment(Receipt receipt, LogEntry entry, Subject subject) {
    JsonNode answer = agreement;
    if (answer == null && object != null) {
      InputFiles.requireReadable(object, object.toString());
      try {
        answer = agreementAnswer(Files.readString(object));
      } catch (IOException e) {
        throw new CommandFailure(ExitCodes.INVALID, "cannot read " + object + ": " + InputFiles.why(e));
      }
    }
    if (answer == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "the receipt is of an agreement: give the answer of /log/agreement"
          + " as FILE, or with --object");
    }
    String prefix = "agreement:";
    if (!subject.id().startsWith(prefix)) return new Failure("receipt", "an agreement's receipt names agreement:PEER, not " + subject.id());
    // the answer's own peer and version are what a reader takes it for: they must be the receipt's
    String peer = subject.id().substring(prefix.length());
    if (!answer.path("peer").isTextual() || !answer.path("version").canConvertToInt()) {
      return new Failure("object", "the answer names no peer and version: it is not /log/agreement's answer as served");
    }
    if (!peer.equals(answer.path("peer").asText(null))) {
      return new Failure("object", "the answer says peer " + answer.get("peer") + ", its receipt is of the agreement with " + peer);
    }
    if (!subject.version().equals(answer.get("version").asText())) {
      return new Failure("object", "the answer says version " + answer.get("version") + ", its receipt is of version " + subject.version());
    }
    byte[] canonical = Canonical.string(answer.get("agreement")).getBytes(StandardCharsets.UTF_8);
    if (answer.path("sha256").isTextual()
        && !answer.get("sha256").asText().equals(HexFormat.of().formatHex(Canonical.sha256(answer.get("agreement"))))) {
      return new Failure("object", "the agreement's sha256 is not that of its canonical form");
    }
    Leaf leaf = Leaf.agreement(subject.id().substring(prefix.length()), Integer.parseInt(subject.version()), canonical);
    return entry.commitsTo(receipt.salt(), leaf.canonical()) ? null
        : new Failure("commitment", "the entry does not commit to this agreement, version " + subject.version() + " with "
            + subject.id().substring(prefix.length()) + ", under the receipt's salt");
  }

  /** A part that failed: which (as in the exit message and the JSON member {@code failed}) and why. */
  private record Failure(String part, String reason) {}

  @Override
  public Integer call() {
    VerifierKey verifier = LogCommand.Verify.parseKey(spec, key);
    String text = readReceipt();
    agreement = agreementAnswer(text);
    if (agreement != null) text = agreement.get("receipt").toString(); // a peer's /log/agreement answer, whole
    else text = receiptOfShow(text);
    Receipt receipt;
    Subject subject;
    try {
      receipt = Receipt.parse(text);
      subject = subject(text);
    } catch (TlogException | IllegalArgumentException e) {
      return fail(new Failure("receipt", file + " is not a receipt: " + e.getMessage()));
    }
    ReceiptCheck check = Receipts.check(receipt, verifier, Optional.empty());
    if (check instanceof ReceiptCheck.Fails fails) return fail(new Failure(label(fails.part()), fails.reason()));
    ReceiptCheck.Holds holds = (ReceiptCheck.Holds) check;
    Failure commitment = commitment(receipt, holds.entry(), subject);
    if (commitment != null) return fail(commitment);
    report(receipt, holds, subject);
    return ExitCodes.OK;
  }

  private String readReceipt() {
    InputFiles.requireReadable(file);
    try {
      byte[] bytes = "-".equals(file) ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CommandFailure(ExitCodes.INVALID, "cannot read " + file + ": " + e.getMessage());
    }
  }

  /** The collection, id and version of the receipt, or null for a bare tlog receipt without them. */
  private static Subject subject(String text) {
    JsonNode json;
    try {
      json = Json.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage());
    }
    if (!json.path("collection").isTextual() || !json.path("id").isTextual() || !json.path("version").isTextual()) {
      return null;
    }
    return new Subject(UUID.fromString(json.get("collection").textValue()), json.get("id").textValue(), json.get("version").textValue(),
        json.path("peer").isTextual() ? json.get("peer").textValue() : null);
  }

  /** Checks the entry's commitment to what the receipt is about; null when it holds. */
  private Failure commitment(Receipt receipt, LogEntry entry, Subject subject) {
    if (subject == null) {
      return new Failure("receipt", "it names no collection, id and version, so its commitment cannot be checked");
    }
    if (entry.kind() == EntryKind.AGREEMENT) return agreementCommitment(receipt, entry, subject);
    if (subject.peer() != null && entry.kind() != EntryKind.RECEIVE) {
      // only a receive entry commits to a peer (tlog/ENTRY-FORMAT.md): a name beside another kind is no one's word, and a
      // reader told "stored from peer X" would take it for the log's (hostile run 10ag: exit 0 with a peer added by hand)
      return new Failure("receipt", "it names peer " + subject.peer() + ", but its entry is of kind " + kindName(entry.kind())
          + ", which commits to no peer: the name is not the log's");
    }
    if (entry.kind() == EntryKind.DELETE) {
      return entry.commitsTo(receipt.salt(), Leaf.deleted(subject.collection(), subject.id(), subject.version()).canonical())
          ? null : commitmentFailure(subject);
    }
    if (object == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--object FILE is needed: the receipt is for a stored version of " + subject.id() + ", and its commitment is to the object's bytes");
    }
    List<ObjectNode> candidates = candidates(subject.id());
    if (candidates.isEmpty()) return new Failure("object", "no object with id " + subject.id() + " in " + object);
    for (ObjectNode candidate : candidates) {
      Leaf leaf = entry.kind() == EntryKind.RECEIVE && subject.peer() != null
          ? Leaf.received(subject.collection(), candidate, subject.version(), subject.peer())
          : Leaf.stored(subject.collection(), candidate, subject.version());
      if (entry.commitsTo(receipt.salt(), leaf.canonical())) return null;
    }
    return commitmentFailure(subject);
  }

  private static Failure commitmentFailure(Subject subject) {
    return new Failure("commitment", "the entry does not commit to " + subject.id() + " at version " + subject.version()
        + " in collection " + subject.collection() + " under the receipt's salt: the object's bytes or the salt differ from"
        + " what was logged");
  }

  /** The objects of the --object file with this id, also inside a TAXII envelope ({@code {"objects": [...]}}). */
  private List<ObjectNode> candidates(String id) {
    InputFiles.requireReadable(object, object.toString());
    List<ObjectNode> found = new ArrayList<>();
    try (StixReader reader = StixReader.open(Files.newInputStream(object), object.toString())) {
      while (reader.hasNext()) {
        if (!(reader.next() instanceof StixRecord.ObjectRecord record)) continue;
        ObjectNode o = record.object();
        if (id.equals(o.path("id").asText(null))) found.add(o);
        if (!o.has("type") && o.path("objects").isArray()) {
          for (JsonNode inner : o.get("objects")) {
            if (inner instanceof ObjectNode n && id.equals(n.path("id").asText(null))) found.add(n);
          }
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new CommandFailure(ExitCodes.INVALID, "cannot read " + object + ": " + e.getMessage());
    }
    return found;
  }

  private static String kindName(EntryKind kind) {
    return switch (kind) {
      case STORE -> "store";
      case DELETE -> "delete";
      case AGREEMENT -> "agreement";
      case RECEIVE -> "receive";
    };
  }

  private static String verb(EntryKind kind) {
    return switch (kind) {
      case STORE -> "stored";
      case DELETE -> "deleted";
      case AGREEMENT -> "agreed";
      case RECEIVE -> "received";
    };
  }

  private static String label(ReceiptCheck.Part part) {
    return switch (part) {
      case CHECKPOINT -> "checkpoint signature";
      case PROOF -> "inclusion proof";
      case ENTRY -> "entry";
      case COMMITMENT -> "commitment";
    };
  }

  private int fail(Failure failure) {
    if (format == Format.json) {
      ObjectNode json = Json.mapper().createObjectNode().put("ok", false).put("failed", failure.part()).put("reason", failure.reason());
      spec.commandLine().getOut().println(json.toPrettyString());
    } else {
      spec.commandLine().getErr().println("parley: receipt verification failed (" + failure.part() + "): " + failure.reason());
    }
    return ExitCodes.INVALID;
  }

  private void report(Receipt receipt, ReceiptCheck.Holds holds, Subject subject) {
    if (format == Format.json) {
      ObjectNode json = Json.mapper().createObjectNode().put("ok", true)
          .put("origin", holds.checkpoint().origin())
          .put("tree_size", holds.checkpoint().size().value())
          .put("root", holds.checkpoint().root().toBase64())
          .put("leaf_index", receipt.leafIndex())
          .put("entry_kind", kindName(holds.entry().kind()))
          .put("entry_time", holds.entry().time().toString())
          .put("collection", subject.collection().toString())
          .put("id", subject.id())
          .put("version", subject.version())
          .put("peer", subject.peer());
      spec.commandLine().getOut().println(json.toPrettyString());
    } else {
      // an agreement belongs to no collection
      String where = holds.entry().kind() == EntryKind.AGREEMENT ? "" : " in collection " + subject.collection();
      spec.commandLine().getOut().println("OK " + subject.id() + " version " + subject.version() + where
          + " " + verb(holds.entry().kind()) + (subject.peer() == null ? "" : " from peer " + subject.peer()) + " at "
          + holds.entry().time() + ": leaf " + receipt.leafIndex() + " of " + holds.checkpoint().origin() + " size "
          + holds.checkpoint().size().value() + " root " + holds.checkpoint().root().toBase64());
    }
  }
}
