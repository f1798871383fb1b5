package dev.parley.store.peers;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificates a node trusts for one peer's HTTPS ({@code parley peer add --cacert FILE}): the
 * peer's own certificate (self-signed, as nodes of parties without a common authority have) or the
 * authority that signs it. Given them, the peer's TLS is checked against them alone, in place of the
 * JVM's trust store, and its host name is checked as always. Thread-safe.
 */
public final class PeerTrust {
  /** The most certificates one peer's trust holds. */
  public static final int MAX_CERTIFICATES = 16;

  /** The largest PEM text read, in characters. */
  public static final int MAX_CHARS = 256 * 1024;

  private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");
  private static final Map<String, SSLContext> CONTEXTS = new ConcurrentHashMap<>();

  private PeerTrust() {}

  /**
   * The certificates of PEM text, in order, re-encoded (text around the blocks, such as openssl's
   * "subject=" lines, is dropped). Refused, with where and why: no certificate, a block that is not a
   * certificate (a private key above all: it must never be stored here), a block that does not end or
   * does not decode, more than {@link #MAX_CERTIFICATES}.
   *
   * @throws IllegalArgumentException naming the block (its number and line) and what is wrong
   */
  public static String canonical(String pem) {
    StringBuilder out = new StringBuilder();
    for (X509Certificate c : certificates(pem)) {
      try {
        out.append("-----BEGIN CERTIFICATE-----\n").append(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded()))
            .append("\n-----END CERTIFICATE-----\n");
      } catch (CertificateException e) {
        throw new IllegalArgumentException("a certificate cannot be encoded again: " + e.getMessage(), e);
      }
    }
    return out.toString();
  }

  /** The certificates of PEM text (see {@link #canonical} for what is refused). */
  public static List<X509Certificate> certificates(String pem) {
    if (pem.length() > MAX_CHARS) throw new IllegalArgumentException("more than " + MAX_CHARS + " characters: not a certificate file");
    List<X509Certificate> out = new ArrayList<>();
    CertificateFactory factory;
    try {
      factory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("this JVM reads no X.509 certificates", e);
    }
    Matcher begin = BEGIN.matcher(pem);
    int from = 0;
    int block = 0;
    while (begin.find(from)) {
      block++;
      int line = 1 + (int) pem.substring(0, begin.start()).chars().filter(ch -> ch == '\n').count();
      String where = "block " + block + " (line " + line + ")";
      String type = begin.group(1);
      if (type.contains("PRIVATE KEY")) {
        throw new IllegalArgumentException(where + " is a private key (" + type + "): give the peer's certificate, never a key");
      }
      if (!type.equals("CERTIFICATE")) throw new IllegalArgumentException(where + " is a " + type + ", not a CERTIFICATE");
      String end = "-----END CERTIFICATE-----";
      int stop = pem.indexOf(end, begin.end());
      if (stop < 0) throw new IllegalArgumentException(where + ": the certificate does not end (no " + end + ")");
      if (out.size() == MAX_CERTIFICATES) throw new IllegalArgumentException("more than " + MAX_CERTIFICATES + " certificates");
      byte[] der;
      try {
        der = Base64.getDecoder().decode(pem.substring(begin.end(), stop).replaceAll("\\s+", ""));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": not base64: " + e.getMessage(), e);
      }
      try {
        out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      } catch (CertificateException | ClassCastException e) {
        throw new IllegalArgumentException(where + ": not an X.509 certificate" + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
      }
      from = stop + end.length();
    }
    if (out.isEmpty()) throw new IllegalArgumentException("no certificate (no -----BEGIN CERTIFICATE----- block)");
    return out;
  }

  /** The SHA-256 fingerprint of a certificate: 64 hex digits, as {@code openssl x509 -fingerprint -sha256} shows them without colons. */
  public static String fingerprint(X509Certificate c) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A TLS context that trusts these certificates (canonical PEM, as stored) and nothing else: a chain
   * the peer presents is accepted when one of them is in it or signs it. One per distinct text (the
   * operator's few), kept for the life of the process.
   */
  public static SSLContext context(String pem) {
    return CONTEXTS.computeIfAbsent(pem, PeerTrust::build);
  }

  private static SSLContext build(String pem) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (X509Certificate c : certificates(pem)) store.setCertificateEntry("peer-" + i++, c);
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      javax.net.ssl.X509ExtendedTrustManager jdk = null;
      for (javax.net.ssl.TrustManager m : trust.getTrustManagers()) {
        if (m instanceof javax.net.ssl.X509ExtendedTrustManager x) jdk = x;
      }
      if (jdk == null) throw new GeneralSecurityException("the JVM offers no X.509 trust manager");
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new javax.net.ssl.TrustManager[] {new InsideValidity(jdk)}, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot make a TLS context of a peer's certificates: " + e.getMessage(), e);
    }
  }

  /** The words that mark a refusal by {@link InsideValidity}, for {@link #refused(boolean, String)}. */
  private static final String OUTSIDE_VALIDITY = "outside its validity";

  /**
   * The JDK's trust manager, and then every certificate of the chain inside its validity: the JDK does
   * not check the dates of a trust anchor, so a pinned self-signed certificate would be trusted long
   * after it expired (RFC 5280 §6.1.3 (a)(2) asks it of every certificate of the path).
   */
  private static final class InsideValidity extends javax.net.ssl.X509ExtendedTrustManager {
    private final javax.net.ssl.X509ExtendedTrustManager jdk;

    InsideValidity(javax.net.ssl.X509ExtendedTrustManager jdk) {
      this.jdk = jdk;
    }

    private static void dates(X509Certificate[] chain) throws CertificateException {
      for (X509Certificate c : chain) {
        try {
          c.checkValidity();
        } catch (CertificateExpiredException e) {
          throw new CertificateExpiredException("PKIX: the certificate " + c.getSubjectX500Principal().getName()
              + " is " + OUTSIDE_VALIDITY + ": it expired on " + c.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
          throw new CertificateNotYetValidException("PKIX: the certificate " + c.getSubjectX500Principal().getName()
              + " is " + OUTSIDE_VALIDITY + ": it is not yet valid, not before " + c.getNotBefore().toInstant());
        }
      }
    }

    /**
     * The JDK's refusal, or, when it refused a date of the chain ("validity check failed", a leaf
     * signed by a pinned authority that expired), the certificate and the date, as for a pinned one
     * (hostile run be D1: neither was named).
     */
    private interface JdkCheck {
      void run() throws CertificateException;
    }

    /** The JDK's check, its refusal of a date named ({@link #named}), then every date of the chain. */
    private static void checked(X509Certificate[] chain, JdkCheck jdk) throws CertificateException {
      try {
        jdk.run();
      } catch (CertificateException e) {
        throw named(chain, e);
      }
      dates(chain);
    }

    private static CertificateException named(X509Certificate[] chain, CertificateException e) {
      if (String.valueOf(e.getMessage()).contains("validity check failed")) {
        try {
          dates(chain);
        } catch (CertificateException outside) {
          return outside;
        }
      }
      return e;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String auth, Socket socket)
        throws CertificateException {
      checked(chain, () -> jdk.checkServerTrusted(chain, auth, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String auth, javax.net.ssl.SSLEngine engine)
        throws CertificateException {
      checked(chain, () -> jdk.checkServerTrusted(chain, auth, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String auth) throws CertificateException {
      checked(chain, () -> jdk.checkServerTrusted(chain, auth));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String auth, Socket socket)
        throws CertificateException {
      throw new CertificateException("a peer's pinned certificates authenticate servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String auth, javax.net.ssl.SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("a peer's pinned certificates authenticate servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String auth) throws CertificateException {
      throw new CertificateException("a peer's pinned certificates authenticate servers only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return jdk.getAcceptedIssuers();
    }
  }

  /** The message of a TLS failure against pinned certificates. */
  public static final String MISMATCH = "its TLS certificate does not match the certificates pinned for it (parley peer add --cacert)";

  /**
   * Why a peer's certificate chain was refused (a PKIX failure of the handshake, whose message is
   * {@code why}), in an operator's words: outside its validity, or not matching the certificates pinned
   * for it, or not trusted by the JVM's trust store.
   */
  public static String refused(boolean pinned, String why) {
    int at = why.indexOf("PKIX: the certificate ");
    if (at >= 0 && why.contains(OUTSIDE_VALIDITY)) return "its TLS certificate is refused: " + why.substring(at + "PKIX: ".length());
    if (why.contains("validity check failed")) return "its TLS certificate is refused: a certificate of its chain is expired or not yet valid";
    return pinned ? MISMATCH
        : "its TLS certificate is not trusted here (not signed by an authority in this JVM's trust store, or self-signed:"
            + " pin it with parley peer add --cacert)";
  }
}
