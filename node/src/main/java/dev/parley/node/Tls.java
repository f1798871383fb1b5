package dev.parley.node;

import io.javalin.config.JavalinConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * HTTPS from PEM files: a certificate chain (leaf first) and an unencrypted PKCS#8 private key
 * (RSA, EC or Ed25519), served with TLS 1.2 or 1.3 only, as TAXII 2.1 §1.6.5 asks for
 * ("TLS 1.2 or higher"). The node then has no plain HTTP listener.
 */
final class Tls {
  private static final Pattern KEY = Pattern.compile(
      "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
  private static final char[] PASSWORD = "parley".toCharArray(); // of the in-memory key store only

  private Tls() {}

  /** Serves HTTPS with {@code keys} (from {@link #keyStore}, read before anything else of the node starts). */
  static void configure(JavalinConfig c, NodeConfig config, KeyStore keys) {
    c.jetty.addConnector((server, http) -> {
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStore(keys);
      ssl.setKeyStorePassword(new String(PASSWORD));
      ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      secure.setSniHostCheck(false); // clients reach nodes by address as often as by name
      http.addCustomizer(secure);
      http.setSecureScheme("https");
      ServerConnector connector = new ServerConnector(server, ssl, new HttpConnectionFactory(http));
      connector.setHost(config.host());
      connector.setPort(config.port());
      return connector;
    });
  }

  /**
   * The certificate chain and key in a key store; throws {@link NodeException} naming the file at
   * fault (invalid input: a file missing or unreadable, a key that is not PKCS#8, or a key that is
   * not the certificate's, which would start a node whose every handshake fails).
   */
  static KeyStore keyStore(Path certFile, Path keyFile) {
    Collection<? extends Certificate> chain;
    byte[] certificates = certificateBlocks(certFile);
    try (var in = new ByteArrayInputStream(certificates)) {
      chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException | GeneralSecurityException e) {
      throw new NodeException("cannot read the certificate chain " + certFile + ": " + reason(e), e);
    }
    if (chain.isEmpty()) throw new NodeException("no PEM certificate in " + certFile);
    PrivateKey key = privateKey(keyFile);
    Certificate leaf = chain.iterator().next();
    if (!pair(key, leaf)) {
      throw new NodeException("the key in " + keyFile + " is not the key of the certificate in " + certFile
          + " (the first certificate of the file, whose key is " + leaf.getPublicKey().getAlgorithm() + "): every TLS handshake would fail");
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("node", key, PASSWORD, chain.toArray(new Certificate[0]));
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new NodeException("the key in " + keyFile + " does not fit the certificate in " + certFile + ": " + e.getMessage(), e);
    }
  }

  private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");

  /**
   * The file's CERTIFICATE blocks, in order (a file of a key and its chain, as some servers take, is
   * read for the chain); a file with PEM blocks but no certificate is refused, saying what it holds.
   * A file without PEM blocks (DER) is given to the parser as it is.
   */
  private static byte[] certificateBlocks(Path certFile) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(certFile);
    } catch (IOException e) {
      throw new NodeException("cannot read the certificate chain " + certFile + ": " + reason(e), e);
    }
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    Matcher m = BLOCK.matcher(text);
    StringBuilder out = new StringBuilder();
    String other = null;
    while (m.find()) {
      String end = "-----END " + m.group(1) + "-----";
      int stop = text.indexOf(end, m.end());
      if (stop < 0) break;
      if (m.group(1).equals("CERTIFICATE")) out.append(text, m.start(), stop + end.length()).append('\n');
      else if (other == null) other = m.group(1);
    }
    if (out.length() > 0) return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    if (other != null) {
      throw new NodeException("no certificate in " + certFile + ": it holds a " + other + " block"
          + (other.contains("PRIVATE KEY") ? " (the key goes in --tls-key; --tls-cert takes the certificate chain)" : ""));
    }
    return bytes;
  }

  private static PrivateKey privateKey(Path keyFile) {
    String pem;
    try {
      pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new NodeException("cannot read the private key " + keyFile + ": " + reason(e), e);
    }
    Matcher m = KEY.matcher(pem);
    if (!m.find()) {
      throw new NodeException(keyFile + " holds no unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----);"
          + " convert one with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
    }
    byte[] der = Base64.getMimeDecoder().decode(m.group(1));
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // not this algorithm: try the next
      }
    }
    throw new NodeException("the key in " + keyFile + " is not an RSA, EC or Ed25519 PKCS#8 key");
  }

  /** True when {@code key} signs what the certificate's public key verifies. */
  private static boolean pair(PrivateKey key, Certificate leaf) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> "Ed25519";
    };
    byte[] probe = "parley: does this key fit this certificate".getBytes(StandardCharsets.US_ASCII);
    try {
      Signature sign = Signature.getInstance(algorithm);
      sign.initSign(key);
      sign.update(probe);
      byte[] signature = sign.sign();
      Signature verify = Signature.getInstance(algorithm);
      verify.initVerify(leaf.getPublicKey());
      verify.update(probe);
      return verify.verify(signature);
    } catch (GeneralSecurityException e) {
      return false; // a key of another kind than the certificate's
    }
  }

  private static String reason(Exception e) {
    return e instanceof NoSuchFileException ? "no such file" : e.getMessage();
  }
}
