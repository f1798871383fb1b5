package dev.parley.node.detect;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A request body that must keep a least average rate: after a grace period, one whose bytes so far
 * are fewer than {@code minRate} a second for the time past the grace is cut off ({@link TooSlow}).
 * A run over a source holds it while it reads (runs of one source go one at a time): a body that
 * trickled a line every few seconds held every other request of its account and format for as long
 * as its sender liked. A stalled body is ended by the server's idle timeout; this bounds one that
 * trickles. Not thread-safe (one reader).
 */
final class PacedBody extends FilterInputStream {
  /** A body slower than the least rate. */
  static final class TooSlow extends IOException {
    TooSlow(String message) {
      super(message);
    }
  }

  private final long minRate;
  private final long graceNanos;
  private final long start;
  private final LongSupplier clock;
  private long bytes;

  PacedBody(InputStream in, long minRate, Duration grace) {
    this(in, minRate, grace, System::nanoTime);
  }

  PacedBody(InputStream in, long minRate, Duration grace, LongSupplier clock) {
    super(in);
    this.minRate = minRate;
    this.graceNanos = grace.toNanos();
    this.clock = clock;
    this.start = clock.getAsLong();
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    count(b < 0 ? -1 : 1);
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    count(n);
    return n;
  }

  private void count(int n) throws TooSlow {
    if (n < 0) return; // the end came: however slowly, it is all there
    bytes += n;
    long past = clock.getAsLong() - start - graceNanos;
    if (past <= 0) return;
    double owed = past / 1e9 * minRate;
    if (bytes < owed) {
      throw new TooSlow("the request body arrived slower than " + minRate + " bytes a second on average (" + bytes + " bytes in "
          + (clock.getAsLong() - start) / 1_000_000_000L + " s); it was cut off and nothing of it was stored");
    }
  }
}
