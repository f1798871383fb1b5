package dev.parley.store.witness;

import dev.parley.store.peers.PeerStore;
import dev.parley.tlog.tiles.TileNodeReader;
import dev.parley.tlog.tiles.TileReader;
import dev.parley.tlog.witness.ForkCheck;
import dev.parley.tlog.witness.ForkEvidence;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
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

  /** The notes said to be shown again, so that each is said once (hostile run 10q: a line every round, for ever). */
  private final Set<String> saidAgain = Collections.synchronizedSet(new HashSet<>());
  private static final int SAID_KEPT = 1000;

  /**
   * Records evidence about {@code peer}'s log (the caller checked it) and marks the peer forked;
   * unless the note just {@code shown} (the one compared with what this node held) is in evidence
   * already. Shown by anyone else (the evidence is public, and anyone may post it to a witness) it is
   * no new fork, and does not undo an operator's acceptance (hostile run 10p: every replay added a
   * permanent record and stopped sync). Shown by the peer itself ({@code byThePeer}: its own {@code
   * /log/checkpoint}), it is the peer serving a history that conflicts with the one this node holds,
   * the one an operator accepted included: the peer is forked again, without a new record (hostile
   * run 10q: a peer removed while forked and added again pulled the branch in evidence, unchecked).
   * Shown by the peer while it is forked, it is the same fork: nothing is recorded.
   */
  public void found(ForkEvidence e, String peer, String shown, boolean byThePeer) {
    if (byThePeer && peers.isForked(peer)) {
      // the fork stands already: the branch it refuses, growing, is the same fork, not a new record a checkpoint (hostile run
      // 10y: after an operator accepted one branch, the other's node grew, and each round kept a permanent record)
      LOG.debug("a checkpoint of {} (peer {}, forked) conflicts with the history held: the same fork, no new record", e.origin(), peer);
      return;
    }
    if (!evidence.holdsCheckpoint(e.origin(), body(shown))) {
      found(e, peer);
      return;
    }
    boolean first = saidAgain.size() < SAID_KEPT && saidAgain.add(peer + "\n" + shown);
    if (byThePeer && !peers.isForked(peer)) {
      forkedAgain(peer, "serves a checkpoint of its log " + e.origin() + " that is in fork evidence already (" + firstLine(shown)
          + "), against the history this node holds", "its log " + e.origin() + " serves a checkpoint already in fork evidence");
    } else if (first) {
      LOG.info("a checkpoint of {} (peer {}) already in fork evidence was shown again ({}); no new fork", e.origin(), peer, firstLine(shown));
    }
  }

  /**
   * Records evidence about {@code peer}'s log (the caller checked it: from a receipt, or a peer's own
   * evidence) and marks the peer forked when the evidence is new, or, {@code byThePeer} (its own
   * receipts), whenever it is not forked already.
   */
  public void found(ForkEvidence e, String peer, boolean byThePeer) {
    if (evidence.record(e, peer)) {
      recorded(e, peer);
    } else if (byThePeer && !peers.isForked(peer)) {
      forkedAgain(peer, "gave proofs against a checkpoint of its log " + e.origin() + " that is in fork evidence already",
          "its log " + e.origin() + " forked");
    }
  }

  /** Marks {@code peer} forked again on evidence already recorded: {@code why} for the node's log, {@code detail} for peer list. */
  private void forkedAgain(String peer, String why, String detail) {
    LOG.error("FORK: peer {} {}; sync with {} stops until an operator runs parley peer trust {} --accept-fork", peer, why, peer, peer);
    peers.markForked(peer, detail + ": see parley log evidence");
  }

  /** Records evidence about {@code peer}'s log (the caller checked it) and marks the peer forked when the evidence is new. */
  public void found(ForkEvidence e, String peer) {
    if (evidence.record(e, peer)) recorded(e, peer);
  }

  /** Says a fork just recorded, and marks the peer forked. */
  private void recorded(ForkEvidence e, String peer) {
    LOG.error("FORK: the log {} of peer {} signed two checkpoints that cannot both be true ({} from {}, {} from {});"
        + " evidence recorded (parley log evidence); sync with {} stops until an operator runs"
        + " parley peer trust {} --accept-fork", e.origin(), peer, firstLine(e.notes().get(0)), e.from().get(0),
        firstLine(e.notes().get(1)), e.from().get(1), peer, peer);
    peers.markForked(peer, "its log " + e.origin() + " forked: see parley log evidence");
  }

  /** Whether a fork of the log {@code origin} is on record: only then can a checkpoint be of another branch. */
  public boolean recorded(String origin) {
    return evidence.recorded(origin);
  }

  /**
   * Whether {@code served}, the checkpoint a peer's own log serves now, is one of a recorded fork's
   * and not the one this node holds for the log ({@code held}, the monitor's, or null): the peer
   * serves a branch of the fork other than the one an operator accepted. A sync pass asks this
   * before it reads anything, so that it does not wait for the monitor's next round (hostile run
   * 10r: {@code parley sync} with a second node under the key, serving the other branch, pulled
   * from it).
   */
  public boolean otherBranch(String origin, String served, String held) {
    return evidence.holdsCheckpoint(origin, body(served)) && (held == null || !body(held).equals(body(served)));
  }

  /**
   * Compares {@code x}, a checkpoint of {@code peer}'s log, with {@code known}, the largest of that
   * log known consistent (both verified under the log's key), reading the nodes of the larger of the
   * two with {@code tilesOfLarger}; when they cannot both be true the evidence is recorded and the
   * peer marked forked ({@link #found(ForkEvidence, String, String, boolean)}, {@code byThePeer}:
   * {@code x} is what the peer's own log serves). The monitor judges this way every checkpoint it
   * meets, and a sync pass the one the peer serves before it reads a page.
   */
  public ForkCheck.Outcome check(Seen known, Seen x, Function<Seen, TileReader> tilesOfLarger, String peer,
      boolean byThePeer) {
    if (known.note().equals(x.note()) || (known.size() == x.size() && known.checkpoint().root().equals(x.checkpoint().root()))) {
      return new ForkCheck.Outcome.Consistent();
    }
    Seen smaller = x.size() < known.size() ? x : known;
    Seen larger = smaller == x ? known : x;
    ForkCheck.Outcome outcome = ForkCheck.compare(smaller.checkpoint(), larger.checkpoint(),
        new TileNodeReader(tilesOfLarger.apply(larger), larger.checkpoint().size()));
    if (outcome instanceof ForkCheck.Outcome.Fork f) {
      found(new ForkEvidence(x.checkpoint().origin(), List.of(smaller.note(), larger.note()), f.proof(),
          List.of(smaller.source(), larger.source()), List.of(smaller.at(), larger.at())), peer, x.note(), byThePeer);
    }
    return outcome;
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
