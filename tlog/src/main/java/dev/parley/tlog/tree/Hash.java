package dev.parley.tlog.tree;

import dev.parley.tlog.MalformedInputException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A SHA-256 value of 32 bytes. A final class rather than a record, because a record would hand out
 * its array; this one copies in and out, and is immutable.
 */
public final class Hash {
  /** The size of a hash in bytes. */
  public static final int SIZE = 32;

  private final byte[] bytes;

  private Hash(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The hash with these 32 bytes (copied). */
  public static Hash of(byte[] bytes) {
    if (bytes.length != SIZE) {
      throw new MalformedInputException("hash", "expected 32 bytes, got " + bytes.length);
    }
    return new Hash(bytes.clone());
  }

  /** The hash stored at {@code offset} in {@code source}, e.g. the i-th hash of a tile. */
  public static Hash of(byte[] source, int offset) {
    if (offset < 0 || source.length - offset < SIZE) {
      throw new MalformedInputException("hash", "fewer than 32 bytes at offset " + offset);
    }
    return new Hash(Arrays.copyOfRange(source, offset, offset + SIZE));
  }

  /** Decodes standard base64 (RFC 4648 §4) of 32 bytes. */
  public static Hash fromBase64(String text) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new MalformedInputException("hash", "not base64: " + e.getMessage());
    }
    // The JDK decoder tolerates missing padding; the formats we read demand the canonical form.
    if (!Base64.getEncoder().encodeToString(bytes).equals(text)) {
      throw new MalformedInputException("hash", "not canonical base64: " + text);
    }
    return of(bytes);
  }

  /** Decodes 64 hexadecimal digits. */
  public static Hash fromHex(String text) {
    try {
      return of(HexFormat.of().parseHex(text));
    } catch (IllegalArgumentException e) {
      throw new MalformedInputException("hash", "not hex: " + e.getMessage());
    }
  }

  static Hash wrap(byte[] digest) {
    return new Hash(digest);
  }

  byte[] raw() {
    return bytes;
  }

  /** A copy of the 32 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Writes the 32 bytes into {@code target} at {@code offset}. */
  public void copyTo(byte[] target, int offset) {
    System.arraycopy(bytes, 0, target, offset, SIZE);
  }

  public String toBase64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  public String toHex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Hash that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
