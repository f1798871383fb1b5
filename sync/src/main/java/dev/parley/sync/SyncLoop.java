package dev.parley.sync;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a sync pass with every peer at a fixed delay ({@code serve --sync-interval}), the first at
 * once. A pass that fails is logged and the next runs on time: nothing a peer does stops the loop or
 * the node. {@link #close} waits for a running pass to stop.
 */
public final class SyncLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SyncLoop.class);

  private final Sync sync;
  private final ScheduledExecutorService timer;

  private SyncLoop(Sync sync, Duration interval) {
    this.sync = sync;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "parley-sync-loop");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::pass, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Starts passes of {@code sync} every {@code interval}; the loop owns {@code sync} and closes it. */
  public static SyncLoop start(Sync sync, Duration interval) {
    if (interval.isZero() || interval.isNegative()) throw new IllegalArgumentException("a sync interval is positive");
    return new SyncLoop(sync, interval);
  }

  private void pass() {
    try {
      for (PeerReport r : sync.pass(Optional.empty())) {
        if (r.pulled() > 0 || r.pushed() > 0) LOG.info("sync with peer {}: pulled {}, pushed {}", r.peer(), r.pulled(), r.pushed());
      }
    } catch (Throwable t) {
      if (Thread.currentThread().isInterrupted()) {
        LOG.info("a sync pass stopped: the node is stopping; the next one resumes where it stopped");
      } else {
        LOG.error("a sync pass failed", t);
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      sync.close();
    }
  }
}
