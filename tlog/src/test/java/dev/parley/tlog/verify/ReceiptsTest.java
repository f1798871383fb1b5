package dev.parley.tlog.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.tlog.checkpoint.Checkpoint;
import dev.parley.tlog.checkpoint.CheckpointVerification;
import dev.parley.tlog.checkpoint.Checkpoints;
import dev.parley.tlog.entry.EntryKind;
import dev.parley.tlog.entry.Salt;
import dev.parley.tlog.note.SignerKey;
import dev.parley.tlog.tiles.TileNodeReader;
import dev.parley.tlog.tiles.TilePath;
import dev.parley.tlog.tree.ConsistencyProof;
import dev.parley.tlog.tree.Hash;
import dev.parley.tlog.tree.InclusionProof;
import dev.parley.tlog.tree.MerkleTree;
import dev.parley.tlog.tree.TreeSize;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReceiptsTest {
  private static final SignerKey KEY = SignerKey.generate(ServedLog.ORIGIN);
  private static final ServedLog LOG = new ServedLog(KEY).append(1234);

  private static Receipt receipt(int index) {
    Checkpoint checkpoint = ((CheckpointVerification.Verified) Checkpoints.open(LOG.checkpoint, KEY.verifierKey()))
        .checkpoint();
    TileNodeReader nodes = new TileNodeReader((TilePath.HashTile path) -> LOG.files.get(path.toPath()), checkpoint.size());
    return Receipts.issue(index, LOG.salts.get(index), LOG.entries.get(index), nodes, checkpoint, LOG.checkpoint);
  }

  @Test
  void verify_issuedReceipt_verifiedWithCommitment() {
    Receipt receipt = receipt(777);
    assertThat(Receipts.verify(receipt, KEY.verifierKey(), Optional.of(ServedLog.canonical(777))).ok()).isTrue();
  }

  @Test
  void parse_receiptJson_roundTrips() {
    Receipt receipt = receipt(5);
    assertThat(Receipt.parse(receipt.toJson())).isEqualTo(receipt);
  }

  @Test
  void verify_otherCanonicalBytes_failsOnCommitment() {
    VerificationResult result = Receipts.verify(receipt(5), KEY.verifierKey(), Optional.of(ServedLog.canonical(6)));
    assertThat(((VerificationResult.Failed) result).reason()).startsWith("commitment");
  }

  @Test
  void verify_otherLeafIndex_failsOnInclusion() {
    Receipt receipt = receipt(5);
    Receipt moved = new Receipt(6, receipt.salt(), receipt.entry(), receipt.inclusionPath(), receipt.checkpoint());
    assertThat(((VerificationResult.Failed) Receipts.verify(moved, KEY.verifierKey(), Optional.empty())).reason())
        .startsWith("inclusion");
  }

  @Test
  void proofJson_inclusionAndConsistency_roundTrip() {
    TileNodeReader nodes = new TileNodeReader(path -> LOG.files.get(path.toPath()), TreeSize.of(1234));
    InclusionProof inclusion = MerkleTree.inclusionProof(nodes, 1000, TreeSize.of(1234));
    ConsistencyProof consistency = MerkleTree.consistencyProof(nodes, TreeSize.of(77),
        TreeSize.of(1234));
    assertThat(ProofJson.parseInclusion(ProofJson.inclusion(inclusion))).isEqualTo(inclusion);
    assertThat(ProofJson.parseConsistency(ProofJson.consistency(consistency))).isEqualTo(consistency);
    assertThat(ProofJson.inclusion(inclusion)).startsWith("{\"leaf_index\":1000,\"tree_size\":1234,\"inclusion_path\":[\"");
  }

  // Receipts.check: each part of a receipt (ENTRY-FORMAT.md, "Verifying a receipt") fails as itself

  private static ReceiptCheck.Part failedPart(Receipt receipt, SignerKey key, byte[] canonical) {
    ReceiptCheck check = Receipts.check(receipt, key.verifierKey(), Optional.of(canonical));
    assertThat(check.ok()).isFalse();
    return ((ReceiptCheck.Fails) check).part();
  }

  @Test
  void check_issuedReceipt_holdsWithEntryAndCheckpoint() {
    ReceiptCheck check = Receipts.check(receipt(777), KEY.verifierKey(), Optional.of(ServedLog.canonical(777)));
    ReceiptCheck.Holds holds = (ReceiptCheck.Holds) check;
    assertThat(holds.commitmentChecked()).isTrue();
    assertThat(holds.checkpoint().size().value()).isEqualTo(1234);
    assertThat(holds.entry().kind()).isEqualTo(EntryKind.STORE);
  }

  @Test
  void check_withoutCanonicalBytes_holdsButSaysTheCommitmentWasNotChecked() {
    ReceiptCheck check = Receipts.check(receipt(777), KEY.verifierKey(), Optional.empty());
    assertThat(((ReceiptCheck.Holds) check).commitmentChecked()).isFalse();
  }

  @Test
  void check_otherKey_failsOnCheckpoint() {
    assertThat(failedPart(receipt(7), SignerKey.generate(ServedLog.ORIGIN), ServedLog.canonical(7)))
        .isEqualTo(ReceiptCheck.Part.CHECKPOINT);
  }

  @Test
  void check_changedSignature_failsOnCheckpoint() {
    Receipt r = receipt(7);
    String note = r.checkpoint();
    int at = note.lastIndexOf(' ') + 1 + 12; // a signature byte: the base64 starts with the 4-byte key id
    char c = note.charAt(at);
    String forged = note.substring(0, at) + (c == 'A' ? 'B' : 'A') + note.substring(at + 1);
    Receipt tampered = new Receipt(r.leafIndex(), r.salt(), r.entry(), r.inclusionPath(), forged);
    assertThat(failedPart(tampered, KEY, ServedLog.canonical(7))).isEqualTo(ReceiptCheck.Part.CHECKPOINT);
  }

  @Test
  void check_changedProofHash_failsOnProof() {
    Receipt r = receipt(7);
    List<Hash> path = new ArrayList<>(r.inclusionPath());
    byte[] first = path.get(0).bytes();
    first[0] ^= 1;
    path.set(0, Hash.of(first, 0));
    Receipt tampered = new Receipt(r.leafIndex(), r.salt(), r.entry(), path, r.checkpoint());
    assertThat(failedPart(tampered, KEY, ServedLog.canonical(7))).isEqualTo(ReceiptCheck.Part.PROOF);
  }

  @Test
  void check_leafIndexBeyondTheTree_failsOnProof() {
    Receipt r = receipt(7);
    Receipt moved = new Receipt(1234, r.salt(), r.entry(), r.inclusionPath(), r.checkpoint());
    assertThat(failedPart(moved, KEY, ServedLog.canonical(7))).isEqualTo(ReceiptCheck.Part.PROOF);
  }

  @Test
  void check_otherSaltOrOtherBytes_failsOnCommitment() {
    Receipt r = receipt(7);
    Receipt salted = new Receipt(r.leafIndex(), Salt.random(), r.entry(), r.inclusionPath(), r.checkpoint());
    assertThat(failedPart(salted, KEY, ServedLog.canonical(7))).isEqualTo(ReceiptCheck.Part.COMMITMENT);
    assertThat(failedPart(r, KEY, ServedLog.canonical(8))).isEqualTo(ReceiptCheck.Part.COMMITMENT);
  }
}
