package dev.parley.tlog.tree;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * RFC 9162 §2.1.1 hashing with SHA-256: leaves are {@code SHA-256(0x00 || entry)}, interior nodes
 * {@code SHA-256(0x01 || left || right)}, the empty tree {@code SHA-256()}. Thread-safe.
 */
public final class Hashes {
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Hashes::newDigest);
  private static final Hash EMPTY = sha256(new byte[0]);

  private Hashes() {}

  /** A fresh SHA-256 digest; the JDK always has one. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  /** SHA-256 of the concatenation of {@code parts}. */
  public static Hash sha256(byte[]... parts) {
    MessageDigest digest = SHA256.get();
    for (byte[] part : parts) {
      digest.update(part);
    }
    return Hash.wrap(digest.digest());
  }

  /** The root of the empty tree: SHA-256 of the empty string. */
  public static Hash emptyRoot() {
    return EMPTY;
  }

  /** The leaf hash of one log entry: {@code SHA-256(0x00 || entry)}. */
  public static Hash leaf(byte[] entry) {
    MessageDigest digest = SHA256.get();
    digest.update((byte) 0x00);
    digest.update(entry);
    return Hash.wrap(digest.digest());
  }

  /** The hash of an interior node: {@code SHA-256(0x01 || left || right)}. */
  public static Hash node(Hash left, Hash right) {
    MessageDigest digest = SHA256.get();
    digest.update((byte) 0x01);
    digest.update(left.raw());
    digest.update(right.raw());
    return Hash.wrap(digest.digest());
  }
}
