package dev.parley.store;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * When this process last moved objects in bulk: wrote a batch of at least {@link #BULK} objects (an
 * import, a large POST, a pull's page) or served such a page to a peer (the other end of a pull).
 * Work that catches up behind the write path (the search indexer) asks it whether to yield, so
 * that on a machine with few cores a transfer does not share them with that follow-up. Small
 * writes do not count: one object POSTed is searchable as soon as before. It only says when; each
 * loop decides how much it still does meanwhile, and must still make progress. Another process's
 * loads (a {@code parley import} beside the node) are not seen. Thread-safe.
 */
public final class Foreground {
  /** A batch or page of at least this many objects is bulk. */
  public static final int BULK = 500;
  /** How long after the last batch a transfer still counts as running: longer than the gap between two pages of a pull. */
  static final Duration QUIET = Duration.ofSeconds(2);

  private final LongSupplier nanoTime;
  private final AtomicLong last;
  private final AtomicLong marks = new AtomicLong();

  Foreground() {
    this(System::nanoTime);
  }

  /** With the clock it reads, in nanoseconds (for tests). */
  Foreground(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.last = new AtomicLong(nanoTime.getAsLong() - QUIET.toNanos());
  }

  /** Records that a bulk batch was written, or a bulk page served to a peer, now. */
  public void mark() {
    last.set(nanoTime.getAsLong());
    marks.incrementAndGet();
  }

  /** Whether a bulk batch was written or a bulk page served within the last {@link #QUIET}. */
  public boolean busy() {
    return nanoTime.getAsLong() - last.get() < QUIET.toNanos();
  }

  /** How many times {@link #mark} was called. */
  public long marks() {
    return marks.get();
  }
}
