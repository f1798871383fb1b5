package dev.parley.web;

import dev.parley.store.Stores;
import dev.parley.store.accounts.Account;
import dev.parley.store.browse.BrowseStore;
import dev.parley.store.peers.Peer;
import dev.parley.web.view.ErrorView;
import dev.parley.web.view.Layout;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.staticfiles.Location;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web interface, served by the node at {@code /} beside TAXII: sign-in with a token, the
 * dashboard, collections, objects and their graph, bulk search, the log, import and the operators'
 * page. Pages are jte templates compiled at build time (every value HTML-escaped); the little
 * JavaScript there is (charts, the graph, the in-browser proof check) and htmx, cytoscape.js and
 * uPlot are served by the node itself. What a page shows is what the account may read over TAXII:
 * the collections it may read, and for a peer's account its feed only.
 */
public final class WebUi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebUi.class);
  static final String SESSION_COOKIE = "parley_session";
  static final String SIGNIN_COOKIE = "parley_signin";
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
      + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  final Stores stores;
  final BrowseStore browse;
  final Sessions sessions;
  final TemplateEngine templates;
  final Imports imports;
  final List<String> apiRoots;
  private final ScheduledExecutorService indexer;

  private WebUi(Stores stores, List<String> apiRoots, Clock clock) {
    this.stores = stores;
    this.apiRoots = List.copyOf(apiRoots);
    this.browse = new BrowseStore(stores.db());
    this.sessions = new Sessions(clock);
    this.templates = TemplateEngine.createPrecompiled(null, ContentType.Html, WebUi.class.getClassLoader(), "dev.parley.web.templates");
    this.imports = new Imports(this);
    this.indexer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "web-search-indexer");
      t.setDaemon(true);
      return t;
    });
    indexer.scheduleWithFixedDelay(this::indexSearch, 0, 250, TimeUnit.MILLISECONDS);
  }

  /**
   * Indexes the searchable text of new members behind the write path, at most 2,000 every 250 ms, so
   * that a bulk load is not slowed by more than a share of the CPU; search finds an object once its
   * body is indexed (within a second of its add). While this process runs a bulk load (an import, a
   * pull; {@link dev.parley.store.Foreground}), the indexer yields to it and runs once every
   * {@link #WHILE_LOADING} only, so a pull of a million objects does not share the machine's cores
   * with its own indexing, and search lags the load until it ends (then catches up at full rate).
   */
  private void indexSearch() {
    if (stores.db().foreground().busy() && System.nanoTime() - lastIndexed < WHILE_LOADING.toNanos()) return;
    lastIndexed = System.nanoTime();
    try {
      browse.indexSearch(2000);
    } catch (RuntimeException e) {
      LOG.debug("search indexing failed; trying again", e);
    }
  }

  /** How often the indexer runs while a bulk load does: often enough that a load that never ends still leaves search usable. */
  static final Duration WHILE_LOADING = Duration.ofSeconds(5);
  /** When the indexer last ran (only its thread touches it). */
  private long lastIndexed = System.nanoTime();

  /**
   * Adds the interface's routes and static files to a node's Javalin configuration; call it before
   * routes with path parameters at the root (TAXII's), which would take {@code /ui/...} otherwise.
   */
  public static WebUi configure(JavalinConfig c, Stores stores, List<String> apiRoots) {
    return configure(c, stores, apiRoots, Clock.systemUTC());
  }

  /** As {@link #configure(JavalinConfig, Stores, List)}, with the clock sessions expire by (for tests). */
  public static WebUi configure(JavalinConfig c, Stores stores, List<String> apiRoots, Clock clock) {
    WebUi ui = new WebUi(stores, apiRoots, clock);
    c.staticFiles.enableWebjars();
    c.staticFiles.add(s -> {
      s.hostedPath = "/ui/static";
      s.directory = "/dev/parley/web/static";
      s.location = Location.CLASSPATH;
      s.headers = Map.of("Cache-Control", "no-cache", "X-Content-Type-Options", "nosniff");
    });
    new Routes(ui).register(c.routes);
    return ui;
  }

  /** A signed-in request: the account as it is now, its session, and the peer whose view an administrator chose. */
  record Viewer(Account account, Sessions.Session session, Peer asPeer) {
    /** The feed this viewer reads: its own (a peer's account), the chosen peer's, or null for collections as they are. */
    Integer feed() {
      if (account.isPeer()) return account.peer();
      return asPeer == null ? null : asPeer.id();
    }

    /** Whether the viewer (or the peer it looks as) may read the collection. */
    boolean canRead(Stores stores, String collection) {
      if (!account.canRead(collection)) return false;
      if (asPeer == null) return true;
      return stores.accounts().list().stream().filter(a -> a.name().equals(asPeer.name())).anyMatch(a -> a.canRead(collection));
    }
  }

  /** The viewer of this request, or empty: no cookie, an ended session, or a token no longer valid. */
  Optional<Viewer> viewer(Context ctx) {
    Optional<Sessions.Session> session = sessions.find(ctx.cookie(SESSION_COOKIE));
    if (session.isEmpty()) return Optional.empty();
    Optional<Account> account = stores.accounts().authenticate(session.get().token);
    if (account.isEmpty()) {
      sessions.close(session.get().id);
      return Optional.empty();
    }
    Peer as = null;
    String asName = ctx.queryParam("as");
    if (asName != null && !asName.isEmpty() && account.get().admin()) {
      as = stores.peers().find(asName).orElseThrow(() -> new WebException(400, "there is no peer named " + asName));
    }
    return Optional.of(new Viewer(account.get(), session.get(), as));
  }

  Layout layout(Context ctx, Viewer v, String title) {
    List<String> peers = v.account().admin() ? stores.peers().list().stream().map(Peer::name).toList() : List.of();
    return new Layout(title, v.account().name(), v.session().csrf, v.account().admin(), v.asPeer() == null ? null : v.asPeer().name(),
        peers, ctx.path());
  }

  /** Renders {@code template} with {@code model} as the response, with the interface's security headers. */
  void render(Context ctx, String template, Object model) {
    StringOutput out = new StringOutput();
    templates.render(template, model, out);
    headers(ctx);
    ctx.contentType("text/html; charset=utf-8").result(out.toString());
  }

  static void headers(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-store");
  }

  /** Runs {@code handler}, turning a failure into a page that says what went wrong (never a stack trace). */
  Handler guarded(Handler handler) {
    return ctx -> {
      try {
        handler.handle(ctx);
      } catch (WebException e) {
        error(ctx, e.status, e.getMessage());
      } catch (IllegalArgumentException e) {
        error(ctx, 400, e.getMessage());
      } catch (RuntimeException e) {
        LOG.warn("web page {} failed", ctx.path(), e);
        error(ctx, 500, "the page could not be made: " + e.getClass().getSimpleName() + "; the node's log has the details");
      }
    };
  }

  void error(Context ctx, int status, String message) {
    Optional<Viewer> v = Optional.empty();
    try {
      v = sessions.find(ctx.cookie(SESSION_COOKIE)).flatMap(s -> stores.accounts().authenticate(s.token).map(a -> new Viewer(a, s, null)));
    } catch (RuntimeException ignored) {
      // the error page is shown without the account's name
    }
    Layout layout = v.map(x -> layout(ctx, x, "Error")).orElse(new Layout("Error", null, null, false, null, List.of(), ctx.path()));
    ctx.status(status);
    render(ctx, "error.jte", new ErrorView(layout, status, message));
  }

  @Override
  public void close() {
    indexer.shutdownNow();
    imports.close();
  }
}
