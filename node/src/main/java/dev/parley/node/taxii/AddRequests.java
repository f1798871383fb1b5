package dev.parley.node.taxii;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.Stores;
import dev.parley.node.ingest.Admission;
import dev.parley.node.ingest.Ingestion;
import dev.parley.node.ops.Metrics;
import dev.parley.store.objects.AddOutcome;
import dev.parley.store.objects.NewObject;
import dev.parley.store.objects.Timestamps;
import dev.parley.store.status.Settled;
import dev.parley.store.status.Status;
import dev.parley.store.status.StatusDetail;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The add-objects requests (TAXII 2.1 §5.5) being stored. A request's status is written first with
 * every object pending; the objects then go through an {@link Ingestion} in the background, and
 * each batch's successes and failures are settled in the status inside the transaction that stores
 * them. The request waits up to {@code addWait} and answers with the status as it is then: complete
 * for most requests, pending for large ones, which a client follows at the status endpoint. Two
 * requests are stored at a time and fourteen more may wait; beyond that a POST is answered 503
 * with {@code Retry-After}, and nothing of it is recorded.
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
  /** Requests accepted but not finished, waiting ones included; beyond that a POST gets a 503. */
  private static final int ACCEPTED = 16;

  private final Stores stores;
  private final Metrics metrics;
  private final Duration wait;
  private final Admission admission = new Admission();
  private final ExecutorService judges;
  private final ExecutorService runners = Executors.newFixedThreadPool(RUNNING, named("parley-add"));
  private final java.util.concurrent.Semaphore accepted = new java.util.concurrent.Semaphore(ACCEPTED);

  AddRequests(Stores stores, Metrics metrics, Duration wait) {
    this.stores = stores;
    this.metrics = metrics;
    this.wait = wait;
    this.judges = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), named("parley-add-validate"));
  }

  /**
   * Records the request's status with every object pending, starts storing the objects, and
   * returns the status once they are stored or the wait is over.
   */
  Status submit(UUID collection, String account, List<JsonNode> objects, Instant at) {
    if (!accepted.tryAcquire()) {
      throw new TaxiiError(503, "Busy", ACCEPTED + " add requests are being stored already; send this one again shortly",
          Map.of(), Map.of("Retry-After", "5"));
    }
    UUID id = UUID.randomUUID();
    Future<?> done;
    try {
      List<StatusDetail> pending = new ArrayList<>(objects.size());
      for (JsonNode o : objects) pending.add(new StatusDetail(idOf(o), versionOf(o, at), null));
      stores.statuses().create(new Status(id, collection, account, at, List.of(), List.of(), pending));
      done = runners.submit(() -> {
        try {
          store(id, collection, objects, at);
        } finally {
          accepted.release();
        }
      });
    } catch (RuntimeException e) {
      accepted.release();
      throw e;
    }
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

  private void store(UUID status, UUID collection, List<JsonNode> objects, Instant at) {
    Queue<Settled> refusals = new ConcurrentLinkedQueue<>();
    Ingestion.Listener<Settled> listener = new Ingestion.Listener<>() {
      @Override
      public void refused(Settled refusal) {
        refusals.add(refusal);
      }

      @Override
      public void written(Connection tx, long[] tags, List<AddOutcome> outcomes) throws SQLException {
        List<Settled> batch = drain(refusals);
        int stored = 0, duplicates = 0, failed = batch.size();
        for (int i = 0; i < outcomes.size(); i++) {
          AddOutcome o = outcomes.get(i);
          StatusDetail d = new StatusDetail(o.stixId(), Timestamps.formatVersion(o.version()), o.message());
          batch.add(new Settled((int) tags[i], o.succeeded(), d));
          switch (o.kind()) {
            case STORED -> stored++;
            case DUPLICATE -> duplicates++;
            case CONFLICT -> failed++;
          }
        }
        stores.statuses().settle(tx, status, batch);
        metrics.objects(stored, duplicates, failed);
      }
    };
    try (Ingestion<Settled> ingestion = new Ingestion<>(stores.db(), stores.objects(), collection, BATCH, judges, listener)) {
      for (int from = 0; from < objects.size(); from += CHUNK) {
        int start = from;
        List<JsonNode> chunk = objects.subList(from, Math.min(objects.size(), from + CHUNK));
        ingestion.submit(() -> judge(chunk, start, at));
      }
      ingestion.finish();
      List<Settled> rest = drain(refusals);
      stores.statuses().settle(status, rest);
      metrics.objects(0, 0, rest.size());
    } catch (RuntimeException e) {
      LOG.warn("storing the objects of status {} stopped: {}", status, e.toString());
      failRest(status, refusals, "not stored: the node failed while storing it (" + e.getMessage() + "); send it again");
      throw e;
    }
  }

  /** Settles the refusals still queued and fails every object still pending, after a failure. */
  private void failRest(UUID status, Queue<Settled> refusals, String message) {
    try {
      stores.statuses().settle(status, drain(refusals));
      stores.statuses().failPending(status, message);
    } catch (RuntimeException e) {
      LOG.warn("cannot record the failure in status {}: {}", status, e.toString());
    }
  }

  private Ingestion.Judged<Settled> judge(List<JsonNode> chunk, int start, Instant at) {
    List<NewObject> admitted = new ArrayList<>(chunk.size());
    long[] tags = new long[chunk.size()];
    List<Settled> refusals = new ArrayList<>();
    for (int i = 0; i < chunk.size(); i++) {
      JsonNode o = chunk.get(i);
      Admission.Verdict v = admission.judge(o);
      if (v instanceof Admission.Admitted a) {
        tags[admitted.size()] = start + i;
        admitted.add(a.object());
      } else if (v instanceof Admission.Refused r) {
        refusals.add(new Settled(start + i, false, new StatusDetail(idOf(o), versionOf(o, at), r.message())));
      }
    }
    return new Ingestion.Judged<>(admitted, java.util.Arrays.copyOf(tags, admitted.size()), refusals);
  }

  private static List<Settled> drain(Queue<Settled> queue) {
    List<Settled> out = new ArrayList<>();
    for (Settled s; (s = queue.poll()) != null; ) out.add(s);
    return out;
  }

  /** The id a status shows for an envelope entry: its id, or a placeholder when it has none. */
  static String idOf(JsonNode o) {
    JsonNode id = o.get("id");
    return id != null && id.isTextual() && !id.textValue().isEmpty() ? id.textValue() : "(no id)";
  }

  /**
   * The version a status shows for an object not (yet) stored: its modified, else its created, else
   * the request time (TAXII 2.1 §4.3.1: a value consistent to the server).
   */
  static String versionOf(JsonNode o, Instant at) {
    for (String field : new String[] {"modified", "created"}) {
      JsonNode v = o.get(field);
      if (v != null && v.isTextual()) return v.textValue();
    }
    return Timestamps.formatVersion(at);
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
      judges.shutdownNow();
    }
  }
}
