package dev.parley.ingest.detect;

import dev.parley.detect.Indicator;
import dev.parley.detect.IndicatorSet;
import dev.parley.pattern.match.BulkMatcher;
import dev.parley.pattern.match.MatcherSnapshot;
import dev.parley.pattern.syntax.Pattern;
import dev.parley.store.Stores;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The indicators a running node detects with, following its collections: a thread looks at the
 * collections' marks (last insertion sequence, deletes) every {@code poll}; when one moved, it reads
 * the new indicator versions, rebuilds the indicator set, compiles a new matcher and swaps it in
 * atomically. A detection run takes the snapshot current at its start. Expiry needs no rebuild:
 * validity is judged against each record's event time.
 *
 * <p>A rebuild costs what changed, not what the whole set costs: patterns are parsed once per
 * indicator version ({@link IndicatorSet.Builder}), the matcher is updated in place ({@link
 * BulkMatcher}: the new and changed indicators form a new segment, revoked ones are tombstoned,
 * segments merge like a binary counter), and the map by id shares what did not change ({@link
 * IndicatorsById}), so a node receiving a large collection (a pull of hundreds
 * of thousands of objects) no longer compiles every indicator it holds after each poll. Only the
 * first read and a delete compile everything. A merge of more than {@value #INLINE_MERGE} indicators
 * runs on a second thread, {@code parley-detect-merge}, while the first goes on following the
 * collections, and its result is swapped in when built: before, a rebuild that fell on the merge of
 * the largest segments took seconds (3.2 s of a million indicators on a quiet machine, up to 36 s
 * in a node storing at the same time), and no change was seen until it ended, where the detection
 * issue asks for one second. Rebuilds are paced ({@link Pace}): the thread earns a fifth of the
 * time that passes as time to rebuild in, up to a second, so that rebuilds while indicators keep
 * arriving take at most a fifth of a core; a rebuild that leaves it in debt makes it wait
 * {@value #BACK_OFF} times the debt before it looks again, but never more than {@link #MAX_WAIT}: a
 * change committed while a long rebuild runs (a merge of large segments, the first read of a
 * million indicators) is looked at within a second of that rebuild's end, not after four times its
 * length (which had left a node loaded with a million indicators minutes behind them). One costly
 * rebuild (a peer's batch of large expressions, 0.7 s) spends what was saved and leaves the next
 * look at the poll: a change after it, another peer's indicator, is not made to wait the back-off
 * of a rebuild it had no part in (a hostile run saw 4.4 s). Thread-safe.
 */
public final class LiveIndicators implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveIndicators.class);
  /** Waiting time per unit of rebuilding time: rebuilds take at most 1 / (1 + BACK_OFF) of a core. */
  static final int BACK_OFF = 4;
  /** The longest wait between two looks, whatever the last rebuild took. */
  static final Duration MAX_WAIT = Duration.ofSeconds(1);
  /** The most indicators a rebuild merges itself; larger merges go to the merging thread. */
  static final int INLINE_MERGE = 1 << 16;

  /** One compiled generation of the indicators: by id (unmodifiable), and their patterns compiled. */
  public record Snapshot(Map<String, Indicator> byId, MatcherSnapshot matcher, long generation) {}

  private final CollectionIndicators source;
  /** The most indicators a rebuild merges itself (larger merges: {@link #merge}). */
  private final int inlineMerge;
  /**
   * The compiled patterns, updated by each rebuild and replaced by one that reads everything again;
   * read and replaced under this object's lock (the polling thread's rebuild, the merging thread).
   */
  private BulkMatcher matcher;
  private final AtomicReference<Snapshot> current = new AtomicReference<>();
  private final Thread poller;
  private final Thread merger;
  /** Set by a rebuild, taken by the merging thread: a merge may be due. */
  private boolean mergeMayBeDue;
  private final Duration poll;
  private final Object refreshed = new Object();
  private volatile boolean closed;
  private long rounds;

  /** Reads the indicators now, then follows them every {@code poll} on a daemon thread. */
  public LiveIndicators(Stores stores, List<UUID> collections, Duration poll) {
    this(stores, collections, poll, INLINE_MERGE);
  }

  /** Reads the indicators of {@code source} now, then follows them every {@code poll} on a daemon thread. */
  public LiveIndicators(CollectionIndicators source, Duration poll) {
    this(source, poll, INLINE_MERGE);
  }

  /** As above, a rebuild merging at most {@code inlineMerge} indicators itself (tests). */
  LiveIndicators(Stores stores, List<UUID> collections, Duration poll, int inlineMerge) {
    this(new CollectionIndicators(stores, collections), poll, inlineMerge);
  }

  private LiveIndicators(CollectionIndicators source, Duration poll, int inlineMerge) {
    this.source = source;
    this.poll = poll;
    this.inlineMerge = inlineMerge;
    this.matcher = BulkMatcher.withBackgroundMerges(inlineMerge);
    refresh();
    this.poller = new Thread(this::follow, "parley-detect-indicators");
    poller.setDaemon(true);
    this.merger = new Thread(this::merge, "parley-detect-merge");
    merger.setDaemon(true);
    poller.start();
    merger.start();
  }

  /** The snapshot to detect with now. */
  public Snapshot current() {
    return current.get();
  }

  /**
   * Waits until a refresh that started after this call has finished, so that every indicator
   * committed before the call is in {@link #current()} when it returns.
   */
  public void awaitRefresh() throws InterruptedException {
    synchronized (refreshed) {
      long target = rounds + 2; // the round under way may have read the marks before the call
      while (rounds < target && !closed) refreshed.wait();
    }
  }

  /** Reads what changed and rebuilds when something did; returns how long it took, in nanoseconds. */
  private synchronized long refresh() {
    long t0 = System.nanoTime();
    if (source.refresh() || current.get() == null) {
      CollectionIndicators.Changes changes = source.takeChanges();
      Snapshot before = current.get();
      Map<String, Pattern> added = new HashMap<>();
      List<Indicator> addedIndicators = new java.util.ArrayList<>();
      IndicatorsById byId;
      if (changes.everything() || before == null) {
        dev.parley.detect.IndicatorSet set = source.indicators();
        List<Indicator> all = set.indicators();
        matcher = BulkMatcher.withBackgroundMerges(inlineMerge);
        for (Indicator i : all) added.put(i.id(), i.pattern());
        addedIndicators = all;
        byId = IndicatorsById.of(all);
        for (String id : changes.ids()) warnSkipped(id);
      } else {
        Map<String, Indicator> changed = new HashMap<>();
        for (String id : changes.ids()) {
          Indicator i = source.active(id);
          changed.put(id, i);
          if (i != null) {
            added.put(id, i.pattern());
            addedIndicators.add(i);
          }
          else matcher.remove(id); // revoked, invalid or no longer an indicator: tombstoned
          if (i == null) warnSkipped(id);
        }
        byId = ((IndicatorsById) before.byId()).with(changed);
      }
      // each peer's and each local writer's indicators search within a budget of their own (Detector.groups)
      matcher.addAll(added, dev.parley.detect.Detector.groups(addedIndicators));
      current.set(new Snapshot(byId, matcher.snapshot(), before == null ? 1 : before.generation() + 1));
      mergeMayBeDue = true;
      notifyAll();
      long took = System.nanoTime() - t0;
      if (took >= 1_000_000_000L) {
        LOG.info("indicators to detect with rebuilt in {} ms ({} compiled)", took / 1_000_000, added.size());
      }
      return took;
    }
    return System.nanoTime() - t0;
  }

  /**
   * Names an indicator skipped although its pattern is valid (its REPEATS could never be counted, or
   * its expressions would take its source past its automaton states): nothing else would tell the
   * operator that it detects nothing.
   */
  private void warnSkipped(String id) {
    String why = source.whySkipped(id);
    if (why != null) LOG.warn("indicator {}", why);
  }

  private void follow() {
    Pace pace = new Pace();
    long wait = poll.toMillis();
    long since = System.nanoTime();
    while (!closed) {
      try {
        Thread.sleep(wait);
        long took = refresh();
        long now = System.nanoTime();
        wait = pace.next(poll, took, now - since);
        since = now;
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // a read cut short by close (the node stopping interrupts it) is no failure to warn of
        if (closed) return;
        LOG.warn("cannot read the indicators to detect with: {}", e.getMessage());
      }
      synchronized (refreshed) {
        rounds++;
        refreshed.notifyAll();
      }
    }
  }

  /**
   * Runs the merges that rebuilds leave due, each built outside every lock, and swaps each result in
   * with the indicators by id of the snapshot current then (a merge changes how the patterns are laid
   * out, not which are live).
   */
  private void merge() {
    while (!closed) {
      BulkMatcher m;
      synchronized (this) {
        while (!mergeMayBeDue && !closed) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        mergeMayBeDue = false;
        m = matcher;
      }
      try {
        while (!closed && m.mergeDue()) {
          synchronized (this) {
            if (m != matcher) break; // everything was read again meanwhile: a new matcher
            Snapshot now = current.get();
            current.set(new Snapshot(now.byId(), m.snapshot(), now.generation() + 1));
          }
        }
      } catch (RuntimeException e) {
        LOG.warn("cannot merge the indicators to detect with: {}", e.toString());
      }
    }
  }

  /**
   * The pace of rebuilds: a credit of rebuilding time that grows by a fifth (1 / (1 + {@value
   * #BACK_OFF})) of the time that passes, up to {@link #BURST}, and that each rebuild spends. In credit, the next look is
   * at the poll; in debt, after {@value #BACK_OFF} times the debt, between the poll and
   * {@link #MAX_WAIT}. Not thread-safe: the polling thread's.
   */
  static final class Pace {
    /** The rebuilding time saved at most, in nanoseconds. */
    static final long BURST = 1_000_000_000L;
    private long credit = BURST;

    /** Milliseconds to wait before the next look, after a rebuild of {@code tookNanos} in a cycle of {@code cycleNanos}. */
    long next(Duration poll, long tookNanos, long cycleNanos) {
      credit = Math.min(BURST, credit + cycleNanos / (BACK_OFF + 1)) - tookNanos;
      if (credit >= 0) return poll.toMillis();
      return Math.max(poll.toMillis(), Math.min(MAX_WAIT.toMillis(), BACK_OFF * -credit / 1_000_000));
    }
  }

  @Override
  public void close() {
    closed = true;
    poller.interrupt();
    merger.interrupt();
    synchronized (this) {
      notifyAll();
    }
    synchronized (refreshed) {
      refreshed.notifyAll();
    }
  }
}
