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

  /**
   * Records evidence about {@code peer}'s log (the caller checked it) and marks the peer forked;
   * unless the note just {@code shown} (the one compared with what this node held), is in evidence
   * already: a forged checkpoint shown again (the evidence is public, and anyone may post it to a
   * witness) is no new fork, and does not undo an operator's acceptance (hostile run 10p: every
   * replay added a permanent record and stopped sync).
   */
  public void found(ForkEvidence e, String peer, String shown) {
    if (evidence.holdsCheckpoint(e.origin(), body(shown))) {
      LOG.info("a checkpoint of {} (peer {}) already in fork evidence was shown again ({}); no new fork", e.origin(), peer, firstLine(shown));
      return;
    }
    found(e, peer);
  }

  /** Records evidence about {@code peer}'s log (the caller checked it: from a receipt, or a peer's own evidence) and marks the peer forked. */
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

  /** The checkpoint a signed note carries: its text, without the signatures. */
  static String body(String note) {
    int end = note.indexOf("\n\n");
    return end < 0 ? note : note.substring(0, end + 1);
  }

  private static String firstLine(String note) {
    String[] lines = note.split("\n", 4);
    return lines.length > 2 ? "size " + lines[1] + " root " + lines[2] : "?";
  }
}
