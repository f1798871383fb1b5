package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Json;
import dev.parley.stix.Timestamps;
import dev.parley.store.Stores;
import dev.parley.store.peers.ReceiptStore;
import dev.parley.store.witness.EvidenceStore;
import dev.parley.sync.ReceiptVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parley receipt}: what this node received from its peers, with the senders' receipts. */
@Command(name = "receipt", mixinStandardHelpOptions = true,
    description = "Shows the receipts this node holds of what its peers sent it, pulled or pushed here.",
    subcommands = {ReceiptCommand.Show.class},
    footer = {"", "Example:", "  parley receipt show indicator--4386a92b-3e73-4ae6-9ca4-72cdbebdd181 \\", "      --peer cert-b"})
final class ReceiptCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing a subcommand: show.");
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = {"Prints and verifies offline the receipts of an object that peers sent here (pulled, or pushed by a node).",
          "For each version: from whom, into which collection and when it was received, with the sender's receipt",
          "(inclusion proof and signed checkpoint), verified against the peer's key as pinned when it was fetched",
          "and the object as held here.",
          "Exit 0 when every receipt shown verifies; 1 when one does not, is not fetched yet, has the checkpoint of a recorded fork,"
          + " or none is held;"
          + " 2 on a usage error (an ID of no STIX form)."},
      footer = {"", "Examples:", "  parley receipt show indicator--4386a92b-3e73-4ae6-9ca4-72cdbebdd181",
          "  parley receipt show indicator--4386a92b-3e73-4ae6-9ca4-72cdbebdd181 \\", "      --peer cert-b --format json"})
  static final class Show implements Callable<Integer> {
    enum Format { text, json }

    @Spec CommandSpec spec;
    @Mixin StoreOptions store;

    @Parameters(paramLabel = "ID", description = "The STIX id of the object.")
    String id;

    @Option(names = "--peer", paramLabel = "NAME", description = "Only what came from this peer.")
    String peer;

    @Option(names = "--format", defaultValue = "text", paramLabel = "F", description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() {
      if (!PolicyCommand.stixId(id)) {
        // as policy explain --object: a usage error, not "no receipt held"
        throw new CommandLine.ParameterException(spec.commandLine(), "ID must be a STIX identifier (type--UUID), not '" + id + "'");
      }
      List<ReceiptStore.Held> held;
      List<String> others = List.of();
      List<ReceiptVerifier.Verdict> verdicts = new ArrayList<>();
      Set<Integer> forked = new HashSet<>();
      try (Stores stores = store.open()) {
        if (peer != null && stores.peers().find(peer).isEmpty()) throw new CommandFailure(ExitCodes.INVALID, "no peer named " + peer);
        held = stores.receipts().find(id, peer);
        if (held.isEmpty() && peer != null) {
          others = stores.receipts().find(id, null).stream().map(ReceiptStore.Held::peerName).distinct().toList();
        }
        EvidenceStore evidence = new EvidenceStore(stores.db());
        for (ReceiptStore.Held h : held) {
          ReceiptVerifier.Verdict v = h.receipt() == null ? null : ReceiptVerifier.check(h.receipt(), h.peerKey(), h.key(), h.body());
          // a receipt whose checkpoint is one of a recorded fork proves what one of two histories holds (hostile run 10w: both
          // branches' receipts "verified", exit 0, after the fork was recorded)
          if (v != null && v.holds() && evidence.holdsNote(v.origin(), v.checkpointNote())) forked.add(verdicts.size());
          verdicts.add(v);
        }
      }
      if (held.isEmpty()) {
        // a version the peer sent and this node refused (invalid, or another body under a version held) was sent, and has no
        // receipt: not "no peer sent it" (a hostile run read that of a version it had just seen refused)
        throw new CommandFailure(ExitCodes.INVALID, "no receipt held for " + id + (peer == null ? "" : " from peer " + peer)
            + ": no version of it " + (peer == null ? "a peer" : "that peer") + " sent was stored here (pulled, or pushed naming its"
            + " collection); a version refused, invalid or another body under a version held here, has none (the node's log names"
            + " refusals)" + (others.isEmpty() ? "" : "; it was received from peer " + String.join(", ", others)));
      }
      PrintWriter out = spec.commandLine().getOut();
      ArrayNode list = Json.mapper().createArrayNode();
      boolean all = true;
      for (int i = 0; i < held.size(); i++) {
        ReceiptStore.Held h = held.get(i);
        ReceiptVerifier.Verdict v = verdicts.get(i);
        boolean ok = v != null && v.holds();
        all &= ok && !forked.contains(i);
        String why = v == null ? notGiven(h) : v.holds() ? v.note() : v.reason();
        if (forked.contains(i)) {
          String fork = "its checkpoint is one of a recorded fork of " + v.origin() + " (parley log evidence): the sender signed two histories";
          why = why == null ? fork : why + "; " + fork;
        }
        if (format == Format.json) {
          list.add(json(h, v, ok, why).put("forked", forked.contains(i)));
        } else {
          out.println(h.key().stixId() + " version " + Timestamps.formatVersion(h.key().version()) + " received from peer " + h.peerName()
              + " (its collection " + h.key().remoteCollection() + ") into collection " + h.into() + " at " + Timestamps.format(h.received()));
          out.println(ok ? "  receipt verifies: leaf " + v.leafIndex() + " of " + v.origin() + " size " + v.treeSize() + ", logged by the sender at "
              + v.entryTime() + (v.senderPeer() == null ? "" : " as received from its peer " + v.senderPeer()) + (why == null ? "" : "; " + why)
              : v == null ? "  " + why : "  receipt does NOT verify: " + why); // one not fetched yet is pending, not failed
        }
      }
      if (format == Format.json) out.println(list.toPrettyString());
      if (!all) {
        long failed = 0, pending = 0;
        for (ReceiptVerifier.Verdict v : verdicts) {
          if (v == null) pending++;
          else if (!v.holds()) failed++;
        }
        List<String> why = new ArrayList<>();
        if (failed > 0) why.add(failed + " not verifying");
        if (pending > 0) why.add(pending + " not fetched yet");
        if (!forked.isEmpty()) why.add(forked.size() + " verifying with the checkpoint of a recorded fork");
        spec.commandLine().getErr().println("parley: of the receipts of " + id + ", " + String.join(", ", why));
      }
      return all ? ExitCodes.OK : ExitCodes.INVALID;
    }

    /** Why a receipt is not held: not asked yet, not in the sender's log yet, or overdue, an alarm. */
    private static String notGiven(ReceiptStore.Held h) {
      String said = h.detail() == null ? "" : " (" + h.detail() + ")";
      Duration since = Duration.between(h.received(), Instant.now());
      if (h.checked() == null || since.compareTo(ReceiptStore.OVERDUE) < 0) return "no receipt fetched yet" + said;
      return "ALARM: no receipt given, " + since.toHours() + " h after it was received: the sender's log does not hold what it sent" + said;
    }

    private static ObjectNode json(ReceiptStore.Held h, ReceiptVerifier.Verdict v, boolean ok, String why) {
      ObjectNode o = Json.mapper().createObjectNode();
      o.put("id", h.key().stixId()).put("version", Timestamps.formatVersion(h.key().version())).put("peer", h.peerName())
          .put("remote_collection", h.key().remoteCollection()).put("collection", h.into().toString())
          .put("received", Timestamps.format(h.received())).put("state", h.state()).put("verified", ok).put("detail", why)
          .put("key", h.peerKey());
      if (ok) {
        o.put("leaf_index", v.leafIndex()).put("origin", v.origin()).put("tree_size", v.treeSize()).put("logged", v.entryTime().toString());
      }
      if (h.receipt() != null) {
        try {
          JsonNode receipt = Json.mapper().readTree(h.receipt());
          o.set("receipt", receipt);
        } catch (IOException e) {
          o.put("receipt", h.receipt());
        }
      }
      return o;
    }
  }
}
