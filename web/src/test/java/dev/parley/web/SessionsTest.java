package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Issue 13, page 1: sessions that expire after 30 minutes idle and 12 hours in all, and end when signed out. */
class SessionsTest {
  /** A clock the test moves. */
  static final class Hands extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void find_idleThirtyMinutes_ended() {
    Hands clock = new Hands();
    Sessions sessions = new Sessions(clock);
    Sessions.Session s = sessions.open("token");
    clock.now = clock.now.plus(Duration.ofMinutes(29));
    assertThat(sessions.find(s.id)).isPresent();
    clock.now = clock.now.plus(Duration.ofMinutes(30));
    assertThat(sessions.find(s.id)).isEmpty();
    // and it stays ended: going back in time does not revive it
    clock.now = clock.now.minus(Duration.ofMinutes(30));
    assertThat(sessions.find(s.id)).isEmpty();
  }

  @Test
  void find_activeForTwelveHours_ended() {
    Hands clock = new Hands();
    Sessions sessions = new Sessions(clock);
    Sessions.Session s = sessions.open("token");
    for (int i = 0; i < 12 * 4 - 1; i++) {
      clock.now = clock.now.plus(Duration.ofMinutes(15));
      assertThat(sessions.find(s.id)).as("after %d minutes", (i + 1) * 15).isPresent();
    }
    clock.now = clock.now.plus(Duration.ofMinutes(15));
    assertThat(sessions.find(s.id)).isEmpty();
  }

  @Test
  void close_endsSession_andForgedIdsFindNothing() {
    Sessions sessions = new Sessions(new Hands());
    Sessions.Session s = sessions.open("token");
    assertThat(s.id).isNotEqualTo(s.csrf).hasSize(43);
    sessions.close(s.id);
    assertThat(sessions.find(s.id)).isEmpty();
    assertThat(sessions.find(null)).isEmpty();
    assertThat(sessions.find("x".repeat(10_000))).isEmpty();
    assertThat(Sessions.same(s.csrf, s.csrf + "x")).isFalse();
    assertThat(Sessions.same(null, null)).isFalse();
  }
}
