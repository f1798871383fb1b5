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

  /**
   * Hostile run be D1: a leaf signed by a pinned authority that expired was refused without naming the
   * certificate or the date ("a certificate of its chain is expired or not yet valid"), where a pinned
   * self-signed one is named with its date.
   */
  @Test
  void context_leafOfAPinnedAuthorityExpired_namedWithItsDate() throws Exception {
    TestCertificates.Made ca = TestCertificates.selfSigned(dir, "authority", "-60d", 365);
    TestCertificates.Made leaf = TestCertificates.selfSigned(dir, "leaf-expired");
    Path csr = dir.resolve("leaf.csr");
    Path issued = dir.resolve("leaf.cer");
    keytool("-certreq", "-alias", "node", "-keystore", dir.resolve("leaf-expired.p12").toString(), "-storepass", "changeit", "-file", csr.toString());
    keytool("-gencert", "-alias", "node", "-keystore", dir.resolve("authority.p12").toString(), "-storepass", "changeit", "-infile",
        csr.toString(), "-outfile", issued.toString(), "-startdate", "-30d", "-validity", "2", "-ext", "san=ip:127.0.0.1,dns:localhost");
    java.security.cert.X509Certificate leafCert;
    try (var in = Files.newInputStream(issued)) {
      leafCert = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("node", leaf.privateKey(), new char[0], new java.security.cert.Certificate[] {leafCert, ca.certificate()});
    javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, new char[0]);
    javax.net.ssl.SSLContext server = javax.net.ssl.SSLContext.getInstance("TLS");
    server.init(kmf.getKeyManagers(), null, null);
    String pem = PeerTrust.canonical(Files.readString(ca.cert()));
    assertThatThrownBy(() -> handshake(server, PeerTrust.context(pem))).isInstanceOf(javax.net.ssl.SSLHandshakeException.class)
        .satisfies(e -> assertThat(PeerTrust.refused(true, e.getMessage())).contains("CN=leaf-expired").contains("it expired on "
            + leafCert.getNotAfter().toInstant()));
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
  }

  /** One TLS handshake on loopback: a server presenting {@code server}'s certificate, a client with {@code client}. */
  private static void handshake(TestCertificates.Made server, javax.net.ssl.SSLContext client) throws Exception {
    handshake(server.serverContext(), client);
  }

  private static void handshake(javax.net.ssl.SSLContext serverContext, javax.net.ssl.SSLContext client) throws Exception {
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
