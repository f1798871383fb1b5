package dev.parley.tlog.entry;

import dev.parley.tlog.MalformedInputException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * 32 random bytes that hide what a commitment commits to. Kept secret by the node until it hands
 * out a receipt. A final class rather than a record because a record would hand out its array.
 */
public final class Salt {
  public static final int SIZE = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] bytes;

  private Salt(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A fresh salt from a strong random source. */
  public static Salt random() {
    byte[] bytes = new byte[SIZE];
    RANDOM.nextBytes(bytes);
    return new Salt(bytes);
  }

  public static Salt of(byte[] bytes) {
    if (bytes.length != SIZE) {
      throw new MalformedInputException("salt", "expected 32 bytes, got " + bytes.length);
    }
    return new Salt(bytes.clone());
  }

  public static Salt fromBase64(String text) {
    try {
      return of(Base64.getDecoder().decode(text));
    } catch (IllegalArgumentException e) {
      throw new MalformedInputException("salt", "not base64");
    }
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public String toBase64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Salt that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "Salt[hidden]";
  }
}
