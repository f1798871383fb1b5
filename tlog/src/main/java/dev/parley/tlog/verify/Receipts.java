package dev.parley.tlog.verify;

import dev.parley.tlog.MalformedInputException;
import dev.parley.tlog.checkpoint.Checkpoint;
import dev.parley.tlog.checkpoint.CheckpointOpener;
import dev.parley.tlog.checkpoint.CheckpointVerification;
import dev.parley.tlog.entry.LogEntry;
import dev.parley.tlog.entry.Salt;
import dev.parley.tlog.note.VerifierKey;
import dev.parley.tlog.tree.Hashes;
import dev.parley.tlog.tree.InclusionProof;
import dev.parley.tlog.tree.MerkleTree;
import dev.parley.tlog.tree.NodeReader;
import dev.parley.tlog.tree.Proofs;
import java.util.Optional;

/** Issuing and verifying receipts. Thread-safe; verification never throws for bad data. */
public final class Receipts {
  private Receipts() {}

  /**
   * A receipt for leaf {@code leafIndex}, proved against {@code signedCheckpoint} with nodes from
   * {@code nodes} (e.g. a {@code TileNodeReader} at the checkpoint's size).
   */
  public static Receipt issue(long leafIndex, Salt salt, byte[] entry,
      NodeReader nodes, Checkpoint checkpoint, String signedCheckpoint) {
    InclusionProof proof = MerkleTree.inclusionProof(nodes, leafIndex, checkpoint.size());
    return new Receipt(leafIndex, salt, entry, proof.path(), signedCheckpoint);
  }

  /**
   * Verifies that the receipt's entry is in the log: the checkpoint is signed by {@code logKey} and
   * the inclusion path leads from the entry's leaf hash to its root. With {@code canonical}, also
   * that the entry commits to those bytes under the receipt's salt. {@link #check} says which part
   * failed; this answers with its reason only.
   */
  public static VerificationResult verify(Receipt receipt, VerifierKey logKey, Optional<byte[]> canonical) {
    ReceiptCheck check = check(receipt, logKey, canonical);
    if (check instanceof ReceiptCheck.Fails fails) {
      return new VerificationResult.Failed(fails.reason());
    }
    return new VerificationResult.Verified(((ReceiptCheck.Holds) check).checkpoint(), receipt.checkpoint(), 0);
  }

  /**
   * Checks a receipt offline, part by part, in the order of ENTRY-FORMAT.md: the checkpoint's
   * signature by {@code logKey}, the inclusion path from the entry to the checkpoint's root, the
   * entry's layout, and with {@code canonical} the entry's commitment to those bytes under the
   * receipt's salt. Stops at the first part that fails. Never throws for bad data.
   */
  public static ReceiptCheck check(Receipt receipt, VerifierKey logKey, Optional<byte[]> canonical) {
    return check(receipt, new CheckpointOpener(logKey), canonical);
  }

  /**
   * As {@link #check(Receipt, VerifierKey, Optional)}, opening the checkpoint with {@code opener}:
   * receipts checked one after another against one checkpoint then check its signature once.
   */
  public static ReceiptCheck check(Receipt receipt, CheckpointOpener opener, Optional<byte[]> canonical) {
    CheckpointVerification opened = opener.open(receipt.checkpoint());
    if (opened instanceof CheckpointVerification.Rejected rejected) {
      return new ReceiptCheck.Fails(ReceiptCheck.Part.CHECKPOINT, "checkpoint: " + rejected.reason());
    }
    Checkpoint checkpoint = ((CheckpointVerification.Verified) opened).checkpoint();
    if (!checkpoint.size().contains(receipt.leafIndex())) {
      return new ReceiptCheck.Fails(ReceiptCheck.Part.PROOF,
          "leaf index " + receipt.leafIndex() + " is outside the checkpoint's tree of size " + checkpoint.size());
    }
    InclusionProof proof = new InclusionProof(receipt.leafIndex(), checkpoint.size(), receipt.inclusionPath());
    if (!Proofs.verifyInclusion(Hashes.leaf(receipt.entry()), proof, checkpoint.root())) {
      return new ReceiptCheck.Fails(ReceiptCheck.Part.PROOF,
          "inclusion: the path does not lead from the entry to the checkpoint's root");
    }
    LogEntry entry;
    try {
      entry = LogEntry.parse(receipt.entry());
    } catch (MalformedInputException e) {
      return new ReceiptCheck.Fails(ReceiptCheck.Part.ENTRY, e.getMessage());
    }
    if (canonical.isPresent() && !entry.commitsTo(receipt.salt(), canonical.get())) {
      return new ReceiptCheck.Fails(ReceiptCheck.Part.COMMITMENT,
          "commitment: the entry does not commit to these bytes under this salt");
    }
    return new ReceiptCheck.Holds(checkpoint, entry, canonical.isPresent());
  }
}
