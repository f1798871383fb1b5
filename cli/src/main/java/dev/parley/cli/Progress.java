package dev.parley.cli;

import java.io.PrintWriter;

/** A one-line progress bar on a terminal: objects, rate, and time left when the input size is known. Thread-safe. */
final class Progress {
  private final PrintWriter err;
  private final long totalBytes;
  private final boolean enabled;
  private final long start = System.nanoTime();
  private boolean shown;

  Progress(PrintWriter err, long totalBytes, boolean enabled) {
    this.err = err;
    this.totalBytes = totalBytes;
    this.enabled = enabled;
  }

  synchronized void show(long objects, long bytes) {
    if (!enabled) return;
    double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
    long rate = Math.round(objects / seconds);
    StringBuilder b = new StringBuilder("\r");
    if (totalBytes > 0) {
      double done = Math.min(1.0, (double) bytes / totalBytes);
      int width = 30;
      int filled = (int) Math.round(done * width);
      b.append('[').append("#".repeat(filled)).append(" ".repeat(width - filled)).append("] ");
      b.append(String.format("%3.0f%% ", done * 100));
      long left = done > 0 ? Math.round(seconds * (1 - done) / done) : 0;
      b.append(String.format("%,d objects  %,d/s  %d:%02d left", objects, rate, left / 60, left % 60));
    } else {
      b.append(String.format("%,d objects  %,d/s", objects, rate));
    }
    b.append("   ");
    err.print(b);
    err.flush();
    shown = true;
  }

  synchronized void clear() {
    if (!shown) return;
    err.print("\r" + " ".repeat(100) + "\r");
    err.flush();
    shown = false;
  }
}
