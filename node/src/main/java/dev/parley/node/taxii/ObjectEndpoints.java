package dev.parley.node.taxii;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.NodeConfig;
import dev.parley.node.Stores;
import dev.parley.node.ingest.Admission;
import dev.parley.node.ops.Metrics;
import dev.parley.stix.Json;
import dev.parley.store.collections.Collection;
import dev.parley.store.objects.AddOutcome;
import dev.parley.store.objects.NewObject;
import dev.parley.store.objects.ObjectQuery;
import dev.parley.store.objects.ObjectRow;
import dev.parley.store.objects.Page;
import dev.parley.store.objects.Timestamps;
import dev.parley.store.objects.VersionFilter;
import dev.parley.store.status.Status;
import dev.parley.store.status.StatusDetail;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The object endpoints of a collection: objects (GET, POST), object (GET, DELETE), manifest, versions (TAXII 2.1 §5.3-5.8). */
final class ObjectEndpoints {
  private final TaxiiApi api;
  private final Stores stores;
  private final Metrics metrics;
  private final NodeConfig config;
  private final Admission admission = new Admission();

  ObjectEndpoints(TaxiiApi api, Stores stores, Metrics metrics, NodeConfig config) {
    this.api = api;
    this.stores = stores;
    this.metrics = metrics;
    this.config = config;
  }

  private Collection readable(Request r) {
    Collection c = api.visibleCollection(r);
    if (!r.account().canRead(c.id().toString())) throw TaxiiError.of(403, "Forbidden", "this account may not read collection " + c.id());
    return c;
  }

  private Collection writable(Request r) {
    Collection c = api.visibleCollection(r);
    if (!r.account().canWrite(c.id().toString())) throw TaxiiError.of(403, "Forbidden", "this account may not write to collection " + c.id());
    return c;
  }

  void getObjects(Request r) {
    Collection c = readable(r);
    Params p = Params.of(r.ctx().queryParamMap(), Params.PAGED);
    ObjectQuery q = p.query(c.id(), config.maxPageSize(), p.ids(), true);
    envelope(r.ctx(), q, stores.objects().page(q), false);
  }

  void getObject(Request r) {
    Collection c = readable(r);
    String id = objectId(r);
    Params p = Params.of(r.ctx().queryParamMap(), Params.OBJECT);
    ObjectQuery q = p.query(c.id(), config.maxPageSize(), List.of(id), true);
    Page page = stores.objects().page(q);
    if (page.rows().isEmpty() && q.afterSeq() == 0) throw TaxiiError.notFound("no object " + id + " matches in this collection");
    envelope(r.ctx(), q, page, false);
  }

  void manifest(Request r) {
    Collection c = readable(r);
    Params p = Params.of(r.ctx().queryParamMap(), Params.PAGED);
    ObjectQuery q = p.query(c.id(), config.maxPageSize(), p.ids(), false);
    envelope(r.ctx(), q, stores.objects().page(q), true);
  }

  void versions(Request r) {
    Collection c = readable(r);
    String id = objectId(r);
    Params p = Params.of(r.ctx().queryParamMap(), Params.VERSIONS);
    ObjectQuery q = new ObjectQuery(c.id(), p.afterSeq(), p.addedAfter(), p.limit(config.maxPageSize()), List.of(id), List.of(),
        VersionFilter.ALL, p.specVersions(), false);
    Page page = stores.objects().page(q);
    if (page.rows().isEmpty() && q.afterSeq() == 0) throw TaxiiError.notFound("no object " + id + " matches in this collection");
    StringBuilder b = new StringBuilder(64 + 40 * page.rows().size());
    b.append("{\"more\":").append(page.more());
    if (page.more()) b.append(",\"next\":\"").append(Cursors.encode(page.lastSeq(q.afterSeq()))).append('"');
    if (!page.rows().isEmpty()) {
      b.append(",\"versions\":[");
      for (int i = 0; i < page.rows().size(); i++) {
        if (i > 0) b.append(',');
        b.append('"').append(Timestamps.formatVersion(page.rows().get(i).version())).append('"');
      }
      b.append(']');
    }
    dateHeaders(r.ctx(), page);
    MediaTypes.send(r.ctx(), 200, b.append('}').toString());
  }

  void deleteObject(Request r) {
    Collection c = writable(r);
    if (!r.account().canRead(c.id().toString())) throw TaxiiError.of(403, "Forbidden", "deleting needs the right to read as well as write");
    String id = objectId(r);
    Params p = Params.of(r.ctx().queryParamMap(), Params.DELETE);
    int n = stores.objects().delete(c.id(), id, p.versions().equals(VersionFilter.LAST) && r.ctx().queryParam("match[version]") == null
        ? VersionFilter.ALL : p.versions(), p.specVersions());
    if (n == 0) throw TaxiiError.notFound("no object " + id + " matches in this collection");
    r.ctx().status(200).contentType(MediaTypes.TAXII);
  }

  void addObjects(Request r) throws IOException {
    Collection c = writable(r);
    Params.of(r.ctx().queryParamMap(), Params.NONE);
    if (!MediaTypes.isTaxiiContent(r.ctx().header("Content-Type"))) {
      throw TaxiiError.of(415, "Unsupported media type", "send objects as " + MediaTypes.TAXII);
    }
    JsonNode envelope = readEnvelope(r.ctx());
    JsonNode list = envelope.get("objects");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw TaxiiError.badRequest("the request body must be a TAXII envelope with a non-empty objects list");
    }
    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
    List<StatusDetail> failures = new ArrayList<>();
    List<NewObject> batch = new ArrayList<>(list.size());
    // validation is the CPU-heavy part of a large envelope: spread it over the cores, keeping the order
    List<Admission.Verdict> verdicts = IntStream.range(0, list.size()).parallel()
        .mapToObj(i -> admission.judge(list.get(i))).collect(Collectors.toList());
    for (Admission.Verdict verdict : verdicts) {
      if (verdict instanceof Admission.Admitted a) {
        batch.add(a.object());
      } else if (verdict instanceof Admission.Refused f) {
        failures.add(new StatusDetail(f.stixId().isEmpty() ? "(no id)" : f.stixId(), f.version(), f.message()));
      }
    }
    UUID statusId = UUID.randomUUID();
    Status status = stores.db().inTransaction(tx -> {
      List<AddOutcome> outcomes = stores.objects().add(tx, c.id(), batch);
      List<StatusDetail> successes = new ArrayList<>();
      List<StatusDetail> all = new ArrayList<>(failures);
      int stored = 0, duplicates = 0;
      for (AddOutcome o : outcomes) {
        StatusDetail d = new StatusDetail(o.stixId(), Timestamps.formatVersion(o.version()), o.message());
        if (o.succeeded()) successes.add(d);
        else all.add(d);
        if (o.kind() == AddOutcome.Kind.STORED) stored++;
        if (o.kind() == AddOutcome.Kind.DUPLICATE) duplicates++;
      }
      Status s = new Status(statusId, c.id(), r.account().name(), at, successes, all, List.of());
      stores.statuses().create(tx, s);
      metrics.objects(stored, duplicates, all.size());
      return s;
    });
    TaxiiApi.json(r.ctx(), 202, Resources.status(status));
  }

  private JsonNode readEnvelope(Context ctx) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > config.maxContentLength()) throw tooLarge();
    byte[] body;
    try (InputStream in = ctx.req().getInputStream()) {
      body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, config.maxContentLength() + 1));
    }
    if (body.length > config.maxContentLength()) throw tooLarge();
    try {
      JsonNode node = Json.mapper().readTree(body);
      if (node == null || !node.isObject()) throw TaxiiError.badRequest("the request body must be a JSON object (a TAXII envelope)");
      return node;
    } catch (JsonProcessingException e) {
      throw TaxiiError.badRequest("the request body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private TaxiiError tooLarge() {
    return TaxiiError.of(413, "Content too large", "requests may hold at most " + config.maxContentLength() + " bytes (max_content_length of the API root)");
  }

  private static String objectId(Request r) {
    String id = r.ctx().pathParam("object");
    Params.checkStixId(id);
    return id;
  }

  private static void envelope(Context ctx, ObjectQuery q, Page page, boolean manifest) {
    Utf8Builder b = new Utf8Builder(256 + page.rows().size() * (manifest ? 160 : 1024));
    b.append("{\"more\":").append(page.more());
    if (page.more()) b.append(",\"next\":\"").append(Cursors.encode(page.lastSeq(q.afterSeq()))).append('"');
    if (!page.rows().isEmpty()) {
      b.append(",\"objects\":[");
      for (int i = 0; i < page.rows().size(); i++) {
        if (i > 0) b.append(',');
        ObjectRow row = page.rows().get(i);
        if (manifest) {
          b.append("{\"id\":\"").append(row.stixId()).append("\",\"date_added\":\"").append(Timestamps.format(row.dateAdded()))
              .append("\",\"version\":\"").append(Timestamps.formatVersion(row.version()))
              .append("\",\"media_type\":\"application/stix+json;version=").append(row.specVersion()).append("\"}");
        } else {
          b.append(row.body());
        }
      }
      b.append(']');
    }
    dateHeaders(ctx, page);
    MediaTypes.send(ctx, 200, b.append('}').toBytes());
  }

  private static void dateHeaders(Context ctx, Page page) {
    if (page.rows().isEmpty()) return;
    ctx.header("X-TAXII-Date-Added-First", Timestamps.format(page.rows().get(0).dateAdded()));
    ctx.header("X-TAXII-Date-Added-Last", Timestamps.format(page.rows().get(page.rows().size() - 1).dateAdded()));
  }
}
