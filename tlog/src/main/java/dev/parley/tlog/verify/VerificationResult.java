package dev.parley.tlog.verify;

import dev.parley.tlog.checkpoint.Checkpoint;

/** The outcome of verifying a log or a receipt: verified, or failed with a precise reason. */
public sealed interface VerificationResult permits VerificationResult.Verified, VerificationResult.Failed {
  boolean ok();

  /**
   * Everything checked held.
   *
   * @param signedNote the checkpoint as served, to keep for the next {@code --since}
   * @param entriesChecked entries whose bundles were checked against the tiles (0 unless full)
   */
  record Verified(Checkpoint checkpoint, String signedNote, long entriesChecked) implements VerificationResult {
    @Override
    public boolean ok() {
      return true;
    }
  }

  /** A check failed; {@code reason} says which, and where. */
  record Failed(String reason) implements VerificationResult {
    @Override
    public boolean ok() {
      return false;
    }
  }
}
