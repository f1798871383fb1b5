package dev.parley.testing;

import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * A {@link Random} that records every draw, or replays a given list of draws (zeros past its end).
 * Every method of {@code Random} draws through {@link #next(int)}, so generators see a plain
 * {@code Random} while the runner shrinks a failing case by editing the draws that made it.
 */
final class Tape extends Random {
  private final SplittableRandom source;
  private final int[] replay;
  private int[] drawn = new int[64];
  private int count;

  private Tape(SplittableRandom source, int[] replay) {
    super(0);
    this.source = source;
    this.replay = replay;
  }

  static Tape recording(long seed) {
    return new Tape(new SplittableRandom(seed), null);
  }

  static Tape replaying(int[] draws) {
    return new Tape(null, draws);
  }

  @Override
  protected int next(int bits) {
    int value;
    if (source != null) {
      value = source.nextInt() >>> (32 - bits);
    } else if (count < replay.length) {
      // an edited tape may put a wide draw where a narrow one is read: keep the bits asked for
      value = bits == 32 ? replay[count] : replay[count] & ((1 << bits) - 1);
    } else {
      value = 0;
    }
    if (count == drawn.length) {
      drawn = Arrays.copyOf(drawn, count * 2);
    }
    drawn[count++] = value;
    return value;
  }

  /** As {@link Random#nextInt(int)}, but monotone in the draw (not modulo), so that a lower draw is a lower choice. */
  @Override
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive");
    }
    return (int) ((next(31) * (long) bound) >>> 31);
  }

  /** The draws made so far, without trailing zeros (a replay reads zeros past the end anyway). */
  int[] draws() {
    int length = count;
    while (length > 0 && drawn[length - 1] == 0) {
      length--;
    }
    return Arrays.copyOf(drawn, length);
  }
}
