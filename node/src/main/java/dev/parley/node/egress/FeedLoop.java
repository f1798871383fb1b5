package dev.parley.node.egress;

import dev.parley.store.egress.Publisher;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the peers' feeds up to date while the node runs: every {@code interval}, the publisher
 * decides what arrived since, for every peer. A failure is logged and tried again at the next tick;
 * it never stops the node. Thread-safe.
 */
public final class FeedLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FeedLoop.class);

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "parley-feeds");
    t.setDaemon(true);
    return t;
  });

  public FeedLoop(Publisher publisher, Duration interval) {
    timer.scheduleWithFixedDelay(() -> {
      try {
        publisher.publishAll();
      } catch (RuntimeException e) {
        if (Thread.currentThread().isInterrupted()) {
          LOG.debug("publishing the peers' feeds stopped: the node is stopping");
        } else {
          LOG.warn("publishing the peers' feeds failed, trying again: {}", e.toString());
        }
      }
    }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
