package dev.parley.detect.telemetry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Cuts the JSON strings of a UTF-8 stream that are longer than a bound, so that a reader can go on
 * past a string too long to build. A STIX input may legally hold one (an artifact's
 * {@code payload_bin} of a 20 MB sample), and the JSON parser stops at a string past its own limit
 * in a state it cannot resume from: every object after it was lost. Here a member name longer than
 * {@link #NAME_LIMIT} characters, or any other string longer than {@link #VALUE_LIMIT}, keeps its
 * first characters up to the bound, then {@link #MARK} and the cut's number in the stream (two
 * member names cut alike stay two names: the parser refuses a repeated one, and would stop); the
 * rest streams by and is dropped, never held. The parser sees a string within its limits and stays in step with the text, and the
 * reader refuses the object that holds it: a string the parser builds is longer than its bound if
 * and only if it was cut ({@link #isCut}).
 *
 * <p>Characters are counted as the parser counts them: UTF-16 units of the decoded text (an escape
 * is one, a character of four UTF-8 bytes two). A string is never cut inside an escape, a
 * character or an escaped surrogate pair. The scan knows of JSON only what it needs: where strings are, their escapes, and
 * whether a string is a member name (after {@code {}, or after {@code ,} in an object). Other text
 * passes unchanged; a raw line break inside a string (not JSON: the parser reports it) ends the
 * string for the scan, so a line of JSON Lines after a broken one is scanned afresh. Not thread-safe.
 */
final class LongStringCutter extends InputStream {
  /** The longest string value read, in characters (16 MiB); the parser's own limit is 20,000,000. */
  static final int VALUE_LIMIT = 1 << 24;
  /** The longest member name read, in characters; the parser's own limit is 50,000. */
  static final int NAME_LIMIT = 1 << 15;
  /**
   * What a cut string's kept characters are followed by, before the cut's number: two characters
   * at least, so that every cut string is longer than its bound.
   */
  static final String MARK = "..";
  /** Nesting deeper than this is not tracked: the parser refuses it (1,000 levels) before. */
  private static final int DEPTH = 1 << 11;

  private final InputStream in;
  private final int valueLimit;
  private final int nameLimit;
  private final byte[] raw = new byte[1 << 16];
  private int pos;
  private int end;
  private boolean eof;
  /** The mark of the last cut, still to be given to the parser from {@link #markAt}; null when given. */
  private byte[] mark;
  private int markAt;
  private long cuts;

  private final boolean[] inObject = new boolean[DEPTH];
  private int depth;
  private boolean expectName;
  private boolean inString;
  private boolean name;
  private boolean escape;
  private int hex;
  private boolean dropping;
  /** A high surrogate's escape was counted as the pair's two characters: the next escape costs none. */
  private boolean lowPaid;
  private long length;

  LongStringCutter(InputStream in) {
    this(in, VALUE_LIMIT, NAME_LIMIT);
  }

  /** With other bounds (tests), each at most the parser's limit less the mark's length. */
  LongStringCutter(InputStream in, int valueLimit, int nameLimit) {
    this.in = Objects.requireNonNull(in, "in");
    this.valueLimit = valueLimit;
    this.nameLimit = nameLimit;
  }

  /** Whether a string the parser built from this stream was cut: it is longer than its bound. */
  boolean isCut(String text, boolean memberName) {
    return text.length() > (memberName ? nameLimit : valueLimit);
  }

  /** The bound of a member name, or of any other string, in characters. */
  int limit(boolean memberName) {
    return memberName ? nameLimit : valueLimit;
  }

  /** How many strings were cut so far (the parser may not have reached the last ones yet). */
  long cuts() {
    return cuts;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) return 0;
    int n = 0;
    while (n < len) {
      if (mark != null) {
        b[off + n++] = mark[markAt++];
        if (markAt == mark.length) mark = null;
        continue;
      }
      if (pos == end) {
        if (n > 0 || eof) break; // what is here now, rather than wait for more
        int got = in.read(raw, 0, raw.length);
        if (got < 0) {
          eof = true;
          break;
        }
        pos = 0;
        end = got;
        continue;
      }
      if (inString && !escape && hex == 0) {
        // the bulk of a long string, a byte at a time through keep() cost 7 ns a byte
        if (dropping) {
          while (pos < end && plain(raw[pos])) pos++;
          if (pos == end) continue;
        } else if (!lowPaid) {
          int limit = name ? nameLimit : valueLimit;
          while (pos < end && n < len && length < limit && raw[pos] >= 0 && plain(raw[pos])) {
            b[off + n++] = raw[pos++];
            length++;
          }
          if (pos == end || n == len) continue;
        }
      }
      int c = raw[pos++] & 0xff;
      if (keep(c)) b[off + n++] = (byte) c;
    }
    return n == 0 && eof ? -1 : n;
  }

  /** A byte inside a string that changes nothing but the count: not a quote, a backslash or a line break. */
  private static boolean plain(byte b) {
    return b != '"' && b != '\\' && b != '\n' && b != '\r';
  }

  /**
   * Whether the escape whose backslash was just read is a high surrogate (u, then D800 to DBFF):
   * the first of a pair that the parser decodes together and refuses broken, so a cut keeps both
   * escapes or neither. Reads ahead when the escape's first characters are not buffered yet.
   */
  private boolean highSurrogateAhead() throws IOException {
    if (end - pos < 3 && !eof) {
      System.arraycopy(raw, pos, raw, 0, end - pos);
      end -= pos;
      pos = 0;
      while (end < 3) {
        int got = in.read(raw, end, raw.length - end);
        if (got < 0) {
          eof = true;
          break;
        }
        end += got;
      }
    }
    if (end - pos < 3) return false;
    int second = raw[pos + 2] | 0x20; // lower case
    return raw[pos] == 'u' && (raw[pos + 1] | 0x20) == 'd' && (second == '8' || second == '9' || second == 'a' || second == 'b');
  }

  /** Scans one byte: whether it goes on to the parser. */
  private boolean keep(int c) throws IOException {
    if (!inString) {
      switch (c) {
        case '"' -> {
          inString = true;
          lowPaid = false;
          name = expectName;
          length = 0;
        }
        case '{' -> {
          if (depth < DEPTH) inObject[depth] = true;
          depth++;
          expectName = true;
        }
        case '[' -> {
          if (depth < DEPTH) inObject[depth] = false;
          depth++;
          expectName = false;
        }
        case '}', ']' -> {
          if (depth > 0) depth--;
          expectName = false;
        }
        case ',' -> expectName = depth > 0 && depth <= DEPTH && inObject[depth - 1];
        case ':' -> expectName = false;
        default -> {}
      }
      return true;
    }
    if (c == '\n' || c == '\r') {
      inString = false;
      lowPaid = false;
      dropping = false;
      escape = false;
      hex = 0;
      return true;
    }
    if (dropping) {
      if (escape) {
        escape = false;
      } else if (c == '\\') {
        escape = true;
      } else if (c == '"') {
        inString = false;
        dropping = false;
        expectName = false;
        return true;
      }
      return false;
    }
    if (hex > 0) {
      if (Character.digit(c, 16) >= 0) {
        hex--;
        return true;
      }
      hex = 0; // not an escape: the parser reports it
    }
    if (escape) {
      escape = false;
      if (c == 'u') hex = 4;
      return true;
    }
    if (c == '"') {
      inString = false;
      expectName = false;
      return true;
    }
    if ((c & 0xC0) == 0x80) return true; // a continuation byte: its character was counted at its first byte
    int limit = name ? nameLimit : valueLimit;
    int units;
    if (lowPaid) {
      lowPaid = false;
      units = c == '\\' ? 0 : 1; // the low surrogate's escape, counted with the high one
    } else if (c == '\\' && length + 2 > limit && highSurrogateAhead()) {
      units = 2;
      lowPaid = true;
    } else {
      units = c >= 0xF0 ? 2 : 1;
    }
    if (length + units > limit) {
      lowPaid = false;
      dropping = true;
      escape = c == '\\';
      cuts++;
      mark = (MARK + cuts).getBytes(StandardCharsets.US_ASCII);
      markAt = 0;
      return false;
    }
    length += units;
    if (c == '\\') escape = true;
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
