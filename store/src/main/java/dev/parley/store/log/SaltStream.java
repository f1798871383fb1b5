package dev.parley.store.log;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Random bytes for the salts of a batch of entries: the AES-256-CTR keystream under a key and a
 * counter block drawn from {@link SecureRandom} for each call, as NIST SP 800-90A's CTR_DRBG
 * generates (one fresh instantiation a batch, far below the 2^48 blocks a key may produce).
 * {@code SecureRandom.nextBytes} for 32 bytes an entry was a tenth of the log's write path in a
 * profile of a bulk import; AES-CTR runs on the processor's AES instructions. Thread-safe.
 */
final class SaltStream {
  private static final SecureRandom SEED = new SecureRandom();

  private SaltStream() {}

  /** {@code n} bytes that no one can predict or reproduce. */
  static byte[] next(int n) {
    byte[] seed = new byte[48];
    SEED.nextBytes(seed);
    try {
      Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
      aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seed, 0, 32, "AES"), new IvParameterSpec(seed, 32, 16));
      return aes.doFinal(new byte[n]);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks AES/CTR", e);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }
}
