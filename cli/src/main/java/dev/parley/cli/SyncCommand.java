package dev.parley.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Json;
import dev.parley.store.NotFoundException;
import dev.parley.store.Stores;
import dev.parley.sync.PeerReport;
import dev.parley.sync.Sync;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code parley sync}: one sync pass with every peer, or one. */
@Command(name = "sync", mixinStandardHelpOptions = true,
    description = {"Runs one sync pass with every peer (or the one named), on a node's data folder or database, also while",
        "it serves.",
        "For each peer it checks the peer's log key against the pinned one, pulls what the agreement's receive entries",
        "name (every page, from where the last pass stopped), pushes what its push entries name, and fetches and",
        "checks the receipts of what was pulled. 'parley serve' does this every --sync-interval seconds.",
        "A peer with which another pass is running (the node's own, or another 'parley sync') is skipped and",
        "reported busy: one pass at a time runs with a peer, across every process on the database.",
        "Exit 0 when every peer answered or was busy; 1 naming the peers that did not answer, and why; 2 usage error."},
    footer = {"", "Examples:", "  parley sync --data ./parley-data", "  parley sync --peer cert-b --format json"})
final class SyncCommand implements Callable<Integer> {
  enum Format { text, json }

  @Spec CommandSpec spec;
  @Mixin StoreOptions store;

  @Option(names = "--peer", paramLabel = "NAME", description = "Sync with this peer only.")
  String peer;

  @Option(names = "--format", defaultValue = "text", paramLabel = "F", description = "text or json (default: ${DEFAULT-VALUE}).")
  Format format;

  @Override
  public Integer call() {
    List<PeerReport> reports;
    try (Stores stores = store.openWithLog(); Sync sync = new Sync(stores, Sync.Settings.defaults())) {
      reports = sync.pass(Optional.ofNullable(peer));
    } catch (NotFoundException e) {
      throw new CommandFailure(ExitCodes.INVALID, e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean all = true;
    if (format == Format.json) {
      ArrayNode list = Json.mapper().createArrayNode();
      for (PeerReport r : reports) list.add(json(r));
      out.println(list.toPrettyString());
    }
    for (PeerReport r : reports) {
      if (format == Format.text && r.busy()) {
        out.println(r.peer() + ": busy, skipped: " + r.detail());
      } else if (format == Format.text) {
        out.println(r.peer() + ": " + r.state() + ", pulled " + r.pulled() + (r.refused() > 0 ? " (" + r.refused() + " refused)" : "")
            + ", pushed " + r.pushed() + (r.pushRefused() > 0 ? " (" + r.pushRefused() + " refused by the peer)" : "")
            + ", receipts " + r.receiptsVerified() + " verified, " + r.receiptsPending() + " pending, " + r.receiptsFailed() + " failed"
            + (r.receiptsOverdue() > 0 ? ", " + r.receiptsOverdue() + " overdue" : ""));
        if (r.answered() && r.detail() != null) err.println("parley: peer " + r.peer() + ": " + r.detail());
      }
      // busy is not a failure: the pass running with the peer does this one's work
      if (!r.answered() && !r.busy()) {
        all = false;
        err.println("parley: peer " + r.peer() + " " + r.state() + ": " + r.detail());
      }
    }
    if (reports.isEmpty() && format == Format.text) out.println("no peers");
    return all ? ExitCodes.OK : ExitCodes.INVALID;
  }

  private static ObjectNode json(PeerReport r) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("peer", r.peer()).put("state", r.state()).put("detail", r.detail()).put("pulled", r.pulled()).put("refused", r.refused())
        .put("pushed", r.pushed()).put("push_refused", r.pushRefused());
    o.putObject("receipts").put("verified", r.receiptsVerified()).put("pending", r.receiptsPending()).put("failed", r.receiptsFailed())
        .put("overdue", r.receiptsOverdue());
    return o;
  }
}
