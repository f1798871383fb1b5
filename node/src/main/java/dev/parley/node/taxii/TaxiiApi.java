package dev.parley.node.taxii;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.node.NodeConfig;
import dev.parley.store.Stores;
import dev.parley.node.auth.Authenticator;
import dev.parley.node.auth.Credential;
import dev.parley.node.ops.Metrics;
import dev.parley.stix.Json;
import dev.parley.store.collections.Collection;
import dev.parley.store.collections.CollectionStore;
import dev.parley.store.cursors.CursorKeys;
import dev.parley.store.status.Status;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The TAXII 2.1 server (discovery, API roots, status, collections and the object endpoints of
 * {@link ObjectEndpoints}): every request is authenticated, content-negotiated, timed, and its
 * failures go through {@link Errors}.
 */
public final class TaxiiApi implements AutoCloseable {
  /** What a route does once the request is authenticated. */
  @FunctionalInterface
  interface Handler {
    void handle(Request request) throws Exception;
  }

  private final NodeConfig config;
  private final Stores stores;
  private final Authenticator auth;
  private final Metrics metrics;
  private final ObjectEndpoints objects;
  private final CollectionCache collections;

  public TaxiiApi(NodeConfig config, Stores stores, Authenticator auth, Metrics metrics) {
    this.config = config;
    this.stores = stores;
    this.auth = auth;
    this.metrics = metrics;
    this.objects = new ObjectEndpoints(this, stores, metrics, config, new Cursors(CursorKeys.load(stores.db())));
    this.collections = new CollectionCache(stores.collections());
  }

  /** Lets the add requests under way finish storing their objects. */
  @Override
  public void close() {
    objects.close();
  }

  /** Registers every TAXII route; HEAD runs the GET's handler, its checks included, and sends no body. */
  public void register(RoutesConfig routes) {
    read(routes, "/taxii2/", wrap("discovery", this::discovery));
    String root = "/{root}";
    read(routes, root + "/", wrap("api_root", this::apiRoot));
    read(routes, root + "/status/{status}/", wrap("status", this::status));
    read(routes, root + "/collections/", wrap("collections", this::collections));
    read(routes, root + "/collections/{collection}/", wrap("collection", this::collection));
    read(routes, root + "/collections/{collection}/manifest/", wrap("manifest", objects::manifest));
    read(routes, root + "/collections/{collection}/objects/", wrap("objects", objects::getObjects));
    routes.post(root + "/collections/{collection}/objects/", wrap("objects", objects::addObjects));
    read(routes, root + "/collections/{collection}/objects/{object}/", wrap("object", objects::getObject));
    routes.delete(root + "/collections/{collection}/objects/{object}/", wrap("object", objects::deleteObject));
    read(routes, root + "/collections/{collection}/objects/{object}/versions/", wrap("versions", objects::versions));
  }

  private static void read(RoutesConfig routes, String path, io.javalin.http.Handler handler) {
    routes.get(path, handler);
    routes.head(path, handler);
  }

  /** Authentication, content negotiation, timing and error mapping around a handler. */
  io.javalin.http.Handler wrap(String route, Handler handler) {
    return ctx -> {
      long start = System.nanoTime();
      try {
        Credential credential = auth.identify(ctx.header("Authorization"));
        if (!(credential instanceof Credential.Valid valid)) {
          throw new TaxiiError(401, "Unauthorized", credential.refusal(), Map.of(), Map.of("WWW-Authenticate", credential.challenge()));
        }
        if (!(route.equals("manifest") ? MediaTypes.acceptsManifest(ctx.header("Accept")) : MediaTypes.accepts(ctx.header("Accept")))) {
          throw TaxiiError.of(406, "Not acceptable", "this endpoint answers with " + MediaTypes.TAXII);
        }
        if (!route.equals("discovery")) apiRootName(ctx);
        handler.handle(new Request(ctx, valid.account()));
      } catch (Exception e) {
        Errors.write(ctx, e);
      } finally {
        metrics.request(route, ctx.method().name(), ctx.statusCode(), System.nanoTime() - start);
      }
    };
  }

  private String apiRootName(Context ctx) {
    String name = ctx.pathParam("root");
    if (!config.apiRoots().contains(name)) throw TaxiiError.notFound("no API root named " + name);
    return name;
  }

  static void json(Context ctx, int status, ObjectNode body) {
    MediaTypes.send(ctx, status, body.toString());
  }

  /**
   * Where the API roots are, as TAXII 2.1 §4.1.1 allows them: "HTTPS absolute URLs or relative
   * URLs". Over HTTPS the absolute URL (host from the request's Host header when it is a plain host
   * name); over plain HTTP a relative one, which also stays right behind a proxy that terminates TLS.
   */
  private String rootUrl(Context ctx, String name) {
    if (!ctx.scheme().equals("https")) return "/" + name + "/";
    String host = ctx.header("Host");
    if (host == null || host.isBlank() || !host.matches("[A-Za-z0-9.\\-:\\[\\]]+")) host = config.host() + ":" + ctx.port();
    return "https://" + host + "/" + name + "/";
  }

  private void discovery(Request r) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("title", "Parley node " + config.name());
    o.put("description", "A Parley threat-intelligence exchange node (STIX 2.1 over TAXII 2.1).");
    o.put("default", rootUrl(r.ctx(), config.apiRoots().get(0)));
    ArrayNode roots = o.putArray("api_roots");
    for (String name : config.apiRoots()) roots.add(rootUrl(r.ctx(), name));
    json(r.ctx(), 200, o);
  }

  private void apiRoot(Request r) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("title", "Parley API root " + r.ctx().pathParam("root"));
    o.put("description", "Collections of node " + config.name() + ". Pages hold at most x_parley_max_page_size objects.");
    o.putArray("versions").add(MediaTypes.TAXII);
    o.put("max_content_length", config.maxContentLength());
    o.put("x_parley_max_page_size", config.maxPageSize());
    json(r.ctx(), 200, o);
  }

  /**
   * An add request's status, to the account that made it or an administrator; any other account
   * gets the 404 of an unknown id, after the same one look-up.
   */
  private void status(Request r) {
    UUID id = CollectionStore.parseUuid(r.ctx().pathParam("status"));
    if (id == null) throw TaxiiError.notFound("no status " + r.ctx().pathParam("status"));
    Status s = stores.statuses().find(id, r.account().admin() ? null : r.account().name())
        .orElseThrow(() -> TaxiiError.notFound("no status " + id));
    Optional<Collection> c = stores.collections().find(s.collection());
    if (c.isEmpty() || !c.get().apiRoot().equals(r.ctx().pathParam("root"))) throw TaxiiError.notFound("no status " + id);
    json(r.ctx(), 200, Resources.status(s, r.account()));
  }

  private void collections(Request r) {
    ObjectNode o = Json.mapper().createObjectNode();
    ArrayNode list = Json.mapper().createArrayNode();
    String root = r.ctx().pathParam("root");
    for (Collection c : stores.collections().list()) {
      if (c.apiRoot().equals(root) && r.account().canSee(c.id().toString())) list.add(Resources.collection(c, r.account()));
    }
    if (!list.isEmpty()) o.set("collections", list); // TAXII forbids empty lists (§2)
    json(r.ctx(), 200, o);
  }

  private void collection(Request r) {
    json(r.ctx(), 200, Resources.collection(visibleCollection(r), r.account()));
  }

  /**
   * The collection in the path, by id or by alias (TAXII 2.1 §5.2.1: an alias "can be used on
   * systems to alias a collection ID"), if the account may see it (404 otherwise, as if it did not
   * exist).
   */
  Collection visibleCollection(Request r) {
    String raw = r.ctx().pathParam("collection");
    Collection c = collections.find(raw, found -> found.apiRoot().equals(r.ctx().pathParam("root")) && r.account().canSee(found.id().toString()));
    if (c == null) throw TaxiiError.notFound("no collection " + raw + " in this API root");
    return c;
  }
}
