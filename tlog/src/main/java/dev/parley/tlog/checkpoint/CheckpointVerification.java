package dev.parley.tlog.checkpoint;

import dev.parley.tlog.note.Note;
import dev.parley.tlog.note.VerifierKey;
import java.util.List;

/** The outcome of opening a signed checkpoint: trusted, or rejected with a reason. */
public sealed interface CheckpointVerification
    permits CheckpointVerification.Verified, CheckpointVerification.Rejected {

  /**
   * A checkpoint signed by the log key.
   *
   * @param cosigners the trusted witness keys whose cosignatures also verified
   * @param note the signed note as parsed, to keep or to pass on
   */
  record Verified(Checkpoint checkpoint, Note note, List<VerifierKey> cosigners) implements CheckpointVerification {
    public Verified {
      cosigners = List.copyOf(cosigners);
    }
  }

  /** Why the checkpoint must not be trusted. */
  record Rejected(String reason) implements CheckpointVerification {}
}
