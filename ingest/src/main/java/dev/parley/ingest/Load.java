package dev.parley.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.store.Stores;
import dev.parley.store.objects.AddOutcome;
import dev.parley.store.objects.BulkLoad;
import dev.parley.store.objects.NewObject;
import dev.parley.store.peers.PullPosition;
import dev.parley.stix.Envelope;
import dev.parley.stix.Json;
import dev.parley.stix.Timestamps;
import dev.parley.store.status.Settled;
import dev.parley.store.status.StatusDetail;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;

/**
 * One load into one collection (see {@link Ingest}). Chunks given to {@link #submit} are judged on
 * the shared pool while earlier ones are stored; memory stays bounded because {@code submit} blocks
 * while the pipeline is full. The first failure stops the load and is rethrown by {@code submit} or
 * {@link #finish}; batches committed before it stay committed. Used by one submitting thread.
 */
public final class Load implements AutoCloseable {
  private final Stores stores;
  private final Admission admission;
  private final LoadOptions options;
  private final IngestListener listener;
  /** Refusals not yet settled in the status: each batch's transaction settles those judged before it. */
  private final Queue<Settled> unsettled = new ConcurrentLinkedQueue<>();
  private final BulkLoad<Refusal> pipeline;

  Load(Stores stores, Admission admission, ExecutorService judges, UUID collection, LoadOptions options, IngestListener listener) {
    this.stores = stores;
    this.admission = admission;
    this.options = options;
    this.listener = listener;
    this.pipeline = new BulkLoad<>(stores.db(), stores.objects(), stores.statuses(), options.status(), collection,
        options.mode(), options.batchSize(), judges, new BulkLoad.Listener<>() {
          @Override
          public void refused(Refusal refusal) {
            if (options.status() != null) unsettled.add(settled(refusal));
            listener.refused(refusal);
          }

          @Override
          public List<Settled> settlements(long[] tags, List<AddOutcome> outcomes) {
            List<Settled> batch = drain();
            for (int i = 0; i < outcomes.size(); i++) batch.add(settled((int) tags[i], outcomes.get(i)));
            return batch;
          }

          @Override
          public void committed(long[] tags, List<AddOutcome> outcomes) {
            listener.committed(tags, outcomes);
          }
        });
  }

  /** Queues a chunk to be judged and stored; blocks while the pipeline is full. */
  public void submit(List<? extends Incoming> chunk) {
    List<Incoming> items = List.copyOf(chunk);
    pipeline.submit(() -> judge(items));
  }

  /**
   * Queues a page pulled from a peer to be judged and stored as one batch, whose transaction
   * also saves {@code position} (where the pull goes on after it), also when every object of the
   * page is refused; blocks while the pipeline is full. A pull submits its pages one after another
   * to one load, so that the next page is judged and staged while this one is written.
   */
  public void submitPage(List<? extends Incoming> page, PullPosition position) {
    List<Incoming> items = List.copyOf(page);
    pipeline.submitPage(() -> judge(items), position);
  }

  /**
   * Waits until every submitted item is stored or refused (and, for an add request, settled in its
   * status), then rethrows the first failure if there was one.
   */
  public void finish() {
    pipeline.finish();
    if (options.status() != null) stores.statuses().settle(options.status(), drain());
  }

  /** Stops the load without waiting for what is queued. */
  @Override
  public void close() {
    pipeline.close();
  }

  private BulkLoad.Judged<Refusal> judge(List<Incoming> items) {
    List<NewObject> admitted = new ArrayList<>(items.size());
    long[] tags = new long[items.size()];
    List<Refusal> refusals = new ArrayList<>();
    for (Incoming item : items) {
      if (item instanceof Incoming.Malformed m) {
        refusals.add(new Refusal(m.tag(), "", null, m.message(), true));
      } else if (item instanceof Incoming.Parsed p) {
        judge(p.tag(), p.object(), p.text(), admitted, tags, refusals);
      } else if (item instanceof Incoming.Unparsed u) {
        Envelope.Entry e = u.entry();
        if (e.problem() != null) {
          refusals.add(new Refusal(u.tag(), e.id() == null ? "" : e.id(), e.version(), e.problem(), true));
          continue;
        }
        JsonNode tree;
        try {
          tree = e.tree(u.body());
        } catch (JsonProcessingException x) {
          // well-formed (the envelope was read through once), past a bound only a tree meets: a string of more than
          // 20,000,000 characters. That entry is refused; the others go on (hostile run 12ba D8: the whole request failed,
          // and a pull from that peer stopped there at every pass)
          refusals.add(new Refusal(u.tag(), e.id() == null ? "" : e.id(), e.version(), Json.problem(x), true));
          continue;
        } catch (IOException x) {
          throw new UncheckedIOException("objects[" + e.index() + "] of an envelope read already", x);
        }
        judge(u.tag(), tree, null, admitted, tags, refusals);
      }
    }
    return new BulkLoad.Judged<>(admitted, Arrays.copyOf(tags, admitted.size()), refusals);
  }

  private void judge(long tag, JsonNode object, String text, List<NewObject> admitted, long[] tags, List<Refusal> refusals) {
    Admission.Verdict v = admission.judge(object, text);
    if (v instanceof Admission.Admitted a) {
      tags[admitted.size()] = tag;
      admitted.add(a.object());
    } else if (v instanceof Admission.Refused r) {
      refusals.add(new Refusal(tag, idOf(object), versionText(object), r.message(), false));
    }
  }

  /**
   * What the status says of an object that reached the store: the outcome as it is for an account
   * that can read the collection; for one that cannot, that it was accepted, with its own version
   * (or the request time), and nothing more.
   */
  private Settled settled(int ord, AddOutcome o) {
    if (options.senderReads()) return new Settled(ord, o.succeeded(), new StatusDetail(o.stixId(), Timestamps.formatVersion(o.version()), o.message()));
    Instant version = o.versioned() ? o.version() : options.requestTime();
    return new Settled(ord, true, new StatusDetail(o.stixId(), Timestamps.formatVersion(version), null));
  }

  private Settled settled(Refusal r) {
    return new Settled((int) r.tag(), false, unstored(r.stixId(), r.version(), options.requestTime(), r.message()));
  }

  private List<Settled> drain() {
    List<Settled> out = new ArrayList<>();
    for (Settled s; (s = unsettled.poll()) != null; ) out.add(s);
    return out;
  }

  /** The id of an incoming object, or empty when it has none. */
  static String idOf(JsonNode o) {
    JsonNode id = o.get("id");
    return id != null && id.isTextual() ? id.textValue() : "";
  }

  /** The version text of an incoming object: its modified, else its created, else null. */
  static String versionText(JsonNode o) {
    for (String field : new String[] {"modified", "created"}) {
      JsonNode v = o.get(field);
      if (v != null && v.isTextual()) return v.textValue();
    }
    return null;
  }

  /** What a status says of an envelope entry not yet stored: pending. */
  public static StatusDetail pending(Envelope.Entry e, Instant requestTime) {
    return unstored(e.id(), e.version(), requestTime, null);
  }

  /**
   * What a status says of an object not (yet) stored: its id, or a placeholder when it has none; its
   * modified, else its created, else the request time (TAXII 2.1 §4.3.1: a value consistent to the
   * server).
   */
  private static StatusDetail unstored(String id, String version, Instant requestTime, String message) {
    return new StatusDetail(id == null || id.isEmpty() ? "(no id)" : id, version != null ? version : Timestamps.formatVersion(requestTime), message);
  }
}
