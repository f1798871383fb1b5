package dev.parley.detect.telemetry;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps Zeek log records to SCOs, by log path. The fields follow Zeek's log reference (the
 * {@code Info} records of {@code base/protocols/conn}, {@code dns}, {@code http}, {@code ssl},
 * {@code base/files/x509}, {@code base/frameworks/files} and {@code base/protocols/smtp}); a record
 * of another path still yields its connection's addresses. Fingerprints (x509 {@code fingerprint},
 * ssl {@code cert_chain_fps}) are SHA-256, Zeek's default {@code X509::hash_function}, unless
 * their length says MD5 or SHA-1.
 */
final class ZeekRecords {
  private ZeekRecords() {}

  /** Adds the record's SCOs to {@code b}; returns its time ({@code ts}, {@link Times#zeek}), or null when it has none. */
  static Instant map(String path, ZeekFields f, ObservationBuilder b) {
    Instant ts = Times.zeek(f.text("ts"));
    if (ts == null) return null;
    String src = b.address(f.text("id.orig_h"));
    String dst = b.address(f.text("id.resp_h"));
    if (src != null || dst != null) b.connection(src, port(f.text("id.orig_p")), dst, port(f.text("id.resp_p")));
    // an end given flat and nested (Zeek JSON) is two addresses: the connection's is the flat one (hostile run 12af)
    b.address(f.otherForm("id.orig_h"));
    b.address(f.otherForm("id.resp_h"));
    b.protocol(f.text("proto"));
    switch (path) {
      case "conn" -> {
        String service = f.text("service");
        if (service != null) for (String s : service.split(",")) b.protocol(s);
      }
      case "dns" -> dns(f, b);
      case "http" -> http(f, b);
      case "ssl" -> ssl(f, b);
      case "files" -> files(f, b);
      case "x509" -> x509(f, b);
      case "smtp" -> smtp(f, b);
      default -> { }
    }
    return ts;
  }

  private static void dns(ZeekFields f, ObservationBuilder b) {
    b.protocol("dns");
    String query = b.name(f.text("query"));
    for (String answer : f.texts("answers")) {
      // A/AAAA answers are addresses, CNAME/NS/PTR/MX names, an SOA's its mname, an SRV's its target;
      // TXT answers ("TXT 12 text") hold spaces and read as no host; NSEC3 labels are skipped
      if (DnsTypes.zeekLabel(answer, 0, answer.length())) continue;
      b.resolves(query, b.host(answer)); // an answer left out past the record's bound is resolved to in its continuation
    }
  }

  /**
   * http.log's {@code host} is the request's Host header (Zeek 3 and later keep its port): the host
   * without the port is a domain or an address, and the URL is {@code http://} + host + URI, the
   * default port dropped ({@link Normalize#url}). The Origin header ({@code origin}, a URL without a
   * path, RFC 6454 §7; "null" when opaque) is a URL and its host a domain or an address; the
   * proxy headers ({@code proxied}) give the addresses they hold.
   */
  private static void http(ZeekFields f, ObservationBuilder b) {
    // outer to inner (STIX 2.1 §6.12): the application logs run over TCP, as EVE's proto says and conn.log's does
    // (hostile run 12al D3: protocols[*] = 'tcp' met Zeek's conn.log and never its http, ssl or smtp lines)
    b.protocol("tcp");
    b.protocol("http");
    String host = f.text("host");
    String uri = f.text("uri");
    b.name(Normalize.authorityHost(host));
    b.url(host, uri);
    String referrer = f.text("referrer");
    if (referrer != null && referrer.indexOf("://") > 0) b.url(referrer);
    String origin = f.text("origin");
    if (Normalize.hasScheme(origin)) {
      b.url(origin);
      b.host(Normalize.urlHost(origin));
    }
    for (String entry : f.texts("proxied")) proxied(entry, b);
    b.httpRequest(f.text("method"), uri, version(f.text("version")), host, f.text("user_agent"), referrer);
  }

  /**
   * The addresses of one of http.log's {@code proxied} entries, "NAME -> value" for each header of
   * {@code HTTP::proxy_headers} (FORWARDED, X-FORWARDED-FOR, X-FORWARDED-FROM, CLIENT-IP, FROM,
   * VIA, ...): the value's tokens, cut at commas, semicolons and blanks, that are addresses once a
   * parameter's name ({@code for=}, {@code by=}: RFC 7239 §4), quotes, brackets and a port are
   * dropped ({@code for="[2001:db8:cafe::17]:4711"}, {@code 1.1 192.0.2.8:3128}). Names are not
   * taken: a Via pseudonym or a From mailbox is no host the request went through.
   */
  private static void proxied(String entry, ObservationBuilder b) {
    int arrow = entry.indexOf(" -> ");
    String value = arrow >= 0 ? entry.substring(arrow + 4) : entry;
    int from = 0;
    for (int i = 0; i <= value.length(); i++) {
      char c = i < value.length() ? value.charAt(i) : ',';
      if (c != ',' && c != ';' && c != ' ' && c != '\t') continue;
      if (i > from) {
        int equals = value.indexOf('=', from);
        String token = value.substring(equals >= 0 && equals < i ? equals + 1 : from, i);
        if (token.length() >= 2 && token.charAt(0) == '"' && token.charAt(token.length() - 1) == '"') token = token.substring(1, token.length() - 1);
        b.address(Normalize.authorityHost(token));
      }
      from = i + 1;
    }
  }

  private static void ssl(ZeekFields f, ObservationBuilder b) {
    String version = f.text("version"); // ssl.log holds DTLS too, over UDP
    b.protocol(version != null && version.startsWith("DTLS") ? "udp" : "tcp");
    b.protocol("ssl");
    b.name(f.text("server_name"));
    List<String> chain = f.texts("cert_chain_fps");
    String subject = f.text("subject");
    String issuer = f.text("issuer");
    for (int i = 0; i < chain.size(); i++) {
      String fp = Normalize.hashValue("SHA-256", chain.get(i));
      b.certificate(Map.of(Normalize.fingerprintAlgorithm(fp), fp), null, i == 0 ? subject : null, i == 0 ? issuer : null);
    }
    if (chain.isEmpty()) b.certificate(null, null, subject, issuer);
    for (String fp : f.texts("client_cert_chain_fps")) {
      String v = Normalize.hashValue("SHA-256", fp);
      b.certificate(Map.of(Normalize.fingerprintAlgorithm(v), v), null, null, null);
    }
  }

  private static void files(ZeekFields f, ObservationBuilder b) {
    for (String h : f.texts("tx_hosts")) b.address(h); // before Zeek 5 the end points were sets
    for (String h : f.texts("rx_hosts")) b.address(h);
    Map<String, String> hashes = new LinkedHashMap<>(4);
    putIf(hashes, "md5", f.text("md5"));
    putIf(hashes, "sha1", f.text("sha1"));
    putIf(hashes, "sha256", f.text("sha256"));
    long size = number(f.text("total_bytes"));
    if (size < 0) size = number(f.text("seen_bytes"));
    b.file(hashes, f.text("filename"), size, f.text("mime_type"));
  }

  private static void x509(ZeekFields f, ObservationBuilder b) {
    Map<String, String> hashes = new LinkedHashMap<>(2);
    String fp = f.text("fingerprint");
    if (fp != null && !fp.isEmpty()) {
      String v = Normalize.hashValue("SHA-256", fp);
      hashes.put(Normalize.fingerprintAlgorithm(v), v);
    }
    b.certificate(hashes, f.text("certificate.serial"), f.text("certificate.subject"), f.text("certificate.issuer"));
    for (String name : f.texts("san.dns")) b.name(name);
    for (String ip : f.texts("san.ip")) b.address(ip);
    for (String email : f.texts("san.email")) b.email(email);
    for (String uri : f.texts("san.uri")) b.url(uri);
  }

  private static void smtp(ZeekFields f, ObservationBuilder b) {
    b.protocol("tcp");
    b.protocol("smtp");
    // the message and its addresses first, so that a record's first observation holds what its references name (hostile
    // run 12as D2: a long rcptto left the sender out of from_ref)
    String from = b.email(f.text("from"));
    ObservationBuilder.Recipients to = new ObservationBuilder.Recipients();
    for (String t : f.texts("to")) b.recipient(to, t);
    ObservationBuilder.Recipients cc = new ObservationBuilder.Recipients();
    for (String c : f.texts("cc")) b.recipient(cc, c);
    b.message(from, to, cc, f.text("subject"), "User-Agent", f.text("user_agent")); // the User-Agent or X-Mailer header
    b.email(f.text("mailfrom"));
    for (String r : f.texts("rcptto")) b.email(r);
    b.email(f.text("reply_to")); // a header's text, as from: "Name" <local@domain>
    b.address(f.text("x_originating_ip"));
    for (String hop : f.texts("path")) b.address(hop); // the Received headers' addresses, a vector
    b.name(f.text("helo"));
  }

  private static String version(String v) {
    return v == null ? null : v.startsWith("HTTP/") || v.startsWith("http/") ? v : "http/" + v;
  }

  static int port(String text) {
    long n = number(text);
    return n >= 0 && n <= 65535 ? (int) n : -1;
  }

  /**
   * A count (a port, a size): the value of a decimal text that is a whole number from 0 to 10^18 - 1,
   * digits ({@code 443}) or a number whose fraction is zero ({@code 443.0}, {@code 4.43E+2}: a JSON
   * float's exact decimal); -1 for anything else. A fraction is never cut off: {@code 1.9} is no count.
   */
  static long number(String text) {
    if (text == null || text.isEmpty()) return -1;
    if (text.length() > 18) return decimalNumber(text);
    long v = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') return c == '.' || c == 'e' || c == 'E' ? decimalNumber(text) : -1;
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static final BigDecimal COUNT_BEYOND = BigDecimal.valueOf(1_000_000_000_000_000_000L);

  /** {@link #number} of a text with a point or an exponent: its value when whole and in range, else -1. */
  private static long decimalNumber(String text) {
    if (text.length() > 1000) return -1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-' && i > 0)) return -1;
    }
    try {
      BigDecimal d = new BigDecimal(text);
      if (d.signum() < 0 || d.compareTo(COUNT_BEYOND) >= 0) return -1; // compared before any scale changes
      return d.signum() == 0 ? 0 : d.stripTrailingZeros().scale() <= 0 ? d.longValueExact() : -1;
    } catch (NumberFormatException | ArithmeticException notACount) {
      return -1;
    }
  }

  private static void putIf(Map<String, String> map, String key, String value) {
    if (value != null && !value.isEmpty()) map.put(key, value);
  }
}
