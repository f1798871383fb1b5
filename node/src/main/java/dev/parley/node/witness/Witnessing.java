package dev.parley.node.witness;

import dev.parley.store.witness.Forks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.parley.stix.Json;
import dev.parley.store.StoreException;
import dev.parley.store.Stores;
import dev.parley.store.witness.EvidenceJson;
import dev.parley.store.witness.EvidenceStore;
import dev.parley.store.witness.MonitorStore;
import dev.parley.store.witness.Seen;
import dev.parley.store.witness.WitnessKeys;
import dev.parley.store.witness.WitnessStore;
import dev.parley.tlog.note.SignerKey;
import dev.parley.tlog.witness.Witnessed;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import dev.parley.tlog.witness.ForkEvidence;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's witnessing (issue 11): its witness ({@code /witness/key}, {@code /witness/add-checkpoint}
 * of c2sp.org/tlog-witness), what it shares with peers ({@code /witness/checkpoints}, {@code
 * /witness/evidence}, Parley's extension: WITNESS-API.md), and one background thread that, every
 * interval, submits the log's newest checkpoint to the peers' witnesses and runs the monitor.
 */
public final class Witnessing implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Witnessing.class);
  /** Per origin: an honest log submits once an interval per witness, retries included. */
  private static final double RATE = 50;
  private static final double BURST = 100;

  private final SignerKey key;
  private final WitnessStore witnessed;
  private final MonitorStore monitored;
  private final EvidenceStore evidence;
  private final AddCheckpointHandler handler;
  private final WitnessClient client;
  private final Monitor monitor;
  private final Duration interval;
  private final GroupCommit commits;
  private ScheduledExecutorService timer;

  private Witnessing(SignerKey key, Stores stores, String self, Duration interval) {
    this.key = key;
    this.interval = interval;
    this.witnessed = new WitnessStore(stores.db());
    this.monitored = new MonitorStore(stores.db());
    this.evidence = new EvidenceStore(stores.db());
    PeerLogs logs = new PeerLogs(stores.peers());
    Http http = new Http();
    Forks forks = new Forks(evidence, stores.peers());
    this.monitor = new Monitor(logs, monitored, forks, http);
    this.commits = new GroupCommit(witnessed);
    this.handler = new AddCheckpointHandler(key, commits, logs, monitor, forks, new RateLimiter(RATE, BURST), self);
    this.client = stores.log() == null ? null : new WitnessClient(stores.log(), logs, stores.peers(), http);
  }

  /** Loads or makes the node's witness key ({@code witness.key} in the data folder, 0600). */
  public static Witnessing open(Path dataDir, String nodeName, Stores stores, Duration interval) {
    SignerKey key = WitnessKeys.loadOrCreate(dataDir.resolve(WitnessKeys.FILE), nodeName);
    return new Witnessing(key, stores, nodeName, interval);
  }

  /** The witness's verifier key. */
  public String verifierKey() {
    return key.verifierKey().encode();
  }

  /** Registers the routes (GET answers HEAD too, without a body). */
  public void register(JavalinDefaultRoutingApi routes) {
    read(routes, "/witness/key", ctx -> ctx.header("Cache-Control", "no-cache").contentType("text/plain; charset=utf-8")
        .result(verifierKey() + "\n"));
    routes.post("/witness/add-checkpoint", this::add);
    read(routes, "/witness/checkpoints", this::checkpoints);
    read(routes, "/witness/evidence", ctx -> {
      ArrayNode list = EvidenceJson.write(evidence.list().stream().map(r -> withPublicSources(r.evidence())).toList());
      ctx.header("Cache-Control", "no-store").contentType("application/json").result(list.toString());
    });
  }

  private static void read(JavalinDefaultRoutingApi routes, String path, Handler handler) {
    Handler guarded = ctx -> {
      try {
        handler.handle(ctx);
      } catch (StoreException e) {
        ctx.status(503).contentType("text/plain; charset=utf-8").result("the database is unavailable\n");
      }
    };
    routes.get(path, guarded);
    routes.head(path, guarded);
  }

  private void add(Context ctx) throws IOException {
    long declared = ctx.contentLength();
    if (declared > AddCheckpointHandler.MAX_BODY) {
      ctx.status(413).contentType("text/plain; charset=utf-8").result("a request body is at most " + AddCheckpointHandler.MAX_BODY + " bytes\n");
      return;
    }
    byte[] body;
    try (InputStream in = ctx.bodyInputStream()) {
      body = in.readNBytes(AddCheckpointHandler.MAX_BODY + 1);
    } catch (IOException e) {
      // a client that hung up mid-body: answered, not logged (hostile run 12p: an ERROR and Jetty's stack trace each,
      // which anyone could make by the thousand)
      ctx.status(400).contentType("text/plain; charset=utf-8").result("the request body could not be read to its end\n");
      return;
    }
    if (body.length > AddCheckpointHandler.MAX_BODY) {
      ctx.status(413).contentType("text/plain; charset=utf-8").result("a request body is at most " + AddCheckpointHandler.MAX_BODY + " bytes\n");
      return;
    }
    AddCheckpointHandler.Answer answer;
    try {
      answer = handler.handle(body, ctx.req().getRemoteAddr() + ":" + ctx.req().getRemotePort());
    } catch (StoreException e) {
      answer = AddCheckpointHandler.Answer.text(503, "the database is unavailable; nothing was cosigned");
    }
    if (answer.status() == 429) ctx.header("Retry-After", "1");
    ctx.status(answer.status()).header("Cache-Control", "no-store").contentType(answer.contentType()).result(answer.body());
  }

  /**
   * The evidence as anyone may read it: each note's source said by its kind only. Where a note came
   * from names the operator's own name for a peer, a peer's URL, the address that posted it (hostile
   * run 10p read them at /witness/evidence); {@code parley log evidence} shows them whole.
   */
  static ForkEvidence withPublicSources(ForkEvidence e) {
    List<String> from = e.from().stream().map(Witnessing::publicSource).toList();
    return new ForkEvidence(e.origin(), e.notes(), e.proof(), from, e.at());
  }

  private static String publicSource(String from) {
    if (from.startsWith("add-checkpoint from")) return "posted to this node's witness";
    if (from.startsWith("cosigned earlier")) return "cosigned earlier by this node's witness";
    if (from.startsWith("gossip from")) return "gossip from a peer";
    if (from.startsWith("receipts from") || from.contains("receipt")) return "a receipt from the log";
    if (from.endsWith("/log/checkpoint")) return "the log's own checkpoint";
    return "seen by this node";
  }

  /** The latest checkpoint held of each log: the one cosigned, and the largest one seen consistent. */
  private void checkpoints(Context ctx) {
    ArrayNode list = Json.mapper().createArrayNode();
    Map<String, String> seen = new LinkedHashMap<>();
    for (Witnessed w : witnessed.all()) {
      seen.put(w.checkpoint().origin(), w.note());
      list.addObject().put("origin", w.checkpoint().origin()).put("held", "cosigned").put("checkpoint", w.note());
    }
    for (Seen m : monitored.all()) {
      if (!m.note().equals(seen.get(m.checkpoint().origin()))) {
        list.addObject().put("origin", m.checkpoint().origin()).put("held", "monitored").put("checkpoint", m.note());
      }
    }
    ctx.header("Cache-Control", "no-store").contentType("application/json").result(list.toString());
  }

  /**
   * Prometheus lines: fork evidence records in all, and, for an administrator, per peer (labelled
   * with the operator's own name for each peer, which no one else may read: hostile run 10o read
   * them on the anonymous page).
   */
  public String metrics(boolean administrator) {
    StringBuilder b = new StringBuilder();
    try {
      b.append("# HELP parley_forks Fork evidence records about peers' logs (parley log evidence).\n");
      b.append("# TYPE parley_forks gauge\n");
      b.append("parley_forks ").append(evidence.countAboutPeers()).append('\n');
      if (!administrator) return b.toString();
      Map<String, Long> byPeer = evidence.countsByPeer();
      b.append("# HELP parley_peer_forks Fork evidence records about each peer's log, whichever of its names showed them (parley log evidence).\n");
      b.append("# TYPE parley_peer_forks gauge\n");
      byPeer.forEach((peer, n) ->
          b.append("parley_peer_forks{peer=\"").append(peer.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"} ").append(n).append('\n'));
    } catch (StoreException e) {
      // the database is down: /healthz says so
    }
    return b.toString();
  }

  /** Starts the background rounds: submit for cosigning, then monitor, every interval. */
  public void start() {
    commits.start();
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "parley-witness");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(() -> {
      try {
        if (client != null) client.round();
        monitor.round();
      } catch (RuntimeException e) {
        if (Thread.currentThread().isInterrupted()) {
          LOG.debug("a witnessing round stopped: the node is stopping");
        } else {
          LOG.warn("a witnessing round failed, trying again: {}", e.toString());
        }
      }
    }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    commits.close();
    if (timer == null) return;
    timer.shutdownNow();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
