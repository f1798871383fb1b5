package dev.parley.tlog.verify;

import dev.parley.tlog.checkpoint.Checkpoint;
import dev.parley.tlog.entry.LogEntry;
import java.util.Objects;

/**
 * The outcome of checking a receipt part by part ({@link Receipts#check}): it holds, or it names
 * the first part that failed and why, so that a caller can tell a forged signature from a wrong
 * proof or from bytes that are not the ones the entry commits to.
 */
public sealed interface ReceiptCheck permits ReceiptCheck.Holds, ReceiptCheck.Fails {
  boolean ok();

  /** The parts of a receipt, in the order they are checked. */
  enum Part {
    /** The signed checkpoint: its note, the log key's signature, its origin. */
    CHECKPOINT,
    /** The inclusion path from the entry's leaf hash at the leaf index to the checkpoint's root. */
    PROOF,
    /** The entry bytes: version, kind and time as ENTRY-FORMAT.md lays them out. */
    ENTRY,
    /** The entry's commitment to the canonical bytes under the receipt's salt. */
    COMMITMENT
  }

  /**
   * Every part checked held.
   *
   * @param commitmentChecked whether canonical bytes were given and the commitment was checked
   */
  record Holds(Checkpoint checkpoint, LogEntry entry, boolean commitmentChecked) implements ReceiptCheck {
    public Holds {
      Objects.requireNonNull(checkpoint, "checkpoint");
      Objects.requireNonNull(entry, "entry");
    }

    @Override
    public boolean ok() {
      return true;
    }
  }

  /** {@code part} failed; {@code reason} says how, for people. */
  record Fails(Part part, String reason) implements ReceiptCheck {
    public Fails {
      Objects.requireNonNull(part, "part");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public boolean ok() {
      return false;
    }
  }
}
