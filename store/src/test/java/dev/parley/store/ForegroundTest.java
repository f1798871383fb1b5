package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link Foreground}: busy from a mark until {@link Foreground#QUIET} has passed without another, on a clock the test moves. */
class ForegroundTest {
  private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);
  private final Foreground foreground = new Foreground(clock::get);

  @Test
  void busy_neverMarked_false() {
    assertThat(foreground.busy()).isFalse();
    assertThat(foreground.marks()).isZero();
  }

  @Test
  void busy_withinQuietOfTheLastMark_trueThenFalse() {
    foreground.mark();
    assertThat(foreground.busy()).isTrue();
    clock.addAndGet(Foreground.QUIET.toNanos() - 1);
    assertThat(foreground.busy()).isTrue();
    foreground.mark();
    clock.addAndGet(Foreground.QUIET.toNanos() - 1);
    assertThat(foreground.busy()).isTrue();
    clock.addAndGet(1);
    assertThat(foreground.busy()).isFalse();
    assertThat(foreground.marks()).isEqualTo(2);
  }
}
