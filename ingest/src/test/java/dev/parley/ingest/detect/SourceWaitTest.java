package dev.parley.ingest.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.detect.Detector;
import dev.parley.detect.IndicatorSet;
import dev.parley.detect.telemetry.TelemetryFormat;
import dev.parley.detect.telemetry.TelemetryReader;
import dev.parley.ingest.Ingest;
import dev.parley.policy.Tlp;
import dev.parley.stix.Json;
import dev.parley.store.StoreConfig;
import dev.parley.store.Stores;
import dev.parley.store.objects.WriteHook;
import dev.parley.store.testing.TestDatabases;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs of one source go one at a time, and a request's run waits for another a bounded time: a body
 * that trickles holds its own source only, never longer than the caller's wait for the next request
 * of that source, and never another source or the release of held sightings (hostile run 12n: a
 * stalled POST held every other request of its account and format for as long as it lasted).
 */
class SourceWaitTest {
  private Stores stores;
  private Ingest ingest;
  private TelemetryDetection detection;
  private LiveIndicators.Snapshot snapshot;

  @BeforeEach
  void open() throws Exception {
    stores = Stores.open(StoreConfig.defaults().withDatabase(TestDatabases.url(),
        "source_wait_" + ProcessHandle.current().pid() + "_" + System.nanoTime()), WriteHook.NONE);
    ingest = new Ingest(stores);
    detection = new TelemetryDetection(stores, ingest, SightingsCollection.ensure(stores, "api1").id(), "test").budgeted(1, 0.000_001);
    IndicatorSet.Builder b = new IndicatorSet.Builder();
    for (int i = 0; i < 2; i++) {
      String id = "indicator--" + UUID.randomUUID();
      b.add((ObjectNode) Json.mapper().readTree("{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\","
          + "\"created\":\"2026-01-01T00:00:00.000Z\",\"modified\":\"2026-01-01T00:00:00.000Z\","
          + "\"pattern\":\"[ipv4-addr:value = '198.51.100." + (7 + i) + "']\",\"pattern_type\":\"stix\","
          + "\"valid_from\":\"2026-01-01T00:00:00Z\"}"), 7, Instant.parse("2026-01-02T00:00:00Z"));
    }
    IndicatorSet set = b.build();
    snapshot = new LiveIndicators.Snapshot(Detector.byId(set.indicators()), Detector.compile(set.indicators()), 1);
  }

  @AfterEach
  void close() {
    detection.close();
    ingest.close();
    stores.close();
  }

  private static String flow(int port, int last) {
    return "{\"timestamp\":\"2026-06-01T10:00:00.000000+0000\",\"event_type\":\"flow\",\"src_ip\":\"10.0.0.5\",\"src_port\":" + port
        + ",\"dest_ip\":\"198.51.100." + last + "\",\"dest_port\":443,\"proto\":\"TCP\"}\n";
  }

  private TelemetryDetection.Result post(String source, InputStream body, Duration wait) throws IOException {
    try (TelemetryReader reader = TelemetryFormat.EVE.open(body, source)) {
      return detection.runRequest(reader, source, Tlp.AMBER, snapshot, false, wait, bad -> {});
    }
  }

  private static InputStream text(String lines) {
    return new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void runRequest_whileAnotherOfTheSourceReads_busyAfterItsWaitOthersGoOn() throws Exception {
    PipedOutputStream sender = new PipedOutputStream();
    PipedInputStream trickle = new PipedInputStream(sender);
    sender.write(flow(1, 7).getBytes(StandardCharsets.UTF_8));
    CompletableFuture<TelemetryDetection.Result> slow = CompletableFuture.supplyAsync(() -> {
      try {
        return post("telemetry:sensor:eve", trickle, Duration.ofSeconds(30));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    Thread.sleep(300); // the slow run holds its source, its first record read

    long t0 = System.nanoTime();
    assertThatThrownBy(() -> post("telemetry:sensor:eve", text(flow(2, 7)), Duration.ofMillis(200)))
        .isInstanceOf(TelemetryDetection.SourceBusy.class).hasMessageContaining("telemetry:sensor:eve")
        .hasMessageContaining("nothing of this one was read");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    // another source is not held by it: its run ends (one sighting written, one held past the budget of 1)
    TelemetryDetection.Result other = post("telemetry:other:eve", text(flow(3, 7) + flow(4, 8)), Duration.ofMillis(200));
    assertThat(other.sightings()).hasSize(2);
    assertThat(other.held()).isEqualTo(1);

    sender.write(flow(5, 8).getBytes(StandardCharsets.UTF_8));
    sender.close();
    TelemetryDetection.Result ended = slow.get(30, TimeUnit.SECONDS);
    assertThat(ended.records()).isEqualTo(2);
    // the request that found it busy read nothing: sent again, its record counts
    TelemetryDetection.Result again = post("telemetry:sensor:eve", text(flow(2, 7)), Duration.ofSeconds(5));
    assertThat(again.records()).isEqualTo(1);
    assertThat(again.repeated()).isZero();
    assertThat(again.sightings()).hasSize(1);
  }

  /**
   * At most {@link TelemetryDetection#WAITERS} requests wait for one source's run, each on a server
   * thread; one more is refused at once (hostile run 12o: 300 requests of one account queued behind a
   * slow one held every thread of the node, which then answered no one).
   */
  @Test
  void runRequest_pastTheWaiters_refusedAtOnce() throws Exception {
    PipedOutputStream sender = new PipedOutputStream();
    PipedInputStream trickle = new PipedInputStream(sender);
    sender.write(flow(1, 7).getBytes(StandardCharsets.UTF_8));
    String source = "telemetry:busy:eve";
    CompletableFuture<TelemetryDetection.Result> slow = CompletableFuture.supplyAsync(() -> {
      try {
        return post(source, trickle, Duration.ofSeconds(30));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    Thread.sleep(300);
    List<CompletableFuture<TelemetryDetection.Result>> waiting = new ArrayList<>();
    for (int i = 0; i < TelemetryDetection.WAITERS; i++) {
      int port = 10 + i;
      waiting.add(CompletableFuture.supplyAsync(() -> {
        try {
          return post(source, text(flow(port, 7)), Duration.ofSeconds(60));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (waiting.stream().anyMatch(f -> !f.isDone()) && System.nanoTime() < deadline && queued(source) < TelemetryDetection.WAITERS) {
      Thread.sleep(20);
    }
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> post(source, text(flow(20, 7)), Duration.ofSeconds(60))).isInstanceOf(TelemetryDetection.SourceBusy.class);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("refused without waiting its 60 s").isLessThan(Duration.ofSeconds(20));
    sender.close();
    assertThat(slow.get(30, TimeUnit.SECONDS).records()).isEqualTo(1);
    for (CompletableFuture<TelemetryDetection.Result> w : waiting) assertThat(w.get(30, TimeUnit.SECONDS).records()).isEqualTo(1);
  }

  private int queued(String source) {
    return detection.waiting(source);
  }
  /**
   * Telemetry counts as being matched during a run and for a moment after it (a sensor's requests
   * are a stream of short runs), not before any: a backlog of indicators drains unpaced only when
   * none arrives ({@link LiveIndicators#drainFreelyWhen}).
   */
  @Test
  void detecting_duringARunAndAMomentAfter() throws Exception {
    assertThat(detection.detecting()).isFalse();
    post("sensor", new ByteArrayInputStream(flow(1, 99).getBytes(StandardCharsets.UTF_8)), Duration.ofSeconds(1));
    assertThat(detection.detecting()).isTrue();
    Thread.sleep(TelemetryDetection.DETECTING_FOR.toMillis() + 200);
    assertThat(detection.detecting()).isFalse();
  }
}

