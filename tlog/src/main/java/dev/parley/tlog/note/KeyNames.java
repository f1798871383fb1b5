package dev.parley.tlog.note;

import dev.parley.tlog.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.security.MessageDigest;
import dev.parley.tlog.tree.Hashes;

/** Key names and key IDs of C2SP signed-note. */
public final class KeyNames {
  private KeyNames() {}

  /** Whether {@code name} is a valid key name: non-empty, no Unicode spaces, no {@code +}. */
  public static boolean isValid(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    return name.codePoints().noneMatch(c -> c == '+' || Character.isWhitespace(c) || Character.isSpaceChar(c)
        || Character.isISOControl(c));
  }

  static String check(String name) {
    if (!isValid(name)) {
      throw new MalformedInputException("key name", "must be non-empty without spaces or +: '" + name + "'");
    }
    return name;
  }

  /** {@code SHA-256(name || 0x0A || type || publicKey)[:4]} as a big-endian integer. */
  public static int keyId(String name, byte type, byte[] publicKey) {
    MessageDigest digest = Hashes.newDigest();
    digest.update(name.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0x0A);
    digest.update(type);
    digest.update(publicKey);
    byte[] hash = digest.digest();
    return (hash[0] & 0xFF) << 24 | (hash[1] & 0xFF) << 16 | (hash[2] & 0xFF) << 8 | hash[3] & 0xFF;
  }

  static String hex(int keyId) {
    return HexFormat.of().toHexDigits(keyId);
  }

  static byte[] idBytes(int keyId) {
    return new byte[] {(byte) (keyId >>> 24), (byte) (keyId >>> 16), (byte) (keyId >>> 8), (byte) keyId};
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
