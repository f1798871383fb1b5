package dev.parley.detect.telemetry;

import java.io.ByteArrayOutputStream;
import java.net.IDN;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;

/**
 * The one normal form of observable values, for telemetry of every format (STIX observed-data
 * included) and for indicator constants: domain names lower-case, without a trailing dot, in IDNA
 * (punycode) form; IP addresses in canonical text (IPv4 dotted decimal without leading zeros, IPv6
 * as RFC 5952 §4); URLs with a lower-case scheme and host and without the scheme's default port;
 * hashes keyed by their STIX algorithm names (STIX 2.1 §10.5) with hex digits in lower case.
 * Stateless and thread-safe.
 *
 * <p>IDNA: {@link IDN} implements IDNA2003 (RFC 3490), which maps some characters that IDNA2008
 * keeps (German ß becomes "ss", Greek final ς becomes σ); a label holding ß or ς takes its IDNA2008
 * form instead ({@link #deviating}), the one resolvers send. A name that cannot be converted keeps
 * its text, lower-cased; the caller counts it. So does a name that is no host name at all, holding a
 * character no host name holds ({@link #notInHostNames}: a space or another control character, '/',
 * '\\', '@', ':', '"', '&lt;', '&gt;', ','): a DNS query may carry any bytes, and one that is
 * tunnelled or malformed is what an indicator may name. Non-ASCII text is never dropped. A name holding
 * U+FFFD, the replacement character, keeps its text too (IDNA prohibits the character, RFC 3454
 * C.6) and is not counted again: the character stands for bytes that were not text, replaced where
 * they were decoded and counted there (a Zeek {@code \xNN} escape) or by the log's writer.
 */
public final class Normalize {
  private Normalize() {}

  /**
   * A domain name in normal form, {@code null} when blank (the root, dots alone, included: see
   * {@link #name}); {@code failed} is told of names IDNA rejects and of names no host name is
   * (U+FFFD aside).
   */
  public static String domain(String name, Runnable failed) {
    if (name == null) return null;
    int end = name.length();
    boolean dots = true;
    for (int i = 0; i < end && dots; i++) dots = name.charAt(i) == '.';
    if (dots) return null;
    // one trailing dot is the root's and goes; more are empty labels, kept (evil.example.. is not evil.example)
    if (name.charAt(end - 1) == '.') end--;
    String s = end == name.length() ? name : name.substring(0, end);
    boolean ascii = true;
    boolean lower = true;
    boolean odd = emptyLabel(name);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80) ascii = false;
      else if (c >= 'A' && c <= 'Z') lower = false;
      else if (notInHostNames(c)) odd = true;
    }
    if (!ascii && s.indexOf('\uFFFD') >= 0) return s.toLowerCase(Locale.ROOT);
    if (odd) {
      failed.run(); // no host name: kept as written, lower-cased, without IDNA
      return lower && ascii ? s : s.toLowerCase(Locale.ROOT);
    }
    if (ascii) return lower ? s : s.toLowerCase(Locale.ROOT);
    try {
      if (!hasDeviation(s)) return IDN.toASCII(s, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
      return deviating(s);
    } catch (IllegalArgumentException notConvertible) {
      failed.run();
      return s.toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Whether a name that is not dots alone has an empty label: dots in a row, a leading dot, or two
   * at the end (one trailing dot is the root's). Such a name is no host name: it keeps its text and is
   * counted, by {@link #domain} and by the screens that must build what it counts.
   */
  static boolean emptyLabel(String name) {
    return name.startsWith(".") || name.contains("..");
  }

  /**
   * Whether the name holds ß or ς, which IDNA2003 maps away and IDNA2008 (UTS #46, non-transitional)
   * keeps, or capital ẞ, which IDNA2003 leaves unmapped (it came after Unicode 3.2) and UTS #46 maps to ss.
   */
  private static boolean hasDeviation(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\u00df' || c == '\u03c2' || c == '\u1e9e') return true;
    }
    return false;
  }

  /**
   * A name with ß or ς in the form resolvers and registries use today (IDNA2008; UTS #46
   * non-transitional processing, as browsers do): each label holding one is case-folded (capital ẞ
   * to "ss", as UTS #46 maps it), NFKC-normalised and encoded as {@code xn--} + Punycode, so that
   * {@code faß.example} is {@code xn--fa-hia.example}, never {@code fass.example}; the other labels
   * go through IDNA as before.
   */
  private static String deviating(String s) {
    String[] labels = s.replace('\u3002', '.').replace('\uff0e', '.').replace('\uff61', '.').split("\\.", -1);
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < labels.length; i++) {
      String label = labels[i];
      if (i > 0) out.append('.');
      if (!hasDeviation(label)) {
        out.append(label.isEmpty() ? label : IDN.toASCII(label, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT));
        continue;
      }
      String folded = Normalizer.normalize(label.replace("\u1e9e", "ss").toLowerCase(Locale.ROOT), Normalizer.Form.NFKC);
      if (folded.chars().allMatch(c -> c < 0x80)) {
        out.append(folded); // FAẞ folds to fass
        continue;
      }
      String encoded = Punycode.encode(folded);
      if (encoded == null || encoded.length() + 4 > 63) throw new IllegalArgumentException("label too long: " + label);
      out.append("xn--").append(encoded);
    }
    return out.toString();
  }

  /**
   * The normal form of a text that a log gives as a domain name (a DNS query, a TLS server name, an
   * HTTP Host, ECS's {@code *.domain}): {@link #domain}, whatever the text holds, so that a name no
   * host name is keeps its text and is counted rather than vanish; the root ({@code .}, dots alone)
   * keeps its text and is counted too. Null only when the text is empty.
   */
  public static String name(String text, Runnable failed) {
    if (text == null || text.isEmpty()) return null;
    String d = domain(text, failed);
    if (d != null) return d;
    failed.run(); // dots alone: the root, which has no other text
    return text;
  }

  /** True when the text can be a host name (no spaces, slashes or other separators) and holds a letter. */
  public static boolean looksLikeDomain(String s) {
    if (s == null || s.isEmpty() || s.length() > 253 * 4) return false;
    boolean letter = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (notInHostNames(c)) return false;
      if (c != '.' && c != '-' && (c < '0' || c > '9')) letter = true;
    }
    return letter;
  }

  /**
   * Whether no host name holds the character: a space or a control character (DEL included), '/',
   * '\\', '@', ':', '"', '&lt;', '&gt;' or ','; they separate a host from what surrounds it in URLs,
   * addresses and lists (RFC 3986 §3.2.2, RFC 5322), and none is in a name a resolver looks up as a host.
   */
  static boolean notInHostNames(char c) {
    return c <= ' ' || c == 0x7f || c == '/' || c == '\\' || c == '@' || c == ':' || c == '"' || c == '<' || c == '>' || c == ',';
  }

  /**
   * The value of an {@code ipv4-addr} or {@code ipv6-addr} in normal form (STIX 2.1 §6.4, §6.5: an
   * address or a CIDR block): the address's canonical text, a block's address so and its prefix as
   * written, and a block of one address ({@code /32}, {@code /128}) the address itself, which it is
   * (hostile run 12t: {@code [ipv4-addr:value = '192.0.2.36/32']} matched nothing, silently); null
   * when the text is neither.
   */
  public static String addressValue(String text) {
    if (text == null) return null;
    int slash = text.indexOf('/');
    String ip = ip(slash < 0 ? text : text.substring(0, slash));
    if (ip == null || slash < 0) return ip;
    String prefix = text.substring(slash + 1);
    if (prefix.equals(isIpv6(ip) ? "128" : "32")) return ip;
    return ip + text.substring(slash);
  }

  /** The canonical text of an IPv4 or IPv6 address, or {@code null} when the text is neither. */
  public static String ip(String text) {
    if (text == null || text.isEmpty()) return null;
    if (text.indexOf(':') >= 0) return ipv6(text);
    return ipv4(text);
  }

  /** True for an IPv6 address in canonical form. */
  public static boolean isIpv6(String canonical) {
    return canonical.indexOf(':') >= 0;
  }

  /**
   * The IPv4 address of {@code text[from, to)} as an unsigned value, or -1: the texts
   * {@link #ip} reads as IPv4 (leading zeros allowed), read in place, for a reader that asks the
   * matcher with the address before it makes any string.
   */
  public static long ipv4Address(String text, int from, int to) {
    long address = 0;
    int octets = 0;
    int value = -1;
    int digits = 0;
    for (int i = from; i <= to; i++) {
      char c = i < to ? text.charAt(i) : '.';
      if (c >= '0' && c <= '9') {
        if (digits == 3) return -1;
        value = (value < 0 ? 0 : value * 10) + (c - '0');
        digits++;
      } else if (c == '.') {
        if (digits == 0 || value > 255 || octets == 4) return -1;
        address = address << 8 | value;
        octets++;
        value = -1;
        digits = 0;
      } else {
        return -1;
      }
    }
    return octets == 4 ? address : -1;
  }

  private static String ipv4(String text) {
    int octets = 0;
    int value = -1;
    int digits = 0;
    boolean canonical = true;
    int parts = 0; // the octets read so far, one a byte: no array per address
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : '.';
      if (c >= '0' && c <= '9') {
        if (digits == 3) return null;
        if (digits > 0 && value == 0) canonical = false; // a leading zero
        value = (value < 0 ? 0 : value * 10) + (c - '0');
        digits++;
      } else if (c == '.') {
        if (digits == 0 || value > 255 || octets == 4) return null;
        parts = parts << 8 | value;
        octets++;
        value = -1;
        digits = 0;
      } else {
        return null;
      }
    }
    if (octets != 4) return null;
    return canonical ? text : (parts >>> 24) + "." + (parts >>> 16 & 0xff) + "." + (parts >>> 8 & 0xff) + "." + (parts & 0xff);
  }

  private static String ipv6(String text) {
    int zone = text.indexOf('%');
    String s = zone >= 0 ? text.substring(0, zone) : text;
    int[] groups = new int[8];
    int count = 0;
    int gap = -1;
    int i = 0;
    int n = s.length();
    if (s.startsWith("::")) {
      gap = 0;
      i = 2;
    } else if (s.startsWith(":")) {
      return null;
    }
    while (i < n) {
      int start = i;
      int value = 0;
      while (i < n && Character.digit(s.charAt(i), 16) >= 0 && i - start < 5) value = value * 16 + Character.digit(s.charAt(i++), 16);
      if (i < n && s.charAt(i) == '.') { // an embedded IPv4 address ends the text
        String v4 = ipv4(s.substring(start));
        if (v4 == null || count > 6) return null;
        String[] o = v4.split("\\.");
        groups[count++] = Integer.parseInt(o[0]) << 8 | Integer.parseInt(o[1]);
        groups[count++] = Integer.parseInt(o[2]) << 8 | Integer.parseInt(o[3]);
        i = n;
        break;
      }
      if (i == start || i - start > 4 || count == 8) return null;
      groups[count++] = value;
      if (i == n) break;
      if (s.charAt(i) != ':') return null;
      i++;
      if (i < n && s.charAt(i) == ':') {
        if (gap >= 0) return null;
        gap = count;
        i++;
      } else if (i == n) {
        return null;
      }
    }
    if (gap < 0 && count != 8 || gap >= 0 && count > 7) return null;
    int[] full = new int[8];
    if (gap < 0) {
      System.arraycopy(groups, 0, full, 0, 8);
    } else {
      System.arraycopy(groups, 0, full, 0, gap);
      System.arraycopy(groups, gap, full, 8 - (count - gap), count - gap);
    }
    String canonical = mapped(full) ? "::ffff:" + (full[6] >> 8) + "." + (full[6] & 0xff) + "." + (full[7] >> 8) + "." + (full[7] & 0xff)
        : print(full);
    return canonical.equals(text) ? text : canonical;
  }

  /** An IPv4-mapped address, ::ffff:0:0/96 (RFC 4291 §2.5.5.2). */
  private static boolean mapped(int[] g) {
    return g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff;
  }

  /**
   * The IPv4 address that an IPv4-mapped address in canonical form ({@code ::ffff:198.51.100.7},
   * RFC 5952 §5) stands for, or null when {@code canonical} is none: a dual-stack socket's log
   * writes an IPv4 peer so, and it is that IPv4 node's address.
   */
  public static String ipv4Mapped(String canonical) {
    return canonical.startsWith("::ffff:") && canonical.indexOf('.') > 0 ? canonical.substring(7) : null;
  }

  /** RFC 5952 §4: lower-case hex without leading zeros; the longest run of two or more zero groups, the first of equals, as "::". */
  private static String print(int[] g) {
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) j++;
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder out = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') out.append(':');
      out.append(Integer.toHexString(g[i]));
    }
    return out.toString();
  }

  /**
   * A URL in normal form (RFC 3986 §6.2.2, §6.2.3): a value without a scheme becomes
   * {@code http://} + host + path; the scheme and host are lower-cased and a non-ASCII host takes
   * its IDNA form; an IPv6 host is its RFC 5952 text in brackets (a bare one, as a Host header may
   * hold it, is put in brackets); a port that is empty or the scheme's default (80 for http and ws,
   * 443 for https and wss, 21 for ftp) is dropped, any other kept. A host's percent-encodings are
   * decoded ({@link #percentDecodedHost}); the user, path, query and fragment are kept as written,
   * but for their percent-encodings ({@link #percentEncodings}).
   */
  public static String url(String value, Runnable failed) {
    if (value == null || value.isEmpty()) return null;
    int scheme = value.indexOf("://");
    if (scheme <= 0 || !isScheme(value, scheme)) {
      // a URI without an authority (mailto:a@evil.example, urn:...) is itself, its scheme lower-cased: made http://mailto:...
      // it named a host it never had (hostile run 12z); "evil.example:8080/x" is a host and a port, not a scheme
      int colon = value.indexOf(':');
      if (colon > 0 && isScheme(value, colon) && !portFollows(value, colon + 1)) {
        return value.substring(0, colon).toLowerCase(Locale.ROOT) + value.substring(colon);
      }
      // a network-path reference (//evil.example/x, RFC 3986 §4.2) is that host's: it made http:///evil.example/x
      if (value.startsWith("//")) return url("http:" + value, failed);
      return url("http://" + (value.startsWith("/") ? value.substring(1) : value), failed);
    }
    int hostStart = scheme + 3;
    int hostEnd = authorityEnd(value, hostStart);
    String authority = value.substring(hostStart, hostEnd);
    int at = authority.lastIndexOf('@');
    String user = at >= 0 ? authority.substring(0, at + 1) : "";
    String hostPort = authority.substring(at + 1);
    int portAt = portAt(hostPort);
    String host = hostPort.substring(0, portAt);
    String port = hostPort.substring(portAt);
    String schemeText = value.substring(0, scheme);
    String lowerScheme = schemeText.toLowerCase(Locale.ROOT);
    String normalUser = percentEncodings(user);
    String normalHost = decodedHost(host, failed);
    String normalPort = port.length() <= 1 || isDefaultPort(lowerScheme, port) ? "" : port;
    String rest = value.substring(hostEnd);
    String normalRest = percentEncodings(rest);
    if (lowerScheme.equals(schemeText) && normalUser == user && normalHost.equals(host) && normalPort.equals(port) && normalRest == rest) {
      return value;
    }
    return lowerScheme + "://" + normalUser + normalHost + normalPort + normalRest;
  }

  /**
   * {@code text} (a URL's path, query and fragment) with its percent-encodings in normal form (RFC
   * 3986 §6.2.2.1, §6.2.2.2): an encoded unreserved character (a letter, a digit, {@code - . _ ~}) is
   * the character, any other encoding's hex digits upper-case; a {@code %} not followed by two hex
   * digits is kept. The very string when nothing changes. A hostile run's client asked for
   * {@code /%78.php} and evaded an indicator on {@code /x.php}, the same resource (10r).
   */
  static String percentEncodings(String text) {
    int at = text.indexOf('%');
    if (at < 0) return text;
    StringBuilder out = null;
    int copied = 0;
    for (; at >= 0 && at + 2 < text.length(); at = text.indexOf('%', at + 1)) {
      int high = Character.digit(text.charAt(at + 1), 16);
      int low = Character.digit(text.charAt(at + 2), 16);
      if (high < 0 || low < 0) continue;
      char c = (char) (high << 4 | low);
      boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
          || c == '_' || c == '~';
      String normal = unreserved ? String.valueOf(c) : "%" + Character.toUpperCase(text.charAt(at + 1)) + Character.toUpperCase(text.charAt(at + 2));
      if (normal.equals(text.substring(at, at + 3))) continue;
      if (out == null) out = new StringBuilder(text.length());
      out.append(text, copied, at).append(normal);
      copied = at + 3;
      at += 2;
    }
    if (out == null) return text;
    return out.append(text, copied, text.length()).toString();
  }

  /**
   * http:// + host + uri, for records that log the two apart (Zeek http.log, EVE http); {@code uri}
   * may be absolute. A request target in authority form ({@code evil.example:443}, a CONNECT's
   * tunnel) or asterisk form ({@code *}, OPTIONS) names no resource, so no URL (RFC 9112 §3.2.3,
   * §3.2.4): joined, it made {@code http://evil.example:443/evil.example:443}, never requested.
   */
  public static String url(String host, String uri, Runnable failed) {
    if (uri != null && uri.indexOf("://") > 0 && isScheme(uri, uri.indexOf("://"))) return url(uri, failed);
    if (uri != null && (uri.equals("*") || authorityForm(uri))) return null;
    // a target that begins with its host ("evil.example:443/x", written without a scheme) is that URL, as an ECS
    // url.original is read: joined to the host it made http://evil.example/evil.example:443/x (hostile run 12z)
    if (uri != null && startsWithHost(uri, host)) return url("http://" + uri, failed);
    if (host == null || host.isEmpty()) return null;
    String path = uri == null || uri.isEmpty() ? "/" : uri.startsWith("/") ? uri : "/" + uri;
    return url("http://" + host + path, failed);
  }

  /**
   * Whether {@code target}, a URL written without its scheme or a request target, begins with a host:
   * {@code host}'s, when one is known (the request's Host header, an ECS {@code url.domain}), else
   * an address or a name with a dot. {@code /x} and {@code index.html} (relative to the host) do not.
   */
  static boolean startsWithHost(String target, String host) {
    if (target.isEmpty() || target.charAt(0) == '/') return false;
    int end = 0;
    while (end < target.length() && "/?#".indexOf(target.charAt(end)) < 0) end++;
    String first = authorityHost(target.substring(0, end));
    if (first == null) return false;
    if (host != null && !host.isEmpty()) return first.equalsIgnoreCase(authorityHost(host));
    return ip(first) != null || looksLikeDomain(first) && first.indexOf('.') > 0;
  }

  /** Whether a request target is in authority form, host and port alone ({@code evil.example:443}, {@code [2001:db8::5]:443}). */
  static boolean authorityForm(String target) {
    int colon = target.lastIndexOf(':');
    if (colon <= 0 || colon == target.length() - 1) return false;
    for (int i = colon + 1; i < target.length(); i++) if (target.charAt(i) < '0' || target.charAt(i) > '9') return false;
    for (int i = 0; i < colon; i++) {
      char c = target.charAt(i);
      if (c == '/' || c == '?' || c == '#' || c == '@') return false;
    }
    return true;
  }

  /**
   * The port a scheme's URLs mean when they name none (RFC 3986 §6.2.3): 80 for http (RFC 9110
   * §4.2.1) and ws, 443 for https (§4.2.2) and wss (RFC 6455 §3), 21 for ftp (RFC 1738 §3.2); -1
   * for other schemes, whose ports are kept.
   */
  private static int defaultPort(String scheme) {
    return switch (scheme) {
      case "http", "ws" -> 80;
      case "https", "wss" -> 443;
      case "ftp" -> 21;
      default -> -1;
    };
  }

  /**
   * The host of an authority ({@code host[:port]}, RFC 3986 §3.2.2, as an HTTP Host header or a
   * URL writes it): a name or an IPv4 address without the port, an IPv6 literal without its
   * brackets, a bare IPv6 address (which a Host header may hold, though it should not) whole, as an
   * address; a user part ({@code user@}) dropped. Null when blank.
   */
  static String authorityHost(String authority) {
    if (authority == null || authority.isEmpty()) return null;
    int at = authority.lastIndexOf('@');
    String hostPort = at >= 0 ? authority.substring(at + 1) : authority;
    String host = hostPort.substring(0, portAt(hostPort));
    if (host.length() >= 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']') host = host.substring(1, host.length() - 1);
    else host = percentDecodedHost(host);
    return host.isEmpty() ? null : host;
  }

  /**
   * A host name as a browser reads it (the WHATWG URL standard's host parser: percent-decode as
   * UTF-8, then the domain's normal form): {@code ev%69l.example} is {@code evil.example}, and
   * {@code %C3%A9.example} is {@code é.example}; RFC 3986 §2.3 and §6.2.2.2 make an encoded
   * unreserved character the character in every component, the host included. A host whose
   * encodings are not UTF-8, or decode to what no host name holds ({@code %2F}, {@code %25}, a
   * space), keeps its text, its encodings in normal form ({@link #percentEncodings}). Hostile run
   * 12t: {@code http://ev%69l.example/login} evaded indicators on {@code evil.example}.
   */
  static String percentDecodedHost(String host) {
    if (host.indexOf('%') < 0) return host;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(host.length());
    int plain = 0;
    for (int i = 0; i < host.length(); i++) {
      if (host.charAt(i) != '%') continue;
      if (i + 2 >= host.length()) return percentEncodings(host);
      int high = Character.digit(host.charAt(i + 1), 16);
      int low = Character.digit(host.charAt(i + 2), 16);
      if (high < 0 || low < 0) return percentEncodings(host);
      bytes.writeBytes(host.substring(plain, i).getBytes(StandardCharsets.UTF_8));
      bytes.write(high << 4 | low);
      i += 2;
      plain = i + 1;
    }
    bytes.writeBytes(host.substring(plain).getBytes(StandardCharsets.UTF_8));
    String decoded;
    try {
      decoded = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException notUtf8) {
      return percentEncodings(host);
    }
    for (int i = 0; i < decoded.length(); i++) {
      char c = decoded.charAt(i);
      if (c == '%' || notInHostNames(c)) return percentEncodings(host);
    }
    return decoded;
  }

  /**
   * An HTTP {@code Host} header's value ({@code host[:port]}, RFC 9110 §7.2) in the form a URL's
   * authority takes ({@link #url}): the host percent-decoded, lower-cased, in IDNA form, an IPv6
   * address in brackets; an empty port, or port 80 (these are the logs of cleartext HTTP), dropped,
   * any other kept. So an indicator on the header meets {@code Host: EVIL.Example} and
   * {@code Host: ev%69l.example} as one on the URL does (hostile run 12u). Null for null.
   */
  public static String hostHeader(String value) {
    if (value == null || value.isEmpty()) return value;
    int at = portAt(value);
    String host = value.substring(0, at);
    String port = value.substring(at);
    if (host.isEmpty()) return value;
    String normal = decodedHost(host, () -> { });
    String normalPort = port.length() <= 1 || isDefaultPort("http", port) ? "" : port;
    return host.equals(normal) && port.equals(normalPort) ? value : normal + normalPort;
  }

  /** The host of an absolute URL ({@link #authorityHost} of its authority); null when the text has no scheme. */
  static String urlHost(String url) {
    if (url == null) return null;
    int scheme = url.indexOf("://");
    if (scheme <= 0 || !isScheme(url, scheme)) return null;
    return authorityHost(url.substring(scheme + 3, authorityEnd(url, scheme + 3)));
  }

  /**
   * The authority of a host and a port (none when negative), for a URL of the two: an IPv6 address
   * in brackets; a host that already carries a port ({@code name:8080}) as it is.
   */
  static String authority(String host, int port) {
    if (host == null || host.isEmpty()) return null;
    String h = host;
    if (host.indexOf(':') >= 0 && host.charAt(0) != '[') {
      String v6 = ip(host);
      if (v6 == null || !isIpv6(v6)) return host;
      h = "[" + host + "]";
    }
    return port < 0 ? h : h + ":" + port;
  }

  /** Whether digits alone, then the end or a '/', '?' or '#', follow {@code from}: a port, as in {@code host:8080/x}. */
  private static boolean portFollows(String value, int from) {
    int i = from;
    while (i < value.length() && value.charAt(i) >= '0' && value.charAt(i) <= '9') i++;
    return i > from && (i == value.length() || "/?#".indexOf(value.charAt(i)) >= 0);
  }

  /** Whether a value is a URI with a scheme: {@code scheme://...}, or one without an authority ({@code mailto:...}). */
  static boolean hasScheme(String value) {
    if (value == null) return false;
    int colon = value.indexOf(':');
    if (colon > 0 && isScheme(value, colon) && !value.startsWith("//", colon + 1) && !portFollows(value, colon + 1)) return true;
    int scheme = value == null ? -1 : value.indexOf("://");
    return scheme > 0 && isScheme(value, scheme);
  }

  private static int authorityEnd(String url, int from) {
    int end = from;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) end++;
    return end;
  }

  /**
   * Where the host of {@code host[:port]} ends: at the colon before the port, else at the end. An
   * IP literal ends at its ']'; text of two or more colons without brackets is a bare IPv6 address,
   * all host, when it reads as one (else its last colon starts the port, as before).
   */
  private static int portAt(String hostPort) {
    int n = hostPort.length();
    if (n > 0 && hostPort.charAt(0) == '[') {
      int close = hostPort.indexOf(']');
      return close > 0 && close + 1 < n && hostPort.charAt(close + 1) == ':' ? close + 1 : n;
    }
    int colon = hostPort.indexOf(':');
    if (colon < 0) return n;
    if (hostPort.indexOf(':', colon + 1) < 0) return colon;
    return ip(hostPort) != null ? n : hostPort.lastIndexOf(':');
  }

  /**
   * The host of a URL or a Host header in normal form ({@link #normalHost}), its percent-encodings
   * decoded first ({@link #percentDecodedHost}); those it keeps have their hex upper-case again (the
   * name was lower-cased with them).
   */
  private static String decodedHost(String host, Runnable failed) {
    String normal = normalHost(percentDecodedHost(host), failed);
    return normal.indexOf('%') >= 0 ? percentEncodings(normal) : normal;
  }

  /** A URL's host in normal form: an IPv6 address in canonical text and brackets, a name lower-cased in IDNA form. */
  private static String normalHost(String host, Runnable failed) {
    int n = host.length();
    if (n >= 2 && host.charAt(0) == '[' && host.charAt(n - 1) == ']') {
      String inner = host.substring(1, n - 1);
      // a zone (RFC 6874 "%25") or a future form (RFC 3986 "v1.") keeps its text, lower-cased
      String v6 = inner.indexOf('%') < 0 ? ip(inner) : null;
      return "[" + (v6 != null && isIpv6(v6) ? v6 : inner.toLowerCase(Locale.ROOT)) + "]";
    }
    if (host.indexOf(':') >= 0) {
      String v6 = ip(host);
      if (v6 != null && isIpv6(v6)) return "[" + v6 + "]"; // a bare IPv6 address, as a Host header may hold it
    }
    return domainOrSame(host, failed);
  }

  /** A port text (":" and digits) that names the scheme's default port. */
  private static boolean isDefaultPort(String scheme, String port) {
    int standard = defaultPort(scheme);
    if (standard < 0 || port.length() > 7) return false;
    int value = 0;
    for (int i = 1; i < port.length(); i++) {
      char c = port.charAt(i);
      if (c < '0' || c > '9') return false;
      value = value * 10 + (c - '0');
    }
    return value == standard;
  }

  private static String domainOrSame(String host, Runnable failed) {
    String d = domain(host, failed);
    return d == null ? host : d;
  }

  private static boolean isScheme(String s, int end) {
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.');
      if (!ok) return false;
    }
    return true;
  }

  /** The STIX hash algorithm name (hash-algorithm-ov) for a name as logs write it, e.g. {@code sha256} to {@code SHA-256}. */
  public static String hashAlgorithm(String name) {
    String n = name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    return switch (n) {
      case "md5" -> "MD5";
      case "sha1" -> "SHA-1";
      case "sha224" -> "SHA-224";
      case "sha256" -> "SHA-256";
      case "sha384" -> "SHA-384";
      case "sha512" -> "SHA-512";
      case "sha3256" -> "SHA3-256";
      case "sha3512" -> "SHA3-512";
      case "ssdeep" -> "SSDEEP";
      case "tlsh" -> "TLSH";
      default -> name;
    };
  }

  /** A hex hash value in lower case without separators (Suricata writes {@code 8f:51:...}); other values unchanged. */
  public static String hashValue(String algorithm, String value) {
    if (value == null || value.isEmpty() || algorithm.equals("SSDEEP") || algorithm.equals("TLSH")) return value;
    boolean plain = true;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) plain = false;
    }
    if (plain) return value;
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ':' || c == ' ') continue;
      if (Character.digit(c, 16) < 0) return value; // not hex: leave it as it is
      out.append(Character.toLowerCase(c));
    }
    return out.toString();
  }

  /** The algorithm of a hex fingerprint by its length (32: MD5, 40: SHA-1, 64: SHA-256), else SHA-256. */
  public static String fingerprintAlgorithm(String hex) {
    return switch (hex.length()) {
      case 32 -> "MD5";
      case 40 -> "SHA-1";
      case 128 -> "SHA-512";
      default -> "SHA-256";
    };
  }

  /** The address of {@code "Name" <local@domain>} or {@code <local@domain>}, its domain in normal form; null without '@'. */
  public static String email(String text, Runnable failed) {
    if (text == null) return null;
    String s = text.strip();
    int open = s.lastIndexOf('<');
    int close = s.lastIndexOf('>');
    if (open >= 0 && close > open) s = s.substring(open + 1, close).strip();
    int at = s.lastIndexOf('@');
    if (at <= 0 || at == s.length() - 1 || s.indexOf(' ') >= 0) return null;
    String domain = domain(s.substring(at + 1), failed);
    return domain == null ? null : s.substring(0, at + 1) + domain;
  }
}
