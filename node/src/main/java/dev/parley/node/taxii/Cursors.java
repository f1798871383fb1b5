package dev.parley.node.taxii;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code next} values: a collection's insertion sequence, so a cursor is valid as long
 * as the data, across restarts, and the page after it costs what the first does.
 */
final class Cursors {
  private static final String PREFIX = "p1.";

  private Cursors() {}

  static String encode(long seq) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + seq).getBytes(StandardCharsets.US_ASCII));
  }

  static long decode(String next) {
    try {
      String s = new String(Base64.getUrlDecoder().decode(next), StandardCharsets.US_ASCII);
      if (!s.startsWith(PREFIX)) throw new IllegalArgumentException();
      long seq = Long.parseLong(s.substring(PREFIX.length()));
      if (seq < 0) throw new IllegalArgumentException();
      return seq;
    } catch (IllegalArgumentException e) {
      throw TaxiiError.badRequest("the next parameter is not a value this server gave out: " + next);
    }
  }
}
