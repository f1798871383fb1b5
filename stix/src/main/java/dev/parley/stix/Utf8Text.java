package dev.parley.stix;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A stream's text, read as UTF-8 and refused at its first byte that is not: the failure says at
 * which line and column of the text, counted as it is read (a reader that decoded ahead of the JSON
 * parser said only "after line 0", wherever the byte was: hostile run bb D10). Not thread-safe.
 */
final class Utf8Text extends Reader {
  /** The text is not UTF-8 from {@link #line}, {@link #column} on. */
  static final class NotUtf8 extends CharacterCodingException {
    final long line;
    final long column;

    NotUtf8(long line, long column) {
      this.line = line;
      this.column = column;
    }

    @Override
    public String getMessage() {
      return "bytes that are not UTF-8 at line " + line + ", column " + column;
    }
  }

  private final InputStream in;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
  private boolean ended;
  private boolean flushed;
  private long line = 1;
  private long column = 1;

  Utf8Text(InputStream in) {
    this.in = in;
  }

  @Override
  public int read(char[] into, int offset, int length) throws IOException {
    if (length == 0) return 0;
    CharBuffer out = CharBuffer.wrap(into, offset, length);
    while (out.position() == offset && !flushed) {
      CoderResult r = decoder.decode(bytes, out, ended);
      if (r.isError()) {
        count(into, offset, out.position());
        throw new NotUtf8(line, column);
      }
      if (r.isOverflow()) break;
      if (ended) {
        decoder.flush(out);
        flushed = true;
      } else {
        fill();
      }
    }
    int n = out.position() - offset;
    count(into, offset, out.position());
    return n == 0 && flushed ? -1 : n;
  }

  private void fill() throws IOException {
    bytes.compact();
    int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
    if (n < 0) ended = true;
    else bytes.position(bytes.position() + n);
    bytes.flip();
  }

  private void count(char[] text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (text[i] == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
