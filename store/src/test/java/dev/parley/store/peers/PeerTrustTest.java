package dev.parley.store.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import dev.parley.store.testing.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code peer add --cacert FILE}: what a certificate file may hold, and what is refused, located. */
class PeerTrustTest {
  @TempDir static Path dir;
  static TestCertificates.Made one;
  static TestCertificates.Made two;

  @BeforeAll
  static void make() throws Exception {
    one = TestCertificates.selfSigned(dir, "one");
    two = TestCertificates.selfSigned(dir, "two");
  }

  @Test
  void canonical_textAroundBlocksAndCrlf_droppedCertificatesKeptInOrder() throws Exception {
    String a = Files.readString(one.cert());
    String b = Files.readString(two.cert());
    String openssl = "subject=CN = one\nissuer=CN = one\n" + a.replace("\n", "\r\n") + "\n# and its pair\n" + b;
    String canonical = PeerTrust.canonical(openssl);
    assertThat(canonical).isEqualTo(a + b);
    assertThat(PeerTrust.canonical(canonical)).isEqualTo(canonical);
    assertThat(PeerTrust.certificates(canonical)).containsExactly(one.certificate(), two.certificate());
  }

  @Test
  void fingerprint_isTheSha256OfTheDer() throws Exception {
    assertThat(PeerTrust.fingerprint(one.certificate()))
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(one.certificate().getEncoded())));
  }

  @Test
  void certificates_privateKey_refusedNeverStored() throws Exception {
    String both = Files.readString(one.cert()) + Files.readString(one.key());
    assertThatThrownBy(() -> PeerTrust.canonical(both)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("block 2").hasMessageContaining("private key").hasMessageNotContaining("MII");
  }

  @Test
  void certificates_malformed_refusedLocated() throws Exception {
    String a = Files.readString(one.cert());
    assertThatThrownBy(() -> PeerTrust.canonical("")).hasMessageContaining("no certificate");
    assertThatThrownBy(() -> PeerTrust.canonical("just some text\n")).hasMessageContaining("no certificate");
    assertThatThrownBy(() -> PeerTrust.canonical(a + "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"))
        .hasMessageContaining("block 2 (line " + (a.lines().count() + 1) + ")").hasMessageContaining("PUBLIC KEY, not a CERTIFICATE");
    assertThatThrownBy(() -> PeerTrust.canonical(a.substring(0, a.indexOf("-----END"))))
        .hasMessageContaining("block 1 (line 1)").hasMessageContaining("does not end");
    assertThatThrownBy(() -> PeerTrust.canonical("-----BEGIN CERTIFICATE-----\n%%%%\n-----END CERTIFICATE-----\n"))
        .hasMessageContaining("block 1").hasMessageContaining("base64");
    assertThatThrownBy(() -> PeerTrust.canonical("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
        .hasMessageContaining("block 1").hasMessageContaining("not an X.509 certificate");
    assertThatThrownBy(() -> PeerTrust.canonical(a.repeat(PeerTrust.MAX_CERTIFICATES + 1)))
        .hasMessageContaining("more than " + PeerTrust.MAX_CERTIFICATES + " certificates");
    assertThatThrownBy(() -> PeerTrust.canonical("x".repeat(PeerTrust.MAX_CHARS + 1))).hasMessageContaining("more than");
  }

  @Test
  void context_sameText_sameContext() throws Exception {
    String a = PeerTrust.canonical(Files.readString(one.cert()));
    assertThat(PeerTrust.context(a)).isSameAs(PeerTrust.context(a));
    assertThat(PeerTrust.context(a)).isNotSameAs(PeerTrust.context(PeerTrust.canonical(Files.readString(two.cert()))));
  }
}
