package dev.parley.cli;

import dev.parley.store.StoreException;
import dev.parley.store.Stores;
import dev.parley.store.peers.Peer;
import dev.parley.store.witness.MonitorStore;
import dev.parley.store.witness.Seen;
import dev.parley.store.witness.WitnessStore;
import dev.parley.sync.Sync;
import dev.parley.tlog.MalformedInputException;
import dev.parley.tlog.checkpoint.CheckpointVerification;
import dev.parley.tlog.checkpoint.Checkpoints;
import dev.parley.tlog.note.VerifierKey;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parley peer trust NAME --accept-fork}: an operator accepts a forked peer's log again. */
@Command(name = "trust", mixinStandardHelpOptions = true,
    description = {"Trusts a forked peer again: its state becomes ok and sync with it resumes. The witness and the",
        "monitor forget what they held of its log and take its history as it is now. The evidence is kept;",
        "the decision is logged."},
    footer = {"", "Example:", "  parley log evidence", "  parley peer trust cert-b --accept-fork"})
final class PeerTrustCommand implements Runnable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PeerTrustCommand.class);

  @Spec CommandSpec spec;
  @Mixin StoreOptions store;

  @Parameters(paramLabel = "NAME", description = "The peer's name.")
  String name;

  @Option(names = "--accept-fork", required = true, description = "Accept that the peer's log forked (see parley log evidence).")
  boolean acceptFork;

  @Override
  public void run() {
    try (Stores stores = store.open()) {
      Peer peer = stores.peers().find(name).orElseThrow(() -> new CommandFailure(ExitCodes.INVALID, "no peer named " + name));
      if (!Peer.FORKED.equals(peer.state())) {
        throw new CommandFailure(ExitCodes.INVALID, "peer " + name + " is not forked (its state is " + peer.state() + ")");
      }
      String detail = "fork accepted by an operator at " + Instant.now();
      if (peer.key() != null) {
        // the witness and the monitor start again from the log as it is now, as its node serves it: from nothing, a
        // stranger posted the forged note of the public evidence and the witness cosigned it (hostile run 10p)
        VerifierKey key;
        try {
          key = VerifierKey.parse(peer.key());
        } catch (MalformedInputException e) {
          throw new CommandFailure(ExitCodes.INVALID, "the log key pinned for peer " + name + " is not a key: " + e.getMessage());
        }
        String note;
        try {
          note = Sync.currentCheckpoint(peer, Duration.ofSeconds(10));
        } catch (RuntimeException e) {
          throw new CommandFailure(ExitCodes.INVALID, "cannot read the log of peer " + name + " as it is now (" + e.getMessage()
              + "): the witness and the monitor start again from it, so the fork is accepted only while its node answers");
        }
        if (!(Checkpoints.open(note, key) instanceof CheckpointVerification.Verified ok)) {
          throw new CommandFailure(ExitCodes.INVALID, "peer " + name + " serves a checkpoint its pinned log key does not verify; not accepted");
        }
        new WitnessStore(stores.db()).reset(peer.key(), ok.checkpoint(), note);
        new MonitorStore(stores.db()).reset(new Seen(ok.checkpoint(), note,
            "accepted by an operator (parley peer trust)", Instant.now()), peer.key());
      }
      stores.peers().acceptFork(name, detail);
      // the node's log format, as every other line (hostile run 10o: java.util.logging's two lines, with the method)
      LOG.warn("peer {}: the operator accepted its forked log (parley peer trust --accept-fork); sync resumes", name);
      spec.commandLine().getOut().println("peer " + name + " is trusted again, with any other name that pins its log key;"
          + " its fork evidence is kept (parley log evidence)");
    } catch (StoreException e) {
      throw new CommandFailure(ExitCodes.INVALID, e.getMessage());
    }
  }
}
