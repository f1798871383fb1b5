package dev.parley.tlog.witness;

import dev.parley.tlog.checkpoint.Checkpoint;
import dev.parley.tlog.checkpoint.CheckpointVerification;
import dev.parley.tlog.checkpoint.Checkpoints;
import dev.parley.tlog.note.VerifierKey;
import dev.parley.tlog.tree.Hash;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Two signed checkpoints of one origin that cannot both be true, with what shows it: equal sizes
 * and different roots (no proof), or a self-contained consistency path ({@link ConsistencyRoots})
 * from the smaller to the larger that yields the larger's root and another root for the smaller.
 * The format is tlog/EVIDENCE-FORMAT.md.
 *
 * @param notes the two signed notes, complete, smaller tree first
 * @param from who supplied each note
 * @param at when each note was received
 */
public record ForkEvidence(String origin, List<String> notes, List<Hash> proof, List<String> from, List<Instant> at) {
  public ForkEvidence {
    Objects.requireNonNull(origin, "origin");
    notes = List.copyOf(notes);
    proof = List.copyOf(proof);
    from = List.copyOf(from);
    at = List.copyOf(at);
    if (notes.size() != 2 || from.size() != 2 || at.size() != 2) {
      throw new IllegalArgumentException("evidence holds two notes, with who supplied each and when");
    }
  }

  /**
   * Checks the evidence offline with the log's key only; empty when it proves a fork, else why not.
   */
  public Optional<String> check(VerifierKey logKey) {
    if (!logKey.name().equals(origin)) return Optional.of("the key " + logKey.name() + " is not the origin's " + origin);
    Checkpoint[] cps = new Checkpoint[2];
    for (int i = 0; i < 2; i++) {
      CheckpointVerification v = Checkpoints.open(notes.get(i), logKey);
      if (v instanceof CheckpointVerification.Rejected r) return Optional.of("note " + (i + 1) + ": " + r.reason());
      cps[i] = ((CheckpointVerification.Verified) v).checkpoint();
    }
    long first = cps[0].size().value();
    long second = cps[1].size().value();
    if (first == second) {
      if (!proof.isEmpty()) return Optional.of("two notes of equal size need no proof");
      return cps[0].root().equals(cps[1].root()) ? Optional.of("the two notes have the same root") : Optional.empty();
    }
    if (first > second) return Optional.of("the smaller tree's note comes first");
    if (first == 0) {
      return Optional.of("a tree of size 0 is consistent with every tree");
    }
    Optional<Hash[]> roots = ConsistencyRoots.of(first, second, proof);
    if (roots.isEmpty()) return Optional.of("the proof is not a consistency path from " + first + " to " + second);
    if (!roots.get()[1].equals(cps[1].root())) return Optional.of("the proof does not lead to the larger tree's root");
    if (roots.get()[0].equals(cps[0].root())) return Optional.of("the proof shows the two trees consistent");
    return Optional.empty();
  }
}
