package dev.parley.node.detect;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.SequenceInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The digest a followed file's position keeps of the bytes read: of its first {@code min(length,
 * 4096)} bytes and of the 4,096 bytes before {@code length} (the last read). A file written again
 * in place differs in one or the other, unless it repeats the first 4 KiB and the last line read at
 * the same offsets; a rotated file compressed with gzip begins, decompressed, with the same digest.
 */
final class Heads {
  static final int SIZE = 4096;

  private Heads() {}

  /** The digest of the file's first {@code length} bytes, or null for none. */
  static String of(RandomAccessFile raf, long length) throws IOException {
    if (length == 0) return null;
    int n = (int) Math.min(length, SIZE);
    byte[] first = new byte[n];
    raf.seek(0);
    raf.readFully(first);
    byte[] last = null;
    if (length > SIZE) {
      last = new byte[SIZE];
      raf.seek(length - SIZE);
      raf.readFully(last);
    }
    return digest(first, n, last);
  }

  private static String digest(byte[] first, int n, byte[] last) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(first, 0, n);
      if (last != null) sha.update(last);
      return HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A stream read forward once, telling the digest of its prefix at each of a rising series of
   * lengths ({@link #at}), then giving what follows ({@link #rest}). Keeps its first 64 KiB (where a
   * format is told) and its last 4 KiB read, nothing more.
   */
  static final class Prefixes {
    private final byte[] start;
    private final int started;
    private final InputStream in;
    private final byte[] ring = new byte[SIZE];
    private final byte[] buffer = new byte[64 * 1024];
    private long offset;

    Prefixes(InputStream text) throws IOException {
      start = new byte[64 * 1024];
      started = text.readNBytes(start, 0, start.length);
      in = new SequenceInputStream(new ByteArrayInputStream(start, 0, started), text);
    }

    /** The first bytes of the stream, up to 64 KiB. */
    byte[] start() {
      return java.util.Arrays.copyOf(start, started);
    }

    /**
     * The digest of the stream's first {@code length} bytes ({@link Heads#of} of a file holding
     * them), read up to there; null when the stream ends before. {@code length} is at least that of
     * the previous call.
     */
    String at(long length) throws IOException {
      if (length < offset) throw new IllegalArgumentException("read past " + length + " already");
      while (offset < length) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - offset));
        if (n < 0) return null;
        for (int i = 0; i < n; i++) ring[(int) ((offset + i) % SIZE)] = buffer[i];
        offset += n;
      }
      if (length == 0) return null;
      byte[] last = null;
      if (length > SIZE) {
        last = new byte[SIZE];
        int from = (int) (length % SIZE);
        System.arraycopy(ring, from, last, 0, SIZE - from);
        System.arraycopy(ring, 0, last, SIZE - from, from);
      }
      return digest(start, (int) Math.min(length, SIZE), last);
    }

    /** What follows the last length asked for. */
    InputStream rest() {
      return in;
    }
  }
}
