package dev.parley.tlog.witness;

import dev.parley.tlog.TlogException;
import dev.parley.tlog.checkpoint.Checkpoint;
import dev.parley.tlog.tree.Hash;
import dev.parley.tlog.tree.NodeReader;
import java.util.List;
import java.util.Optional;

/**
 * Compares two verified checkpoints of one origin with the tiles of the larger tree (a monitor's
 * check): consistent, a fork (with the proof for {@link ForkEvidence}), or undecided when the tiles
 * cannot show either (missing, or not hashing to the larger root).
 */
public final class ForkCheck {
  private ForkCheck() {}

  /** The outcome of a comparison. */
  public sealed interface Outcome {
    /** The smaller tree is a prefix of the larger. */
    record Consistent() implements Outcome {}

    /** The trees cannot both be true; {@code proof} is the self-contained path (empty at equal sizes). */
    record Fork(List<Hash> proof) implements Outcome {
      public Fork {
        proof = List.copyOf(proof);
      }
    }

    /** The tiles do not decide. */
    record Undecided(String reason) implements Outcome {}
  }

  /**
   * Compares {@code smaller} and {@code larger} (sizes in that order, possibly equal); {@code
   * largerTree} reads the nodes of the larger tree (e.g. its log's tiles at that size).
   */
  public static Outcome compare(Checkpoint smaller, Checkpoint larger, NodeReader largerTree) {
    long first = smaller.size().value();
    long second = larger.size().value();
    if (first > second) throw new IllegalArgumentException("smaller first");
    if (first == second) {
      return smaller.root().equals(larger.root()) ? new Outcome.Consistent() : new Outcome.Fork(List.of());
    }
    if (first == 0) return new Outcome.Consistent();
    List<Hash> path;
    try {
      path = ConsistencyRoots.path(largerTree, first, second);
    } catch (TlogException e) {
      return new Outcome.Undecided("the tiles cannot be read: " + e.getMessage());
    }
    Optional<Hash[]> roots = ConsistencyRoots.of(first, second, path);
    if (roots.isEmpty() || !roots.get()[1].equals(larger.root())) {
      return new Outcome.Undecided("the tiles do not hash to the root of the checkpoint of size " + second);
    }
    return roots.get()[0].equals(smaller.root()) ? new Outcome.Consistent() : new Outcome.Fork(path);
  }
}
