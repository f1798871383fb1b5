package dev.parley.sync;

import dev.parley.stix.Timestamps;
import dev.parley.store.peers.Peer;
import dev.parley.store.peers.ReceiptStore;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the pending receipts of a peer from its {@code /log/receipt}, many at once, checks each
 * ({@link ReceiptVerifier}) against the peer's pinned key and stores the outcome: verified; failed,
 * which is an alarm (an error in the node's log and a count on {@code /metrics}), never retried; or
 * still pending when the sender has none yet (its log has not taken the version in, HTTP 404) or did
 * not answer, to be asked again next pass. A pass spends at most its budget here (a chunk started
 * is finished); what is left stays pending for the next pass.
 */
final class ReceiptFetch {
  private static final Logger LOG = LoggerFactory.getLogger(ReceiptFetch.class);
  static final int CHUNK = 512;
  static final int IN_FLIGHT = 16;

  private final ReceiptStore receipts;
  private final java.time.Duration budget;

  ReceiptFetch(ReceiptStore receipts, java.time.Duration budget) {
    this.receipts = receipts;
    this.budget = budget;
  }

  /** Receipts fetched in a pass: verified, failed, still pending. */
  record Fetched(long verified, long failed, long pending) {}

  Fetched run(Peer peer, PeerClient client, String peerKey) {
    long verified = 0;
    long failed = 0;
    long pending = 0;
    ReceiptStore.Key after = ReceiptStore.Key.FIRST;
    Semaphore permits = new Semaphore(IN_FLIGHT);
    long deadline = System.nanoTime() + budget.toNanos();
    while (System.nanoTime() < deadline) {
      List<ReceiptStore.Pending> chunk = receipts.pending(peer.id(), after, CHUNK);
      if (chunk.isEmpty()) break;
      List<CompletableFuture<ReceiptStore.Outcome>> asked = new ArrayList<>(chunk.size());
      for (ReceiptStore.Pending p : chunk) {
        permits.acquireUninterruptibly();
        ReceiptStore.Key key = p.key();
        CompletableFuture<ReceiptStore.Outcome> f;
        try {
          String version = ReceiptVerifier.versioned(p.body()) ? Timestamps.formatVersion(key.version()) : null;
          f = client.receipt(key.remoteCollection(), key.stixId(), version)
              .handle((r, e) -> outcome(peer, p, r, e, peerKey));
        } catch (RuntimeException e) {
          f = CompletableFuture.completedFuture(outcome(peer, p, null, e, peerKey));
        }
        asked.add(f.whenComplete((o, e) -> permits.release()));
      }
      List<ReceiptStore.Outcome> outcomes = new ArrayList<>(asked.size());
      for (CompletableFuture<ReceiptStore.Outcome> f : asked) {
        try {
          outcomes.add(f.join());
        } catch (CompletionException e) {
          throw new SyncException("fetching a receipt failed: " + e.getCause(), e.getCause());
        }
      }
      receipts.settle(peer.id(), outcomes);
      for (ReceiptStore.Outcome o : outcomes) {
        switch (o.state()) {
          case ReceiptStore.VERIFIED -> verified++;
          case ReceiptStore.FAILED -> failed++;
          default -> pending++;
        }
      }
      after = chunk.get(chunk.size() - 1).key();
      if (chunk.size() < CHUNK) break;
    }
    return new Fetched(verified, failed, pending);
  }

  private static ReceiptStore.Outcome outcome(Peer peer, ReceiptStore.Pending p, HttpResponse<byte[]> r, Throwable e, String peerKey) {
    ReceiptStore.Key key = p.key();
    if (e != null) {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      return new ReceiptStore.Outcome(key, ReceiptStore.PENDING, "not fetched: " + cause, null, null);
    }
    if (r.statusCode() != 200) {
      String why = r.statusCode() == 404 ? "the sender has no receipt for it yet (HTTP 404)" : "HTTP " + r.statusCode() + PeerClient.reason(r.body());
      return new ReceiptStore.Outcome(key, ReceiptStore.PENDING, why, null, null);
    }
    String text = new String(r.body(), StandardCharsets.UTF_8);
    ReceiptVerifier.Verdict v = ReceiptVerifier.check(text, peerKey, key, p.body());
    if (!v.holds()) {
      LOG.error("ALARM: peer {} gave a receipt for {} version {} in its collection {} that does not verify: {}", peer.name(), key.stixId(),
          Timestamps.formatVersion(key.version()), key.remoteCollection(), v.reason());
      return new ReceiptStore.Outcome(key, ReceiptStore.FAILED, v.reason(), peerKey, text.length() > 1_000_000 ? null : text);
    }
    return new ReceiptStore.Outcome(key, ReceiptStore.VERIFIED, v.note(), peerKey, text);
  }
}
