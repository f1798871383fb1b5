package dev.parley.node.taxii;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.parley.node.NodeConfig;
import dev.parley.store.Stores;
import dev.parley.node.ops.Metrics;
import dev.parley.stix.BodyBytes;
import dev.parley.stix.Envelope;
import dev.parley.stix.Json;
import dev.parley.store.collections.Collection;
import dev.parley.store.objects.ObjectQuery;
import dev.parley.store.objects.ObjectRow;
import dev.parley.store.objects.Page;
import dev.parley.stix.Timestamps;
import dev.parley.store.objects.VersionFilter;
import dev.parley.store.peers.ReceiptStore;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The object endpoints of a collection: objects (GET, POST), object (GET, DELETE), manifest, versions (TAXII 2.1 §5.3-5.8). */
final class ObjectEndpoints {
  private final TaxiiApi api;
  private final Stores stores;
  private final NodeConfig config;
  private final AddRequests adds;
  private final Cursors cursors;

  ObjectEndpoints(TaxiiApi api, Stores stores, Metrics metrics, NodeConfig config, Cursors cursors) {
    this.api = api;
    this.stores = stores;
    this.config = config;
    this.cursors = cursors;
    this.adds = new AddRequests(stores, metrics, config.addWait());
  }

  /** Lets the add requests under way finish. */
  void close() {
    adds.close();
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
    Cursor at = start(r, Params.PAGED, PageRequest.Kind.OBJECTS, c, null);
    envelope(r.ctx(), at, bounded(page(r, at.query())));
  }

  void getObject(Request r) {
    Collection c = readable(r);
    String id = objectId(r);
    Cursor at = start(r, Params.OBJECT, PageRequest.Kind.OBJECT, c, id);
    Page page = bounded(page(r, at.query()));
    if (page.rows().isEmpty()) requireObject(r, c, id, at.request().versions());
    envelope(r.ctx(), at, page);
  }

  void manifest(Request r) {
    Collection c = readable(r);
    Cursor at = start(r, Params.PAGED, PageRequest.Kind.MANIFEST, c, null);
    envelope(r.ctx(), at, page(r, at.query()));
  }

  void versions(Request r) {
    Collection c = readable(r);
    String id = objectId(r);
    Cursor at = start(r, Params.VERSIONS, PageRequest.Kind.VERSIONS, c, id);
    Page page = page(r, at.query());
    if (page.rows().isEmpty()) requireObject(r, c, id, VersionFilter.ALL);
    StringBuilder b = new StringBuilder(64 + 40 * page.rows().size());
    b.append("{\"more\":").append(page.more());
    if (page.more()) b.append(",\"next\":\"").append(next(at, page)).append('"');
    if (!page.rows().isEmpty()) {
      b.append(",\"versions\":[");
      for (int i = 0; i < page.rows().size(); i++) {
        if (i > 0) b.append(',');
        b.append('"').append(Timestamps.formatVersion(page.rows().get(i).version())).append('"');
      }
      b.append(']');
    }
    dateHeaders(r.ctx(), at.request(), page);
    MediaTypes.send(r.ctx(), 200, b.append('}').toString());
  }

  /**
   * A page as the account may read it: a peer's account reads its feed, the members its agreement
   * lets it read, as if nothing else existed.
   */
  private Page page(Request r, ObjectQuery q) {
    return stores.objects().page(q.asPeer(r.account().peer()));
  }

  /**
   * The most bytes of objects a page of objects holds past its first object: the objects after
   * them wait for the next page ({@code more}; TAXII 2.1 §3.4 lets a server answer fewer than the
   * limit). A client reads a page whole, and 1,000 objects of 110 KB made a page of 78 MB that a
   * receiving node, bounded at 64 MiB a body, refused at every pass (hostile run 10am D2).
   */
  static final long PAGE_BYTES = 16L * 1024 * 1024;

  /** {@code page}, ended before the object that takes its bodies past {@link #PAGE_BYTES}; never empty when it was not. */
  static Page bounded(Page page) {
    long bytes = 0;
    List<ObjectRow> rows = page.rows();
    for (int i = 0; i < rows.size(); i++) {
      bytes += rows.get(i).body().length;
      if (i > 0 && bytes > PAGE_BYTES) return new Page(rows.subList(0, i), true);
    }
    return page;
  }

  /** Where a paged request starts: its parameters, or the cursor in its next (see {@link Params#page}). */
  private Cursor start(Request r, Set<String> allowed, PageRequest.Kind kind, Collection c, String object) {
    return Params.of(r.ctx().queryParamMap(), allowed).page(kind, c.id(), object, config.maxPageSize(), cursors);
  }

  /** The cursor of the page after {@code page}: the same request, after its last row. */
  private String next(Cursor at, Page page) {
    return cursors.seal(new Cursor(at.request(), page.lastSeq(at.afterSeq())));
  }

  /**
   * For an empty page of the object or versions endpoint: 404 when the collection holds no version
   * of the object that {@code versions} selects (TAXII 2.1 §5.6, §5.8: "the Object ID [is] not
   * found"); otherwise the empty envelope §5.6 requires, also when only added_after, next or
   * match[spec_version] left nothing.
   */
  private void requireObject(Request r, Collection c, String id, VersionFilter versions) {
    ObjectQuery any = new ObjectQuery(c.id(), 0, null, 1, List.of(id), List.of(), versions, ObjectQuery.ANY_SPEC_VERSION, false);
    if (page(r, any).rows().isEmpty()) throw TaxiiError.notFound("no object " + id + " matches in this collection");
  }

  void deleteObject(Request r) {
    Collection c = writable(r);
    if (!r.account().canRead(c.id().toString())) throw TaxiiError.of(403, "Forbidden", "deleting needs the right to read as well as write");
    // a peer's agreement lets it add (accept) and read (share), never delete: nothing of what it cannot read may move
    if (r.account().isPeer()) throw TaxiiError.of(403, "Forbidden", "a peer's account adds objects; it does not delete them");
    String id = objectId(r);
    Params p = Params.of(r.ctx().queryParamMap(), Params.DELETE);
    // without match[version], every version goes (§5.7 deletes "an object"); match[version]=last deletes the latest only
    List<String> specs = p.specVersions().isEmpty() ? ObjectQuery.ANY_SPEC_VERSION : p.specVersions();
    VersionFilter versions = r.ctx().queryParam("match[version]") == null ? VersionFilter.ALL : p.versions();
    // an account that is no administrator deletes what it wrote, no more: it owns its versions as a peer owns its own, and may
    // not edit the node's or another writer's (hostile run 12z: a write account deleted the administrator's indicator, which
    // stopped detecting, and a peer's in the inbox it could write)
    String writer = r.account().admin() ? null : r.account().name();
    int n = stores.objects().delete(c.id(), id, versions, specs, writer);
    if (n == 0 && writer != null) {
      ObjectQuery any = new ObjectQuery(c.id(), 0, null, 1, List.of(id), List.of(), versions, specs, false);
      if (!page(r, any).rows().isEmpty()) {
        throw TaxiiError.of(403, "Forbidden", "an account that is no administrator deletes only the versions it wrote; those of " + id
            + " that match were written by another (the node, a peer or another account)");
      }
    }
    if (n == 0) throw TaxiiError.notFound("no object " + id + " matches in this collection");
    r.ctx().status(200).contentType(MediaTypes.TAXII);
  }

  void addObjects(Request r) throws IOException {
    Collection c = writable(r);
    Params.of(r.ctx().queryParamMap(), Params.NONE);
    // a body declared in a charset it is not read in is refused, not read as UTF-8 (hostile run 12ba D7: POST /telemetry
    // answered 415 for it, and a TAXII POST read a windows-1252 body as UTF-8); said before the type, which such a
    // parameter may spoil ("; charset = x")
    String charset = MediaTypes.unreadableCharset(r.ctx().header("Content-Type"), MediaTypes.JSON_TEXT);
    if (charset != null) {
      throw TaxiiError.of(415, "Unsupported media type", "objects are sent as JSON in UTF-8 (RFC 8259 §8.1), not charset=" + charset
          + ": nothing of it was read");
    }
    if (!MediaTypes.isTaxiiContent(r.ctx().header("Content-Type"))) {
      throw TaxiiError.of(415, "Unsupported media type", "send objects as " + MediaTypes.TAXII);
    }
    byte[] body = readBody(r.ctx());
    Envelope envelope = readEnvelope(body);
    if (envelope.entries().isEmpty()) {
      throw TaxiiError.badRequest("the request body must be a TAXII envelope with a non-empty objects list");
    }
    String tooMany = envelope.tooManyEntries();
    if (tooMany != null) throw TaxiiError.badRequest(tooMany + "; nothing of it is stored");
    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
    TaxiiApi.json(r.ctx(), 202, Resources.status(adds.submit(c.id(), r.account(), envelope.body(), envelope.entries(), at, senderCollection(r)),
        r.account()));
  }

  /**
   * The collection of a peer's node that a push's objects come from, named by its {@value ReceiptStore#SENDER_COLLECTION}
   * header (Parley's push sends it), so that their receipts can be asked of it; null for any other
   * account, or a push without it. A value that is not a collection id is a bad request.
   */
  private static UUID senderCollection(Request r) {
    String named = r.ctx().header(ReceiptStore.SENDER_COLLECTION);
    if (named == null || !r.account().isPeer()) return null;
    try {
      UUID id = UUID.fromString(named.strip());
      if (id.toString().equals(named.strip())) return id;
    } catch (IllegalArgumentException e) {
      // said below
    }
    throw TaxiiError.badRequest(ReceiptStore.SENDER_COLLECTION + " must name a collection by its id (a UUID in its canonical form)");
  }

  /** The array a body of a declared length is first read into (it doubles from there). */
  private static final int FIRST_READ = 1 << 20;

  private byte[] readBody(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > config.maxContentLength()) throw tooLarge();
    byte[] body;
    try (InputStream in = ctx.req().getInputStream()) {
      if (declared >= 0) {
        // hostile run 12ba D3: reading to an unknown end held twice the body, and three 30 MB POSTs ran a 256 MB node out
        BodyBytes read = new BodyBytes(declared, FIRST_READ);
        read.readFrom(in);
        if (read.size() < declared) throw Errors.unreadBody(new IOException("the body ended before its Content-Length"));
        body = read.bytes();
      } else {
        body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, config.maxContentLength() + 1));
      }
    } catch (IOException e) {
      throw Errors.unreadBody(e);
    }
    if (body.length > config.maxContentLength()) throw tooLarge();
    return body;
  }

  /**
   * The envelope of an add request, read as text: its objects become trees one at a time as they are
   * stored ({@link Envelope}).
   */
  private static Envelope readEnvelope(byte[] body) {
    try {
      // a repeated member name or a number out of range anywhere refuses the whole request, with where
      Envelope envelope = Envelope.read(body);
      if (!envelope.isObject()) throw TaxiiError.badRequest("the request body must be a JSON object (a TAXII envelope)");
      return envelope;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      // in the project's words: the parser's own named settings, advice and excerpts of the input are no answer
      throw TaxiiError.badRequest("the request body is not valid JSON" + where + ": " + Json.problem(e));
    } catch (IOException e) {
      // read from bytes in memory: only malformed JSON fails
      throw new UncheckedIOException(e);
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

  private void envelope(Context ctx, Cursor at, Page page) {
    boolean manifest = at.request().kind() == PageRequest.Kind.MANIFEST;
    String head = page.more() ? "{\"more\":true,\"next\":\"" + next(at, page) + '"' : "{\"more\":false";
    // a page of objects is its bodies as stored, a few bytes around each: sized exactly, the body is
    // never copied to grow nor trimmed at the end (a page of the largest objects is megabytes)
    long size = head.length() + 1;
    if (!page.rows().isEmpty()) size += ",\"objects\":[]".length() + page.rows().size() - 1;
    for (ObjectRow row : page.rows()) size += manifest ? 160 : row.body().length;
    Utf8Builder b = new Utf8Builder((int) Math.min(Integer.MAX_VALUE - 8, size));
    b.append(head);
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
    dateHeaders(ctx, at.request(), page);
    MediaTypes.send(ctx, 200, b.append('}').toBytes());
  }

  /**
   * The X-TAXII-Date-Added-First and -Last headers (TAXII 2.1 §3.2: every 200 response of these
   * endpoints). An empty page has no first or last object; when the client gave added_after, both
   * carry it (the position to continue from), otherwise they are left out rather than invented.
   */
  private static void dateHeaders(Context ctx, PageRequest request, Page page) {
    if (page.rows().isEmpty()) {
      if (request.addedAfter() == null) return;
      ctx.header("X-TAXII-Date-Added-First", Timestamps.format(request.addedAfter()));
      ctx.header("X-TAXII-Date-Added-Last", Timestamps.format(request.addedAfter()));
      return;
    }
    ctx.header("X-TAXII-Date-Added-First", Timestamps.format(page.rows().get(0).dateAdded()));
    ctx.header("X-TAXII-Date-Added-Last", Timestamps.format(page.rows().get(page.rows().size() - 1).dateAdded()));
  }
}
