package dev.parley.store.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Bearer tokens: 32 random bytes, base64url with a {@code parley_} prefix. The store keeps only
 * their SHA-256: a token has 256 bits of entropy, so a fast hash is enough (no password stretching).
 */
public final class Tokens {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Tokens() {}

  /** A fresh token. */
  public static String generate() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return "parley_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** The hash under which the token is stored. */
  public static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
