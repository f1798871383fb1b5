package dev.parley.node.taxii;

import java.util.Locale;

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
    send(ctx, status, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Sends a TAXII JSON body that is UTF-8 already. */
  static void send(io.javalin.http.Context ctx, int status, byte[] json) {
    ctx.status(status).contentType(TAXII).result(json);
  }

  /** Whether an Accept header admits a TAXII 2.1 response. */
  static boolean accepts(String accept) {
    if (accept == null || accept.isBlank()) return true;
    for (String range : accept.split(",")) {
      if (isTaxii(range, true)) return true;
    }
    return false;
  }

  /**
   * Whether an Accept header admits the manifest's response. TAXII 2.1 §5.3 lists the manifest's
   * Accept as {@code application/taxii+json;version=2.1,application/stix+json;version=2.1}, and
   * §3.1 forbids a 406 for a media type defined for the endpoint: a STIX 2.1 Accept alone is
   * answered too (in the TAXII media type, which is what a manifest is).
   */
  static boolean acceptsManifest(String accept) {
    if (accepts(accept)) return true;
    for (String range : accept.split(",")) {
      if (is(range, "application/stix+json", false)) return true;
    }
    return false;
  }

  /** Whether a Content-Type is the TAXII 2.1 media type. */
  static boolean isTaxiiContent(String contentType) {
    return contentType != null && isTaxii(contentType, false);
  }

  private static boolean isTaxii(String range, boolean allowWildcards) {
    return is(range, "application/taxii+json", allowWildcards);
  }

  /** Whether a media range is {@code mediaType} at version 2.1 (or none given) and not refused with q=0. */
  private static boolean is(String range, String mediaType, boolean allowWildcards) {
    String[] parts = range.split(";");
    String type = parts[0].trim().toLowerCase(Locale.ROOT);
    boolean wildcard = type.equals("*/*") || type.equals("application/*");
    if (!type.equals(mediaType) && !(allowWildcards && wildcard)) return false;
    for (int i = 1; i < parts.length; i++) {
      String[] kv = parts[i].trim().split("=", 2);
      String key = kv[0].trim().toLowerCase(Locale.ROOT);
      String value = kv.length > 1 ? kv[1].trim().replace("\"", "") : "";
      if (key.equals("version") && !value.equals("2.1")) return false;
      if (key.equals("q") && value.matches("0(\\.0*)?")) return false;
    }
    return true;
  }
}
