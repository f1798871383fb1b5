package dev.parley.ingest.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * How long the live indicators' thread waits between two looks: the poll at least, four times the
 * last rebuild while rebuilds are long, and never more than a second, so that a change committed
 * during a long rebuild (a million indicators compiled) is looked at within a second of its end
 * (issue 12: the matcher follows the indicators within 1 s of the change).
 */
class LiveIndicatorsWaitTest {
  private static final Duration POLL = Duration.ofMillis(200);

  @Test
  void wait_shortRebuild_thePoll() {
    assertThat(LiveIndicators.wait(POLL, 0)).isEqualTo(200);
    assertThat(LiveIndicators.wait(POLL, 50_000_000L)).isEqualTo(200);
  }

  @Test
  void wait_longerRebuild_fourTimesIt() {
    assertThat(LiveIndicators.wait(POLL, 100_000_000L)).isEqualTo(400);
    assertThat(LiveIndicators.wait(POLL, 240_000_000L)).isEqualTo(960);
  }

  @Test
  void wait_rebuildOfMinutes_aSecondAtMost() {
    assertThat(LiveIndicators.wait(POLL, 250_000_000L)).isEqualTo(1000);
    assertThat(LiveIndicators.wait(POLL, 120_000_000_000L)).isEqualTo(1000);
  }
}
