package dev.parley.sync;

import dev.parley.ingest.Ingest;
import dev.parley.policy.agreement.Agreement;
import dev.parley.policy.agreement.Feedback;
import dev.parley.store.NotFoundException;
import dev.parley.store.Stores;
import dev.parley.store.collections.Collection;
import dev.parley.store.egress.AgreementStore;
import dev.parley.store.egress.Feedbacks;
import dev.parley.store.peers.Peer;
import dev.parley.store.peers.ReceiptStore;
import dev.parley.store.witness.EvidenceStore;
import dev.parley.store.witness.Forks;
import dev.parley.store.witness.MonitorStore;
import dev.parley.store.witness.Seen;
import dev.parley.tlog.TlogException;
import dev.parley.tlog.checkpoint.CheckpointVerification;
import dev.parley.tlog.checkpoint.Checkpoints;
import dev.parley.tlog.note.VerifierKey;
import dev.parley.tlog.tiles.TileReader;
import dev.parley.tlog.tiles.TileUnavailableException;
import dev.parley.tlog.witness.ForkCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sync with the peers: one {@link #pass} checks each peer's log key against the one pinned, pulls
 * what its agreement's {@code receive} entries name, pushes what its {@code push} entries name, and
 * fetches the receipts of what was pulled; then records the peer's state, last sync and counts. A
 * peer that fails (down, slow, garbage, another key) ends only its own part of the pass. Peers are
 * synced at once, each on its own thread. A pass with a peer holds that peer's pass lock
 * ({@code PeerStore.holdPass}) from start to end, so that of every process on the database one pass
 * at a time runs with a peer; a pass that finds it held skips the peer and reports it {@code busy}.
 * Thread-safe; {@link #close} stops its threads.
 */
public final class Sync implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Sync.class);

  /**
   * How sync talks to peers.
   *
   * @param connectTimeout the longest wait for a connection
   * @param requestTimeout the longest wait for an answer to one request
   * @param statusDeadline how long a pushed envelope's status is followed before the push stops (the envelope goes again next pass)
   * @param receiptBudget how long a pass spends fetching a peer's receipts; what is left stays pending for the next pass
   * @param pagesPerPass how many pages of one collection a pass reads at most; the next pass goes on from there
   * @param pushRetryAfter how long a version the peer refused waits before it is pushed again (twice as long after each refusal, at most a day)
   */
  public record Settings(Duration connectTimeout, Duration requestTimeout, Duration statusDeadline, Duration receiptBudget,
      int pagesPerPass, Duration pushRetryAfter) {
    /** Pages of one collection a pass reads at most: 10,000,000 objects at the page size asked. */
    public static final int PAGES_PER_PASS = 10_000;

    public Settings {
      if (pagesPerPass < 1) throw new IllegalArgumentException("pagesPerPass must be at least 1, not " + pagesPerPass);
    }

    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30), PAGES_PER_PASS,
          Duration.ofMinutes(1));
    }

    /** These settings with another receipt budget. */
    public Settings withReceiptBudget(Duration budget) {
      return new Settings(connectTimeout, requestTimeout, statusDeadline, budget, pagesPerPass, pushRetryAfter);
    }

    /** These settings with another cap on the pages a pass reads of one collection. */
    public Settings withPagesPerPass(int pages) {
      return new Settings(connectTimeout, requestTimeout, statusDeadline, receiptBudget, pages, pushRetryAfter);
    }

    /** These settings with another wait before a refused version is pushed again. */
    public Settings withPushRetryAfter(Duration wait) {
      return new Settings(connectTimeout, requestTimeout, statusDeadline, receiptBudget, pagesPerPass, wait);
    }
  }

  private final Stores stores;
  private final Ingest ingest;
  private final boolean ownIngest;
  private final Settings settings;
  private final HttpClient http;
  /** Where forks go, and the monitor's checkpoints: one each for every pass (what forks say once is said once a process). */
  private final Forks forks;
  private final MonitorStore monitored;
  /** A client per distinct set of pinned certificates (peer add --cacert): an HTTP client's TLS trust is fixed when it is made. */
  private final Map<String, HttpClient> pinnedHttp = new ConcurrentHashMap<>();
  private final ExecutorService peers = Executors.newFixedThreadPool(4, daemon("parley-sync"));
  private final ExecutorService fetchers = Executors.newCachedThreadPool(daemon("parley-sync-fetch"));

  /** Sync over {@code stores}, storing through an ingest pipeline of its own. */
  public Sync(Stores stores, Settings settings) {
    this(stores, new Ingest(stores), true, settings);
  }

  private Sync(Stores stores, Ingest ingest, boolean ownIngest, Settings settings) {
    if (stores.log() == null) throw new IllegalArgumentException("sync needs the stores with their transparency log");
    this.stores = stores;
    this.ingest = ingest;
    this.ownIngest = ownIngest;
    this.settings = settings;
    this.http = PeerClient.newHttp(settings.connectTimeout());
    this.forks = new Forks(new EvidenceStore(stores.db()), stores.peers());
    this.monitored = new MonitorStore(stores.db());
  }

  /**
   * One pass with every peer, or with the one named; returns a report per peer, by name.
   *
   * @throws NotFoundException when {@code only} names no peer
   */
  public List<PeerReport> pass(Optional<String> only) {
    List<Peer> targets = only.isPresent()
        ? List.of(stores.peers().find(only.get()).orElseThrow(() -> new NotFoundException("no peer named " + only.get())))
        : stores.peers().list();
    List<Future<PeerReport>> running = new ArrayList<>();
    for (Peer p : targets) running.add(peers.submit(() -> sync(p)));
    List<PeerReport> reports = new ArrayList<>();
    for (int i = 0; i < running.size(); i++) {
      try {
        reports.add(running.get(i).get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SyncException("interrupted", e);
      } catch (ExecutionException e) {
        reports.add(PeerReport.failed(targets.get(i).name(), "error", "sync failed here: " + e.getCause()));
      }
    }
    return reports;
  }

  /** The peers a pass syncs with, now. */
  public List<Peer> knownPeers() {
    return stores.peers().list();
  }

  /**
   * One peer's part of a pass, on the calling thread ({@link SyncLoop} gives each peer a schedule of
   * its own); empty when no peer has that name now.
   */
  public Optional<PeerReport> passWith(String peer) {
    return stores.peers().find(peer).map(this::sync);
  }

  private PeerReport sync(Peer peer) {
    AutoCloseable held = stores.peers().holdPass(peer.name()).orElse(null);
    if (held == null) {
      String why = "another sync pass with this peer is running (the node's sync loop or another parley sync); this pass skipped it";
      LOG.info("sync with peer {}: {}", peer.name(), why);
      return PeerReport.skipped(peer.name(), why);
    }
    try {
      return syncLocked(peer);
    } finally {
      try {
        held.close();
      } catch (Exception e) {
        // its connection is closed either way, and with it the lock
        LOG.warn("sync with peer {}: letting go of the pass lock: {}", peer.name(), e.toString());
      }
    }
  }

  private PeerReport syncLocked(Peer peer) {
    PeerReport.Tally tally = new PeerReport.Tally();
    PeerReport forked = forked(peer, tally);
    if (forked != null) return forked;
    forkSaid.remove(peer.name()); // trusted again: a later fork is said again
    Refused refused = credentialsRefused.get(peer.name());
    if (refused != null && refused.token().equals(String.valueOf(peer.token())) && Instant.now().isBefore(refused.until())) {
      // not asked again with a credential it refused: an interval of a second made a request and a line a second
      LOG.debug("sync with peer {}: its credential was refused; held until {}", peer.name(), refused.until());
      return tally.report(peer.name(), Peer.UNREACHABLE, refused.why());
    }
    PeerClient client = client(peer);
    try {
      String key = checkKey(peer, client);
      if (peer.key() == null) {
        // the key pinned just now may be of a forked log: then nothing moves (hostile run 10u: a name pinning the forked
        // key at first contact in a pass pulled from it, and was forked only after)
        forked = forked(peer, tally);
        if (forked != null) return forked;
      }
      LogView view = judgeLog(peer, client, key);
      if (view.forked() != null) return tally.report(peer.name(), Peer.FORKED, view.forked());
      Agreement agreement = stores.agreements().current(peer.name()).map(AgreementStore.Installed::agreement).orElse(Agreement.NONE);
      long t0 = System.nanoTime();
      Pull pull = new Pull(ingest, stores.syncPositions(), fetchers, settings.pagesPerPass());
      // a log not shown to extend the history held is not read from (fail-closed): its pages would be
      // received from a log that may be a fork no tile has shown yet. Such an answer is garbage: the peer
      // is unreachable for this pass, as for a malformed page (hostile run 10aj: shown ok, sync exit 0)
      if (!agreement.receive().isEmpty() && view.unproved() != null) {
        throw PeerFailure.unreachable(view.unproved() + "; nothing is pulled from it until its log's checkpoint verifies and"
            + " extends the one held here", null);
      }
      String pullDetail = null;
      for (var receive : agreement.receive()) {
        try {
          String remote = client.collectionId(receive.collection());
          pull.run(peer, client, remote, UUID.fromString(receive.into()), tally);
        } catch (PeerFailure f) {
          // the peer answered, and refused this collection (it no longer shares it, or never did: 403,
          // 404): an agreement change on its side, not a peer down. The other entries, the push and the
          // receipts go on, and the entry is asked again next pass (a hostile run saw one such entry
          // stop every pull and push with the peer, the peer shown unreachable)
          if (!f.refusal() || f.httpStatus() == 401) throw f;
          String why = "its collection " + receive.collection() + " cannot be read here (" + f.getMessage() + ")";
          pullDetail = pullDetail == null ? why : pullDetail + "; " + why;
        }
      }
      tally.pullMillis = (System.nanoTime() - t0) / 1_000_000;
      String pushDetail = null;
      List<dev.parley.policy.agreement.Push> pushes = pushes(agreement);
      if (!pushes.isEmpty()) {
        stores.publisher().publish(peer.name());
        Push push = new Push(stores.objects(), stores.syncPositions(), settings.statusDeadline(), settings.pushRetryAfter());
        for (var p : pushes) {
          String entry = peer.name() + "\n" + p.collection() + "\n" + p.to();
          Held held = pushesHeld.get(entry);
          if (held != null && Instant.now().isBefore(held.until())) {
            pushDetail = held.why();
            continue;
          }
          try {
            String remote = client.collectionId(p.to());
            Push.Moved moved = push.run(peer, client, UUID.fromString(p.collection()), remote);
            tally.pushed += moved.accepted();
            tally.pushRefused += moved.refused();
            if (pushesHeld.remove(entry) != null) LOG.info("sync with peer {}: its collection {} takes pushes again", peer.name(), p.to());
          } catch (PeerFailure f) {
            // the peer answered, and refused: its agreement no longer accepts the collection, or its
            // account may not write there. Not a peer down: the pull and the receipts go on, and the
            // push waits, a minute then twice as long each time, up to a day
            if (!f.refusal() || f.httpStatus() == 401) throw f;
            pushDetail = hold(peer, entry, p.to(), held, f);
          } catch (Push.StillPending pending) {
            // the peer answers and has not settled an envelope: the peer stays ok, its receipts are asked, and the
            // envelope goes again next pass (hostile run 12ai: 2 minutes a pass, the peer shown unreachable)
            pushDetail = "push to its collection " + p.to() + ": " + pending.getMessage();
            LOG.warn("sync with peer {}: {}", peer.name(), pushDetail);
          }
        }
      }
      long r0 = System.nanoTime();
      ReceiptFetch.Fetched receipts = new ReceiptFetch(stores.receipts(), settings.receiptBudget(),
          monitored, forks).run(peer, client, key);
      tally.receiptMillis = (System.nanoTime() - r0) / 1_000_000;
      tally.receiptsVerified = receipts.verified();
      tally.receiptsFailed = receipts.failed();
      // every receipt still waiting after the pass, asked or not yet (a pass asks for 30 s at most): a hostile run read
      // "0 pending" with 73,000 not yet asked
      tally.receiptsPending = stores.receipts().counts(peer.id()).pending();
      tally.receiptsOverdue = receipts.overdue();
      overdueAlarm(peer, receipts.overdue());
      String detail = pullDetail == null ? pushDetail : pushDetail == null ? pullDetail : pullDetail + "; " + pushDetail;
      if (tally.refused > 0) {
        // shown where the operator looks (hostile run 10p: a peer whose 2,184,000 objects were all refused stayed "ok", bare)
        String refusedDetail = tally.refused + " objects it sent were refused in this pass (invalid, or another body under a version"
            + " held; the node's log names the first ten)";
        detail = detail == null ? refusedDetail : detail + "; " + refusedDetail;
      }
      if (pullDetail != null && !Objects.equals(detail, peer.detail())) {
        LOG.warn("sync with peer {} ({}): {}; the rest of the pass went on", peer.name(), peer.url(), pullDetail);
      }
      if (credentialsRefused.remove(peer.name()) != null) LOG.info("sync with peer {}: its node takes this node's credential again", peer.name());
      stores.peers().state(peer.name(), Peer.OK, detail);
      stores.peers().synced(peer.name(), Instant.now());
      return tally.report(peer.name(), Peer.OK, detail);
    } catch (PeerFailure f) {
      if (f.httpStatus() == 401) {
        String why = refuse(peer, refused, f);
        stores.peers().state(peer.name(), f.state(), why);
        return tally.report(peer.name(), f.state(), why);
      }
      // said once when it starts or changes; a peer down for a day is not a warning every pass
      if (f.state().equals(peer.state()) && Objects.equals(f.getMessage(), peer.detail())) {
        LOG.debug("sync with peer {} ({}): still {}: {}", peer.name(), peer.url(), f.state(), f.getMessage());
      } else {
        LOG.warn("sync with peer {} ({}): {}: {}", peer.name(), peer.url(), f.state(), f.getMessage());
      }
      // last_sync stays the last pass the peer answered whole: a peer down since shows when it was last synced
      stores.peers().state(peer.name(), f.state(), f.getMessage());
      return tally.report(peer.name(), f.state(), f.getMessage());
    } catch (RuntimeException e) {
      if (Thread.currentThread().isInterrupted()) {
        // the node is stopping (Sync.close): what was stored is committed page by page, and the next pass resumes
        LOG.info("sync with peer {} stopped: this process is stopping", peer.name());
        return tally.report(peer.name(), "error", "stopped: this process is stopping");
      }
      if (stores.peers().find(peer.name()).isEmpty()) {
        // an operator removed the peer during its pass (hostile run 10m: an ERROR and a stack trace); nothing more of it is stored
        LOG.info("sync with peer {} stopped: the peer was removed during the pass", peer.name());
        return tally.report(peer.name(), "error", "stopped: the peer was removed during the pass");
      }
      LOG.error("sync with peer {} failed here", peer.name(), e);
      return tally.report(peer.name(), "error", "sync failed here: " + e.getMessage());
    }
  }

  /** Per peer, the count of overdue receipts last reported, so that the alarm is raised when it grows, not every pass. */
  private final Map<String, Long> overdueReported = new ConcurrentHashMap<>();

  private void overdueAlarm(Peer peer, long overdue) {
    Long before = overdueReported.put(peer.name(), overdue);
    if (overdue > 0 && (before == null || overdue > before)) {
      LOG.error("ALARM: peer {} has not given {} receipts, of versions it sent more than {} h ago: its log does not hold them"
          + " (parley receipt show ID; they are asked again every pass)", peer.name(), overdue, ReceiptStore.OVERDUE.toHours());
    } else if (overdue == 0 && before != null && before > 0) {
      LOG.info("sync with peer {}: no receipt of it is overdue any more", peer.name());
    }
  }

  /** A push entry the peer refused: not tried again before {@code until}; {@code backoff} doubles at each refusal. */
  private record Held(Instant until, Duration backoff, String refusal, String why) {}

  /** Push entries (peer, local collection, remote collection) the peer refused, in this process. */
  private final Map<String, Held> pushesHeld = new ConcurrentHashMap<>();

  /**
   * The agreement's push entries and, when it lists {@code "feedback": ["sighting"]} with a
   * {@code receive} entry and pushes the feedback collection nowhere itself, one more: this node's
   * feedback collection to the peer's collection of the first {@code receive} entry, where the
   * peer's indicators come from. The peer's feed of that collection holds only the sightings of its
   * own indicators and this node's sighting identity ({@code store.egress.Feedbacks}), so issue 12's
   * sightings are "pushed back to that peer" as the push of any collection is: into a collection its
   * agreement accepts, or held back, said in the detail, while it refuses (hostile run 12am D6: they
   * reached the peer only if it pulled the collection, or with a push entry written for it).
   */
  private List<dev.parley.policy.agreement.Push> pushes(Agreement agreement) {
    List<dev.parley.policy.agreement.Push> listed = agreement.push();
    if (!agreement.feedback().contains(Feedback.SIGHTING) || agreement.receive().isEmpty()) return listed;
    Optional<Collection> feedback = stores.collections().resolve(Feedbacks.ALIAS);
    if (feedback.isEmpty()) return listed;
    String id = feedback.get().id().toString();
    for (var p : listed) if (p.collection().equals(id)) return listed;
    List<dev.parley.policy.agreement.Push> all = new ArrayList<>(listed);
    all.add(new dev.parley.policy.agreement.Push(id, agreement.receive().get(0).collection()));
    return all;
  }

  private String hold(Peer peer, String entry, String remote, Held before, PeerFailure f) {
    Duration wait = before == null ? settings.pushRetryAfter() : before.backoff().multipliedBy(2);
    if (wait.compareTo(Duration.ofDays(1)) > 0) wait = Duration.ofDays(1);
    String why = "pushes to its collection " + remote + " are refused (" + f.getMessage() + "); tried again after " + wait.toSeconds() + " s";
    if (before == null || !before.refusal().equals(f.getMessage())) LOG.warn("sync with peer {} ({}): {}", peer.name(), peer.url(), why);
    pushesHeld.put(entry, new Held(Instant.now().plus(wait), wait, f.getMessage(), why));
    return why;
  }

  /** The credential a peer's node refused (HTTP 401): not sent again before {@code until}; {@code backoff} doubles at each refusal. */
  private record Refused(Instant until, Duration backoff, String token, String why) {}

  /** The first wait after a peer's node refused this node's credential; it doubles up to {@link #CREDENTIAL_WAIT_MAX}. */
  static final Duration CREDENTIAL_WAIT = Duration.ofSeconds(30);
  static final Duration CREDENTIAL_WAIT_MAX = Duration.ofHours(1);

  /** Forked peers whose stop this process has said at WARN. */
  private final Set<String> forkSaid = ConcurrentHashMap.newKeySet();

  /** Peers whose node refused the token this node uses there, in this process, by name. */
  private final Map<String, Refused> credentialsRefused = new ConcurrentHashMap<>();

  /**
   * Holds back a peer whose node refused this node's credential: asking again with the same token
   * will not help until its operator acts, so the loop waits, 30 s then twice as long each time up to
   * an hour, and says so once; a new token ({@code parley peer add NAME --token}) is tried at the next
   * pass, and a {@code parley sync} run always asks.
   */
  private String refuse(Peer peer, Refused before, PeerFailure f) {
    String token = String.valueOf(peer.token());
    boolean again = before != null && before.token().equals(token);
    Duration wait = again ? before.backoff().multipliedBy(2) : CREDENTIAL_WAIT;
    if (wait.compareTo(CREDENTIAL_WAIT_MAX) > 0) wait = CREDENTIAL_WAIT_MAX;
    String why = "its node refused this node's credential (" + f.getMessage() + "); asked again after " + wait.toSeconds()
        + " s, or at once after parley peer add " + peer.name() + " --token NEW_TOKEN";
    if (again) LOG.debug("sync with peer {} ({}): {}", peer.name(), peer.url(), why);
    else LOG.warn("sync with peer {} ({}): {}", peer.name(), peer.url(), why);
    credentialsRefused.put(peer.name(), new Refused(Instant.now().plus(wait), wait, token, why));
    return why;
  }

  /** A client of the peer's node, over its pinned TLS trust if any. */
  private PeerClient client(Peer peer) {
    boolean pinned = peer.tlsTrust() != null;
    HttpClient to = pinned ? pinnedHttp.computeIfAbsent(peer.tlsTrust(), t -> PeerClient.newHttp(settings.connectTimeout(), t)) : http;
    return new PeerClient(to, peer.url(), peer.token(), settings.requestTimeout(), pinned);
  }

  /**
   * The signed checkpoint the peer's node serves now ({@code /log/checkpoint}, over its pinned TLS
   * trust if any); throws {@link PeerFailure} when it does not answer one.
   */
  public static String currentCheckpoint(Peer peer, Duration timeout) {
    boolean pinned = peer.tlsTrust() != null;
    HttpClient http = pinned ? PeerClient.newHttp(timeout, peer.tlsTrust()) : PeerClient.newHttp(timeout);
    return new PeerClient(http, peer.url(), peer.token(), timeout, pinned).checkpoint();
  }

  /**
   * The report of a pass that moves nothing because the peer's log key is of a forked log, or null
   * when it is not: fail closed (issue 11) until an operator accepts the fork. Said once a process:
   * the ERROR that found the fork, peer list and /metrics say it too (hostile run 10o: a line a pass).
   */
  private PeerReport forked(Peer peer, PeerReport.Tally tally) {
    if (!stores.peers().isForked(peer.name())) return null;
    String changed = keyChanged(peer);
    String why = "its log forked" + untilAccepted(peer) + changed;
    // peer list's detail is the fork's record, with what the key served says now, or without it once the key is the pinned one
    String recorded = peer.detail() == null ? "its log forked" + untilAccepted(peer) : peer.detail();
    int said = recorded.indexOf(KEY_CHANGED);
    String detail = (said < 0 ? recorded : recorded.substring(0, said)) + changed;
    if (!detail.equals(peer.detail())) stores.peers().state(peer.name(), Peer.FORKED, detail);
    if (forkSaid.add(peer.name())) LOG.warn("sync with peer {} ({}): {}", peer.name(), peer.url(), why);
    else LOG.debug("sync with peer {}: {}", peer.name(), why);
    return tally.report(peer.name(), Peer.FORKED, why);
  }

  /**
   * The key the peer's node serves, which must be the one pinned (pinned now when none is): a key
   * that differs means another log, or a rewritten one, and sync with the peer stops until an
   * operator looks.
   */
  private String checkKey(Peer peer, PeerClient client) {
    String served = client.logKey();
    try {
      VerifierKey.parse(served);
    } catch (TlogException | IllegalArgumentException e) {
      throw PeerFailure.malformed(client.root().resolve("/log/key") + " is not a verifier key: " + e.getMessage());
    }
    if (peer.key() == null) {
      if (stores.peers().isOwnKey(served)) {
        throw PeerFailure.keyMismatch(client.root().resolve("/log/key") + " serves this node's own log key: its URL is this node's,"
            + " which is not its own peer; nothing is pinned (parley peer add NAME --url URL for another node's URL)");
      }
      String pinned = stores.peers().pinKey(peer.name(), served);
      if (!pinned.equals(served)) throw mismatch(client, served, pinned);
      LOG.info("pinned the log key of peer {}: {}", peer.name(), served);
      return pinned;
    }
    if (!peer.key().equals(served)) throw mismatch(client, served, peer.key());
    return served;
  }

  /**
   * What the checkpoint a peer's log serves now shows, before a page is read from it: {@code forked},
   * why the peer is forked, or null; {@code unproved}, why its log is not shown to extend the history
   * held here, so that nothing is pulled from it in this pass, or null.
   */
  private record LogView(String forked, String unproved) {
    static final LogView CLEAR = new LogView(null, null);

    static LogView forked(String why) {
      return new LogView(why, null);
    }

    static LogView unproved(String why) {
      return new LogView(null, why);
    }
  }

  /**
   * Judges the checkpoint a peer's own log serves now, before a page is read from it. Forked: one of a
   * recorded fork's other branch ({@link dev.parley.store.witness.Forks#otherBranch}), or one its own
   * tiles prove not consistent with the largest of the log this node holds, which is recorded as the
   * monitor records a fork ({@link dev.parley.store.witness.Forks#check}) (a second name of a pinned
   * key, serving a new checkpoint of another branch, was pulled from before the monitor's round
   * recorded the fork). Unproved, once this node holds a checkpoint of the log: a checkpoint that
   * cannot be read or does not verify, or a larger one that its tiles do not show to extend the one
   * held (missing, unreadable, or not hashing to its root): such a log may be a fork that no tile has
   * shown yet, and its pages are not read (hostile run 10af: a peer serving no tiles was pulled from at
   * each new checkpoint): the peer is unreachable for the pass; so is it for a smaller checkpoint that
   * the tiles do not show to be of the history held (a log restored from a backup, which the monitor
   * warns of: what it logs after is another history). With nothing held yet (first contact), the pass goes on.
   */
  private LogView judgeLog(Peer peer, PeerClient client, String key) {
    VerifierKey verifier;
    try {
      verifier = VerifierKey.parse(key);
    } catch (TlogException | IllegalArgumentException e) {
      return LogView.CLEAR;
    }
    String served;
    try {
      served = client.checkpoint();
    } catch (RuntimeException e) {
      return unlessHeld(key, "its log's checkpoint could not be read (" + e.getMessage() + ")");
    }
    if (!(Checkpoints.open(served, verifier) instanceof CheckpointVerification.Verified v)) {
      // a checkpoint read that its pinned key does not sign is garbage from the first contact on: no log is
      // shown for what it sends (hostile run 10am D5: pulled from at every pass, the peer ok, sync exit 0)
      return LogView.unproved("its log's checkpoint does not verify with its pinned key");
    }
    Seen now = new Seen(v.checkpoint(), served, checkpointUrl(peer), Instant.now());
    // the first of the log seen here is the history held, as the monitor's first look takes it, so a second name of the key
    // is judged against it (hostile run 10w: with nothing held, each name's branch was pulled); a slow name's tiles held
    // every other name of its key while the lock was held for them (hostile run 10y)
    Optional<Seen> held = monitored.latestOrFirst(now, key);
    if (held.isEmpty()) return LogView.CLEAR;
    boolean ofTheFork = forks.recorded(verifier.name()) && forks.otherBranch(verifier.name(), served, held.get().note());
    ForkCheck.Outcome outcome = forks.check(held.get(), now, larger -> tilesOf(larger, peer, key), peer.name(), true);
    if (outcome instanceof ForkCheck.Outcome.Consistent) {
      // an older checkpoint of the history held is in evidence too: proved consistent, it is no other branch (hostile run 10y)
      if (now.size() > held.get().size()) monitored.advance(now, key);
      return LogView.CLEAR;
    }
    if (ofTheFork && !stores.peers().isForked(peer.name())) {
      // a checkpoint of the recorded fork that the tiles cannot judge (the held history's node does not answer): fail closed
      String why = "its log " + verifier.name() + " serves a checkpoint of a recorded fork, not the history this node holds"
          + untilAccepted(peer);
      LOG.error("FORK: peer {} ({}): {}", peer.name(), peer.url(), why);
      stores.peers().markForked(peer.name(), why);
      return LogView.forked(why);
    }
    boolean forkShown = outcome instanceof ForkCheck.Outcome.Fork || ofTheFork;
    if (forkShown && stores.peers().isForked(peer.name())) {
      return LogView.forked("its log " + verifier.name() + " serves a checkpoint that cannot be true with the one this node holds"
          + untilAccepted(peer));
    }
    if (outcome instanceof ForkCheck.Outcome.Undecided u && now.size() > held.get().size()) {
      return LogView.unproved("its log's checkpoint of size " + now.size() + " is not shown to extend the one of size "
          + held.get().size() + " held here (" + u.reason() + ")");
    }
    if (outcome instanceof ForkCheck.Outcome.Undecided u && now.size() < held.get().size()) {
      // a log that went back (restored from a backup) lost entries it had signed, and what it logs now takes their
      // places on another history: pulled from, its objects came with receipts that verified, at leaves the history
      // held here gives other entries, and stayed so once the fork was recorded (hostile run be D0)
      return LogView.unproved("its log went back: its checkpoint of size " + now.size() + " is smaller than the one of size "
          + held.get().size() + " held here and not shown to be of that history (" + u.reason() + "); what it logs now may be"
          + " another history, which a checkpoint past size " + held.get().size() + " will show");
    }
    return LogView.CLEAR;
  }

  /** Unproved, why, when this node holds a checkpoint of the log of {@code key}; else clear (nothing to extend yet). */
  private LogView unlessHeld(String key, String why) {
    return monitored.latest(key).isPresent() ? LogView.unproved(why) : LogView.CLEAR;
  }

  /**
   * For a forked peer, whether its node now serves another log key than the one pinned: accepting the
   * fork then is no remedy ({@code peer trust} refuses it), pinning the new key is (hostile run 10ay L2: the
   * peer was shown forked alone, the key problem said only in a warning of the monitor). Empty when the
   * key is the pinned one, none is pinned, or the node does not answer.
   */
  private String keyChanged(Peer peer) {
    if (peer.key() == null) return "";
    try {
      String served = client(peer).logKey();
      if (served.equals(peer.key())) return "";
      VerifierKey.parse(served); // quoted only when it is a key: the peer's text goes into peer list and the log
      return KEY_CHANGED + served + ", not the pinned " + peer.key()
          + ": if its operator says its key changed, pin it (parley peer add " + peer.name() + " --url URL --key NEW_KEY), which"
          + " accepting the fork does not do";
    } catch (RuntimeException e) { // unreachable, or no key: nothing to add
      return "";
    }
  }

  private static final String KEY_CHANGED = "; besides, its node now serves another log key, ";

  /** What a forked peer's report says last: where the evidence is, and what resumes sync. */
  private static String untilAccepted(Peer peer) {
    return " (parley log evidence); sync stops until parley peer trust " + peer.name() + " --accept-fork";
  }

  /** Where a peer's node serves its log's checkpoint, as the monitor names the source of what it read there. */
  private static String checkpointUrl(Peer peer) {
    return URI.create(peer.url()).resolve("/log/checkpoint").toString();
  }

  /**
   * The tiles of the log at the {@code larger} checkpoint, read from the name of the key whose own
   * {@code /log/checkpoint} served it (another name's, when it is the one held), else from {@code
   * peer}: a node serves the tiles of its own tree only, so the branch held, once another name
   * served it, is proved from that name's tiles.
   */
  private TileReader tilesOf(Seen larger, Peer peer, String key) {
    Peer from = peer;
    for (Peer other : stores.peers().list()) {
      try {
        if (key.equals(other.key()) && larger.source().equals(checkpointUrl(other))) {
          from = other;
          break;
        }
      } catch (IllegalArgumentException e) {
        // a URL that is no URI names no source
      }
    }
    PeerClient client = client(from);
    return path -> {
      try {
        byte[] tile = client.tile(path.toPath());
        if (tile == null) throw new TileUnavailableException(path.toPath(), "not served");
        return tile;
      } catch (PeerFailure f) {
        throw new TileUnavailableException(path.toPath(), f.getMessage(), f);
      }
    };
  }

  private static PeerFailure mismatch(PeerClient client, String served, String pinned) {
    return PeerFailure.keyMismatch(client.root().resolve("/log/key") + " serves the key " + served + ", not the pinned " + pinned
        + "; sync with this peer is stopped (if its operator says its key changed: parley peer add NAME --url URL --key NEW_KEY)");
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    peers.shutdownNow();
    fetchers.shutdownNow();
    if (ownIngest) ingest.close();
  }
}
