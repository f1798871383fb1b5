package dev.parley.detect.telemetry;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Telemetry as it is kept on disk: a log compressed with gzip (RFC 1952; a rotated
 * {@code conn.log.gz}) is read through a decompressor, so every format reads its text; one
 * compressed with another tool whose magic number is known (bzip2, xz, zstd, lz4) is refused. Read
 * as text, compressed data is a malformed line per line of garbage and never a record: no text
 * format begins so, and a run that said "malformed: 1" of a whole log hid that it read nothing.
 */
public final class Compressions {
  private static final int MAGIC = 6;

  private Compressions() {}

  /**
   * The text of {@code in}: the stream itself, or its gzip members decompressed (one after another,
   * as {@code cat a.gz b.gz} makes them). Reads the first bytes at once, so it blocks until they
   * come or the input ends.
   *
   * @throws CompressedTelemetryException when the input begins with the magic number of a
   *     compression other than gzip
   */
  public static InputStream decompressed(InputStream in) throws IOException {
    PushbackInputStream peek = new PushbackInputStream(in, MAGIC);
    byte[] head = peek.readNBytes(MAGIC);
    peek.unread(head);
    Optional<String> compression = of(head);
    if (compression.isEmpty()) return peek;
    if (!compression.get().equals("gzip")) throw new CompressedTelemetryException(compression.get());
    return new GzipText(peek);
  }

  /**
   * The compression whose magic number {@code head} begins with: gzip ({@code 1f 8b}), bzip2
   * ({@code BZh} and a block size digit), xz ({@code fd 37 7a 58 5a 00}), zstd ({@code 28 b5 2f fd},
   * RFC 8878 §3.1.1) or lz4 frames ({@code 04 22 4d 18}).
   */
  public static Optional<String> of(byte[] head) {
    if (starts(head, 0x1f, 0x8b)) return Optional.of("gzip");
    if (starts(head, 'B', 'Z', 'h') && head.length > 3 && head[3] >= '1' && head[3] <= '9') return Optional.of("bzip2");
    if (starts(head, 0xfd, '7', 'z', 'X', 'Z', 0x00)) return Optional.of("xz");
    if (starts(head, 0x28, 0xb5, 0x2f, 0xfd)) return Optional.of("zstd");
    if (starts(head, 0x04, 0x22, 0x4d, 0x18)) return Optional.of("lz4");
    return Optional.empty();
  }

  private static boolean starts(byte[] bytes, int... magic) {
    if (bytes.length < magic.length) return false;
    for (int i = 0; i < magic.length; i++) if ((bytes[i] & 0xff) != magic[i]) return false;
    return true;
  }

  /** Telemetry compressed with a tool Parley does not read: decompress it first. */
  public static final class CompressedTelemetryException extends IOException {
    private final String compression;

    CompressedTelemetryException(String compression) {
      super(compression + " compressed data, which is not read (gzip is): decompress it first");
      this.compression = compression;
    }

    /** The compression's name: bzip2, xz, zstd or lz4. */
    public String compression() {
      return compression;
    }
  }

  /**
   * A gzip stream whose failures say what they are: the decompressor's own words ("Unexpected end
   * of ZLIB input stream") do not tell the reader that the file is a truncated or damaged gzip file.
   */
  private static final class GzipText extends FilterInputStream {
    GzipText(InputStream compressed) throws IOException {
      super(open(compressed));
    }

    private static InputStream open(InputStream compressed) throws IOException {
      try {
        return new GZIPInputStream(compressed, 1 << 16);
      } catch (ZipException | EOFException e) {
        throw damaged(e);
      }
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (ZipException | EOFException e) {
        throw damaged(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (ZipException | EOFException e) {
        throw damaged(e);
      }
    }

    private static IOException damaged(IOException e) {
      return new IOException("gzip data truncated or damaged (" + e.getMessage() + ")", e);
    }
  }
}
