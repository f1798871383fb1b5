package dev.parley.node.detect;

import java.io.IOException;
import java.io.InputStream;

/**
 * A stream up to its last newline: a line still being written when a file was compressed is not
 * read, as a followed file's half-written last line is not.
 */
final class WholeLines extends InputStream {
  private final InputStream in;
  private byte[] held = new byte[64 * 1024];
  private int heldLength;
  /** Bytes of {@code held} ready to be read: those up to its last newline. */
  private int ready;
  private int next;
  private long passed;

  WholeLines(InputStream in) {
    this.in = in;
  }

  /** The bytes read so far, each line whole. */
  long passed() {
    return passed;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) return 0;
    while (next == ready) {
      // the tail after the last newline moves to the front, and more is read after it
      System.arraycopy(held, ready, held, 0, heldLength - ready);
      heldLength -= ready;
      ready = 0;
      next = 0;
      if (heldLength == held.length) held = java.util.Arrays.copyOf(held, held.length * 2);
      int n = in.read(held, heldLength, held.length - heldLength);
      if (n < 0) return -1; // a last line without its newline is not whole
      for (int i = heldLength + n - 1; i >= heldLength; i--) {
        if (held[i] == '\n') {
          ready = i + 1;
          break;
        }
      }
      heldLength += n; // with no newline in it, ready stays 0 and more is read
    }
    int n = Math.min(len, ready - next);
    System.arraycopy(held, next, b, off, n);
    next += n;
    passed += n;
    return n;
  }
}
