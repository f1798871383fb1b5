package dev.parley.sync;

import dev.parley.store.peers.Peer;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syncs with every peer every {@code serve --sync-interval}, each peer on a schedule of its own: a
 * peer's next pass starts one interval after its last one ended, the first at once. So a peer that
 * is slow, or that answers pages without end, delays only itself: one peer's pass waited for every
 * other's, and a hostile run saw a peer answering after 120 s hold every other peer's objects back
 * 30 s a pass, and one that paged without end stop sync with everyone. Peers added while the node
 * runs join within an interval; a removed peer's schedule ends. A pass that fails is logged and the
 * next runs on time: nothing a peer does stops the loop or the node. {@link #close} stops the passes
 * under way (what they stored is committed page by page; the next start resumes).
 */
public final class SyncLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SyncLoop.class);

  private final Sync sync;
  private final long intervalMillis;
  private final ScheduledExecutorService timer;
  private final ExecutorService passes = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "parley-sync-peer");
    t.setDaemon(true);
    return t;
  });
  /** Peers with a pass under way or scheduled. */
  private final Set<String> scheduled = ConcurrentHashMap.newKeySet();

  private SyncLoop(Sync sync, Duration interval) {
    this.sync = sync;
    this.intervalMillis = interval.toMillis();
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "parley-sync-loop");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::discover, 0, intervalMillis, TimeUnit.MILLISECONDS);
  }

  /** Starts passes of {@code sync} every {@code interval}; the loop owns {@code sync} and closes it. */
  public static SyncLoop start(Sync sync, Duration interval) {
    if (interval.isZero() || interval.isNegative()) throw new IllegalArgumentException("a sync interval is positive");
    return new SyncLoop(sync, interval);
  }

  /** Starts the schedule of every peer that has none. */
  private void discover() {
    try {
      for (Peer p : sync.knownPeers()) {
        if (scheduled.add(p.name())) submit(p.name());
      }
    } catch (RuntimeException e) {
      LOG.error("listing the peers to sync with failed; trying again in {} ms", intervalMillis, e);
    }
  }

  private void submit(String peer) {
    try {
      passes.execute(() -> pass(peer));
    } catch (RejectedExecutionException stopping) {
      scheduled.remove(peer);
    }
  }

  private void pass(String peer) {
    boolean known = true;
    try {
      Optional<PeerReport> report = sync.passWith(peer);
      known = report.isPresent();
      report.filter(r -> r.pulled() > 0 || r.pushed() > 0)
          .ifPresent(r -> LOG.info("sync with peer {}: pulled {}, pushed {}", r.peer(), r.pulled(), r.pushed()));
    } catch (Throwable t) {
      if (Thread.currentThread().isInterrupted()) {
        LOG.info("a sync pass with peer {} stopped: the node is stopping; the next one resumes where it stopped", peer);
        scheduled.remove(peer);
        return;
      }
      LOG.error("a sync pass with peer {} failed", peer, t);
    }
    if (!known) {
      scheduled.remove(peer);
      return;
    }
    try {
      timer.schedule(() -> submit(peer), intervalMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException stopping) {
      scheduled.remove(peer);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    passes.shutdownNow();
    try {
      timer.awaitTermination(30, TimeUnit.SECONDS);
      passes.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      sync.close();
    }
  }
}
