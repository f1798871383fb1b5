package dev.parley.sync;

import dev.parley.store.peers.Peer;

/**
 * A peer could not be synced: it did not answer, answered an error or garbage ({@code unreachable},
 * with the located reason), or its log key is not the one pinned ({@code key-mismatch}). Ends the
 * pass with that peer only.
 */
public final class PeerFailure extends SyncException {
  private final String state;
  private final int httpStatus;
  private final boolean tooLarge;

  private PeerFailure(String state, String message, Throwable cause, int httpStatus) {
    this(state, message, cause, httpStatus, false);
  }

  private PeerFailure(String state, String message, Throwable cause, int httpStatus, boolean tooLarge) {
    super(message, cause);
    this.state = state;
    this.httpStatus = httpStatus;
    this.tooLarge = tooLarge;
  }

  /** Whether the answer's body was larger than a body may be here ({@link PeerClient#MAX_BODY}): a smaller page may pass. */
  boolean tooLarge() {
    return tooLarge;
  }

  /** Whether trying again may help: no answer at all, or an answer 5xx or 429. */
  boolean transientFailure() {
    return state.equals(Peer.UNREACHABLE) && (httpStatus == 0 && getCause() != null || httpStatus >= 500 || httpStatus == 429);
  }

  /** The HTTP status the peer answered, or 0 when the failure is not an answer's status. */
  int httpStatus() {
    return httpStatus;
  }

  /** Whether the peer refused the request itself (a 4xx other than 408 and 429): asking again as it is will not help. */
  boolean refusal() {
    return httpStatus >= 400 && httpStatus < 500 && httpStatus != 408 && httpStatus != 429;
  }

  static PeerFailure http(int status, String message) {
    return new PeerFailure(Peer.UNREACHABLE, message, null, status);
  }

  /** The peer's state this failure puts it in: {@link Peer#UNREACHABLE} or {@link Peer#KEY_MISMATCH}. */
  public String state() {
    return state;
  }

  static PeerFailure unreachable(String message, Throwable cause) {
    return new PeerFailure(Peer.UNREACHABLE, message, cause, 0);
  }

  static PeerFailure malformed(String message) {
    return new PeerFailure(Peer.UNREACHABLE, "malformed answer: " + message, null, 0);
  }

  static PeerFailure tooLarge(String message) {
    return new PeerFailure(Peer.UNREACHABLE, "malformed answer: " + message, null, 0, true);
  }

  static PeerFailure keyMismatch(String message) {
    return new PeerFailure(Peer.KEY_MISMATCH, message, null, 0);
  }
}
