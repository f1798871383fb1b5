package dev.parley.store.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** Self-signed certificates for tests of HTTPS on loopback, made by the JDK's keytool. */
public final class TestCertificates {
  private TestCertificates() {}

  /**
   * A certificate and its key.
   *
   * @param cert the certificate, PEM
   * @param key the private key, PEM (PKCS#8)
   */
  public record Made(Path cert, Path key, X509Certificate certificate, PrivateKey privateKey) {
    /** A TLS context that presents this certificate with its key: a server's on loopback. */
    public javax.net.ssl.SSLContext serverContext() throws GeneralSecurityException, IOException {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("node", privateKey, new char[0], new Certificate[] {certificate});
      javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, new char[0]);
      javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
      tls.init(kmf.getKeyManagers(), null, null);
      return tls;
    }
  }

  /** An EC key pair and a self-signed certificate for 127.0.0.1 and localhost, written as {@code NAME.pem} and {@code NAME-key.pem} in {@code dir}. */
  public static Made selfSigned(Path dir, String name) throws IOException, InterruptedException, GeneralSecurityException {
    return selfSigned(dir, name, "-1d", 3);
  }

  /**
   * {@link #selfSigned(Path, String)} valid from {@code start} (keytool's form: {@code -30d}, {@code +10d})
   * for {@code days} days: an expired certificate, or one not yet valid.
   */
  public static Made selfSigned(Path dir, String name, String start, int days)
      throws IOException, InterruptedException, GeneralSecurityException {
    Path p12 = dir.resolve(name + ".p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
        "-ext", "san=ip:127.0.0.1,dns:localhost", "-startdate", start, "-validity", String.valueOf(days), "-keystore", p12.toString(),
        "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
    String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (keytool.waitFor() != 0) throw new IOException("keytool failed: " + out);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      ks.load(in, "changeit".toCharArray());
    }
    X509Certificate certificate = (X509Certificate) ks.getCertificate("node");
    PrivateKey key = (PrivateKey) ks.getKey("node", "changeit".toCharArray());
    Path cert = Files.writeString(dir.resolve(name + ".pem"), pem("CERTIFICATE", certificate.getEncoded()));
    Path keyFile = Files.writeString(dir.resolve(name + "-key.pem"), pem("PRIVATE KEY", key.getEncoded()));
    return new Made(cert, keyFile, certificate, key);
  }

  public static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
