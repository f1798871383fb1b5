package dev.parley.sync;

import dev.parley.store.peers.Peer;

/**
 * How a pass went with one peer.
 *
 * @param state the peer's state after the pass ({@code ok}, {@code unreachable}, {@code key-mismatch},
 *     {@code forked}), {@code error} when the pass failed on this node's side, or {@code busy} when
 *     another pass with the peer was running (in this process or another on the same database) and
 *     this one skipped it: nothing was asked, nothing recorded
 * @param detail why, when the state is not ok
 * @param pulled versions newly stored from the peer
 * @param refused versions pulled that were not stored (invalid, or conflicting with a stored body)
 * @param pushed versions the peer accepted
 * @param pushRefused versions the peer refused
 * @param receiptsVerified receipts this pass verified, and {@code receiptsFailed} those that failed
 * @param receiptsPending the peer's receipts still pending after the pass, asked or not yet
 * @param receiptsOverdue of the peer's receipts still pending, those asked and not given for an hour
 *     and more after their version was received: an alarm
 * @param pullMillis how long pulling took, and {@code receiptMillis} fetching and checking receipts
 */
public record PeerReport(String peer, String state, String detail, long pulled, long refused, long pushed, long pushRefused,
    long receiptsVerified, long receiptsFailed, long receiptsPending, long receiptsOverdue, long pullMillis, long receiptMillis) {
  /** The state of a peer skipped because another pass with it was running. */
  public static final String BUSY = "busy";

  /** Whether the peer answered everything the pass asked. */
  public boolean answered() {
    return Peer.OK.equals(state);
  }

  /** Whether this pass skipped the peer because another pass with it was running. */
  public boolean busy() {
    return BUSY.equals(state);
  }

  /** A peer this pass skipped, since another pass with it was running. */
  static PeerReport skipped(String peer, String detail) {
    return failed(peer, BUSY, detail);
  }

  static PeerReport failed(String peer, String state, String detail) {
    return new PeerReport(peer, state, detail, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** Counts gathered while a pass runs. */
  static final class Tally {
    long pulled;
    long refused;
    long pushed;
    long pushRefused;
    long receiptsVerified;
    long receiptsFailed;
    long receiptsPending;
    long receiptsOverdue;
    long pullMillis;
    long receiptMillis;

    PeerReport report(String peer, String state, String detail) {
      return new PeerReport(peer, state, detail, pulled, refused, pushed, pushRefused, receiptsVerified, receiptsFailed, receiptsPending,
          receiptsOverdue, pullMillis, receiptMillis);
    }
  }
}
