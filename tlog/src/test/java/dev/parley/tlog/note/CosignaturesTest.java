package dev.parley.tlog.note;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CosignaturesTest {
  private static final String CHECKPOINT =
      "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
  private static final SignerKey WITNESS = SignerKey.generateCosigner("witness.example.com/w1");

  @Test
  void cosign_signsTheSpecMessage_withTimestampPrefix() throws Exception {
    NoteSignature cosignature = WITNESS.cosign(CHECKPOINT, 1679315147L);
    byte[] bytes = cosignature.signature();
    assertThat(bytes).hasSize(72);
    assertThat(ByteBuffer.wrap(bytes, 0, 8).getLong()).isEqualTo(1679315147L);

    Signature ed25519 = Signature.getInstance("Ed25519");
    ed25519.initVerify(JdkEd25519.publicKey(WITNESS.verifierKey().publicKey()));
    ed25519.update(("cosignature/v1\ntime 1679315147\n" + CHECKPOINT).getBytes(StandardCharsets.UTF_8));
    assertThat(ed25519.verify(Arrays.copyOfRange(bytes, 8, 72))).isTrue();
  }

  @Test
  void keyId_usesTypeFour() {
    VerifierKey key = WITNESS.verifierKey();
    assertThat(key.type()).isEqualTo(SignatureType.COSIGNATURE_V1);
    assertThat(key.keyId()).isEqualTo(KeyNames.keyId(key.name(), (byte) 0x04, key.publicKey()));
    assertThat(VerifierKey.parse(key.encode())).isEqualTo(key);
    assertThat(SignerKey.parse(WITNESS.encode()).verifierKey()).isEqualTo(key);
  }

  @Test
  void open_cosignedNote_verifiesWithTimestamp() {
    Note note = Note.of(CHECKPOINT).with(WITNESS.cosign(CHECKPOINT, 42));
    NoteVerification result = Notes.open(note.format(), List.of(WITNESS.verifierKey()));
    NoteVerification.Verified verified = (NoteVerification.Verified) result;
    assertThat(Cosignatures.timestamp(verified.signatures().get(0))).hasValue(42);
  }

  @Test
  void verify_timestampChanged_fails() {
    byte[] bytes = WITNESS.cosign(CHECKPOINT, 42).signature();
    bytes[7] = 43;
    assertThat(WITNESS.verifierKey().verify(CHECKPOINT, bytes)).isFalse();
  }

  @Test
  void verify_timestampAboveTwoToTheSixtyThree_fails() {
    byte[] bytes = WITNESS.cosign(CHECKPOINT, 42).signature();
    bytes[0] = (byte) 0x80;
    assertThat(WITNESS.verifierKey().verify(CHECKPOINT, bytes)).isFalse();
  }
}
