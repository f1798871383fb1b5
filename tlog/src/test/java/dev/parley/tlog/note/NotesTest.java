package dev.parley.tlog.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.tlog.MalformedInputException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NotesTest {
  private static final VerifierKey PETER = VerifierKey.parse(GoVectorTest.VKEY);
  private static final SignerKey OTHER = SignerKey.generate("other.example/log");

  @Test
  void open_unknownSignatureBesideKnownOne_ignored() {
    String note = Note.parse(GoVectorTest.NOTE).with(OTHER.sign(GoVectorTest.TEXT)).format();
    NoteVerification result = Notes.open(note, List.of(PETER));
    assertThat(result).isInstanceOf(NoteVerification.Verified.class);
    assertThat(((NoteVerification.Verified) result).keys()).containsExactly(PETER);
  }

  @Test
  void open_sameNameDifferentKeyId_ignoredNotTrusted() {
    SignerKey impostor = SignerKey.generate("PeterNeumann");
    String note = Note.of(GoVectorTest.TEXT).with(impostor.sign(GoVectorTest.TEXT)).format();
    assertThat(Notes.open(note, List.of(PETER))).isEqualTo(new NoteVerification.Rejected("no signature from a trusted key"));
  }

  @Test
  void open_knownKeyWithBadSignature_rejectsWholeNote() {
    NoteSignature good = Note.parse(GoVectorTest.NOTE).signatures().get(0);
    byte[] bytes = good.signature();
    bytes[5] ^= 1;
    String note = Note.of(GoVectorTest.TEXT).with(OTHER.sign(GoVectorTest.TEXT))
        .with(new NoteSignature(good.keyName(), good.keyId(), bytes)).format();
    assertThat(Notes.open(note, List.of(PETER, OTHER.verifierKey())))
        .isInstanceOf(NoteVerification.Rejected.class);
  }

  /**
   * c2sp.org/signed-note: "If the key name and ID match a known key, verifiers MUST verify the
   * signature. If a signature from a known key fails to verify, clients SHOULD reject the whole
   * note": a second line of the same key, bad, rejects the note whether it comes after the good one
   * or before it (hostile run 10at D5: after it, the note verified).
   */
  @Test
  void open_badSecondSignatureOfAKnownKey_rejectedInEitherOrder() {
    NoteSignature good = Note.parse(GoVectorTest.NOTE).signatures().get(0);
    NoteSignature bad = new NoteSignature(good.keyName(), good.keyId(), new byte[good.signature().length]);
    String after = Note.of(GoVectorTest.TEXT).with(good).with(bad).format();
    String before = Note.of(GoVectorTest.TEXT).with(bad).with(good).format();
    assertThat(Notes.open(after, List.of(PETER))).isInstanceOf(NoteVerification.Rejected.class);
    assertThat(Notes.open(before, List.of(PETER))).isInstanceOf(NoteVerification.Rejected.class);
    assertThat(Notes.open(Note.of(GoVectorTest.TEXT).with(good).with(good).format(), List.of(PETER)))
        .as("the same good line twice").isInstanceOf(NoteVerification.Verified.class);
  }

  @Test
  void open_sixteenSignatures_accepted() {
    Note note = Note.of("text\n");
    List<VerifierKey> keys = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      SignerKey signer = SignerKey.generate("signer" + i);
      keys.add(signer.verifierKey());
      note = note.with(signer.sign("text\n"));
    }
    NoteVerification result = Notes.open(note.format(), keys);
    assertThat(((NoteVerification.Verified) result).keys()).hasSize(16);
  }

  @Test
  void parse_textWithBlankLines_splitsAtLastBlankLine() {
    String text = "a\n\nb\n";
    String note = Note.of(text).with(OTHER.sign(text)).format();
    assertThat(Note.parse(note).text()).isEqualTo(text);
    assertThat(Notes.open(note, List.of(OTHER.verifierKey()))).isInstanceOf(NoteVerification.Verified.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "no blank line\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
    "text\n\n",
    "text\n\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
    "text\n\n- PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
    "text\n\n\u2014 Peter+Neumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
    "text\n\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM\n",
    "text\n\n\u2014 PeterNeumann AAAA\n",
    "te\txt\n\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
    "text\r\n\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
  })
  void open_malformedNote_rejectedWithoutThrowing(String note) {
    assertThat(Notes.open(note, List.of(PETER))).isInstanceOf(NoteVerification.Rejected.class);
  }

  @Test
  void parse_invalidUtf8_rejected() {
    byte[] note = (GoVectorTest.NOTE).getBytes(StandardCharsets.UTF_8);
    note[3] = (byte) 0xC3;
    assertThat(Notes.open(note, List.of(PETER))).isInstanceOf(NoteVerification.Rejected.class);
  }

  @Test
  void keyNames_spacesAndPlus_invalid() {
    assertThat(KeyNames.isValid("example.com/log")).isTrue();
    assertThat(KeyNames.isValid("a b")).isFalse();
    assertThat(KeyNames.isValid("a+b")).isFalse();
    assertThat(KeyNames.isValid("a\u00a0b")).isFalse();
    assertThat(KeyNames.isValid("")).isFalse();
    assertThatThrownBy(() -> SignerKey.generate("a b")).isInstanceOf(MalformedInputException.class);
  }

  @Test
  void keyId_isFirstFourBytesOfSha256OverNameNewlineTypeKey() throws Exception {
    VerifierKey key = OTHER.verifierKey();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update("other.example/log\n".getBytes());
    sha.update((byte) 0x01);
    sha.update(key.publicKey());
    byte[] hash = sha.digest();
    assertThat(key.keyId()).isEqualTo(ByteBuffer.wrap(hash, 0, 4).getInt());
  }
}
