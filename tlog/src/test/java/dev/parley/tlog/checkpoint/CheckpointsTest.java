package dev.parley.tlog.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.tlog.MalformedInputException;
import dev.parley.tlog.note.SignerKey;
import dev.parley.tlog.tree.Hashes;
import dev.parley.tlog.tree.TreeSize;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointsTest {
  private static final String SPEC_TEXT =
      "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
  private static final SignerKey LOG = SignerKey.generate("parley.example/log");

  @Test
  void parse_specExample_readsOriginSizeRoot() {
    Checkpoint checkpoint = Checkpoint.parse(SPEC_TEXT);
    assertThat(checkpoint.origin()).isEqualTo("example.com/behind-the-sofa");
    assertThat(checkpoint.size()).isEqualTo(TreeSize.of(20852163));
    assertThat(checkpoint.root().toBase64()).isEqualTo("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=");
    assertThat(checkpoint.text()).isEqualTo(SPEC_TEXT);
  }

  @Test
  void parse_extensionLines_kept() {
    String text = SPEC_TEXT + "ext one\nx\n";
    assertThat(Checkpoint.parse(text).extensions()).containsExactly("ext one", "x");
    assertThat(Checkpoint.parse(text).text()).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "example.com/log\n012\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
    "example.com/log\n-1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
    "example.com/log\n99999999999999999999\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
    "example.com/log\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n",
    "example.com/log\n1\n",
    "\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
    "example.com/log\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\nx\n",
    "example.com/log\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=",
  })
  void parse_breaksARule_rejected(String text) {
    assertThatThrownBy(() -> Checkpoint.parse(text)).isInstanceOf(MalformedInputException.class);
  }

  @Test
  void open_signedByLog_verified() {
    Checkpoint checkpoint = Checkpoint.of("parley.example/log", TreeSize.of(5), Hashes.leaf(new byte[] {5}));
    String note = Checkpoints.sign(checkpoint, LOG);
    CheckpointVerification result = Checkpoints.open(note, LOG.verifierKey());
    assertThat(((CheckpointVerification.Verified) result).checkpoint()).isEqualTo(checkpoint);
  }

  @Test
  void open_otherLogKeySameName_rejected() {
    Checkpoint checkpoint = Checkpoint.of("parley.example/log", TreeSize.of(5), Hashes.leaf(new byte[] {5}));
    String note = Checkpoints.sign(checkpoint, SignerKey.generate("parley.example/log"));
    assertThat(Checkpoints.open(note, LOG.verifierKey())).isInstanceOf(CheckpointVerification.Rejected.class);
  }

  @Test
  void open_cosignedByWitness_listsCosigner() {
    SignerKey witness = SignerKey.generateCosigner("witness.example/w1");
    Checkpoint checkpoint = Checkpoint.of("parley.example/log", TreeSize.ZERO, Hashes.emptyRoot());
    String note = Checkpoints.cosign(Checkpoints.sign(checkpoint, LOG), witness, 1_700_000_000L);
    CheckpointVerification result = Checkpoints.open(note, LOG.verifierKey(), List.of(witness.verifierKey()));
    assertThat(((CheckpointVerification.Verified) result).cosigners()).containsExactly(witness.verifierKey());
    assertThat(Checkpoints.open(note, LOG.verifierKey())).isInstanceOf(CheckpointVerification.Verified.class);
  }

  @Test
  void sign_keyNameDiffersFromOrigin_refused() {
    Checkpoint checkpoint = Checkpoint.of("elsewhere.example/log", TreeSize.ZERO, Hashes.emptyRoot());
    assertThatThrownBy(() -> Checkpoints.sign(checkpoint, LOG)).isInstanceOf(IllegalArgumentException.class);
  }
}
