package dev.parley.stix.validate;

import dev.parley.stix.Rules;
import java.nio.charset.StandardCharsets;

/**
 * URL syntax by RFC 3986, scanned by hand in one pass (a regular expression of the whole grammar
 * is slow, and {@link java.net.URI} lets any non-ASCII character through, an en-dash included).
 *
 * <p>STIX 2.1 has no url data type; three properties take URLs. The url SCO's {@code value}
 * "MUST conform to [RFC3986]" (§6.15.1) and an artifact's {@code url} "MUST be a valid URL"
 * (§6.1.1): a reference without a scheme is no URL, so both need one, and a value that breaks the
 * grammar is an error (a warning on a {@code defanged} url SCO, whose value was altered on
 * purpose, §3.2). An external reference's {@code url} is "A URL reference to an external
 * resource [RFC3986]" (§2.5.1), which §12.1 makes a requirement of its value: a value that breaks
 * the grammar is an error; a relative reference parses, but resolves against nothing, a warning.
 */
final class Urls {
  private Urls() {}

  /** external-reference url (§2.5.1). */
  static final ValueType REFERENCE = Types.both(Types.string(), (v, p, ctx) -> {
    String why = problem(v.textValue());
    if (why != null) ctx.error(Rules.VALUE, p, "is not a URL: " + why + " (RFC 3986, STIX 2.1 §2.5.1)");
    else if (!hasScheme(v.textValue())) ctx.warning(Rules.VALUE, p, "is a relative reference; an external resource needs an absolute URL (RFC 3986 §4.3)");
  });

  /** artifact url (§6.1.1): an absolute URL. */
  static final ValueType LOCATOR = Types.both(Types.string(), (v, p, ctx) -> {
    String why = absoluteProblem(v.textValue());
    if (why != null) ctx.error(Rules.VALUE, p, "is not a valid URL: " + why + " (RFC 3986, STIX 2.1 §6.1.1)");
  });

  /** The url SCO's value (§6.15.1): an absolute URL; a warning only when the SCO is defanged. */
  static final ObjectRule URL_VALUE = (o, p, ctx) -> {
    if (!o.path("value").isTextual()) return; // a missing or non-string value is reported by its type
    String why = absoluteProblem(o.get("value").textValue());
    if (why == null) return;
    String message = "is not a valid URL: " + why + " (RFC 3986, STIX 2.1 §6.15.1)";
    if (Constraints.isTrue(o, "defanged")) ctx.warning(Rules.VALUE, Context.child(p, "value"), message + "; the object is defanged");
    else ctx.error(Rules.VALUE, Context.child(p, "value"), message);
  };

  private static String absoluteProblem(String s) {
    String why = problem(s);
    if (why == null && !hasScheme(s)) why = "it has no scheme (RFC 3986 §3)";
    return why;
  }

  /** Whether a valid URI-reference starts with a scheme. */
  static boolean hasScheme(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ':') return i > 0;
      if (c == '/' || c == '?' || c == '#') return false;
    }
    return false;
  }

  /** Why {@code s} is not an RFC 3986 URI-reference (§4.1), or null when it is one. */
  static String problem(String s) {
    int n = s.length();
    int start = 0;
    int colon = firstOf(s, 0, ":/?#");
    if (colon < n && s.charAt(colon) == ':') {
      // a ':' before any '/', '?' or '#' ends a scheme; a relative reference may not have one there (path-noscheme)
      String why = scheme(s, colon);
      if (why != null) return why;
      start = colon + 1;
    }
    int end = firstOf(s, start, "?#");
    String why;
    if (s.startsWith("//", start)) {
      int authorityEnd = firstOf(s, start + 2, "/?#");
      why = authority(s, start + 2, authorityEnd);
      if (why == null) why = chars(s, authorityEnd, end, "/:@");
    } else {
      why = chars(s, start, end, "/:@");
    }
    if (why != null) return why;
    if (end < n && s.charAt(end) == '?') {
      int queryEnd = firstOf(s, end + 1, "#");
      why = chars(s, end + 1, queryEnd, "/:@?");
      if (why != null) return why;
      end = queryEnd;
    }
    if (end < n) return chars(s, end + 1, n, "/:@?"); // the fragment: a second '#' is not allowed in it
    return null;
  }

  /** scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) (§3.1). */
  private static String scheme(String s, int end) {
    if (end == 0) return "it starts with ':', an empty scheme (RFC 3986 §3.1)";
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      boolean ok = alpha(c) || (i > 0 && (digit(c) || c == '+' || c == '-' || c == '.'));
      if (!ok) return at(s, i, "is not allowed in a scheme (RFC 3986 §3.1), and a relative reference may not have ':' in its first segment (§4.2)");
    }
    return null;
  }

  /** authority = [ userinfo "@" ] host [ ":" port ] (§3.2). */
  private static String authority(String s, int from, int to) {
    int at = s.indexOf('@', from);
    if (at >= 0 && at < to) {
      String why = chars(s, from, at, ":");
      if (why != null) return why;
      from = at + 1;
    }
    int portColon;
    if (from < to && s.charAt(from) == '[') {
      int close = s.indexOf(']', from);
      if (close < 0 || close >= to) return at(s, from, "opens an IP literal that does not close (RFC 3986 §3.2.2)");
      String literal = s.substring(from + 1, close);
      if (!ipLiteral(literal)) return "'[" + literal + "]' is not an IPv6 address or IPvFuture literal (RFC 3986 §3.2.2)";
      portColon = close + 1;
      if (portColon < to && s.charAt(portColon) != ':') return at(s, portColon, "may not follow an IP literal (RFC 3986 §3.2.2)");
    } else {
      portColon = firstOf(s, from, ":");
      if (portColon > to) portColon = to;
      String why = chars(s, from, portColon, "");
      if (why != null) return why;
    }
    for (int i = portColon + 1; i < to; i++) {
      if (!digit(s.charAt(i))) return at(s, i, "is not allowed in a port, which is digits only (RFC 3986 §3.2.3)");
    }
    return null;
  }

  /**
   * Checks that {@code s[from, to)} holds only unreserved characters, sub-delims, percent-encoded
   * octets and the characters in {@code extra}.
   */
  private static String chars(String s, int from, int to, String extra) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= to || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0
            || s.charAt(i + 1) > 'f' || s.charAt(i + 2) > 'f') {
          return at(s, i, "does not start a percent-encoded octet '%' HEXDIG HEXDIG (RFC 3986 §2.1)");
        }
        i += 2;
      } else if (!unreserved(c) && "!$&'()*+,;=".indexOf(c) < 0 && extra.indexOf(c) < 0) {
        return at(s, i, "is not allowed here; percent-encode it (RFC 3986 §2)");
      }
    }
    return null;
  }

  private static boolean ipLiteral(String t) {
    if (!t.isEmpty() && (t.charAt(0) == 'v' || t.charAt(0) == 'V')) {
      // IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
      int dot = t.indexOf('.');
      if (dot < 2 || dot == t.length() - 1) return false;
      for (int i = 1; i < dot; i++) if (Character.digit(t.charAt(i), 16) < 0 || t.charAt(i) > 'f') return false;
      for (int i = dot + 1; i < t.length(); i++) {
        char c = t.charAt(i);
        if (!unreserved(c) && "!$&'()*+,;=:".indexOf(c) < 0) return false;
      }
      return true;
    }
    return ipv6(t);
  }

  /** IPv6address of RFC 3986 §3.2.2: eight h16 groups, or fewer around one "::", the last two may be an IPv4 address. */
  static boolean ipv6(String t) {
    int gap = t.indexOf("::");
    if (gap >= 0 && t.indexOf("::", gap + 1) >= 0) return false;
    int groups = 0;
    String[] parts = gap < 0 ? new String[] {t} : new String[] {t.substring(0, gap), t.substring(gap + 2)};
    for (int p = 0; p < parts.length; p++) {
      String part = parts[p];
      if (part.isEmpty()) continue;
      String[] pieces = part.split(":", -1);
      for (int i = 0; i < pieces.length; i++) {
        boolean last = p == parts.length - 1 && i == pieces.length - 1;
        if (last && pieces[i].indexOf('.') >= 0) {
          if (!ipv4(pieces[i])) return false;
          groups += 2;
        } else if (h16(pieces[i])) {
          groups++;
        } else {
          return false;
        }
      }
    }
    return gap < 0 ? groups == 8 : groups <= 7;
  }

  private static boolean h16(String g) {
    if (g.isEmpty() || g.length() > 4) return false;
    for (int i = 0; i < g.length(); i++) if (Character.digit(g.charAt(i), 16) < 0 || g.charAt(i) > 'f') return false;
    return true;
  }

  /** dec-octet "." dec-octet "." dec-octet "." dec-octet, with no leading zeros (§3.2.2). */
  private static boolean ipv4(String t) {
    String[] octets = t.split("\\.", -1);
    if (octets.length != 4) return false;
    for (String o : octets) {
      if (o.isEmpty() || o.length() > 3 || (o.length() > 1 && o.charAt(0) == '0')) return false;
      for (int i = 0; i < o.length(); i++) if (!digit(o.charAt(i))) return false;
      if (Integer.parseInt(o) > 255) return false;
    }
    return true;
  }

  /**
   * {@code url} with every character that RFC 3986 does not allow where it stands percent-encoded
   * (its UTF-8 octets, §2.1), and every '%' that starts no percent-encoded octet encoded as "%25":
   * the form a URL read from a log (a raw request line, which may hold '|', spaces or non-ASCII)
   * takes in a url SCO. What it already allows is left as it is, so a valid URL comes back
   * unchanged. Null when {@code url} has no valid scheme, which no encoding can give it.
   */
  static String encode(String url) {
    int colon = url.indexOf(':');
    if (colon <= 0 || scheme(url, colon) != null) return null;
    StringBuilder out = new StringBuilder(url.length() + 16);
    out.append(url, 0, colon + 1);
    int start = colon + 1;
    int n = url.length();
    if (url.startsWith("//", start)) {
      int end = firstOf(url, start + 2, "/?#");
      out.append("//");
      encodeAuthority(url.substring(start + 2, end), out);
      start = end;
    }
    int pathEnd = firstOf(url, start, "?#");
    encodePart(url, start, pathEnd, "/:@", out);
    if (pathEnd < n && url.charAt(pathEnd) == '?') {
      int queryEnd = firstOf(url, pathEnd + 1, "#");
      out.append('?');
      encodePart(url, pathEnd + 1, queryEnd, "/:@?", out);
      pathEnd = queryEnd;
    }
    if (pathEnd < n) {
      out.append('#');
      encodePart(url, pathEnd + 1, n, "/:@?", out);
    }
    return out.toString();
  }

  /** userinfo "@" host ":" port, each part encoded; a port that is not digits becomes part of the host. */
  private static void encodeAuthority(String a, StringBuilder out) {
    int at = a.lastIndexOf('@');
    if (at >= 0) {
      encodePart(a, 0, at, ":", out);
      out.append('@');
      a = a.substring(at + 1);
    }
    if (a.startsWith("[") && a.indexOf(']') > 0 && ipLiteral(a.substring(1, a.indexOf(']')))) {
      int close = a.indexOf(']');
      out.append(a, 0, close + 1);
      String rest = a.substring(close + 1);
      if (rest.matches(":[0-9]*")) out.append(rest);
      else encodePart(rest, 0, rest.length(), "", out);
      return;
    }
    int portColon = a.lastIndexOf(':');
    boolean port = portColon >= 0 && a.substring(portColon + 1).chars().allMatch(c -> c >= '0' && c <= '9');
    encodePart(a, 0, port ? portColon : a.length(), "", out);
    if (port) out.append(a, portColon, a.length());
  }

  private static void encodePart(String s, int from, int to, String extra, StringBuilder out) {
    for (int i = from; i < to; ) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < to && hex(s.charAt(i + 1)) && hex(s.charAt(i + 2))) {
        out.append(s, i, i + 3);
        i += 3;
      } else if (c != '%' && (unreserved(c) || "!$&'()*+,;=".indexOf(c) >= 0 || extra.indexOf(c) >= 0)) {
        out.append(c);
        i++;
      } else {
        int cp = s.codePointAt(i);
        int len = Character.charCount(cp);
        String one = Character.isSurrogate(c) && len == 1 ? "\uFFFD" : s.substring(i, i + len);
        for (byte b : one.getBytes(StandardCharsets.UTF_8)) {
          out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
              .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
        }
        i += len;
      }
    }
  }

  /** A hexadecimal digit as {@link #chars} accepts it in a percent-encoded octet. */
  private static boolean hex(char c) {
    return Character.digit(c, 16) >= 0 && c <= 'f';
  }

  private static int firstOf(String s, int from, String stops) {
    for (int i = from; i < s.length(); i++) if (stops.indexOf(s.charAt(i)) >= 0) return i;
    return s.length();
  }

  private static boolean unreserved(char c) {
    return alpha(c) || digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
  }

  private static boolean alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  /** "the character 'x' (U+0078) at index i". */
  private static String at(String s, int i, String what) {
    int cp = s.codePointAt(i);
    String shown = Character.isISOControl(cp) || Character.isWhitespace(cp) ? "" : "'" + new String(Character.toChars(cp)) + "' ";
    return "the character " + shown + String.format("(U+%04X)", cp) + " at index " + i + " " + what;
  }
}
