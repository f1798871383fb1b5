package dev.parley.tlog.checkpoint;

import dev.parley.tlog.note.VerifierKey;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Opens checkpoints signed by one log key ({@link Checkpoints#open(String, VerifierKey)}),
 * remembering the last note that verified: many receipts proved against one checkpoint then pay for
 * one signature check, which costs far more than the rest of a receipt's check (an Ed25519
 * verification against a few dozen hashes). A note counts as verified only when it is the very same
 * text as the one that verified; any other is verified anew. Thread-safe; never throws for bad input.
 */
public final class CheckpointOpener {
  private record Opened(String note, CheckpointVerification.Verified verified) {}

  private final VerifierKey logKey;
  private final AtomicReference<Opened> last = new AtomicReference<>();

  public CheckpointOpener(VerifierKey logKey) {
    this.logKey = Objects.requireNonNull(logKey, "logKey");
  }

  /** The key checkpoints must be signed by. */
  public VerifierKey logKey() {
    return logKey;
  }

  /** As {@link Checkpoints#open(String, VerifierKey)} with this opener's key. */
  public CheckpointVerification open(String signedNote) {
    Opened seen = last.get();
    if (seen != null && seen.note().equals(signedNote)) return seen.verified();
    CheckpointVerification opened = Checkpoints.open(signedNote, logKey);
    if (opened instanceof CheckpointVerification.Verified verified) last.set(new Opened(signedNote, verified));
    return opened;
  }
}
