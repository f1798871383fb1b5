package dev.parley.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Timestamps;
import dev.parley.store.peers.Peer;
import dev.parley.store.peers.ReceiptStore;
import dev.parley.store.witness.Forks;
import dev.parley.store.witness.MonitorStore;
import dev.parley.tlog.TlogException;
import dev.parley.tlog.checkpoint.Checkpoint;
import dev.parley.tlog.checkpoint.CheckpointOpener;
import dev.parley.tlog.note.VerifierKey;
import dev.parley.tlog.witness.ForkEvidence;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the pending receipts of a peer, {@value #BATCH} in one {@code POST /log/receipts} (a few
 * batches at once; one {@code GET /log/receipt} each from a node that does not answer batches), checks
 * each ({@link ReceiptVerifier}) against the peer's pinned key and stores the outcome: verified;
 * failed, which is an alarm (an error in the node's log and a count on {@code /metrics}), never
 * retried; or still pending when the sender has none yet (its log has not taken the version in,
 * 404) or did not answer, to be asked again next pass. Receipts come against one checkpoint a
 * batch, so its signature is checked once ({@link CheckpointOpener}); every receipt's proof, entry and
 * commitment is checked on its own. A pass spends at most its budget here (a chunk started is
 * finished); what is left stays pending for the next pass. A receipt asked and still not given an
 * hour after its version was received is overdue: the sender's log does not hold what it sent, and
 * the pass reports it as an alarm ({@link Sync}), as {@code /metrics} does.
 *
 * <p>Every receipt's checkpoint is a signed root of the sender's log: two receipts of a pass with two
 * roots for one tree size, or a receipt whose root for a size differs from the one the monitor holds,
 * prove a fork (a hostile run's sender proved each object against a tree of its own, and every receipt
 * was verified). The evidence is recorded as the monitor's is, the peer is marked forked, the receipt
 * fails, and the pass asks no more. The receipts' checkpoints of other sizes are offered to the
 * monitor ({@link dev.parley.store.witness.MonitorStore#offer}), which checks them against the largest
 * it knows consistent with the log's own tiles at its next round.
 */
final class ReceiptFetch {
  private static final Logger LOG = LoggerFactory.getLogger(ReceiptFetch.class);
  static final int CHUNK = 1024;
  /** Receipts asked in one request: the most a node's {@code POST /log/receipts} takes. */
  static final int BATCH = 256;
  /** Requests in flight: batches, or single receipts from a node without batches. */
  static final int IN_FLIGHT = 16;
  static final int BATCHES_IN_FLIGHT = 4;

  private final ReceiptStore receipts;
  private final Duration budget;
  private final MonitorStore monitored;
  private final Forks forks;
  /** The checkpoints kept by tree size in one pass, at most: past it a pass compares the ones it has. */
  private static final int SIZES_KEPT = 10_000;

  ReceiptFetch(ReceiptStore receipts, Duration budget, MonitorStore monitored, Forks forks) {
    this.receipts = receipts;
    this.budget = budget;
    this.monitored = monitored;
    this.forks = forks;
  }

  /** A signed checkpoint of the peer's log, with where it came from. */
  private record Signed(Checkpoint checkpoint, String note, String from) {}

  /**
   * Whose receipts are checked, and against which key: the pinned one, as text and opened, and its
   * log's origin; the checkpoints the pass's receipts came with, by tree size; the one the monitor
   * holds (or null); and the first fork they show.
   */
  private record Checking(Peer peer, String peerKey, CheckpointOpener opener, String origin, ConcurrentHashMap<Long, Signed> bySize,
      Signed monitor, AtomicReference<ForkEvidence> fork, AtomicLong alarms) {

    /** The fork {@code v}'s checkpoint shows with another of the same size, if any (the first is kept). */
    boolean forks(ReceiptVerifier.Verdict v, ReceiptStore.Key key) {
      long size = v.checkpoint().size().value();
      Signed mine = new Signed(v.checkpoint(), v.checkpointNote(), "the receipt for " + key.stixId() + " from peer " + peer.name());
      Signed other = monitor != null && monitor.checkpoint().size().value() == size ? monitor : null;
      if (other == null) other = bySize.size() < SIZES_KEPT ? bySize.putIfAbsent(size, mine) : bySize.get(size);
      if (other == null || other.checkpoint().root().equals(mine.checkpoint().root())) return false;
      Instant now = Instant.now();
      fork.compareAndSet(null, new ForkEvidence(origin, List.of(other.note(), mine.note()), List.of(),
          List.of(other.from(), mine.from()), List.of(now, now)));
      return true;
    }
  }

  /**
   * Receipts fetched in a pass: verified, failed, still pending; and, of all the peer's pending
   * receipts, how many are overdue ({@link ReceiptStore#OVERDUE}).
   */
  record Fetched(long verified, long failed, long pending, long overdue) {}

  /**
   * Failed receipts of one pass logged one by one; past it, one line for the pass says how many
   * (hostile run 10l: a peer's bad receipts wrote an ERROR line an object, without end).
   */
  static final int ALARMS_LOGGED = 10;

  Fetched run(Peer peer, PeerClient client, String peerKey) {
    long verified = 0;
    long failed = 0;
    long pending = 0;
    Checking checking;
    try {
      String origin = VerifierKey.parse(peerKey.strip()).name();
      Signed monitor = monitored.latest(origin).map(s -> new Signed(s.checkpoint(), s.note(), "the monitor (" + s.source() + ")")).orElse(null);
      checking = new Checking(peer, peerKey, ReceiptVerifier.opener(peerKey), origin, new ConcurrentHashMap<>(), monitor, new AtomicReference<>(),
          new AtomicLong());
    } catch (TlogException | IllegalArgumentException | NullPointerException e) {
      throw new SyncException("the pinned key of peer " + peer.name() + " is not a verifier key: " + e.getMessage(), e);
    }
    boolean batches = true;
    ReceiptStore.Cursor after = ReceiptStore.Cursor.FIRST;
    long deadline = System.nanoTime() + budget.toNanos();
    while (System.nanoTime() < deadline) {
      ReceiptStore.Chunk read = receipts.pending(peer.id(), after, CHUNK);
      List<ReceiptStore.Pending> chunk = read.pending();
      List<ReceiptStore.Outcome> outcomes = List.of();
      if (!chunk.isEmpty()) {
        outcomes = null;
        if (batches) {
          outcomes = batched(checking, client, chunk);
          if (outcomes == null) {
            LOG.info("peer {} does not answer POST /log/receipts with receipts: they are asked one by one", peer.name());
            batches = false;
          }
        }
        if (outcomes == null) outcomes = single(checking, client, chunk);
      }
      receipts.settle(peer.id(), read, outcomes);
      for (ReceiptStore.Outcome o : outcomes) {
        switch (o.state()) {
          case ReceiptStore.VERIFIED -> verified++;
          case ReceiptStore.FAILED -> failed++;
          default -> pending++;
        }
      }
      after = read.next();
      if (checking.fork().get() != null) {
        forks.found(checking.fork().get(), peer.name(), true); // its own receipts: sync with the peer stops
        break;
      }
      if (!read.more()) break;
    }
    if (checking.alarms().get() > ALARMS_LOGGED) {
      LOG.error("ALARM: peer {} gave {} receipts in this pass that do not verify; the first {} are logged above, every one is kept"
          + " with its reason (parley receipt show)", peer.name(), checking.alarms().get(), ALARMS_LOGGED);
    }
    // the receipts' checkpoints of other sizes than the monitor's: its next round checks them against the log's tiles
    if (checking.fork().get() == null) {
      monitored.offer(checking.origin(), checking.bySize().values().stream().map(Signed::note).toList(), "receipts from peer " + peer.name());
    }
    return new Fetched(verified, failed, pending, receipts.overdue(peer.id()));
  }

  /**
   * The chunk's outcomes, asked in batches; null when the peer's node has no batch endpoint: it
   * answered 404 or 405, or a 200 that is not {@code {"items":[…]}} with an answer per item asked.
   */
  private static List<ReceiptStore.Outcome> batched(Checking checking, PeerClient client, List<ReceiptStore.Pending> chunk) {
    Semaphore permits = new Semaphore(BATCHES_IN_FLIGHT);
    List<CompletableFuture<List<ReceiptStore.Outcome>>> asked = new ArrayList<>();
    for (int from = 0; from < chunk.size(); from += BATCH) {
      List<ReceiptStore.Pending> batch = chunk.subList(from, Math.min(chunk.size(), from + BATCH));
      permits.acquireUninterruptibly();
      CompletableFuture<List<ReceiptStore.Outcome>> f;
      try {
        List<PeerClient.Asked> items = batch.stream().map(p -> new PeerClient.Asked(p.key().remoteCollection(), p.key().stixId(), version(p))).toList();
        f = client.receipts(items).handle((r, e) -> batchOutcomes(checking, batch, r, e));
      } catch (RuntimeException e) {
        f = CompletableFuture.completedFuture(batchOutcomes(checking, batch, null, e));
      }
      asked.add(f.whenComplete((o, e) -> permits.release()));
    }
    List<ReceiptStore.Outcome> outcomes = new ArrayList<>(chunk.size());
    for (CompletableFuture<List<ReceiptStore.Outcome>> f : asked) {
      List<ReceiptStore.Outcome> some = join(f);
      if (some == null) return null;
      outcomes.addAll(some);
    }
    return outcomes;
  }

  private static List<ReceiptStore.Outcome> single(Checking checking, PeerClient client, List<ReceiptStore.Pending> chunk) {
    Semaphore permits = new Semaphore(IN_FLIGHT);
    List<CompletableFuture<ReceiptStore.Outcome>> asked = new ArrayList<>(chunk.size());
    for (ReceiptStore.Pending p : chunk) {
      permits.acquireUninterruptibly();
      ReceiptStore.Key key = p.key();
      CompletableFuture<ReceiptStore.Outcome> f;
      try {
        f = client.receipt(key.remoteCollection(), key.stixId(), version(p)).handle((r, e) -> singleOutcome(checking, p, r, e));
      } catch (RuntimeException e) {
        f = CompletableFuture.completedFuture(singleOutcome(checking, p, null, e));
      }
      asked.add(f.whenComplete((o, e) -> permits.release()));
    }
    List<ReceiptStore.Outcome> outcomes = new ArrayList<>(chunk.size());
    for (CompletableFuture<ReceiptStore.Outcome> f : asked) outcomes.add(join(f));
    return outcomes;
  }

  private static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      throw new SyncException("fetching a receipt failed: " + e.getCause(), e.getCause());
    }
  }

  /** The version to ask for: none for an object without a version of its own (its one slot at the sender). */
  private static String version(ReceiptStore.Pending p) {
    return ReceiptVerifier.versioned(p.body()) ? Timestamps.formatVersion(p.key().version()) : null;
  }

  private static List<ReceiptStore.Outcome> batchOutcomes(Checking checking, List<ReceiptStore.Pending> batch, HttpResponse<byte[]> r, Throwable e) {
    List<ReceiptStore.Outcome> out = new ArrayList<>(batch.size());
    if (e != null || r.statusCode() != 200) {
      if (e == null && (r.statusCode() == 404 || r.statusCode() == 405)) return null;
      for (ReceiptStore.Pending p : batch) out.add(singleOutcome(checking, p, r, e));
      return out;
    }
    JsonNode items;
    try {
      items = PeerClient.json(r).get("items");
    } catch (PeerFailure f) {
      items = null;
    }
    // not the answer of a node's batch endpoint (a proxy's page, another server): each receipt is asked on its own, and judged
    if (items == null || !items.isArray() || items.size() != batch.size()) return null;
    for (int i = 0; i < batch.size(); i++) {
      ReceiptStore.Pending p = batch.get(i);
      JsonNode item = items.get(i);
      int status = item.path("status").asInt(0);
      if (status == 200) {
        JsonNode receipt = item.get("receipt");
        out.add(checked(checking, p, receipt == null || !receipt.isObject() ? null : receipt.toString()));
      } else {
        String error = item.path("error").isTextual() ? ": " + item.get("error").textValue() : "";
        out.add(notYet(p, status, error.length() > 300 ? error.substring(0, 300) : error));
      }
    }
    return out;
  }

  private static ReceiptStore.Outcome singleOutcome(Checking checking, ReceiptStore.Pending p, HttpResponse<byte[]> r, Throwable e) {
    ReceiptStore.Key key = p.key();
    if (e != null) {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      return new ReceiptStore.Outcome(key, ReceiptStore.PENDING, "not fetched: " + cause, null, null);
    }
    if (r.statusCode() != 200) return notYet(p, r.statusCode(), PeerClient.reason(r.body()));
    return checked(checking, p, new String(r.body(), StandardCharsets.UTF_8));
  }

  /** Still pending: the sender answered that it has none (404: not logged yet, or not this peer's to ask for), or another status. */
  private static ReceiptStore.Outcome notYet(ReceiptStore.Pending p, int status, String reason) {
    String why = status == 404 ? "the sender answers that it has no receipt for it (HTTP 404)" : "HTTP " + status + reason;
    return new ReceiptStore.Outcome(p.key(), ReceiptStore.PENDING, why, null, null);
  }

  private static ReceiptStore.Outcome checked(Checking checking, ReceiptStore.Pending p, String text) {
    ReceiptVerifier.Verdict v = ReceiptVerifier.check(text, checking.opener(), p.key(), p.body());
    if (!v.holds()) return failed(checking, p, v.reason(), text);
    if (checking.forks(v, p.key())) {
      return failed(checking, p, "its checkpoint's root for tree size " + v.treeSize() + " is not the one another receipt or the monitor"
          + " holds for that size: the sender's log forked", text);
    }
    return new ReceiptStore.Outcome(p.key(), ReceiptStore.VERIFIED, v.note(), checking.peerKey(), text);
  }

  private static ReceiptStore.Outcome failed(Checking checking, ReceiptStore.Pending p, String reason, String text) {
    ReceiptStore.Key key = p.key();
    if (checking.alarms().incrementAndGet() <= ALARMS_LOGGED) {
      LOG.error("ALARM: peer {} gave a receipt for {} version {} in its collection {} that does not verify: {}", checking.peer().name(),
          key.stixId(), Timestamps.formatVersion(key.version()), key.remoteCollection(), reason);
    }
    return new ReceiptStore.Outcome(key, ReceiptStore.FAILED, reason, checking.peerKey(), text == null || text.length() > 1_000_000 ? null : text);
  }
}
