package dev.parley.node;

import dev.parley.node.auth.Authenticator;
import dev.parley.node.detect.NodeDetection;
import dev.parley.node.detect.TelemetryRoutes;
import dev.parley.node.egress.FeedLoop;
import dev.parley.node.log.LogRoutes;
import dev.parley.node.ops.Metrics;
import dev.parley.node.taxii.Errors;
import dev.parley.node.taxii.MediaTypes;
import dev.parley.node.taxii.ProtocolErrors;
import dev.parley.node.taxii.TaxiiApi;
import dev.parley.node.taxii.TaxiiError;
import dev.parley.node.witness.Witnessing;
import dev.parley.stix.Timestamps;
import dev.parley.store.PrivateFiles;
import dev.parley.store.Stores;
import dev.parley.store.accounts.Account;
import dev.parley.store.egress.Publisher;
import dev.parley.store.objects.ObjectQuery;
import dev.parley.store.objects.VersionFilter;
import dev.parley.store.objects.WriteHook;
import dev.parley.store.peers.Peer;
import dev.parley.web.WebUi;
import io.javalin.Javalin;
import io.javalin.http.Handler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Parley node: the store, the TAXII 2.1 server, {@code /healthz} and {@code /metrics}
 * over HTTP(S). {@link #close()} stops accepting, lets requests in flight finish, and closes the
 * database (stopping the embedded server if this node started it).
 */
public final class Node implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);
  /** The heap a node should have for each byte of its largest request body, below which its start warns. */
  static final long HEAP_PER_BODY = 8;
  /** The request attribute that holds a POST's {@link BodySlots} slot until the request ends. */
  private static final String BODY_SLOT = "parley.body-slot";
  private static final String IN_FLIGHT = "parley.in-flight";
  /** How long {@link #close} waits for the requests being answered to end before it stops the server under them. */
  static final Duration STOP_WAIT = Duration.ofSeconds(10);

  /** Counts a request as being answered, until its after-handler. */
  private static void answering(io.javalin.http.Context ctx, AtomicInteger inFlight) {
    inFlight.incrementAndGet();
    ctx.attribute(IN_FLIGHT, Boolean.TRUE);
  }

  private final NodeConfig config;
  private final Stores stores;
  private final Javalin app;
  private final TaxiiApi taxii;
  private final String firstToken;
  private final boolean tls;

  private FeedLoop feeds;
  private NodeDetection detection;
  private Witnessing witnessing;
  private WebUi web;
  /** The requests being answered, and the Jetty server: {@link #close} waits for the first, then stops the second at once. */
  private AtomicInteger inFlight;
  private org.eclipse.jetty.server.Server jetty;

  private Node(NodeConfig config, Stores stores, Javalin app, TaxiiApi taxii, String firstToken, boolean tls) {
    this.config = config;
    this.stores = stores;
    this.app = app;
    this.taxii = taxii;
    this.firstToken = firstToken;
    this.tls = tls;
  }

  /**
   * Opens the store and its transparency log, holding the data folder (made on first use), starts
   * serving TAXII, the log, health and metrics, and makes the first administrator if there is none.
   *
   * @throws NodeConfigException when a TLS file or the address cannot work; nothing is made then
   * @throws NodeException when the port is taken (nothing is made) or the node cannot start
   * @throws dev.parley.store.FolderInUseException when another process holds the data folder
   */
  public static Node start(NodeConfig config) {
    return start(config, null, DetectionConfig.defaults());
  }

  /** As {@link #start(NodeConfig)}, detecting as {@code detect} says. */
  public static Node start(NodeConfig config, DetectionConfig detect) {
    return start(config, null, detect);
  }

  /** As {@link #start(NodeConfig)}, without a log and with {@code hook} in the write path (for tests of the store alone). */
  public static Node start(NodeConfig config, WriteHook hook) {
    return start(config, hook, DetectionConfig.defaults());
  }

  private static Node start(NodeConfig config, WriteHook hook, DetectionConfig detect) {
    if (detect.telemetryDir() != null && !Files.isDirectory(detect.telemetryDir())) {
      throw new NodeConfigException("--telemetry-dir " + detect.telemetryDir() + " is not a folder");
    }
    // what can be judged before the data folder is touched is judged first: a start that fails makes nothing
    KeyStore tlsKeys = config.tlsCert() == null ? null : Tls.keyStore(config.tlsCert(), config.tlsKey());
    Listen.check(config.host(), config.port());
    Stores stores = hook == null ? Stores.open(config.store()) : Stores.open(config.store(), hook);
    try {
      stores.statuses().startWorker();
      int failed = stores.statuses().failPending("not stored: the node stopped before storing this object; send it again");
      if (failed > 0) LOG.warn("{} objects of add requests were still pending when the node last stopped; their statuses now say so", failed);
      Metrics metrics = new Metrics();
      Authenticator auth = new Authenticator(stores.accounts());
      TaxiiApi taxii = new TaxiiApi(config, stores, auth, metrics);
      NodeDetection detection;
      try {
        detection = NodeDetection.start(stores, detect, config.apiRoots().get(0), config.name());
      } catch (RuntimeException e) {
        taxii.close();
        throw e;
      }
      Witnessing witnessing = stores.log() == null ? null
          : Witnessing.open(config.dataDir(), config.name(), stores, config.witnessInterval());
      WebUi[] web = new WebUi[1];
      org.eclipse.jetty.server.Server[] jetty = new org.eclipse.jetty.server.Server[1];
      AtomicInteger inFlight = new AtomicInteger();
      Javalin app = Javalin.create(c -> {
        c.startup.showJavalinBanner = false;
        c.http.maxRequestSize = config.maxContentLength();
        c.http.prefer405over404 = true;
        c.router.ignoreTrailingSlashes = true;
        c.jetty.modifyServer(server -> {
          jetty[0] = server;
          server.setStopTimeout(STOP_WAIT.toMillis());
          // what Jetty refuses before any route runs (a bad path, a request too large) is a TAXII error too, not its HTML page
          server.setErrorHandler(new ProtocolErrors());
        });
        if (tlsKeys != null) Tls.configure(c, config, tlsKeys);
        // every POST reads a body: a bounded number at once (BodySlots), the rest answered 503 before their bodies
        BodySlots slots = new BodySlots();
        c.routes.before(ctx -> {
          String charset = MediaTypes.unusableCharset(ctx.header("Content-Type"));
          if (charset != null) {
            // the server decodes query strings by it: a bare or unknown one failed every route that read a parameter with 500
            // (hostile run bb D1), a GET as much as a POST
            Errors.write(ctx, TaxiiError.of(415, "Unsupported media type", "the Content-Type names " + charset
                + ", which is no charset: nothing of the request was read"));
            ctx.skipRemainingHandlers();
            return;
          }
          if (ctx.method() != io.javalin.http.HandlerType.POST) {
            answering(ctx, inFlight);
            return;
          }
          AutoCloseable slot = slots.take(ctx.req().getRemoteAddr());
          if (slot == null) {
            ctx.header("Retry-After", "5");
            Errors.write(ctx, TaxiiError.of(503, "Service unavailable", "too many requests are sending their bodies to this node now,"
                + " from this address or in all; nothing of this one was read: send it again later"));
            ctx.skipRemainingHandlers();
            return;
          }
          ctx.attribute(BODY_SLOT, slot);
          answering(ctx, inFlight);
        });
        c.routes.after(ctx -> {
          if (ctx.attribute(IN_FLIGHT) != null) inFlight.decrementAndGet();
          AutoCloseable slot = ctx.attribute(BODY_SLOT);
          if (slot != null) slot.close();
        });
        // fixed paths before TAXII's /{root}/ routes, which would otherwise match them; HEAD answers as GET does, without a body
        Handler health = ctx -> {
          boolean up = stores.db().ping();
          ctx.status(up ? 200 : 503).contentType("text/plain; charset=utf-8").result(up ? "ok\n" : "database unavailable\n");
        };
        c.routes.get("/healthz", health);
        c.routes.head("/healthz", health);
        // anyone reads the alarms (receipts that failed, forks per peer); the rest only an administrator:
        // the object counters tell a writer whether the node held what it sent, and the request counters
        // and latencies how much other accounts read of what it may not see (ARCHITECTURE.md, "/metrics")
        Handler metricsPage = ctx -> {
          boolean administrator = auth.authenticate(ctx.header("Authorization")).map(Account::admin).orElse(false);
          StringBuilder text = new StringBuilder();
          if (!administrator) {
            text.append("# Requests by route and status, their latencies and the objects stored: with an administrator's credentials.\n");
          } else {
            text.append(metrics.render());
            long added;
            try {
              added = stores.collections().totalAdded();
            } catch (RuntimeException e) {
              added = -1; // the database is down: /healthz says so, the rest of the metrics still serve
            }
            text.append(metrics.objectCounters(added));
          }
          long failedReceipts;
          long overdueReceipts;
          try {
            failedReceipts = stores.receipts().failed();
            overdueReceipts = stores.receipts().overdue(null);
          } catch (RuntimeException e) {
            failedReceipts = -1;
            overdueReceipts = -1;
          }
          text.append(Metrics.receiptAlarms(failedReceipts, overdueReceipts));
          if (administrator) {
            try {
              Map<String, String> states = new TreeMap<>();
              for (Peer p : stores.peers().list()) states.put(p.name(), p.state());
              text.append(Metrics.peerStates(states));
            } catch (RuntimeException e) {
              // the database is down: /healthz says so
            }
          }
          if (witnessing != null) text.append(witnessing.metrics(administrator));
          ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(text.toString());
        };
        c.routes.get("/metrics", metricsPage);
        c.routes.head("/metrics", metricsPage);
        if (stores.log() != null) LogRoutes.register(c.routes, stores.log().reader(), auth::identify, (peer, collection, id, version) -> {
          VersionFilter which;
          try {
            which = version.map(v -> new VersionFilter(false, false, false, List.of(Timestamps.parse(v)))).orElse(VersionFilter.LAST);
          } catch (IllegalArgumentException e) {
            return Optional.empty();
          }
          ObjectQuery q = new ObjectQuery(collection, 0, null, 1, List.of(id), List.of(), which, ObjectQuery.ANY_SPEC_VERSION, false, peer);
          Optional<String> reads = stores.objects().page(q).rows().stream().findFirst().map(row -> Timestamps.formatVersion(row.version()));
          if (reads.isPresent()) return reads;
          // a version the peer was served stays its to prove after its feed lost it (withdrawn, new terms, deleted)
          return stores.served().served(peer, collection, id, which.exact().stream().findFirst()).map(Timestamps::formatVersion);
        }, stores.agreements());
        // the web interface's fixed paths (/, /ui/..., /webjars/...) before TAXII's /{root}/ routes
        web[0] = WebUi.configure(c, stores, config.apiRoots());
        TelemetryRoutes.register(c.routes, auth, detection);
        if (witnessing != null) witnessing.register(c.routes);
        taxii.register(c.routes);
        // a route that answered 404 itself (TAXII, the log) keeps its own reason; only a path no route took gets this one
        c.routes.error(404, ctx -> {
          if (ctx.endpoints().lastHttpEndpoint() == null) Errors.writeStatus(ctx, 404);
        });
        c.routes.error(405, ctx -> Errors.writeStatus(ctx, 405));
        c.routes.exception(Exception.class, (e, ctx) -> Errors.write(ctx, e));
      });
      try {
        app.start(config.host(), config.port());
      } catch (RuntimeException e) {
        taxii.close();
        detection.close();
        throw new NodeException("cannot listen on " + config.host() + ":" + config.port() + ": " + rootMessage(e), e);
      }
      // made once the port is ours: a start that cannot listen leaves no token that no one was shown
      String token;
      try {
        stores.folder().serving(app.port());
        token = firstAdmin(config, stores);
      } catch (RuntimeException e) {
        app.stop();
        taxii.close();
        detection.close();
        throw e;
      }
      Node node = new Node(config, stores, app, taxii, token, tlsKeys != null);
      node.detection = detection;
      node.web = web[0];
      node.jetty = jetty[0];
      node.inFlight = inFlight;
      node.feeds = new FeedLoop(new Publisher(stores.db()), Duration.ofMillis(200));
      node.witnessing = witnessing;
      if (witnessing != null) witnessing.start();
      if (tlsKeys == null && !isLoopback(config.host())) {
        LOG.warn("serving plain HTTP on {}, which is not a loopback address: tokens and intelligence cross the network in clear;"
            + " use --tls-cert and --tls-key", config.host());
      }
      long heap = Runtime.getRuntime().maxMemory();
      if (heap < HEAP_PER_BODY * config.maxContentLength()) {
        // each request body is held whole until stored (four an account may have accepted), and an object is a few times
        // its size while it is judged: three POSTs of 30 MB ran a 256 MB node out (hostile run 12ba D3)
        LOG.warn("the API roots take requests of up to {} MB (--max-content-length) and the JVM has {} MB of heap: a few such requests at"
            + " once can run it out of memory; give it {} MB or more (-Xmx), or lower --max-content-length", config.maxContentLength() >> 20,
            heap >> 20, (HEAP_PER_BODY * config.maxContentLength()) >> 20);
      }
      LOG.info("node {} serves {} on {}", config.name(), stores.db().description(), node.discoveryUrl());
      return node;
    } catch (RuntimeException e) {
      stores.close();
      throw e;
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static String firstAdmin(NodeConfig config, Stores stores) {
    if (stores.accounts().hasAdmin()) return null;
    String token = stores.accounts().create("admin", true, Map.of());
    Path file = config.dataDir().resolve("admin.token");
    try {
      Files.deleteIfExists(file);
      PrivateFiles.create(file, token);
    } catch (IOException e) {
      throw new NodeException("cannot write " + file + ": " + e.getMessage(), e);
    }
    return token;
  }

  static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** The port the node listens on. */
  public int port() {
    return app.port();
  }

  /** The TAXII discovery URL. */
  public String discoveryUrl() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return (tls ? "https" : "http") + "://" + host + ":" + port() + "/taxii2/";
  }

  /** The administrator token created at this start (the first start of the store), if any. */
  public Optional<String> firstAdminToken() {
    return Optional.ofNullable(firstToken);
  }

  /** The stores this node serves. */
  public Stores stores() {
    return stores;
  }

  /** The node's detection: live indicators, runs that store sightings, the followed telemetry folder. */
  public NodeDetection detection() {
    return detection;
  }

  public NodeConfig config() {
    return config;
  }

  @Override
  public void close() {
    try {
      // each part stopped whatever became of the one before: an HTTP server that did not stop within its time (a
      // slow request in flight) left the held sightings unwritten and every loop reading a closed pool (hostile run 12aa)
      stopping("the HTTP server", this::stopServer);
      if (feeds != null) stopping("the peers' feeds", feeds::close);
      if (detection != null) stopping("detection", detection::close);
      if (witnessing != null) stopping("witnessing", witnessing::close);
      if (web != null) stopping("the web interface", web::close);
      stopping("the TAXII service", taxii::close);
    } finally {
      stores.close();
    }
  }

  /**
   * Waits up to {@link #STOP_WAIT} for the requests being answered to end, then stops the server
   * without Jetty's own wait, which, when a request outlasted it (a slow body), failed with a stack
   * trace and left the rest of the node unstopped (hostile run 12aa). A request still running is cut:
   * its run stores nothing, and its client sends it again.
   */
  private void stopServer() {
    long deadline = System.nanoTime() + STOP_WAIT.toNanos();
    if (jetty != null) {
      // no new connection while the requests in flight end
      for (org.eclipse.jetty.server.Connector connector : jetty.getConnectors()) connector.shutdown();
    }
    if (inFlight != null) {
      while (inFlight.get() > 0 && System.nanoTime() < deadline) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      int left = inFlight.get();
      if (left > 0) LOG.info("stopping: {} still being answered after {} s, cut (sent again, nothing of it is lost)",
          left == 1 ? "a request" : left + " requests", STOP_WAIT.toSeconds());
    }
    if (jetty != null) jetty.setStopTimeout(0);
    app.stop();
  }

  /** Runs one step of {@link #close}; a failure is logged, in a line, and the next step runs. */
  private static void stopping(String what, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      LOG.warn("stopping {}: {}", what, cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName());
    }
  }
}
