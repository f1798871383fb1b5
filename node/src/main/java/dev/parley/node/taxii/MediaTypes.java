package dev.parley.node.taxii;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * TAXII 2.1 content negotiation (§1.6.8): {@code application/taxii+json;version=2.1}, or without
 * the version meaning the latest the server speaks. A missing or wildcard Accept gets TAXII too.
 */
public final class MediaTypes {
  public static final String TAXII = "application/taxii+json;version=2.1";
  public static final String STIX = "application/stix+json;version=2.1";

  private MediaTypes() {}

  /** Sends a TAXII JSON body, UTF-8 encoded (RFC 8259 §8.1). */
  static void send(io.javalin.http.Context ctx, int status, String json) {
    send(ctx, status, json.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends a TAXII JSON body that is UTF-8 already. */
  static void send(io.javalin.http.Context ctx, int status, byte[] json) {
    ctx.status(status).contentType(TAXII).result(json);
  }

  /**
   * The first charset a Content-Type names, as sent (quotes removed), that is not one of {@code
   * readable} (compared without case); null when it names none, or only readable ones. A type that
   * names two is refused by the one not read, whichever comes first.
   */
  public static String unreadableCharset(String contentType, Set<String> readable) {
    if (contentType == null) return null;
    for (String parameter : contentType.split(";")) {
      String[] pair = parameter.split("=", 2);
      if (pair.length < 2 || !pair[0].trim().equalsIgnoreCase("charset")) continue;
      String charset = pair[1].trim().replace("\"", "");
      if (!readable.contains(canonical(charset))) return charset.isEmpty() ? "\"\"" : charset;
    }
    return null;
  }

  /** A charset's canonical name in lower case, so that its aliases (ascii, csUTF8) count as it; else the name in lower case. */
  private static String canonical(String charset) {
    try {
      if (Charset.isSupported(charset)) return Charset.forName(charset).name().toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      // no charset's name
    }
    return charset.toLowerCase(Locale.ROOT);
  }

  /**
   * The charset parameter of a Content-Type, quoted as sent, when the server could not decode a
   * request's query by it: the first parameter whose name begins with {@code charset} has no value,
   * or one that names no charset this runtime knows; null otherwise (the server reads that parameter
   * so to decode every query string, and failed with an index or charset exception).
   */
  public static String unusableCharset(String contentType) {
    if (contentType == null) return null;
    for (String parameter : contentType.split(";")) {
      String p = parameter.trim();
      if (!p.regionMatches(true, 0, "charset", 0, 7)) continue;
      String[] pair = p.split("=");
      if (pair.length < 2) return "'" + p + "'";
      String name = pair[1].trim();
      if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) name = name.substring(1, name.length() - 1);
      try {
        return Charset.isSupported(name) ? null : "'" + p + "'";
      } catch (IllegalArgumentException e) {
        return "'" + p + "'"; // an illegal name (IllegalCharsetNameException) or none
      }
    }
    return null;
  }

  /** The charsets UTF-8 text is declared in (canonical names; aliases count as them): UTF-8, and US-ASCII, a part of it. */
  public static final Set<String> UTF_8 = Set.of("utf-8", "us-ascii");

  /**
   * The charsets a TAXII body is read in: those of UTF-8, and the UTF-16 and UTF-32 forms a JSON text
   * may be found in by its first bytes (RFC 8259 §8.1 asks for UTF-8; RFC 4627 §3 told the others
   * apart, and they are read so).
   */
  public static final Set<String> JSON_TEXT = Set.of("utf-8", "us-ascii", "utf-16", "utf-16be", "utf-16le",
      "utf-32", "utf-32be", "utf-32le");

  /**
   * Whether an Accept header admits a TAXII 2.1 response. No header, or one that names nothing,
   * admits it (RFC 9110 §12.5.1: no Accept means any type); malformed media ranges are ignored, so a
   * header made only of malformed ranges admits nothing (TAXII 2.1 §3.1: requests "MUST include at
   * least one TAXII media range") and is answered 406.
   */
  static boolean accepts(String accept) {
    MediaRange.Accept parsed = MediaRange.parseAccept(accept);
    return parsed.empty() || admits(parsed, "taxii+json");
  }

  /**
   * Whether an Accept header admits the manifest's response. TAXII 2.1 §5.3 lists the manifest's
   * Accept as {@code application/taxii+json;version=2.1,application/stix+json;version=2.1}, and
   * §3.1 forbids a 406 for a media type defined for the endpoint: a STIX 2.1 Accept alone is
   * answered too (in the TAXII media type, which is what a manifest is).
   */
  static boolean acceptsManifest(String accept) {
    MediaRange.Accept parsed = MediaRange.parseAccept(accept);
    return parsed.empty() || admits(parsed, "taxii+json") || admits(parsed, "stix+json");
  }

  /** Whether a Content-Type is the TAXII 2.1 media type (with version 2.1 or none). */
  static boolean isTaxiiContent(String contentType) {
    MediaRange m = MediaRange.parseContentType(contentType);
    return m != null && m.specificity("application", "taxii+json") >= 2;
  }

  /**
   * Whether {@code application/<subtype>;version=2.1} is acceptable: the most specific range that
   * matches it decides (RFC 9110 §12.5.1), and it must not have q=0; of equally specific ones, the
   * highest weight counts.
   */
  private static boolean admits(MediaRange.Accept accept, String subtype) {
    int best = -1;
    int weight = 0;
    for (MediaRange r : accept.ranges()) {
      int s = r.specificity("application", subtype);
      if (s > best || (s == best && r.weight() > weight)) {
        best = s;
        weight = r.weight();
      }
    }
    return best >= 0 && weight > 0;
  }
}
