package dev.parley.node.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A telemetry body must keep 1 KiB a second on average once its grace has passed: a request that
 * trickles holds its account's runs of that format (hostile run 12n), so it is cut off, 408, and
 * nothing of it is stored. A body that ends is taken however slowly its last bytes came.
 */
class PacedBodyTest {
  private final AtomicLong now = new AtomicLong();

  private InputStream paced(int size) {
    return new PacedBody(new ByteArrayInputStream(new byte[size]), 1024, Duration.ofSeconds(30), now::get);
  }

  private static final long SECOND = 1_000_000_000L;

  @Test
  void read_fastEnough_allOfIt() throws Exception {
    InputStream in = paced(100 * 1024);
    byte[] buffer = new byte[1024];
    for (int i = 0; i < 100; i++) {
      now.addAndGet(SECOND); // 1 KiB a second: 100 s for 100 KiB, never behind
      assertThat(in.read(buffer)).isEqualTo(1024);
    }
    now.addAndGet(3600 * SECOND);
    assertThat(in.read(buffer)).isEqualTo(-1);
  }

  @Test
  void read_withinTheGrace_anyPace() throws Exception {
    InputStream in = paced(10);
    now.addAndGet(29 * SECOND);
    assertThat(in.read()).isZero();
  }

  @Test
  void read_tricklingPastTheGrace_cutOffNamingTheRate() throws Exception {
    InputStream in = paced(1000);
    byte[] buffer = new byte[10];
    now.addAndGet(20 * SECOND);
    assertThat(in.read(buffer)).isEqualTo(10);
    now.addAndGet(11 * SECOND); // 31 s, 20 bytes: a second past the grace owes 1024
    assertThatThrownBy(() -> in.read(buffer)).isInstanceOf(PacedBody.TooSlow.class)
        .hasMessageContaining("slower than 1024 bytes a second").hasMessageContaining("20 bytes in 31 s")
        .hasMessageContaining("nothing of it was stored");
  }
}
