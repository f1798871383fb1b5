package dev.parley.store.witness;

import dev.parley.store.peers.PeerStore;
import dev.parley.tlog.witness.ForkEvidence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a fork, once proved, goes: the evidence is kept forever and the peer is marked forked (sync
 * stops). The witness, the monitor and the receipts a sync pass checks all report here.
 */
public final class Forks {
  private static final Logger LOG = LoggerFactory.getLogger(Forks.class);

  private final EvidenceStore evidence;
  private final PeerStore peers;

  public Forks(EvidenceStore evidence, PeerStore peers) {
    this.evidence = evidence;
    this.peers = peers;
  }

  /** Records evidence about {@code peer}'s log (the caller checked it) and marks the peer forked. */
  public void found(ForkEvidence e, String peer) {
    boolean fresh = evidence.record(e, peer);
    if (fresh) {
      LOG.error("FORK: the log {} of peer {} signed two checkpoints that cannot both be true ({} from {}, {} from {});"
          + " evidence recorded (parley log evidence); sync with {} stops until an operator runs"
          + " parley peer trust {} --accept-fork", e.origin(), peer, firstLine(e.notes().get(0)), e.from().get(0),
          firstLine(e.notes().get(1)), e.from().get(1), peer, peer);
      peers.markForked(peer, "its log " + e.origin() + " forked: see parley log evidence");
    }
  }

  private static String firstLine(String note) {
    String[] lines = note.split("\n", 4);
    return lines.length > 2 ? "size " + lines[1] + " root " + lines[2] : "?";
  }
}
