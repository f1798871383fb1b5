package dev.parley.tlog.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.tlog.MalformedInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example key and note of Go's golang.org/x/mod/sumdb/note, which signed-note implementations share. */
class GoVectorTest {
  static final String VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  static final String SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
  static final String TEXT =
      "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
  static final String SIGNATURE =
      "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
  static final String NOTE = TEXT + "\n" + SIGNATURE;

  @Test
  void parse_goVerifierKey_roundTripsWithKeyId() {
    VerifierKey key = VerifierKey.parse(VKEY);
    assertThat(key.name()).isEqualTo("PeterNeumann");
    assertThat(key.keyId()).isEqualTo(0xc74f20a3);
    assertThat(key.type()).isEqualTo(SignatureType.ED25519);
    assertThat(key.encode()).isEqualTo(VKEY);
  }

  @Test
  void parse_goSignerKey_derivesTheVerifierKey() {
    SignerKey signer = SignerKey.parse(SKEY);
    assertThat(signer.verifierKey().encode()).isEqualTo(VKEY);
    assertThat(signer.encode()).isEqualTo(SKEY);
    assertThat(signer.toString()).doesNotContain("AYEKFALV");
  }

  @Test
  void sign_goText_reproducesGoNoteByteForByte() {
    SignerKey signer = SignerKey.parse(SKEY);
    assertThat(Note.of(TEXT).with(signer.sign(TEXT)).format()).isEqualTo(NOTE);
  }

  @Test
  void open_goNote_verified() {
    NoteVerification result = Notes.open(NOTE, List.of(VerifierKey.parse(VKEY)));
    assertThat(result).isInstanceOf(NoteVerification.Verified.class);
    assertThat(((NoteVerification.Verified) result).text()).isEqualTo(TEXT);
  }

  @Test
  void open_tamperedText_rejected() {
    NoteVerification result = Notes.open(NOTE.replace("cryptography", "cryptographY"), List.of(VerifierKey.parse(VKEY)));
    assertThat(result).isInstanceOf(NoteVerification.Rejected.class);
  }

  @Test
  void parse_everyManglingOfTheVerifierKey_rejected() {
    byte[] bytes = VKEY.getBytes();
    for (int i = 0; i < bytes.length; i++) {
      bytes[i]++;
      String mangled = new String(bytes);
      assertThatThrownBy(() -> VerifierKey.parse(mangled)).as(mangled).isInstanceOf(MalformedInputException.class);
      bytes[i]--;
    }
    for (int end = 1; end < VKEY.length(); end++) {
      String prefix = VKEY.substring(0, end);
      assertThatThrownBy(() -> VerifierKey.parse(prefix)).as(prefix).isInstanceOf(MalformedInputException.class);
    }
  }
}
