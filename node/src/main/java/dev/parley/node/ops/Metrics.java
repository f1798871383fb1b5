package dev.parley.node.ops;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and latency histograms in the Prometheus text exposition format (version 0.0.4):
 * requests by route, method and status; request latencies by route; objects stored. Only an
 * administrator reads them. Thread-safe.
 */
public final class Metrics {
  private static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<String, Histogram> latencies = new ConcurrentHashMap<>();
  private final LongAdder stored = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder refused = new LongAdder();

  private static final class Histogram {
    final LongAdder[] counts = new LongAdder[BUCKETS.length + 1];
    final LongAdder count = new LongAdder();
    final AtomicLong sumNanos = new AtomicLong();

    Histogram() {
      for (int i = 0; i < counts.length; i++) counts[i] = new LongAdder();
    }
  }

  /** Records one finished request. */
  public void request(String route, String method, int status, long nanos) {
    requests.computeIfAbsent(label("route", route) + "," + label("method", method) + "," + label("status", Integer.toString(status)),
        k -> new LongAdder()).increment();
    Histogram h = latencies.computeIfAbsent(label("route", route), k -> new Histogram());
    double seconds = nanos / 1e9;
    int i = 0;
    while (i < BUCKETS.length && seconds > BUCKETS[i]) i++;
    h.counts[i].increment();
    h.count.increment();
    h.sumNanos.addAndGet(nanos);
  }

  /** Records the outcome of objects sent to be added. */
  public void objects(int storedCount, int duplicateCount, int refusedCount) {
    stored.add(storedCount);
    duplicates.add(duplicateCount);
    refused.add(refusedCount);
  }

  private static String label(String name, String value) {
    return name + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  /**
   * Requests by route, method and status, and their latencies (routes are templates, never a
   * collection, object or account), for an administrator: how many pages other accounts read, and
   * how long they took, follows what they may read and the reader may not.
   */
  public String render() {
    StringBuilder b = new StringBuilder(4096);
    b.append("# HELP parley_http_requests_total HTTP requests by route, method and status.\n");
    b.append("# TYPE parley_http_requests_total counter\n");
    requests.forEach((k, v) -> b.append("parley_http_requests_total{").append(k).append("} ").append(v.sum()).append('\n'));
    b.append("# HELP parley_http_request_duration_seconds HTTP request latency by route.\n");
    b.append("# TYPE parley_http_request_duration_seconds histogram\n");
    latencies.forEach((k, h) -> {
      long cumulative = 0;
      for (int i = 0; i < BUCKETS.length; i++) {
        cumulative += h.counts[i].sum();
        b.append("parley_http_request_duration_seconds_bucket{").append(k).append(",le=\"").append(BUCKETS[i]).append("\"} ").append(cumulative).append('\n');
      }
      cumulative += h.counts[BUCKETS.length].sum();
      b.append("parley_http_request_duration_seconds_bucket{").append(k).append(",le=\"+Inf\"} ").append(cumulative).append('\n');
      b.append("parley_http_request_duration_seconds_sum{").append(k).append("} ").append(h.sumNanos.get() / 1e9).append('\n');
      b.append("parley_http_request_duration_seconds_count{").append(k).append("} ").append(h.count.sum()).append('\n');
    });
    return b.toString();
  }

  /**
   * The object counters, which only an administrator reads: how many versions were stored, sent
   * again or refused tells an account that writes what it may not read (a write-only account, a
   * peer) whether the node held what it sent (ARCHITECTURE.md, "What a writer is told").
   * {@code addedInStore} is how many versions all collections of the store have taken, by every
   * process (imports included), or negative when unknown.
   */
  public String objectCounters(long addedInStore) {
    StringBuilder b = new StringBuilder(1024);
    if (addedInStore >= 0) {
      b.append("# HELP parley_store_objects_added_total Object versions added to collections of this store by any process,"
          + " `parley import` included (rate() gives the import rate).\n");
      b.append("# TYPE parley_store_objects_added_total counter\n");
      b.append("parley_store_objects_added_total ").append(addedInStore).append('\n');
    }
    b.append("# HELP parley_objects_stored_total Object versions newly stored in a collection (rate() gives the import rate).\n");
    b.append("# TYPE parley_objects_stored_total counter\n");
    b.append("parley_objects_stored_total ").append(stored.sum()).append('\n');
    b.append("# HELP parley_objects_duplicate_total Object versions sent again to a collection that held them.\n");
    b.append("# TYPE parley_objects_duplicate_total counter\n");
    b.append("parley_objects_duplicate_total ").append(duplicates.sum()).append('\n');
    b.append("# HELP parley_objects_refused_total Objects refused (invalid, or conflicting with a stored version).\n");
    b.append("# TYPE parley_objects_refused_total counter\n");
    b.append("parley_objects_refused_total ").append(refused.sum()).append('\n');
    return b.toString();
  }

  /**
   * The alarms of receipts: receipts peers gave for objects pulled from them that do not verify, and
   * receipts asked and not given an hour and more after their version was received (a sender whose
   * log does not hold what it sent); sync by any process on this store. Empty when unknown
   * ({@code failed} negative).
   */
  /**
   * Each peer's state as {@code parley peer list} shows it, for an administrator (the operator's own
   * names for its peers): one series a state, 1 for the state the peer is in, so that a peer left
   * {@code unreachable} or in {@code key-mismatch} raises an alarm where monitoring scrapes (hostile
   * run 10ay L1: only the node's log and {@code peer list} said so).
   */
  public static String peerStates(Map<String, String> stateByPeer) {
    if (stateByPeer.isEmpty()) return "";
    StringBuilder b = new StringBuilder("# HELP parley_peer_state Each peer's state as parley peer list shows it: 1 for the state it is in.\n"
        + "# TYPE parley_peer_state gauge\n");
    stateByPeer.forEach((peer, state) -> {
      for (String s : PEER_STATES) {
        b.append("parley_peer_state{").append(label("peer", peer)).append(',').append(label("state", s)).append("} ")
            .append(s.equals(state) ? 1 : 0).append('\n');
      }
    });
    return b.toString();
  }

  private static final String[] PEER_STATES = {"ok", "unreachable", "key-mismatch", "forked"};

  public static String receiptAlarms(long failed, long overdue) {
    if (failed < 0) return "";
    return "# HELP parley_sync_receipts_failed Receipts fetched from peers for objects they sent (pulled or pushed) that failed their check (an alarm).\n"
        + "# TYPE parley_sync_receipts_failed gauge\n"
        + "parley_sync_receipts_failed " + failed + "\n"
        + "# HELP parley_sync_receipts_overdue Receipts peers have not given an hour and more after the object was received (an alarm).\n"
        + "# TYPE parley_sync_receipts_overdue gauge\n"
        + "parley_sync_receipts_overdue " + overdue + "\n";
  }
}
