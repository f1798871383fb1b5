package dev.parley.detect.telemetry;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * 128-bit digests of record bytes (MurmurHash3 x64 128, as Austin Appleby published it), seeded by
 * the source's name so that one record from two sources differs. Not cryptographic: it tells
 * byte-identical records apart from different ones, with a chance of 2^-128 per pair to confuse
 * them, at a fraction of SHA-256's cost. The hex form is a record's observation id.
 */
public final class Digests {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private Digests() {}

  /** A seed for one source name. */
  static long seed(String source) {
    byte[] b = source.getBytes(StandardCharsets.UTF_8);
    return hex128(b, 0, b.length, 0x5eed).hashCode();
  }

  /** The 32 hex digits of the digest of {@code bytes[offset, offset + length)}. */
  static String hex128(byte[] bytes, int offset, int length, long seed) {
    Murmur m = new Murmur(seed);
    int blocks = length / 16;
    for (int b = 0; b < blocks; b++) {
      int at = offset + b * 16;
      m.block((long) LONGS.get(bytes, at), (long) LONGS.get(bytes, at + 8));
    }
    int tail = offset + blocks * 16;
    int rest = length & 15;
    long k1 = 0;
    long k2 = 0;
    for (int i = rest - 1; i >= 8; i--) k2 = k2 << 8 | (bytes[tail + i] & 0xff);
    for (int i = Math.min(rest, 8) - 1; i >= 0; i--) k1 = k1 << 8 | (bytes[tail + i] & 0xff);
    m.tail(k1, k2, rest);
    m.finish(length);
    byte[] out = new byte[32]; // Latin-1 bytes: the string keeps them without compressing chars
    for (int i = 0; i < 16; i++) {
      out[i] = HEX[(int) (m.h1 >>> (60 - 4 * i)) & 15];
      out[16 + i] = HEX[(int) (m.h2 >>> (60 - 4 * i)) & 15];
    }
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  /**
   * The digest of a text's UTF-16 code units, eight a block (as bytes, little-endian), into {@code
   * into[0]} and {@code into[1]}: a key's 128-bit fingerprint without its bytes made first.
   */
  public static void of(CharSequence text, long seed, long[] into) {
    Murmur m = new Murmur(seed);
    int n = text.length();
    int blocks = n / 8;
    for (int b = 0; b < blocks; b++) m.block(units(text, b * 8, 4), units(text, b * 8 + 4, 4));
    int tail = blocks * 8;
    int rest = n - tail;
    m.tail(units(text, tail, Math.min(rest, 4)), rest > 4 ? units(text, tail + 4, rest - 4) : 0, 2 * rest);
    m.finish(2L * n);
    into[0] = m.h1;
    into[1] = m.h2;
  }

  /** {@code count} (at most 4) code units of a text from {@code at}, the first in the low bits. */
  private static long units(CharSequence text, int at, int count) {
    long k = 0;
    for (int i = count - 1; i >= 0; i--) k = k << 16 | text.charAt(at + i);
    return k;
  }

  /** MurmurHash3 x64 128's state: 16-byte blocks, then the tail, then the length. */
  private static final class Murmur {
    long h1;
    long h2;

    Murmur(long seed) {
      h1 = seed;
      h2 = seed;
    }

    void block(long k1, long k2) {
      h1 ^= mixK1(k1);
      h1 = Long.rotateLeft(h1, 27) + h2;
      h1 = h1 * 5 + 0x52dce729;
      h2 ^= mixK2(k2);
      h2 = Long.rotateLeft(h2, 31) + h1;
      h2 = h2 * 5 + 0x38495ab5;
    }

    /** The last {@code rest} bytes (fewer than 16), the first eight in {@code k1}. */
    void tail(long k1, long k2, int rest) {
      if (rest > 8) h2 ^= mixK2(k2);
      if (rest > 0) h1 ^= mixK1(k1);
    }

    void finish(long length) {
      h1 ^= length;
      h2 ^= length;
      h1 += h2;
      h2 += h1;
      h1 = fmix(h1);
      h2 = fmix(h2);
      h1 += h2;
      h2 += h1;
    }
  }

  private static long mixK1(long k1) {
    return Long.rotateLeft(k1 * C1, 31) * C2;
  }

  private static long mixK2(long k2) {
    return Long.rotateLeft(k2 * C2, 33) * C1;
  }

  private static long fmix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
