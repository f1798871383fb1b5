package dev.parley.tlog.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Ed25519 as RFC 8032 defines it: the RFC's test vectors, and agreement with the JDK's provider both ways. */
class Ed25519Test {
  private static final HexFormat HEX = HexFormat.of();

  /** RFC 8032 §7.1, TEST 1, TEST 2 and TEST 3: secret key, public key, message, signature. */
  private static final String[][] VECTORS = {
    {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
    {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
    {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
  };

  @Test
  void rfc8032Vectors_publicKeySignatureAndVerification() {
    for (String[] v : VECTORS) {
      byte[] seed = HEX.parseHex(v[0]);
      byte[] message = HEX.parseHex(v[2]);
      assertThat(HEX.formatHex(Ed25519.publicKey(seed))).isEqualTo(v[1]);
      assertThat(HEX.formatHex(Ed25519.sign(seed, Ed25519.publicKey(seed), message))).isEqualTo(v[3]);
      assertThat(Ed25519.verify(HEX.parseHex(v[1]), message, HEX.parseHex(v[3]))).isTrue();
    }
  }

  @Test
  void agreesWithTheJdkProvider_bothWays_seededRandomKeysAndMessages() throws Exception {
    Random random = new Random(8032);
    for (int i = 0; i < 50; i++) {
      byte[] seed = new byte[32];
      random.nextBytes(seed);
      byte[] message = new byte[random.nextInt(300)];
      random.nextBytes(message);
      byte[] key = Ed25519.publicKey(seed);
      byte[] ours = Ed25519.sign(seed, key, message);
      assertThat(ours).isEqualTo(JdkEd25519.sign(seed, message)); // deterministic signatures: the same bytes
      assertThat(JdkEd25519.verify(key, message, ours)).isTrue();
      byte[] tampered = ours.clone();
      tampered[random.nextInt(64)] ^= (byte) (1 << random.nextInt(8));
      assertThat(Ed25519.verify(key, message, tampered)).isFalse();
      assertThat(JdkEd25519.verify(key, message, tampered)).isFalse();
    }
  }

  @Test
  void malformedKeysAndSignatures_areInvalidNotErrors() {
    byte[] seed = new byte[32];
    byte[] key = Ed25519.publicKey(seed);
    byte[] signature = Ed25519.sign(seed, key, new byte[] {1});
    assertThat(Ed25519.verify(new byte[31], new byte[] {1}, signature)).isFalse();
    assertThat(Ed25519.verify(key, new byte[] {1}, new byte[63])).isFalse();
    assertThat(Ed25519.verify(new byte[32], new byte[] {1}, signature)).isFalse();
    byte[] highS = signature.clone();
    highS[63] |= (byte) 0xf0; // S at or above the group order: refused (RFC 8032 §5.1.7)
    assertThat(Ed25519.verify(key, new byte[] {1}, highS)).isFalse();
    assertThatThrownBy(() -> Ed25519.sign(new byte[31], new byte[32], new byte[0])).isInstanceOf(IllegalArgumentException.class);
  }
}
