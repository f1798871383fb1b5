package dev.parley.ingest.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * How long the live indicators' thread waits between two looks ({@link LiveIndicators.Pace}): the
 * poll while rebuilds stay within a fifth of the time (a second of them saved at most); in debt,
 * four times the debt, never more than a second, so that a change committed during a long rebuild
 * (a million indicators compiled) is looked at within a second of its end (issue 12: the matcher
 * follows the indicators within 1 s of the change); and one costly rebuild (another peer's batch of
 * large expressions) does not make the next change wait (hostile run 12j: 4.4 s).
 */
class LiveIndicatorsWaitTest {
  private static final Duration POLL = Duration.ofMillis(200);
  private static final long MS = 1_000_000L;

  /** Rebuilds of {@code tookMs} one after another, each after the wait the one before left; returns the waits. */
  private static long[] run(LiveIndicators.Pace pace, long... tookMs) {
    long[] waits = new long[tookMs.length];
    long wait = POLL.toMillis();
    for (int i = 0; i < tookMs.length; i++) waits[i] = wait = pace.next(POLL, tookMs[i] * MS, (wait + tookMs[i]) * MS);
    return waits;
  }

  @Test
  void afterFailures_doublesFromThePollOrHalfAMinuteAfterRunningOutOfHeap() {
    // hostile run bb D11: a first read that ran out of heap was made again at once, every 7 to 30 s, and the node's other
    // threads died of it; a database away is looked at again within half a minute at most
    assertThat(LiveIndicators.afterFailures(1, false, POLL)).isEqualTo(200);
    assertThat(LiveIndicators.afterFailures(2, false, POLL)).isEqualTo(400);
    assertThat(LiveIndicators.afterFailures(9, false, POLL)).isEqualTo(30_000);
    assertThat(LiveIndicators.afterFailures(1, true, POLL)).isEqualTo(30_000);
    assertThat(LiveIndicators.afterFailures(3, true, POLL)).isEqualTo(120_000);
    assertThat(LiveIndicators.afterFailures(1_000, true, POLL)).isEqualTo(600_000);
  }

  @Test
  void next_shortRebuilds_thePoll() {
    long[] took = new long[100];
    Arrays.fill(took, 50);
    assertThat(run(new LiveIndicators.Pace(), took)).containsOnly(200);
  }

  @Test
  void next_oneCostlyRebuild_theNextLookAtThePoll() {
    assertThat(run(new LiveIndicators.Pace(), 700, 5, 5)).containsExactly(200, 200, 200);
  }

  @Test
  void next_costlyRebuildsOneAfterAnother_fourTimesTheDebtAtMostASecond() {
    // the second saved is spent by the first; the second leaves 120 - 400 ms: 1,120 ms, a second at most
    assertThat(run(new LiveIndicators.Pace(), 1000, 400, 400)).containsExactly(200, 1000, 1000);
    // a debt of 40 ms (60 earned, 100 spent): four times it, but the poll at least; of 120 ms: 480 ms
    assertThat(run(new LiveIndicators.Pace(), 1000, 100)).containsExactly(200, 200);
    assertThat(run(new LiveIndicators.Pace(), 1000, 200)).containsExactly(200, 480);
  }

  @Test
  void next_behindABacklog_noPollBetweenLooksAFifthOfTheTimeAtMost() {
    // hostile run 12al D6: a backlog of a bulk arrival is read a chunk a look; in credit the next chunk at once
    LiveIndicators.Pace pace = new LiveIndicators.Pace();
    assertThat(pace.next(POLL, 150 * MS, 150 * MS, true)).isZero();
    long wall = 150;
    long wait = 0;
    for (int i = 0; i < 1000; i++) {
      wait = pace.next(POLL, 150 * MS, (wait + 150) * MS, true);
      wall += 150 + wait;
    }
    assertThat(150.0 * 1001 / wall).isBetween(0.19, 0.21);
    assertThat(wait).isEqualTo(600);
    // the backlog drained: the poll again once in credit
    assertThat(pace.next(POLL, 0, 1000 * MS, false)).isEqualTo(200);
  }

  @Test
  void next_behindABacklogWithNothingElseWantingTheCores_unpacedNoDebtLeft() {
    // a bulk arrival stored, no telemetry matched: its backlog drains at once, look after look (211-258 s at a fifth of a core)
    LiveIndicators.Pace pace = new LiveIndicators.Pace();
    long wait = 0;
    for (int i = 0; i < 1000; i++) {
      wait = pace.next(POLL, 150 * MS, (wait + 150) * MS, true, true);
      assertThat(wait).isZero();
    }
    // telemetry comes while the backlog remains: paced again from no debt (a look's own only: 30 earned, 150 spent), then a
    // fifth of the time
    assertThat(pace.next(POLL, 150 * MS, 150 * MS, true, false)).isEqualTo(480);
    wait = 0;
    long wall = 0;
    for (int i = 0; i < 1000; i++) {
      wait = pace.next(POLL, 150 * MS, (wait + 150) * MS, true, false);
      wall += 150 + wait;
    }
    assertThat(150.0 * 1000 / wall).isBetween(0.19, 0.21);
    // free but not behind: the poll, as ever
    assertThat(pace.next(POLL, 0, 10_000 * MS, false, true)).isEqualTo(200);
  }

  @Test
  void next_rebuildOfMinutes_aSecondAtMost() {
    LiveIndicators.Pace pace = new LiveIndicators.Pace();
    assertThat(pace.next(POLL, 120_000 * MS, 120_200 * MS)).isEqualTo(1000);
    // the debt is paid back a fifth of the time: looks a second apart until it is
    for (int i = 0; i < 10; i++) assertThat(pace.next(POLL, 0, 1000 * MS)).isEqualTo(1000);
  }

  @Test
  void next_sustainedRebuilds_aFifthOfTheTimeAtMost() {
    long[] took = new long[1000];
    Arrays.fill(took, 150);
    long[] waits = run(new LiveIndicators.Pace(), took);
    long wall = 0;
    for (int i = 0; i < took.length; i++) wall += took[i] + waits[i];
    assertThat(150.0 * took.length / wall).isBetween(0.19, 0.21);
    assertThat(waits[waits.length - 1]).isEqualTo(600); // four times the rebuild, as before
  }
}
