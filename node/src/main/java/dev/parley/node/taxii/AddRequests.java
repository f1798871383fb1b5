package dev.parley.node.taxii;

import dev.parley.ingest.Incoming;
import dev.parley.ingest.Ingest;
import dev.parley.ingest.IngestListener;
import dev.parley.ingest.Load;
import dev.parley.ingest.LoadOptions;
import dev.parley.ingest.Refusal;
import dev.parley.node.ops.Metrics;
import dev.parley.stix.Envelope;
import dev.parley.store.Stores;
import dev.parley.store.accounts.Account;
import dev.parley.store.objects.AddMode;
import dev.parley.store.objects.AddOutcome;
import dev.parley.store.objects.BulkLoad;
import dev.parley.store.objects.ConflictPolicy;
import dev.parley.store.status.Status;
import dev.parley.store.status.StatusDetail;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The add-objects requests (TAXII 2.1 §5.5) being stored. A request's status is written first with
 * every object pending; the objects then go through a {@link Load} in the background, which
 * settles each batch's successes and failures in the status inside the transaction that stores
 * them. The request waits up to {@code addWait} and answers with the status as it is then: complete
 * for most requests, pending for large ones, which a client follows at the status endpoint. Two
 * requests are stored at a time and the others wait in line; an account may have four accepted and
 * not finished (an administrator sixteen), and its next POST is answered 503 with {@code
 * Retry-After}, and nothing of it is recorded.
 * Thread-safe; {@link #close} lets the requests under way finish.
 */
final class AddRequests implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AddRequests.class);
  private static final int CHUNK = 500;
  private static final int BATCH = 2000;
  /**
   * Requests stored at once. Each holds two database connections while it runs (of the pool's 16),
   * so reads keep theirs; more requests wait in line.
   */
  private static final int RUNNING = 2;
  /**
   * Requests of one account accepted but not finished, waiting ones included; beyond that its POST
   * gets a 503. Per account, not for the node: with one count for all (16), a peer that may write
   * one inbox sent 20 at once and the administrator's POST got 503, which also told the peer that
   * others were writing (hostile run 10l). What the node holds at once is bounded by the accounts
   * its operator made. An administrator's are {@link #ADMIN_ACCEPTED}.
   */
  static final int ACCEPTED = 4;

  /** As {@link #ACCEPTED}, for an administrator's account: the operator's scripts may send more at once. */
  static final int ADMIN_ACCEPTED = 16;

  private final Stores stores;
  private final Metrics metrics;
  private final Duration wait;
  private final Ingest ingest;
  private final ExecutorService runners = Executors.newFixedThreadPool(RUNNING, named("parley-add"));
  /** Each account's requests accepted and not finished. */
  private final Map<String, Integer> accepted = new HashMap<>();

  AddRequests(Stores stores, Metrics metrics, Duration wait) {
    this.stores = stores;
    this.metrics = metrics;
    this.wait = wait;
    this.ingest = new Ingest(stores);
  }

  /**
   * Records the request's status with every object pending, starts storing the objects, and
   * returns the status once they are stored or the wait is over.
   */
  Status submit(UUID collection, Account account, byte[] body, List<Envelope.Entry> objects, Instant at) {
    return submit(collection, account, body, objects, at, null);
  }

  /**
   * As {@link #submit(UUID, Account, byte[], List, Instant)}; for a peer's account that named the collection of
   * its own the objects come from ({@code senderCollection}, else null), each version stored or held
   * already is recorded as a receipt to ask the peer for.
   */
  Status submit(UUID collection, Account account, byte[] body, List<Envelope.Entry> objects, Instant at, UUID senderCollection) {
    String sender = account.name();
    if (account.peer() != null && stores.peers().isForked(sender)) {
      // fail closed both ways: what a forked log's node sends has no receipt to be had (sync with it, which fetches them,
      // is stopped), so it is not stored (hostile run 10w: a forked peer's pushes were stored, their receipts never asked)
      throw TaxiiError.of(403, "Forbidden", "this node holds the log of the node that sends as " + sender + " forked (fork evidence is"
          + " on record); it stores nothing from it until its operator accepts the fork (parley peer trust " + sender
          + " --accept-fork)");
    }
    int limit = account.admin() ? ADMIN_ACCEPTED : ACCEPTED;
    synchronized (accepted) {
      if (accepted.getOrDefault(sender, 0) >= limit) {
        throw new TaxiiError(503, "Busy", "this account's " + limit + " add requests are being stored already; send this one again"
            + " once one of them is complete", Map.of(), Map.of("Retry-After", "5"));
      }
      accepted.merge(sender, 1, Integer::sum);
    }
    UUID id = UUID.randomUUID();
    Future<?> done;
    LoadOptions options;
    Status created;
    try {
      List<StatusDetail> pending = new ArrayList<>(objects.size());
      for (Envelope.Entry o : objects) pending.add(Load.pending(o, at));
      created = new Status(id, collection, account.name(), at, List.of(), List.of(), pending);
      stores.statuses().create(created);
      String c = collection.toString();
      // A peer reads a collection through its agreement, object by object: the status of its add
      // must not tell an object it may not read (held already, or another body under its id and
      // version) from a new one, so it is answered as an account that cannot read the collection.
      // It also leaves one log entry an object, held or not, and keeps what the collection holds (a
      // replacement would show in the log as a delete): the log's size is public.
      boolean reader = account.canRead(c) && account.peer() == null;
      AddMode mode = reader ? new AddMode(account.canReplace(c) ? ConflictPolicy.REPLACE : ConflictPolicy.KEEP, account.peer())
          : new AddMode(ConflictPolicy.KEEP, account.peer(), true);
      // a local account's members are its own to detection: its indicators spend budgets of their own
      if (account.peer() == null) mode = mode.writtenBy(account.name());
      else if (senderCollection != null) mode = mode.receiptsFrom(senderCollection.toString());
      options = LoadOptions.forRequest(BATCH, mode, id, at, reader);
      done = runners.submit(() -> {
        try {
          store(collection, body, objects, options, account.name());
        } finally {
          release(sender);
        }
      });
    } catch (RuntimeException e) {
      release(sender);
      throw e;
    }
    // An account that cannot read the collection is answered at once, every object pending: how long
    // storing takes depends on what the collection holds, which that account may not learn. The status
    // as created, not read back: the background store may already have settled it (a duplicate settles
    // at once, a new object later), and the answer would tell them apart.
    if (!options.senderReads()) return created;
    try {
      done.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // still storing: the client follows the status
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      LOG.warn("storing the objects of status {} failed: {}", id, e.getCause().toString());
    }
    return stores.statuses().find(id).orElseThrow(() -> new IllegalStateException("status " + id + " vanished"));
  }

  private void release(String sender) {
    synchronized (accepted) {
      accepted.computeIfPresent(sender, (a, n) -> n == 1 ? null : n - 1);
    }
  }

  /** Versions kept out by a conflict that the node's log names for one request of a writer that is not told of them. */
  static final int CONFLICTS_LOGGED = 10;

  private void store(UUID collection, byte[] body, List<Envelope.Entry> objects, LoadOptions options, String writer) {
    UUID status = options.status();
    AtomicInteger conflicts = new AtomicInteger();
    IngestListener listener = new IngestListener() {
      @Override
      public void refused(Refusal refusal) {
        metrics.objects(0, 0, 1);
      }

      @Override
      public void committed(long[] tags, List<AddOutcome> outcomes) {
        int stored = 0, duplicates = 0, failed = 0;
        for (AddOutcome o : outcomes) {
          switch (o.kind()) {
            case STORED, REPLACED -> stored++;
            case DUPLICATE -> duplicates++;
            case CONFLICT -> failed++;
          }
          // its status says "accepted" to a writer that may not read the collection (a peer, a sensor): the node's
          // operator reads here what was kept out (hostile run 10w: a peer's conflicting push was named nowhere)
          if (o.kind() == AddOutcome.Kind.CONFLICT && !options.senderReads() && conflicts.incrementAndGet() <= CONFLICTS_LOGGED) {
            LOG.warn("account {}: {} version {} kept out of collection {} (status {}): {}", writer, o.stixId(), o.version(), collection,
                status, o.message());
          }
        }
        metrics.objects(stored, duplicates, failed);
      }
    };
    try (Load load = ingest.begin(collection, options, listener)) {
      for (int from = 0; from < objects.size(); from += CHUNK) {
        List<Incoming> chunk = new ArrayList<>(CHUNK);
        for (int i = from; i < Math.min(objects.size(), from + CHUNK); i++) chunk.add(new Incoming.Unparsed(i, body, objects.get(i)));
        load.submit(chunk);
      }
      load.finish();
      if (conflicts.get() > CONFLICTS_LOGGED) {
        LOG.warn("account {}: {} versions kept out of collection {} by a conflict (status {}); the first {} are named above", writer,
            conflicts.get(), collection, status, CONFLICTS_LOGGED);
      }
    } catch (BulkLoad.NoLongerAccepted e) {
      // the peer's terms changed under the request: what was stored before stays, the rest is refused by the new terms
      LOG.info("storing the objects of status {} stopped: {}", status, e.getMessage());
      try {
        stores.statuses().failPending(status, "not stored: " + e.getMessage());
      } catch (RuntimeException f) {
        LOG.warn("cannot record the failure in status {}: {}", status, f.toString());
      }
    } catch (RuntimeException e) {
      LOG.warn("storing the objects of status {} stopped: {}", status, e.toString());
      try {
        stores.statuses().failPending(status, "not stored: the node failed while storing it (" + e.getMessage() + "); send it again");
      } catch (RuntimeException f) {
        LOG.warn("cannot record the failure in status {}: {}", status, f.toString());
      }
      throw e;
    } catch (OutOfMemoryError e) {
      // what was being stored is garbage now: its status says so, or it would stay pending for ever (hostile run 12ba D4)
      LOG.error("storing the objects of status {} ran out of memory; what was not stored is failed in its status", status);
      try {
        stores.statuses().failPending(status, "not stored: the node ran out of memory while storing it; send it again later, or in"
            + " smaller requests");
      } catch (RuntimeException f) {
        LOG.warn("cannot record the failure in status {}: {}", status, f.toString());
      }
    }
  }

  private static ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Lets the requests under way finish (up to 60 s), then stops. */
  @Override
  public void close() {
    runners.shutdown();
    try {
      if (!runners.awaitTermination(60, TimeUnit.SECONDS)) {
        LOG.warn("objects of some add requests were still being stored at shutdown; they stay pending until the next start fails them");
        runners.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      ingest.close();
    }
  }
}
