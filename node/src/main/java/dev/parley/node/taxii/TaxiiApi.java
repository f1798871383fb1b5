package dev.parley.node.taxii;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.node.NodeConfig;
import dev.parley.store.Stores;
import dev.parley.node.auth.Authenticator;
import dev.parley.node.ops.Metrics;
import dev.parley.stix.Json;
import dev.parley.store.accounts.Account;
import dev.parley.store.collections.Collection;
import dev.parley.store.collections.CollectionStore;
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
    this.objects = new ObjectEndpoints(this, stores, metrics, config);
    this.collections = new CollectionCache(stores.collections());
  }

  /** Lets the add requests under way finish storing their objects. */
  @Override
  public void close() {
    objects.close();
  }

  /** Registers every TAXII route. */
  public void register(RoutesConfig routes) {
    routes.get("/taxii2/", wrap("discovery", this::discovery));
    String root = "/{root}";
    routes.get(root + "/", wrap("api_root", this::apiRoot));
    routes.get(root + "/status/{status}/", wrap("status", this::status));
    routes.get(root + "/collections/", wrap("collections", this::collections));
    routes.get(root + "/collections/{collection}/", wrap("collection", this::collection));
    routes.get(root + "/collections/{collection}/manifest/", wrap("manifest", objects::manifest));
    routes.get(root + "/collections/{collection}/objects/", wrap("objects", objects::getObjects));
    routes.post(root + "/collections/{collection}/objects/", wrap("objects", objects::addObjects));
    routes.get(root + "/collections/{collection}/objects/{object}/", wrap("object", objects::getObject));
    routes.delete(root + "/collections/{collection}/objects/{object}/", wrap("object", objects::deleteObject));
    routes.get(root + "/collections/{collection}/objects/{object}/versions/", wrap("versions", objects::versions));
  }

  /** Authentication, content negotiation, timing and error mapping around a handler. */
  io.javalin.http.Handler wrap(String route, Handler handler) {
    return ctx -> {
      long start = System.nanoTime();
      try {
        Optional<Account> account = auth.authenticate(ctx.header("Authorization"));
        if (account.isEmpty()) {
          throw new TaxiiError(401, "Unauthorized", "this server needs HTTP Basic (account name and token) or a Bearer token",
              Map.of(), Map.of("WWW-Authenticate", "Basic realm=\"parley\", charset=\"UTF-8\""));
        }
        if (!(route.equals("manifest") ? MediaTypes.acceptsManifest(ctx.header("Accept")) : MediaTypes.accepts(ctx.header("Accept")))) {
          throw TaxiiError.of(406, "Not acceptable", "this endpoint answers with " + MediaTypes.TAXII);
        }
        if (!route.equals("discovery")) apiRootName(ctx);
        handler.handle(new Request(ctx, account.get()));
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

  private void status(Request r) {
    UUID id = CollectionStore.parseUuid(r.ctx().pathParam("status"));
    if (id == null) throw TaxiiError.notFound("no status " + r.ctx().pathParam("status"));
    Status s = stores.statuses().find(id).orElseThrow(() -> TaxiiError.notFound("no status " + id));
    Optional<Collection> c = stores.collections().find(s.collection());
    boolean mine = r.account().admin() || r.account().name().equals(s.account());
    if (!mine || c.isEmpty() || !c.get().apiRoot().equals(r.ctx().pathParam("root"))) throw TaxiiError.notFound("no status " + id);
    json(r.ctx(), 200, Resources.status(s));
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
    Collection c = collections.find(raw);
    if (c == null || !c.apiRoot().equals(r.ctx().pathParam("root")) || !r.account().canSee(c.id().toString())) {
      throw TaxiiError.notFound("no collection " + raw + " in this API root");
    }
    return c;
  }
}
