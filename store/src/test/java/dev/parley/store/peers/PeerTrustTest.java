package dev.parley.store.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.store.testing.TestCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
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

  /**
   * A pinned certificate is trusted only inside its validity, as a CA-signed one is (RFC 5280 §6.1.3
   * (a)(2)): the JDK skips the check for a trust anchor, so a self-signed certificate that expired, or
   * is not yet valid, would otherwise be accepted for ever.
   */
  @Test
  void context_pinnedCertificateOutsideItsValidity_handshakeRefused() throws Exception {
    TestCertificates.Made expired = TestCertificates.selfSigned(dir, "expired", "-30d", 2);
    TestCertificates.Made early = TestCertificates.selfSigned(dir, "early", "+10d", 30);
    for (TestCertificates.Made m : List.of(expired, early)) {
      String pem = PeerTrust.canonical(Files.readString(m.cert()));
      String words = m == expired ? "it expired on" : "it is not yet valid";
      assertThatThrownBy(() -> handshake(m, PeerTrust.context(pem))).isInstanceOf(javax.net.ssl.SSLHandshakeException.class)
          .hasMessageContaining("PKIX").hasMessageContaining(words)
          .satisfies(e -> assertThat(PeerTrust.refused(true, e.getMessage())).contains(words).doesNotContain("does not match"));
    }
    String pem = PeerTrust.canonical(Files.readString(one.cert()));
    handshake(one, PeerTrust.context(pem));
  }

  /** One TLS handshake on loopback: a server presenting {@code server}'s certificate, a client with {@code client}. */
  private static void handshake(TestCertificates.Made server, javax.net.ssl.SSLContext client) throws Exception {
    javax.net.ssl.SSLContext serverContext = server.serverContext();
    try (javax.net.ssl.SSLServerSocket listening = (javax.net.ssl.SSLServerSocket) serverContext.getServerSocketFactory()
        .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread accept = new Thread(() -> {
        try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) listening.accept()) {
          s.startHandshake();
        } catch (IOException ignored) {
          // the client refused the certificate
        }
      });
      accept.start();
      try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) client.getSocketFactory()
          .createSocket(InetAddress.getLoopbackAddress(), listening.getLocalPort())) {
        s.startHandshake();
      } finally {
        accept.join(10_000);
      }
    }
  }
}
