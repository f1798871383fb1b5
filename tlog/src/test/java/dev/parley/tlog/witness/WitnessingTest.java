package dev.parley.tlog.witness;

import static dev.parley.tlog.witness.Trees.checkpoint;
import static dev.parley.tlog.witness.Trees.forked;
import static dev.parley.tlog.witness.Trees.leaves;
import static dev.parley.tlog.witness.Trees.proof;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.tlog.MalformedInputException;
import dev.parley.tlog.checkpoint.Checkpoint;
import dev.parley.tlog.tree.Hash;
import dev.parley.tlog.tree.TreeSize;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** c2sp.org/tlog-witness, "add-checkpoint": the request body and the checks that depend on the cosigned state. */
class WitnessingTest {
  private static final String ORIGIN = "a.example/log";

  private static Optional<Witnessed> at(List<Hash> leaves) {
    return Optional.of(new Witnessed(checkpoint(ORIGIN, leaves), "note\n"));
  }

  private static Verdict judge(long old, List<Hash> proof, List<Hash> tree, Optional<Witnessed> state) {
    return Witnessing.judge(new AddCheckpoint(old, proof, "n\n"), checkpoint(ORIGIN, tree), state);
  }

  @Test
  void parse_specExample_readsOldSizeProofAndNote() {
    String body = "old 20852014\nPlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\njrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=\n\n"
        + "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n— example.com/behind-the-sofa Az3g\n";
    AddCheckpoint r = AddCheckpoint.parse(body.getBytes(StandardCharsets.UTF_8));
    assertThat(r.oldSize()).isEqualTo(20852014L);
    assertThat(r.proof()).hasSize(2);
    assertThat(r.note()).startsWith("example.com/behind-the-sofa\n20852163\n");
    assertThat(AddCheckpoint.parse(r.format().getBytes(StandardCharsets.UTF_8))).isEqualTo(r);
  }

  @Test
  void parse_hostileBodies_areMalformed() {
    String note = "\no\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n— o x\n";
    StringBuilder tooMany = new StringBuilder("old 1\n");
    for (int i = 0; i < 64; i++) tooMany.append("PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n");
    for (String body : List.of("", "old 1", "old 01\n" + note, "old -1\n" + note, "old  1\n" + note, "Old 1\n" + note,
        "old 1\nnot-base64\n" + note, "old 1\nAAAA\n" + note, "old 1\n", "old 1\n\n", "old 99999999999999999999\n" + note,
        tooMany + note)) {
      assertThatThrownBy(() -> AddCheckpoint.parse(body.getBytes(StandardCharsets.UTF_8))).as(body)
          .isInstanceOf(MalformedInputException.class);
    }
    assertThatThrownBy(() -> AddCheckpoint.parse(new byte[] {'o', 'l', 'd', ' ', '0', '\n', '\n', (byte) 0xC3}))
        .isInstanceOf(MalformedInputException.class);
  }

  @Test
  void judge_firstCheckpointWithOldZero_cosigns() {
    assertThat(judge(0, List.of(), leaves("a", 5), Optional.empty())).isInstanceOf(Verdict.Cosign.class);
  }

  @Test
  void judge_oldLargerThanCheckpoint_is400() {
    assertThat(judge(6, List.of(), leaves("a", 5), Optional.empty())).isInstanceOf(Verdict.OldTooLarge.class);
  }

  @Test
  void judge_oldNotTheCosignedSize_is409WithTheWitnessSize() {
    List<Hash> tree = leaves("a", 9);
    assertThat(judge(0, List.of(), tree, at(leaves("a", 5)))).isEqualTo(new Verdict.Conflict(5, false));
    assertThat(judge(3, proof(tree, 3), tree, at(leaves("a", 5)))).isEqualTo(new Verdict.Conflict(5, false));
    assertThat(judge(4, proof(tree, 4), tree, Optional.empty())).isEqualTo(new Verdict.Conflict(0, false));
  }

  @Test
  void judge_validProofFromTheCosignedSize_cosigns() {
    for (int old = 1; old <= 9; old++) {
      for (int size = old + 1; size <= 17; size++) {
        List<Hash> tree = leaves("a", size);
        assertThat(judge(old, proof(tree, old), tree, at(leaves("a", old)))).as(old + "->" + size).isInstanceOf(Verdict.Cosign.class);
      }
    }
  }

  @Test
  void judge_proofOfAnotherHistory_is422() {
    List<Hash> forged = forked(3, 9);
    assertThat(judge(5, proof(forged, 5), forged, at(leaves("a", 5)))).isInstanceOf(Verdict.BadProof.class);
    List<Hash> tree = leaves("a", 9);
    assertThat(judge(5, List.of(), tree, at(leaves("a", 5)))).isInstanceOf(Verdict.BadProof.class);
    assertThat(judge(0, proof(tree, 5), tree, Optional.empty())).isInstanceOf(Verdict.BadProof.class);
  }

  @Test
  void judge_sameSizeOtherRoot_is409AndAFork() {
    assertThat(judge(5, List.of(), forked(2, 5), at(leaves("a", 5)))).isEqualTo(new Verdict.Conflict(5, true));
    assertThat(judge(5, List.of(), leaves("a", 5), at(leaves("a", 5)))).isInstanceOf(Verdict.Cosign.class);
  }

  @Test
  void checkpoint_sizeZeroWithAnotherRoot_isRefused() {
    Checkpoint bad = Checkpoint.of(ORIGIN, TreeSize.ZERO, leaves("a", 1).get(0));
    assertThat(Witnessing.judge(new AddCheckpoint(0, List.of(), "n\n"), bad, Optional.empty())).isInstanceOf(Verdict.BadProof.class);
  }
}
