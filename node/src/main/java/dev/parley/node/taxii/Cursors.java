package dev.parley.node.taxii;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens the {@code next} values: a {@link Cursor} in {@link CursorCodec}'s binary form,
 * followed by the first 16 bytes of its HMAC-SHA256 under the database's cursor key, in URL-safe
 * base64 without padding. A cursor is valid as long as the data, on every node of the database and
 * across restarts; a forged, edited or truncated one is refused, never read as another query.
 * Thread-safe.
 */
final class Cursors {
  private static final int TAG = 16;
  private static final byte[] DOMAIN = "parley/taxii/cursor/v2\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] OLD_PREFIX = "p1.".getBytes(StandardCharsets.US_ASCII);

  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  Cursors(byte[] secret) {
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  String seal(Cursor cursor) {
    byte[] body = CursorCodec.encode(cursor);
    byte[] sealed = Arrays.copyOf(body, body.length + TAG);
    System.arraycopy(tag(body, body.length), 0, sealed, body.length, TAG);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
  }

  /** The cursor in {@code next}; a 400 when this server did not give it out as it is. */
  Cursor open(String next) {
    byte[] sealed;
    try {
      sealed = Base64.getUrlDecoder().decode(next);
    } catch (IllegalArgumentException e) {
      throw refused();
    }
    if (startsWith(sealed, OLD_PREFIX)) {
      throw TaxiiError.badRequest("this cursor is from an older version; start again from the first page");
    }
    int length = sealed.length - TAG;
    if (length < 1 || !MessageDigest.isEqual(tag(sealed, length), Arrays.copyOfRange(sealed, length, sealed.length))) {
      throw refused();
    }
    try {
      return CursorCodec.decode(Arrays.copyOf(sealed, length));
    } catch (IllegalArgumentException e) {
      throw refused(); // sealed by this key but not readable: a format this version does not know
    }
  }

  private byte[] tag(byte[] body, int length) {
    Mac mac = macs.get();
    mac.update(DOMAIN);
    mac.update(body, 0, length);
    return Arrays.copyOf(mac.doFinal(), TAG);
  }

  private static boolean startsWith(byte[] b, byte[] prefix) {
    return b.length >= prefix.length && Arrays.equals(b, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static TaxiiError refused() {
    return TaxiiError.badRequest("next is not a cursor this server gave out, or it was changed; start again from the first page");
  }
}
