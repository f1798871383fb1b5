package dev.parley.tlog.note;

import java.security.SecureRandom;

/**
 * Ed25519 (RFC 8032) on raw 32-byte keys, over Bouncy Castle's implementation of the RFC
 * ({@code org.bouncycastle.math.ec.rfc8032}), which works on the raw keys and signatures of the
 * C2SP notes directly and signs and verifies about ten times as fast as the JDK 17 provider.
 */
final class Ed25519 {
  static final int KEY_SIZE = 32;
  static final int SIGNATURE_SIZE = 64;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ed25519() {}

  /** A fresh random 32-byte private key (seed). */
  static byte[] newSeed() {
    byte[] seed = new byte[KEY_SIZE];
    RANDOM.nextBytes(seed);
    return seed;
  }

  /** The public key of a seed (RFC 8032 §5.1.5). */
  static byte[] publicKey(byte[] seed) {
    requireSeed(seed);
    byte[] key = new byte[KEY_SIZE];
    org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, key, 0);
    return key;
  }

  /** Signs {@code message} with {@code seed}, whose public key is given (Bouncy Castle would derive it again). */
  static byte[] sign(byte[] seed, byte[] publicKey, byte[] message) {
    requireSeed(seed);
    if (publicKey.length != KEY_SIZE) throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, not " + publicKey.length);
    byte[] signature = new byte[SIGNATURE_SIZE];
    org.bouncycastle.math.ec.rfc8032.Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, signature, 0);
    return signature;
  }

  /** Whether {@code signature} is valid; false for any malformed key or signature. */
  static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey.length != KEY_SIZE || signature.length != SIGNATURE_SIZE) {
      return false;
    }
    try {
      return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static void requireSeed(byte[] seed) {
    if (seed.length != KEY_SIZE) throw new IllegalArgumentException("an Ed25519 private key is 32 bytes, not " + seed.length);
  }
}
