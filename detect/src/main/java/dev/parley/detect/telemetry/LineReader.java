package dev.parley.detect.telemetry;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Splits a byte stream into lines ({@code \n}, an optional {@code \r} before it dropped) without
 * decoding them. A line longer than {@link #MAX_LINE} bytes is skipped to its end and reported as
 * too long, so no line costs more memory than the bound. Not thread-safe.
 */
final class LineReader {
  /** The longest line read: 1 MiB. */
  static final int MAX_LINE = 1 << 20;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final InputStream in;
  private byte[] buffer = new byte[1 << 16];
  private int start;
  private int end;
  private boolean eof;
  private long number;
  private int lineStart;
  private int lineLength;
  private boolean tooLong;

  LineReader(InputStream in) {
    this.in = in;
  }

  /** Advances to the next line; false at the end of the input. */
  boolean next() throws IOException {
    tooLong = false;
    int scanFrom = start;
    while (true) {
      int nl = indexOf((byte) '\n', scanFrom, end);
      if (nl >= 0) {
        number++;
        if (tooLong || nl - start > MAX_LINE) {
          tooLong = true;
          start = nl + 1;
          lineStart = start;
          lineLength = 0;
          return true;
        }
        lineStart = start;
        lineLength = nl - start;
        if (lineLength > 0 && buffer[nl - 1] == '\r') lineLength--;
        start = nl + 1;
        skipByteOrderMark();
        return true;
      }
      if (eof) {
        if (start >= end && !tooLong) return false;
        number++;
        if (end - start > MAX_LINE) tooLong = true;
        lineStart = start;
        lineLength = tooLong ? 0 : end - start;
        if (lineLength > 0 && buffer[start + lineLength - 1] == '\r') lineLength--;
        start = end;
        skipByteOrderMark();
        return true;
      }
      if (tooLong) {
        start = end; // drop what was read of the long line
      }
      if (end - start > MAX_LINE) {
        tooLong = true;
        start = end;
      }
      compact();
      scanFrom = end;
      int n = in.read(buffer, end, buffer.length - end);
      if (n < 0) eof = true;
      else end += n;
    }
  }

  /** A UTF-8 byte order mark before the first line is not part of it. */
  private void skipByteOrderMark() {
    if (number == 1 && lineLength >= 3 && (buffer[lineStart] & 0xff) == 0xEF && (buffer[lineStart + 1] & 0xff) == 0xBB
        && (buffer[lineStart + 2] & 0xff) == 0xBF) {
      lineStart += 3;
      lineLength -= 3;
    }
  }

  /** The reason a too long line is malformed. */
  static String tooLongReason() {
    return "line longer than " + MAX_LINE + " bytes";
  }

  private void compact() {
    if (start > 0) {
      System.arraycopy(buffer, start, buffer, 0, end - start);
      end -= start;
      start = 0;
    }
    if (end == buffer.length) {
      byte[] bigger = new byte[Math.min(buffer.length * 2, MAX_LINE + (1 << 16))];
      System.arraycopy(buffer, 0, bigger, 0, end);
      buffer = bigger;
    }
  }

  /**
   * The first {@code b} in {@code buffer[from, to)}, or -1: eight bytes a step (a byte equal to
   * {@code b} is a zero byte of the word XOR {@code b}; the lowest zero byte of a word is found
   * exactly, Hacker's Delight §6.1), as a byte loop cost 5% of a Zeek pass.
   */
  private int indexOf(byte b, int from, int to) {
    byte[] a = buffer;
    long pattern = (b & 0xffL) * 0x0101010101010101L;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long word = (long) LONGS.get(a, i) ^ pattern;
      long zeros = (word - 0x0101010101010101L) & ~word & 0x8080808080808080L;
      if (zeros != 0) return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
    }
    for (; i < to; i++) if (a[i] == b) return i;
    return -1;
  }

  /** The 1-based number of the current line. */
  long number() {
    return number;
  }

  /** True when the current line exceeded {@link #MAX_LINE} and was skipped. */
  boolean tooLong() {
    return tooLong;
  }

  byte[] buffer() {
    return buffer;
  }

  int offset() {
    return lineStart;
  }

  int length() {
    return lineLength;
  }
}
