package dev.parley.detect.telemetry;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
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
    // zlib and zip too: every telemetry format begins with '{', '#' or a blank (hostile run 12z: a zip file was one malformed
    // line and exit 0 in parley detect, silence in the folder, and 415 over HTTP)
    Optional<String> compression = ofJsonLines(head);
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
    return wideText(head);
  }

  /**
   * The encoding of text in UTF-16 or UTF-32, told by its byte order mark or, without one, by a zero
   * byte among the first two (no line of telemetry in UTF-8 holds one): PowerShell's {@code Out-File}
   * writes UTF-16LE. Read as UTF-8 its first record counted and every other line was malformed, with
   * reasons that blamed the JSON (a hostile run); such text is refused whole, by its name.
   */
  static Optional<String> wideText(byte[] head) {
    if (starts(head, 0xff, 0xfe, 0, 0)) return Optional.of("UTF-32LE");
    if (starts(head, 0, 0, 0xfe, 0xff)) return Optional.of("UTF-32BE");
    if (starts(head, 0xff, 0xfe)) return Optional.of("UTF-16LE");
    if (starts(head, 0xfe, 0xff)) return Optional.of("UTF-16BE");
    if (head.length >= 4 && printable(head[0]) && head[1] == 0 && head[2] == 0 && head[3] == 0) return Optional.of("UTF-32LE");
    if (head.length >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 0 && printable(head[3])) return Optional.of("UTF-32BE");
    if (head.length >= 2 && printable(head[0]) && head[1] == 0) return Optional.of("UTF-16LE");
    if (head.length >= 2 && head[0] == 0 && printable(head[1])) return Optional.of("UTF-16BE");
    return Optional.empty();
  }

  /** A character of ASCII that can begin a line of telemetry ({@code {}, {@code #}, a digit...). */
  private static boolean printable(byte b) {
    return b >= 0x20 && b < 0x7f;
  }

  /** Whether what {@link #of} named is an encoding of text other than UTF-8, not a compression. */
  public static boolean isEncoding(String kind) {
    return kind.startsWith("UTF-");
  }

  /**
   * The compression a body of JSON lines begins with ({@link #of}), or zlib data (RFC 1950 §2.2: a
   * deflate method byte whose header, read as a 16-bit number, is a multiple of 31; HTTP's "deflate"
   * coding) or a zip file ({@code PK 03 04}): no line of JSON begins with their first bytes, though a
   * file of another text might. Raw deflate has no header to tell it by.
   */
  public static Optional<String> ofJsonLines(byte[] head) {
    Optional<String> known = of(head);
    if (known.isPresent()) return known;
    if (head.length >= 2 && (head[0] & 0x0f) == 8 && (head[0] & 0xff) >> 4 <= 7 && ((head[0] & 0xff) << 8 | (head[1] & 0xff)) % 31 == 0) {
      return Optional.of("zlib (deflate)");
    }
    if (starts(head, 'P', 'K', 3, 4)) return Optional.of("zip");
    return Optional.empty();
  }

  private static boolean starts(byte[] bytes, int... magic) {
    if (bytes.length < magic.length) return false;
    for (int i = 0; i < magic.length; i++) if ((bytes[i] & 0xff) != magic[i]) return false;
    return true;
  }

  /**
   * The text of a body sent with HTTP's content coding {@code gzip} (RFC 9110 §8.4.1.3): its members
   * decompressed, as strictly as a gzip file is ({@link #decompressed}); a body that is not gzip
   * data, or is cut short or damaged, fails with {@link DamagedDataException}.
   */
  public static InputStream gzip(InputStream in) {
    return new GzipText(in);
  }

  /**
   * The text of a body sent with HTTP's content coding {@code deflate}: the zlib data format (RFC
   * 9110 §8.4.1.2, RFC 1950), or raw deflate (RFC 1951) when the data does not begin with a zlib
   * header, as some clients send it; data cut short, damaged or followed by more bytes fails with
   * {@link DamagedDataException}. Reads the first two bytes at once.
   */
  public static InputStream zlib(InputStream in) throws IOException {
    return new ZlibText(in);
  }

  /** Compressed data that is not what its compression says: cut short, damaged, or not that compression's at all. */
  public static final class DamagedDataException extends IOException {
    private final boolean cutShort;

    DamagedDataException(String compression, String why) {
      this(compression, why, false);
    }

    DamagedDataException(String compression, String why, boolean cutShort) {
      super(compression + " data truncated or damaged (" + why + ")");
      this.cutShort = cutShort;
    }

    /**
     * Whether the data ended inside a member, all it held before that whole: a file still being
     * written, maybe, which is whole a moment later; not damaged data.
     */
    public boolean cutShort() {
      return cutShort;
    }
  }

  /** Telemetry compressed with a tool Parley does not read: decompress it first. */
  public static final class CompressedTelemetryException extends IOException {
    private final String compression;

    CompressedTelemetryException(String compression) {
      super(isEncoding(compression) ? compression + " text, which is not read (telemetry is UTF-8): convert it first (iconv -f "
          + compression + " -t UTF-8)" : compression + " compressed data, which is not read (gzip is): decompress it first");
      this.compression = compression;
    }

    /** The compression's name (bzip2, xz, zstd or lz4), or the text's encoding ({@link #isEncoding}). */
    public String compression() {
      return compression;
    }
  }

  /**
   * The text of a gzip file, member after member (RFC 1952), read here rather than by the JDK's
   * {@code GZIPInputStream}, which ends quietly at bytes after a member that do not begin a whole one:
   * a file whose last member was cut inside its header was read as complete (a hostile run: a
   * thousand records dropped, exit 0). A member cut short, damaged, with a wrong CRC-32 or length,
   * or followed by anything but another member or zero bytes (padding, which gzip(1) accepts too)
   * is a failure that says so; the decompressor's own words ("Unexpected end of ZLIB input stream")
   * would not tell the reader it is a truncated or damaged gzip file.
   */
  private static final class GzipText extends InputStream {
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private final PushbackInputStream in;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    /** Of the member's header so far (FHCRC: its low 16 bits, RFC 1952 §2.3.1). */
    private final CRC32 header = new CRC32();
    private final byte[] buffer = new byte[1 << 16];
    private int buffered; // the bytes of buffer last given to the inflater
    private long length; // the member's text so far
    private boolean inMember;
    private boolean ended;
    private boolean any; // a member was begun

    GzipText(InputStream compressed) {
      this.in = new PushbackInputStream(compressed, 1 << 16);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) return 0;
      while (!ended) {
        if (!inMember && !member()) {
          ended = true;
          break;
        }
        int n = inflate(b, off, len);
        if (n > 0) return n;
        trailer();
      }
      return -1;
    }

    /** Reads the next member's header; false at the end of the data (or of zero padding after it). */
    private boolean member() throws IOException {
      int first = in.read();
      if (first < 0) return false;
      if (!any && (first != 0x1f || in.read() != 0x8b)) throw damaged("it does not begin with gzip's magic number, 1f 8b");
      if (!any) in.unread(0x8b);
      any = true;
      if (first == 0) {
        for (int b = in.read(); b >= 0; b = in.read()) {
          if (b != 0) throw damaged("bytes after the gzip data that are not another member");
        }
        return false;
      }
      header.reset();
      header.update(first);
      if (first != 0x1f || next() != 0x8b) throw damaged("bytes after the gzip data that are not another member");
      if (next() != 8) throw damaged("a member compressed with a method other than deflate");
      int flags = next();
      // RFC 1952 §2.3.1.2: "a compliant decompressor must give an error indication if any reserved bit is non-zero"
      if ((flags & 0xe0) != 0) throw damaged("a member whose header sets reserved flags");
      for (int i = 0; i < 6; i++) next(); // modification time, extra flags, operating system
      if ((flags & FEXTRA) != 0) {
        int extra = next() | next() << 8;
        for (int i = 0; i < extra; i++) next();
      }
      if ((flags & FNAME) != 0) while (next() != 0) { /* the original name, to its zero byte */ }
      if ((flags & FCOMMENT) != 0) while (next() != 0) { /* the comment, to its zero byte */ }
      if ((flags & FHCRC) != 0) {
        int crc16 = (int) (header.getValue() & 0xffff);
        if ((next() | next() << 8) != crc16) throw damaged("a member whose header CRC is not its header's");
      }
      inflater.reset();
      crc.reset();
      length = 0;
      inMember = true;
      return true;
    }

    /** Text of the current member into {@code b}; 0 when the member's deflate data ended. */
    private int inflate(byte[] b, int off, int len) throws IOException {
      try {
        while (true) {
          if (inflater.finished()) return 0;
          if (inflater.needsInput()) {
            buffered = in.read(buffer, 0, buffer.length);
            if (buffered < 0) throw cutShort();
            inflater.setInput(buffer, 0, buffered);
          }
          int n = inflater.inflate(b, off, len);
          if (n > 0) {
            crc.update(b, off, n);
            length += n;
            return n;
          }
          if (inflater.needsDictionary()) throw damaged("a member that needs a preset dictionary");
        }
      } catch (DataFormatException e) {
        throw damaged(e.getMessage());
      }
    }

    /** Gives back what the inflater read past the member's deflate data, and checks its CRC-32 and length. */
    private void trailer() throws IOException {
      int over = inflater.getRemaining();
      if (over > 0) in.unread(buffer, buffered - over, over);
      long stored = 0;
      for (int i = 0; i < 4; i++) stored |= (long) next() << (8 * i);
      long size = 0;
      for (int i = 0; i < 4; i++) size |= (long) next() << (8 * i);
      if (stored != crc.getValue()) throw damaged("a member whose CRC-32 is not its text's");
      if (size != (length & 0xffffffffL)) throw damaged("a member whose length is not its text's");
      inMember = false;
    }

    private int next() throws IOException {
      int b = in.read();
      if (b < 0) throw cutShort();
      header.update(b);
      return b;
    }

    @Override
    public void close() throws IOException {
      inflater.end();
      in.close();
    }

    private static IOException damaged(String why) {
      return new DamagedDataException("gzip", why);
    }

    private static IOException cutShort() {
      return new DamagedDataException("gzip", "the data ends inside a member", true);
    }
  }

  /** The text of zlib data (RFC 1950), which must end with the data: the JDK's stream would stop quietly before bytes after it. */
  private static final class ZlibText extends InflaterInputStream {
    private final String format;

    ZlibText(InputStream compressed) throws IOException {
      this(new PushbackInputStream(compressed, 2));
    }

    private ZlibText(PushbackInputStream compressed) throws IOException {
      this(compressed, zlibHeader(compressed));
    }

    private ZlibText(PushbackInputStream compressed, boolean zlib) {
      super(compressed, new Inflater(!zlib), 1 << 16);
      this.format = zlib ? "zlib" : "deflate";
    }

    /**
     * Whether the data begins with a zlib header (RFC 1950 §2.2: method 8, a window of at most 32 KiB,
     * the two bytes a multiple of 31); left unread either way. Some clients send raw deflate (RFC 1951)
     * under the "deflate" coding, as browsers and servers have long accepted: its first bytes are a
     * block header, which never forms a zlib header unless a stored block's padding bits are set.
     * Fewer than two bytes are taken for zlib, the coding's own format, and named so when refused.
     */
    private static boolean zlibHeader(PushbackInputStream in) throws IOException {
      byte[] head = in.readNBytes(2);
      in.unread(head);
      return head.length < 2 || (head[0] & 0x0f) == 8 && (head[0] & 0xff) >> 4 <= 7
          && ((head[0] & 0xff) << 8 | (head[1] & 0xff)) % 31 == 0;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        int n = super.read(b, off, len);
        if (n < 0 && !inf.finished()) throw new DamagedDataException(format, "data that needs a preset dictionary");
        if (n < 0 && (inf.getRemaining() > 0 || in.read() >= 0)) throw new DamagedDataException(format, "bytes after the " + format + " data");
        return n;
      } catch (ZipException e) {
        throw new DamagedDataException(format, String.valueOf(e.getMessage()));
      } catch (EOFException e) {
        throw new DamagedDataException(format, "the data ends inside it");
      }
    }

    @Override
    public void close() throws IOException {
      inf.end();
      super.close();
    }
  }
}
