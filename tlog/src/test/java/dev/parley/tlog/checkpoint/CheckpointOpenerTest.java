package dev.parley.tlog.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.tlog.note.SignerKey;
import dev.parley.tlog.tree.Hashes;
import dev.parley.tlog.tree.TreeSize;
import org.junit.jupiter.api.Test;

/** A checkpoint counts as verified from memory only when it is the very text that verified. */
class CheckpointOpenerTest {
  private static final SignerKey LOG = SignerKey.generate("parley.example/log");

  private static String signed(long size, SignerKey key) {
    return Checkpoints.sign(Checkpoint.of("parley.example/log", TreeSize.of(size), Hashes.leaf(new byte[] {(byte) size})), key);
  }

  @Test
  void open_sameNoteAgain_verifiedAsTheFirstTime() {
    CheckpointOpener opener = new CheckpointOpener(LOG.verifierKey());
    String note = signed(5, LOG);
    CheckpointVerification first = opener.open(note);
    assertThat(first).isInstanceOf(CheckpointVerification.Verified.class);
    assertThat(opener.open(note)).isEqualTo(first).isEqualTo(Checkpoints.open(note, LOG.verifierKey()));
  }

  @Test
  void open_afterAVerifiedNote_tamperedOrForeignNotesStillRejected() {
    CheckpointOpener opener = new CheckpointOpener(LOG.verifierKey());
    String note = signed(5, LOG);
    assertThat(opener.open(note)).isInstanceOf(CheckpointVerification.Verified.class);
    // another size under the same signature, a signature by another key of the same name, and the note without its signature
    String resized = note.replaceFirst("\n5\n", "\n6\n");
    String foreign = signed(5, SignerKey.generate("parley.example/log"));
    String unsigned = note.substring(0, note.indexOf("\n\n") + 2);
    for (String bad : new String[] {resized, foreign, unsigned}) {
      assertThat(opener.open(bad)).as(bad).isInstanceOf(CheckpointVerification.Rejected.class);
      assertThat(opener.open(note)).as("the good note after " + bad).isInstanceOf(CheckpointVerification.Verified.class);
    }
    // a later checkpoint that verifies takes the place of the first; the first still verifies, anew
    String later = signed(9, LOG);
    assertThat(opener.open(later)).isInstanceOf(CheckpointVerification.Verified.class);
    assertThat(((CheckpointVerification.Verified) opener.open(note)).checkpoint().size()).isEqualTo(TreeSize.of(5));
  }
}
