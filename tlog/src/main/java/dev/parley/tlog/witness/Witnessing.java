package dev.parley.tlog.witness;

import dev.parley.tlog.checkpoint.Checkpoint;
import dev.parley.tlog.tree.ConsistencyProof;
import dev.parley.tlog.tree.Hashes;
import dev.parley.tlog.tree.Proofs;
import dev.parley.tlog.tree.TreeSize;
import java.util.Optional;

/**
 * The witness's checks of c2sp.org/tlog-witness "add-checkpoint" that depend on what it cosigned
 * before, step for step. The caller has already answered 404 (unknown origin) and 403 (no trusted
 * signature), and must run this and persist a {@link Verdict.Cosign} atomically per origin.
 */
public final class Witnessing {
  private Witnessing() {}

  /**
   * Judges {@code request}, whose checkpoint is {@code checkpoint}, against {@code cosigned}, the
   * latest checkpoint cosigned for the origin (empty: never; its size counts as zero).
   */
  public static Verdict judge(AddCheckpoint request, Checkpoint checkpoint, Optional<Witnessed> cosigned) {
    long old = request.oldSize();
    long size = checkpoint.size().value();
    // "The old size MUST be equal to or lower than the checkpoint size. Otherwise ... 400"
    if (old > size) return new Verdict.OldTooLarge();
    // "The witness MUST check that the old size matches the size of the latest checkpoint it cosigned
    // ... (or zero if it never cosigned a checkpoint for that origin). If it doesn't match ... 409"
    long latest = cosigned.map(Witnessed::size).orElse(0L);
    if (old != latest) return new Verdict.Conflict(latest, false);
    // "The proof MUST be empty if the old size is zero."
    if (old == 0) {
      if (!request.proof().isEmpty()) return new Verdict.BadProof("the proof must be empty when the old size is 0");
      if (cosigned.isPresent() && size == 0 && !cosigned.get().checkpoint().root().equals(checkpoint.root())) {
        return new Verdict.Conflict(0, true);
      }
      return size == 0 && !checkpoint.root().equals(Hashes.emptyRoot())
          ? new Verdict.BadProof("a tree of size 0 has the empty root") : new Verdict.Cosign();
    }
    Checkpoint previous = cosigned.orElseThrow().checkpoint();
    if (old == size) {
      // RFC 6962 defines no proof between equal sizes: an empty one is the only consistent one
      if (!request.proof().isEmpty()) return new Verdict.BadProof("the proof must be empty between equal sizes");
      // "If the old size matches the checkpoint size, the witness MUST check that the root hashes are
      // also identical. If they don't match, the witness MUST respond with a 409 Conflict"
      return previous.root().equals(checkpoint.root()) ? new Verdict.Cosign() : new Verdict.Conflict(latest, true);
    }
    ConsistencyProof proof = new ConsistencyProof(TreeSize.of(old), checkpoint.size(), request.proof());
    if (!Proofs.verifyConsistency(proof, previous.root(), checkpoint.root())) {
      return new Verdict.BadProof("the consistency proof from size " + old + " to " + size + " does not verify");
    }
    return new Verdict.Cosign();
  }
}
