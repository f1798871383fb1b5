package dev.parley.cli;

import dev.parley.stix.Timestamps;
import dev.parley.store.StoreException;
import dev.parley.store.Stores;
import dev.parley.store.witness.EvidenceJson;
import dev.parley.store.witness.EvidenceStore;
import dev.parley.tlog.witness.ForkEvidence;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code parley log evidence}: the fork evidence this node recorded about its peers' logs. */
@Command(name = "evidence", mixinStandardHelpOptions = true,
    description = {"Prints the fork evidence recorded about peers' logs: two signed checkpoints of one origin that cannot",
        "both be true, the proof, who supplied each and when (tlog/EVIDENCE-FORMAT.md). Anyone can check it offline",
        "with the log's key alone. Evidence is never deleted."},
    footer = {"", "Examples:", "  parley log evidence", "  parley log evidence --format json > evidence.json"})
final class EvidenceCommand implements Runnable {
  @Spec CommandSpec spec;
  @Mixin StoreOptions store;

  @Option(names = "--format", defaultValue = "text", paramLabel = "F", description = "text or json (default: ${DEFAULT-VALUE}).")
  PeerCommand.Format format;

  @Override
  public void run() {
    List<EvidenceStore.Recorded> all;
    try (Stores stores = store.open()) {
      all = new EvidenceStore(stores.db()).list();
    } catch (StoreException e) {
      throw new CommandFailure(ExitCodes.INVALID, e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (format == PeerCommand.Format.json) {
      out.println(EvidenceJson.write(all.stream().map(EvidenceStore.Recorded::evidence).toList()).toPrettyString());
      return;
    }
    if (all.isEmpty()) out.println("no fork evidence recorded");
    for (EvidenceStore.Recorded r : all) {
      ForkEvidence e = r.evidence();
      out.println("fork of " + e.origin() + (r.peer() == null ? "" : " (peer " + r.peer() + ")") + ", recorded "
          + Timestamps.format(r.recorded()));
      for (int i = 0; i < 2; i++) {
        String[] lines = e.notes().get(i).split("\n", 4);
        out.println("  note " + (i + 1) + ": size " + lines[1] + " root " + lines[2] + ", from " + e.from().get(i)
            + " at " + Timestamps.format(e.at().get(i)));
      }
      out.println("  proof: " + (e.proof().isEmpty() ? "none needed (same size, different roots)" : e.proof().size() + " hashes"));
    }
  }
}
