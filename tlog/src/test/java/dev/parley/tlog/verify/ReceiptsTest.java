package dev.parley.tlog.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.tlog.checkpoint.Checkpoint;
import dev.parley.tlog.checkpoint.CheckpointVerification;
import dev.parley.tlog.checkpoint.Checkpoints;
import dev.parley.tlog.note.SignerKey;
import dev.parley.tlog.tiles.TileNodeReader;
import dev.parley.tlog.tiles.TilePath;
import dev.parley.tlog.tree.ConsistencyProof;
import dev.parley.tlog.tree.InclusionProof;
import dev.parley.tlog.tree.MerkleTree;
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
    TileNodeReader nodes = new TileNodeReader(path -> LOG.files.get(path.toPath()), dev.parley.tlog.tree.TreeSize.of(1234));
    InclusionProof inclusion = MerkleTree.inclusionProof(nodes, 1000, dev.parley.tlog.tree.TreeSize.of(1234));
    ConsistencyProof consistency = MerkleTree.consistencyProof(nodes, dev.parley.tlog.tree.TreeSize.of(77),
        dev.parley.tlog.tree.TreeSize.of(1234));
    assertThat(ProofJson.parseInclusion(ProofJson.inclusion(inclusion))).isEqualTo(inclusion);
    assertThat(ProofJson.parseConsistency(ProofJson.consistency(consistency))).isEqualTo(consistency);
    assertThat(ProofJson.inclusion(inclusion)).startsWith("{\"leaf_index\":1000,\"tree_size\":1234,\"inclusion_path\":[\"");
  }
}
