package dev.parley.ingest.detect;

import dev.parley.detect.Detector;
import dev.parley.detect.Indicator;
import dev.parley.detect.IndicatorSet;
import dev.parley.pattern.match.BulkMatcher;
import dev.parley.pattern.match.MatcherSnapshot;
import dev.parley.pattern.syntax.Pattern;
import dev.parley.store.Stores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
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
 * of a rebuild it had no part in (a hostile run saw 4.4 s).
 *
 * <p>A look after the first reads and compiles at most {@value CollectionIndicators#CHUNK}
 * indicator versions, the newest first, and leaves the older part of what arrived to a backlog that
 * the next looks read ({@link CollectionIndicators}): a bulk arrival is compiled a bounded chunk a
 * look, and a revocation or a new indicator committed meanwhile is in the snapshot published by the
 * first look after its commit. Before, a look compiled everything added since the last, 15,000 to
 * 30,000 indicators of an import of 100,000 in 8.6 to 9 s, and a revocation committed meanwhile
 * waited one or two such looks, 6 to 17 s in which the revoked indicator went on being sighted
 * (hostile run 12al D6). While a backlog remains, the next look comes as soon as the pace allows,
 * without the poll between, and in debt after the same back-off as any rebuild's ({@link Pace}):
 * draining takes a fifth of a core once the second saved is spent, as long as a look takes less
 * than a quarter of {@link #MAX_WAIT}, and all of one while nothing else wants the cores ({@link
 * #drainFreelyWhen}).
 * A backlog left and drained is logged once each (not a line a look), and a backlog that comes back
 * within {@link #QUIET} of the last drain (an import whose batches arrive about as fast as looks read
 * them) only at debug. {@link #awaitRefresh} waits for the backlog to drain. Thread-safe.
 */
public final class LiveIndicators implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveIndicators.class);
  /** Waiting time per unit of rebuilding time: rebuilds take at most 1 / (1 + BACK_OFF) of a core. */
  static final int BACK_OFF = 4;
  /** The longest wait between two looks, whatever the last rebuild took. */
  static final Duration MAX_WAIT = Duration.ofSeconds(1);
  /** The most indicators a rebuild merges itself; larger merges go to the merging thread. */
  static final int INLINE_MERGE = 1 << 16;
  /** How long after a backlog drained one left again is logged only at debug: the same bulk arrival, most likely. */
  static final Duration QUIET = Duration.ofMinutes(1);

  /** About the heap a compiled indicator of one comparison takes, in bytes (BENCHMARKS, "Heap of the indicators"). */
  static final int HEAP_PER_INDICATOR = 760;
  /** The longest wait after looks that failed in a row; after one that ran out of heap, {@link #MAX_WAIT_OUT_OF_MEMORY}. */
  static final Duration MAX_WAIT_FAILED = Duration.ofSeconds(30);
  static final Duration MAX_WAIT_OUT_OF_MEMORY = Duration.ofMinutes(10);
  /** The first wait after a look that ran out of heap. */
  static final Duration WAIT_OUT_OF_MEMORY = Duration.ofSeconds(30);

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
  /** Set once the first read and a look after it have ended: {@link #current} waits for it. */
  private volatile boolean ready;
  private final Thread poller;
  private final Thread merger;
  /** Set by a rebuild, taken by the merging thread: a merge may be due. */
  private boolean mergeMayBeDue;
  private final Duration poll;
  private final Object refreshed = new Object();
  private volatile boolean closed;
  /** Looks ended, counted under {@link #refreshed}. */
  private long rounds;
  /** Whether the last look ran out of heap: the polling thread's. */
  private boolean outOfMemory;
  /**
   * Changes taken from the source that no rebuild has applied yet: a rebuild that failed after taking
   * them (out of heap while compiling) had lost them, and the indicators they named stayed out of
   * the matcher, or revoked ones in it, until the next delete or restart.
   */
  private CollectionIndicators.Changes unapplied;
  /** Whether the last look left versions up to the marks unread ({@link CollectionIndicators#behind}). */
  private volatile boolean behind;
  /** When the current backlog was left ({@link System#nanoTime}), the looks that read it since, and whether it is logged at debug only. */
  private long behindSince;
  private int behindLooks;
  private long behindRead;
  private boolean behindQuietly;
  /** When a backlog last drained ({@link System#nanoTime}); none yet when {@code drained} is false. */
  private long drainedAt;
  private boolean drained;

  /**
   * Reads the indicators at once and follows them every {@code poll}, on a daemon thread: the
   * constructor returns before the first read ends ({@link #current()} waits for it).
   */
  public LiveIndicators(Stores stores, List<UUID> collections, Duration poll) {
    this(stores, collections, poll, INLINE_MERGE);
  }

  /** As above, the indicators of {@code source}. */
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
    // the first read compiles every indicator (45 s of 158,000 on a loaded machine, minutes of a million): on the
    // polling thread, so that a node serves TAXII meanwhile; it refused every connection until then (hostile run 10av D3)
    this.poller = new Thread(this::follow, "parley-detect-indicators");
    poller.setDaemon(true);
    this.merger = new Thread(this::merge, "parley-detect-merge");
    merger.setDaemon(true);
    poller.start();
    merger.start();
  }

  /**
   * The snapshot to detect with now; until the first read of the indicators and a look after it
   * (for what was committed while it ran) have ended, waits for them.
   *
   * @throws IllegalStateException when closed, or interrupted, before the first read ended
   */
  public Snapshot current() {
    Snapshot s = current(Duration.ofDays(365));
    if (s == null) throw new IllegalStateException("the indicators to detect with were never read");
    return s;
  }

  /**
   * The snapshot to detect with now, waiting at most {@code wait} for the first read of the
   * indicators to end; null when it has not (or when closed, or interrupted, before it did).
   */
  public Snapshot current(Duration wait) {
    if (ready) return current.get();
    long deadline = System.nanoTime() + wait.toNanos();
    synchronized (refreshed) {
      while (!ready && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return null;
        try {
          refreshed.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
    }
    return ready ? current.get() : null;
  }

  /**
   * Waits until a refresh that started after this call has finished and a refresh since has left
   * no backlog, so that every indicator committed before the call is in {@link #current()} when it
   * returns: a look reads at most a chunk of what arrived, the older part later.
   */
  public void awaitRefresh() throws InterruptedException {
    synchronized (refreshed) {
      long target = rounds + 2; // the round under way may have read the marks before the call
      // the backlog at the end of a round from the target on holds only what that round left, all committed before it
      while ((rounds < target || behind) && !closed) refreshed.wait();
    }
  }

  /** Whether the last look left indicator versions unread, for the next looks. */
  boolean behind() {
    return behind;
  }

  /**
   * One look, as the polling thread makes it: reads and rebuilds when something changed, then counts
   * the round for {@link #awaitRefresh}; returns how long the rebuild took, in nanoseconds, or -1
   * when the indicators could not be read. Tests make looks one at a time with it (a long poll
   * keeping the thread asleep).
   */
  long look() {
    long took;
    long read = source.versionsRead();
    outOfMemory = false;
    try {
      took = refresh();
    } catch (RuntimeException e) {
      // a read cut short by close (the node stopping interrupts it) is no failure to warn of
      if (closed) return -1;
      LOG.warn("cannot read the indicators to detect with: {}", e.getMessage());
      took = -1;
    } catch (OutOfMemoryError e) {
      // the heap ran out while reading (an indicator of millions of JSON values, more indicators than the heap holds,
      // other requests at once): said, and read again after a back-off; the thread that died of it left detection on
      // the old indicators in silence, revoked ones still matching (hostile run 12au D4). A first read that ran out
      // gives back what it read: retried at once and holding it, a node of 850,000 indicators in a heap of 1 GB ran
      // out every 7 to 30 s, and its other threads (the log's) died of it (hostile run bb D11)
      outOfMemory = true;
      synchronized (this) {
        if (current.get() == null) source.forget();
      }
      LOG.error("out of memory reading the indicators to detect with, {} indicator versions read in this look, in a heap of at"
          + " most {} MB (a compiled indicator takes about {} bytes, more while it is read): detection goes on with the"
          + " indicators read before ({}), and they are read again after a wait that doubles with each failure; give the"
          + " node more heap (PARLEY_JAVA_OPTS=-Xmx<size>)", source.versionsRead() - read,
          Runtime.getRuntime().maxMemory() >> 20, HEAP_PER_INDICATOR,
          current.get() == null ? "none yet: detection waits" : current.get().byId().size() + " of them");
      took = -1;
    } catch (LinkageError e) {
      // a class whose initialisation ran out of heap is unusable for the rest of the process (the database driver's,
      // in a node that ran out at its first read): said, and not the death of the thread in silence
      outOfMemory = true;
      LOG.error("cannot read the indicators to detect with: {}; restart the node, with more heap if it ran out"
          + " (PARLEY_JAVA_OPTS=-Xmx<size>)", e.toString());
      took = -1;
    }
    synchronized (refreshed) {
      rounds++;
      refreshed.notifyAll();
    }
    return took;
  }

  /** Reads what changed and rebuilds when something did; returns how long it took, in nanoseconds. */
  private synchronized long refresh() {
    long t0 = System.nanoTime();
    boolean read = source.refresh();
    noteBacklog(source.behind());
    if (read || current.get() == null || unapplied != null) {
      CollectionIndicators.Changes changes = source.takeChanges();
      if (unapplied != null) changes = unapplied.and(changes);
      unapplied = changes;
      Snapshot before = current.get();
      Map<String, Pattern> added = new HashMap<>();
      List<Indicator> addedIndicators = new ArrayList<>();
      IndicatorsById byId;
      if (changes.everything() || before == null) {
        IndicatorSet set = source.indicators();
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
      matcher.addAll(added, Detector.groups(addedIndicators));
      current.set(new Snapshot(byId, matcher.snapshot(), before == null ? 1 : before.generation() + 1));
      unapplied = null;
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
   * Logs a backlog when a look leaves one and when one drains, once each: a bulk arrival read a
   * chunk a look would otherwise log a line a look. A backlog left again within {@link #QUIET} of
   * the last drain is logged at debug.
   */
  private void noteBacklog(boolean now) {
    long at = System.nanoTime();
    if (now && !behind) {
      behindSince = at;
      behindLooks = 0;
      behindRead = source.versionsRead();
      behindQuietly = drained && at - drainedAt < QUIET.toNanos();
      String line = "indicators arrive faster than a look reads them: up to {} versions left to read, the newest first, {} a look";
      if (behindQuietly) LOG.debug(line, source.backlogSpan(), CollectionIndicators.CHUNK);
      else LOG.info(line, source.backlogSpan(), CollectionIndicators.CHUNK);
    } else if (!now && behind) {
      drained = true;
      drainedAt = at;
      String line = "indicators read up to the collections' marks again: {} versions read in the {} looks and {} ms after one left a backlog";
      Object[] args = {source.versionsRead() - behindRead, behindLooks, (at - behindSince) / 1_000_000};
      if (behindQuietly) LOG.debug(line, args);
      else LOG.info(line, args);
    }
    if (now) behindLooks++;
    behind = now;
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

  /** Whether nothing else wants the cores, so that a backlog may drain unpaced ({@link #drainFreelyWhen}). */
  private volatile BooleanSupplier free = () -> false;

  /**
   * Lets a backlog drain unpaced while {@code free} says nothing else wants the cores (no telemetry
   * matched, no bulk transfer written or served, for a moment): the pace keeps rebuilds to a
   * fifth of a core so that they do not take the cores from what detects and stores, and with
   * nothing of either a bulk arrival of a million indicators was compiled at that fifth for minutes
   * after it was stored (211-258 s). By default never.
   */
  public void drainFreelyWhen(BooleanSupplier free) {
    this.free = Objects.requireNonNull(free);
  }

  private void follow() {
    Pace pace = new Pace();
    long wait = poll.toMillis();
    long since = System.nanoTime();
    boolean first = true;
    int failed = 0;
    while (!closed) {
      try {
        if (!first) Thread.sleep(wait); // the first look at once
      } catch (InterruptedException e) {
        return;
      }
      first = false;
      long took = look();
      if (took >= 0 && !ready && current.get() != null) {
        // what was committed while the first read ran (a revocation, a new indicator) is read before anyone detects: the
        // requests that waited for the first read detected with a set seconds old (hostile run 12aw D4: a revoked
        // indicator sighted 10-17 s after its revocation)
        long more = look();
        took = more < 0 ? -1 : took + more;
        ready = true;
        synchronized (refreshed) {
          refreshed.notifyAll();
        }
      }
      if (took < 0) {
        wait = afterFailures(++failed, outOfMemory, poll);
        continue;
      }
      failed = 0;
      long now = System.nanoTime();
      wait = pace.next(poll, took, now - since, behind, behind && free.getAsBoolean());
      since = now;
    }
  }

  /**
   * Milliseconds to wait after {@code failed} looks in a row failed, the last out of heap when
   * {@code outOfMemory}: twice as long after each, from the poll up to {@link #MAX_WAIT_FAILED}
   * (the database away), from {@link #WAIT_OUT_OF_MEMORY} up to {@link #MAX_WAIT_OUT_OF_MEMORY}
   * after running out of heap, which a read again at once would do again, starving the node's other
   * threads.
   */
  static long afterFailures(int failed, boolean outOfMemory, Duration poll) {
    long first = outOfMemory ? WAIT_OUT_OF_MEMORY.toMillis() : Math.max(1, poll.toMillis());
    long most = (outOfMemory ? MAX_WAIT_OUT_OF_MEMORY : MAX_WAIT_FAILED).toMillis();
    return Math.min(most, first << Math.min(failed - 1, 20));
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
      } catch (OutOfMemoryError e) {
        LOG.error("out of memory merging the indicators to detect with: the next rebuild merges them again");
      }
    }
  }

  /**
   * The pace of rebuilds: a credit of rebuilding time that grows by a fifth (1 / (1 + {@value
   * #BACK_OFF})) of the time that passes, up to {@link #BURST}, and that each rebuild spends. In credit, the next look is
   * at the poll; in debt, after {@value #BACK_OFF} times the debt, between the poll and
   * {@link #MAX_WAIT}. Behind (a backlog left), the poll is no floor: the next look is at once in
   * credit, after {@value #BACK_OFF} times the debt in debt, so that a backlog drains as fast as a
   * fifth of a core allows. Not thread-safe: the polling thread's.
   */
  static final class Pace {
    /** The rebuilding time saved at most, in nanoseconds. */
    static final long BURST = 1_000_000_000L;
    private long credit = BURST;

    /** Milliseconds to wait before the next look, after a rebuild of {@code tookNanos} in a cycle of {@code cycleNanos}. */
    long next(Duration poll, long tookNanos, long cycleNanos) {
      return next(poll, tookNanos, cycleNanos, false);
    }

    /** As above, after a look that left a backlog when {@code behind}. */
    long next(Duration poll, long tookNanos, long cycleNanos, boolean behind) {
      return next(poll, tookNanos, cycleNanos, behind, false);
    }

    /**
     * As above; with {@code free} (nothing else wants the cores), a backlog drains unpaced: the next
     * look at once, and no debt left for the looks after.
     */
    long next(Duration poll, long tookNanos, long cycleNanos, boolean behind, boolean free) {
      credit = Math.min(BURST, credit + cycleNanos / (BACK_OFF + 1)) - tookNanos;
      if (behind && free) {
        credit = Math.max(credit, 0);
        return 0;
      }
      long least = behind ? 0 : poll.toMillis();
      if (credit >= 0) return least;
      return Math.max(least, Math.min(MAX_WAIT.toMillis(), BACK_OFF * -credit / 1_000_000));
    }
  }

  @Override
  public void close() {
    closed = true;
    // the interrupts wake both threads; this object's lock is not taken: a rebuild holds it while it compiles (the
    // first read of 200,000 indicators, 30 s), and a node stopping waited for it (hostile run 12aw D2)
    poller.interrupt();
    merger.interrupt();
    synchronized (refreshed) {
      refreshed.notifyAll();
    }
  }
}
