package dev.parley.stix;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A body's bytes gathered in an array that doubles as they arrive, up to the length the body
 * declares: never that length at once, which a sender could name for a body it never sends, and
 * never past it while the body keeps to it. Reading to an unknown end gathers pieces and copies them
 * into one at the end, twice the body at once; a stream's buffer that grows past the body and is
 * copied at its end holds three times it (hostile runs 12ba D3 and D9).
 */
public final class BodyBytes {
  private byte[] out;
  private int size;
  private final long expected;

  /**
   * Bytes of a body expected to be {@code expected} long, first gathered in an array of {@code first}
   * bytes at most.
   */
  public BodyBytes(long expected, int first) {
    this.expected = expected;
    this.out = new byte[(int) Math.min(first, expected)];
  }

  /** Reads from {@code in} until the expected length or the stream's end, whichever comes first. */
  public void readFrom(InputStream in) throws IOException {
    while (size < expected) {
      if (size == out.length) grow(size + 1L);
      int read = in.read(out, size, out.length - size);
      if (read < 0) return;
      size += read;
    }
  }

  /** Adds a buffer's remaining bytes. */
  public void add(ByteBuffer b) {
    int n = b.remaining();
    if ((long) size + n > out.length) grow((long) size + n);
    b.get(out, size, n);
    size += n;
  }

  private void grow(long needed) {
    long doubled = Math.max(needed, 2L * out.length);
    out = Arrays.copyOf(out, (int) Math.max(needed, Math.min(doubled, expected)));
  }

  /** How many bytes are gathered. */
  public int size() {
    return size;
  }

  /** The bytes gathered, in an array of their length. */
  public byte[] bytes() {
    return size == out.length ? out : Arrays.copyOf(out, size);
  }
}
