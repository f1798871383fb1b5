package dev.parley.store.objects;

import dev.parley.store.Database;
import dev.parley.store.Foreground;
import dev.parley.store.StoreException;
import dev.parley.store.peers.PullPosition;
import dev.parley.store.peers.ReceiptStore;
import dev.parley.store.peers.SyncPositions;
import dev.parley.store.status.Settled;
import dev.parley.store.status.StatusStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A bulk load into one collection, as a pipeline: chunks of input are judged on a pool (validation
 * is the CPU-heavy part), one thread stages the admitted objects in batches ({@link
 * ObjectStore#stage}: their versions stored), and another makes each staged batch members of the
 * collection in a transaction of its own ({@link MemberWriter}, the log appended and the add
 * request's status settled in it). The two database steps run on two connections, so staging the next batch
 * overlaps writing this one's members and log entries. Order is kept: batches are written in input
 * order, and refusals are reported in input order.
 *
 * <p>Pages pulled from a peer go in whole ({@link #submitPage}): each is a batch of its own, whatever
 * the batch size, and its transaction also saves where the pull goes on after it, so a pull's pages
 * are judged, staged and written as a pipeline like any load, and a crash still neither loses nor
 * repeats a page.
 *
 * <p>Memory is bounded: at most {@link #CHUNKS_IN_FLIGHT} chunks ({@link #PAGES_IN_FLIGHT} pages)
 * wait to be staged and one staged batch waits to be written; {@link #submit} blocks when the
 * pipeline is full. The first failure
 * stops the pipeline and is rethrown by {@link #submit} or {@link #finish}; batches committed before
 * it stay committed. Used by one submitting thread; the listener is called from the two pipeline
 * threads, never at the same time for the same method.
 *
 * @param <R> what a refusal is reported as
 */
public final class BulkLoad<R> implements AutoCloseable {
  private static final int CHUNKS_IN_FLIGHT = 16;
  /** Pages judged or being judged at most: a page is a batch, far larger than a chunk of a file or a request. */
  private static final int PAGES_IN_FLIGHT = 2;

  /** A judged chunk: the admitted objects with a tag each (their place in the input), and the refusals. */
  public record Judged<R>(List<NewObject> admitted, long[] tags, List<R> refusals) {
    public Judged {
      admitted = List.copyOf(admitted);
      refusals = List.copyOf(refusals);
      if (tags.length != admitted.size()) throw new IllegalArgumentException("one tag per admitted object");
    }
  }

  /** What the pipeline reports. */
  public interface Listener<R> {
    /** A refusal, in input order (on the staging thread). */
    default void refused(R refusal) {}

    /**
     * What the add request's status records of one batch, asked for inside the batch's transaction
     * before the commit (on the writing thread) and settled in it, so that a success in a status is
     * as durable as the object; {@code tags[i]} is the tag of {@code outcomes.get(i)}. Does no I/O.
     */
    default List<Settled> settlements(long[] tags, List<AddOutcome> outcomes) {
      return List.of();
    }

    /** The outcomes of one batch once committed (on the writing thread). */
    default void committed(long[] tags, List<AddOutcome> outcomes) {}
  }

  private static final Object END = new Object();

  private final Database db;
  private final ObjectStore objects;
  private final StatusStore statuses;
  private final UUID status;
  private final UUID collection;
  private final AddMode mode;
  private final int batchSize;
  private final ExecutorService judges;
  private final Listener<R> listener;
  private final BlockingQueue<Object> judged = new ArrayBlockingQueue<>(CHUNKS_IN_FLIGHT);
  /** Pages queued and not yet taken by the stager. */
  private final Semaphore pages = new Semaphore(PAGES_IN_FLIGHT);
  private final BlockingQueue<Object> staged = new ArrayBlockingQueue<>(1);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Thread stager;
  private final Thread writer;
  private boolean ended;

  /**
   * Starts a load into {@code collection}; with a {@code status} (an add request's, in {@code
   * statuses}), each batch settles what {@link Listener#settlements} says in its own transaction.
   */
  public BulkLoad(Database db, ObjectStore objects, StatusStore statuses, UUID status, UUID collection, AddMode mode,
      int batchSize, ExecutorService judges, Listener<R> listener) {
    this.db = db;
    this.objects = objects;
    this.statuses = statuses;
    this.status = status;
    this.collection = collection;
    this.mode = mode;
    this.batchSize = batchSize;
    this.judges = judges;
    this.listener = listener;
    this.stager = new Thread(() -> guard(this::stageAll), "parley-ingest-stage");
    this.writer = new Thread(() -> guard(this::writeAll), "parley-ingest-write");
    stager.setDaemon(true);
    writer.setDaemon(true);
    stager.start();
    writer.start();
  }

  /** Queues a chunk to be judged on the pool; blocks while the pipeline is full. */
  public void submit(Callable<Judged<R>> judge) {
    queue(judge, null);
  }

  /**
   * Queues a page pulled from a peer to be judged on the pool; it is written as one batch (after
   * any chunks before it) whose transaction saves {@code position}, also when every object of
   * the page is refused. Blocks while the pipeline is full.
   */
  public void submitPage(Callable<Judged<R>> judge, PullPosition position) {
    queue(judge, Objects.requireNonNull(position, "position"));
  }

  /** A judged page with the position its transaction saves. */
  private record PulledPage<R>(Future<Judged<R>> judged, PullPosition position) {}

  private void queue(Callable<Judged<R>> judge, PullPosition page) {
    if (ended) throw new IllegalStateException("the ingestion is finished");
    rethrow();
    try {
      if (page != null) {
        while (!pages.tryAcquire(100, TimeUnit.MILLISECONDS)) rethrow();
      }
      Future<Judged<R>> f = judges.submit(judge);
      Object item = page == null ? f : new PulledPage<>(f, page);
      while (!judged.offer(item, 100, TimeUnit.MILLISECONDS)) rethrow();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LoadStoppedException("interrupted", e);
    }
  }

  /** Waits until every submitted chunk is written, then rethrows the first failure if there was one. */
  public void finish() {
    if (!ended) {
      ended = true;
      try {
        while (!judged.offer(END, 100, TimeUnit.MILLISECONDS)) {
          if (failure.get() != null) break;
        }
        stager.join();
        writer.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop();
        throw new LoadStoppedException("interrupted", e);
      }
    }
    rethrow();
  }

  /** Stops the pipeline without waiting for what is queued. */
  @Override
  public void close() {
    if (!ended) {
      ended = true;
      stop();
    }
  }

  private void stop() {
    stager.interrupt();
    writer.interrupt();
  }

  private void stageAll() throws Exception {
    List<NewObject> batch = new ArrayList<>(batchSize * 2);
    long[] tags = new long[batchSize * 2];
    while (true) {
      Object next = judged.take();
      if (next == END) break;
      if (next instanceof PulledPage<?> page) {
        if (!batch.isEmpty()) stage(new ArrayList<>(batch), Arrays.copyOf(tags, batch.size()), null);
        batch.clear();
        @SuppressWarnings("unchecked")
        Judged<R> j = ((PulledPage<R>) page).judged().get();
        pages.release();
        for (R r : j.refusals()) listener.refused(r);
        stage(j.admitted(), j.tags(), page.position());
        continue;
      }
      @SuppressWarnings("unchecked")
      Judged<R> j = ((Future<Judged<R>>) next).get();
      for (R r : j.refusals()) listener.refused(r);
      if (batch.size() + j.admitted().size() > tags.length) tags = Arrays.copyOf(tags, 2 * (batch.size() + j.admitted().size()));
      System.arraycopy(j.tags(), 0, tags, batch.size(), j.tags().length);
      batch.addAll(j.admitted());
      while (batch.size() >= batchSize) {
        stage(new ArrayList<>(batch.subList(0, batchSize)), Arrays.copyOf(tags, batchSize), null);
        batch.subList(0, batchSize).clear();
        System.arraycopy(tags, batchSize, tags, 0, batch.size());
      }
    }
    if (!batch.isEmpty()) stage(batch, Arrays.copyOf(tags, batch.size()), null);
    staged.put(END);
  }

  /** A batch to write: staged (null for a page whose objects were all refused), with a page's position or null. */
  private record Staged(StagedBatch batch, long[] tags, PullPosition page) {}

  private void stage(List<NewObject> batch, long[] tags, PullPosition page) throws InterruptedException {
    staged.put(new Staged(batch.isEmpty() ? null : objects.stage(collection, batch), tags, page));
  }

  private void writeAll() throws Exception {
    RecentMembers recent = new RecentMembers(collection);
    while (true) {
      Object next = staged.take();
      if (next == END) return;
      Staged s = (Staged) next;
      PullPosition at = s.page();
      List<AddOutcome> outcomes = db.inTransaction(tx -> {
        if (at != null) SyncPositions.lockPeer(tx, at.peer()); // the peer's row before the log's (lock order, ARCHITECTURE)
        else if (mode.sourcePeer() != null) acceptedNow(tx, mode.sourcePeer());
        List<AddOutcome> out = s.batch() == null ? List.of() : objects.add(tx, s.batch(), mode, recent);
        if (status != null) statuses.settle(tx, status, listener.settlements(s.tags(), out));
        if (at != null) {
          SyncPositions.save(tx, at);
          SyncPositions.pulled(tx, at.peer(), out.stream().filter(o -> o.kind() == AddOutcome.Kind.STORED
              || o.kind() == AddOutcome.Kind.REPLACED).count());
          ReceiptStore.pending(tx, at, out);
        } else if (mode.senderCollection() != null) {
          // a peer's push that named its collection: its receipts are asked of it, as a pulled page's
          ReceiptStore.pending(tx, new PullPosition(mode.sourcePeer(), mode.senderCollection(), collection, null), out);
        }
        return out;
      });
      recent.committed();
      if (outcomes.size() >= Foreground.BULK) db.foreground().mark();
      db.memberStatistics().added(outcomes.stream().filter(o -> o.kind() == AddOutcome.Kind.STORED || o.kind() == AddOutcome.Kind.REPLACED).count());
      listener.committed(s.tags(), outcomes);
    }
  }

  /**
   * A peer's write (its TAXII POST) is stored only while its agreement in force accepts the
   * collection: judged in the transaction that stores it, under the peer's row, which an agreement's
   * install takes first. So a write either commits before the new terms are installed or is judged by
   * them (hostile run 10n: a push in flight when {@code accept} was removed was stored 24 ms after the
   * new version's install time).
   */
  private void acceptedNow(Connection tx, int peer) throws SQLException {
    // the peer's row first (lock order, ARCHITECTURE); a peer removed meanwhile has no terms, and accepts nothing
    try (PreparedStatement s = tx.prepareStatement("select 1 from peer where id = ? for no key update")) {
      s.setInt(1, peer);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) throw new NoLongerAccepted();
      }
    }
    try (PreparedStatement s = tx.prepareStatement("select 1 from peer p join account_right r on r.account = p.name"
        + " where p.id = ? and r.can_write and (r.collection = ? or r.collection = '*')")) {
      s.setInt(1, peer);
      s.setString(2, collection.toString());
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) throw new NoLongerAccepted();
      }
    }
  }

  /** A peer's write that its agreement stopped accepting while it was stored: the rest of it is not stored. */
  public static final class NoLongerAccepted extends StoreException {
    NoLongerAccepted() {
      super("the agreement with this peer no longer accepts writes to the collection (its terms changed while the objects were"
          + " stored)", null);
    }
  }

  /** Runs a pipeline thread; its first failure stops the other threads. */
  private void guard(ThrowingRunnable body) {
    try {
      body.run();
    } catch (Throwable t) {
      Throwable cause = t instanceof ExecutionException && t.getCause() != null ? t.getCause() : t;
      if (!(cause instanceof InterruptedException) || failure.get() == null) failure.compareAndSet(null, cause);
      stop();
    }
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  private void rethrow() {
    Throwable t = failure.get();
    if (t == null) return;
    if (t instanceof RuntimeException r) throw r;
    if (t instanceof Error e) throw e;
    throw new LoadStoppedException(t.getMessage(), t);
  }

  /** A bulk load stopped: interrupted, or a pipeline thread failed with a checked exception (the cause). */
  public static final class LoadStoppedException extends StoreException {
    LoadStoppedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
