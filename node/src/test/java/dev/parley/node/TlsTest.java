package dev.parley.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.store.testing.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with {@code --tls-cert} and {@code --tls-key}: a self-signed certificate made by keytool in the test. */
class TlsTest {
  @TempDir static Path dir;
  static Node node;
  static X509Certificate certificate;

  @BeforeAll
  static void start() throws Exception {
    TestCertificates.Made made = TestCertificates.selfSigned(dir, "cert");
    Files.move(made.key(), dir.resolve("key.pem"));
    certificate = made.certificate();
    node = Node.start(NodeConfig.defaults().withDataDir(dir.resolve("data")).withListen("127.0.0.1", 0).withTls(made.cert(), dir.resolve("key.pem")));
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  private static HttpClient client(String... protocols) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("node", certificate);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    SSLParameters params = ssl.getDefaultSSLParameters();
    if (protocols.length > 0) params.setProtocols(protocols);
    return HttpClient.newBuilder().sslContext(ssl).sslParameters(params).build();
  }

  private static HttpResponse<String> discovery(HttpClient client, String scheme) throws Exception {
    String token = Files.readString(dir.resolve("data/admin.token")).trim();
    return client.send(HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + node.port() + "/taxii2/"))
        .header("Accept", "application/taxii+json;version=2.1")
        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void discovery_overTls13_200WithHttpsUrls() throws Exception {
    assertThat(node.discoveryUrl()).startsWith("https://");
    HttpResponse<String> r = discovery(client("TLSv1.3"), "https");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"default\":\"https://127.0.0.1:" + node.port() + "/api1/\"");
    assertThat(r.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
  }

  @Test
  void discovery_overTls12_200() throws Exception {
    HttpResponse<String> r = discovery(client("TLSv1.2"), "https");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.2");
  }

  @Test
  void discovery_plainHttpOnTheTlsPort_notServed() throws Exception {
    HttpResponse<String> r;
    try {
      r = discovery(HttpClient.newHttpClient(), "http");
    } catch (IOException e) {
      return; // the connection is closed: nothing was served in clear
    }
    assertThat(r.statusCode()).isNotEqualTo(200);
    assertThat(r.body()).doesNotContain("api_roots");
  }

  @Test
  void start_keyFileNotPkcs8_failsNamingTheFile() throws Exception {
    Path bad = dir.resolve("bad.pem");
    Files.writeString(bad, "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
    assertThatThrownBy(() -> Tls.keyStore(dir.resolve("cert.pem"), bad))
        .isInstanceOf(NodeException.class).hasMessageContaining("bad.pem").hasMessageContaining("PKCS#8");
  }

  /**
   * A hostile run: a valid key that is not the certificate's started a node (folder, administrator,
   * "TAXII discovery: https://...") whose every handshake then failed, with nothing logged.
   */
  @Test
  void keyStore_keyOfAnotherCertificate_refusedNamingBothFiles() throws Exception {
    Path other = TestCertificates.selfSigned(dir, "other").key();
    assertThatThrownBy(() -> Tls.keyStore(dir.resolve("cert.pem"), other)).isInstanceOf(NodeException.class)
        .isNotInstanceOf(NodeConfigException.class).hasMessageContaining("other-key.pem").hasMessageContaining("cert.pem")
        .hasMessageContaining("is not the key of the certificate");
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    Path rsaKey = Files.writeString(dir.resolve("rsa-key.pem"),
        TestCertificates.pem("PRIVATE KEY", rsa.generateKeyPair().getPrivate().getEncoded()));
    assertThatThrownBy(() -> Tls.keyStore(dir.resolve("cert.pem"), rsaKey)).isInstanceOf(NodeException.class)
        .hasMessageContaining("is not the key of the certificate").hasMessageContaining("whose key is EC");
  }

  /**
   * A file of the key and its certificate serves as the chain; the key alone as --tls-cert is refused
   * saying so (a hostile run read only "signed fields invalid").
   */
  @Test
  void keyStore_keyInTheCertificateFile_chainReadOrRefusedSayingWhy() throws Exception {
    Path both = Files.writeString(dir.resolve("both.pem"), Files.readString(dir.resolve("key.pem")) + Files.readString(dir.resolve("cert.pem")));
    assertThat(Tls.keyStore(both, dir.resolve("key.pem")).getCertificate("node")).isEqualTo(certificate);
    assertThatThrownBy(() -> Tls.keyStore(dir.resolve("key.pem"), dir.resolve("key.pem"))).isInstanceOf(NodeException.class)
        .hasMessageContaining("no certificate in").hasMessageContaining("PRIVATE KEY block").hasMessageContaining("--tls-key");
  }

  @Test
  void keyStore_certificateChain_keepsTheLeaf() {
    KeyStore ks = Tls.keyStore(dir.resolve("cert.pem"), dir.resolve("key.pem"));
    try {
      List<Certificate> chain = List.of(ks.getCertificateChain("node"));
      assertThat(chain).containsExactly(certificate);
    } catch (KeyStoreException e) {
      throw new AssertionError(e);
    }
  }
}
