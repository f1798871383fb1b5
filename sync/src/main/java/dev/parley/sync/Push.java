package dev.parley.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Json;
import dev.parley.store.objects.ObjectQuery;
import dev.parley.store.objects.ObjectRow;
import dev.parley.store.objects.ObjectStore;
import dev.parley.store.objects.Page;
import dev.parley.store.objects.VersionFilter;
import dev.parley.store.peers.Peer;
import dev.parley.store.peers.SyncPositions;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes a local collection to a peer's: the peer's feed of it (so the share rules of its agreement
 * apply, and nothing that came from that peer goes back), from the feed position settled last, in
 * envelopes; each status is followed until nothing in it is pending, and only then is the position
 * after the envelope saved. A POST that fails for want of an answer, or with a 5xx or 429, is tried
 * again with back-off; a retry stores nothing twice, since the peer keeps one member per version.
 * A version the peer refused in a status (a failure it reports for the object, which may be for a
 * while only: "try later") is kept and pushed again in a later pass, after a minute, then twice as
 * long each time up to a day, taken from the peer's feed as it is then (what the agreement no longer
 * lets go is not sent, and forgotten). Each POST names the local collection its objects come from
 * ({@value dev.parley.store.peers.ReceiptStore#SENDER_COLLECTION}), so that the peer can ask this node for their receipts.
 */
final class Push {
  private static final Logger LOG = LoggerFactory.getLogger(Push.class);
  static final int ENVELOPE = 500;
  private static final int TRIES = 4;

  private final ObjectStore objects;
  private final SyncPositions positions;
  private final Duration statusDeadline;
  private final Duration retryAfter;

  Push(ObjectStore objects, SyncPositions positions, Duration statusDeadline, Duration retryAfter) {
    this.objects = objects;
    this.positions = positions;
    this.statusDeadline = statusDeadline;
    this.retryAfter = retryAfter;
  }

  /** What a push moved: versions the peer accepted, and versions it refused (final). */
  record Moved(long accepted, long refused) {}

  Moved run(Peer peer, PeerClient client, UUID local, String remoteCollection) {
    Moved again = retry(peer, client, local, remoteCollection);
    long after = positions.pushed(peer.id(), local, remoteCollection);
    long accepted = again.accepted();
    long refused = again.refused();
    while (true) {
      Page page = objects.page(new ObjectQuery(local, after, null, ENVELOPE, List.of(), List.of(), VersionFilter.ALL,
          ObjectQuery.ANY_SPEC_VERSION, true, peer.id()));
      if (page.rows().isEmpty()) break;
      // what the peer sent itself never goes back to it, from any copy: one it sent after another
      // peer's copy was already in its feed would otherwise be pushed back (its feed keeps it, since
      // it could read it there before it sent it; a push delivers it only now). Nor does what it
      // accepted there before: a feed rebuilt by a new agreement version starts again from its start
      Set<String> sent = positions.notToPush(peer.id(), local, remoteCollection, page.rows().stream().map(ObjectRow::stixId).toList());
      List<ObjectRow> sentRows = new ArrayList<>();
      for (ObjectRow row : page.rows()) {
        if (sent.contains(key(row.stixId(), row.version()))) continue;
        sentRows.add(row);
      }
      if (sentRows.isEmpty()) {
        after = page.rows().get(page.rows().size() - 1).seq();
        positions.pushed(peer.id(), local, remoteCollection, after);
        if (!page.more()) break;
        continue;
      }
      List<SyncPositions.Retry> failed = deliver(client, local, remoteCollection, sentRows);
      List<SyncPositions.Retry> taken = acceptedOf(sentRows, failed);
      accepted += taken.size();
      if (!failed.isEmpty()) {
        refused += failed.size();
        LOG.warn("peer {} refused {} of {} objects pushed to its collection {}{}", peer.name(), failed.size(), sentRows.size(), remoteCollection,
            firstFailures(failed));
      }
      after = page.rows().get(page.rows().size() - 1).seq();
      positions.pushed(peer.id(), local, remoteCollection, after, taken, failed, retryAfter);
      if (!page.more()) break;
    }
    return new Moved(accepted, refused);
  }

  /**
   * Pushes again the refused versions whose time has come, as the peer's feed holds them now: what
   * the peer accepts is forgotten and counted, what it refuses waits longer, and what its feed no
   * longer holds (the agreement changed, the object was deleted) is forgotten unsent.
   */
  private Moved retry(Peer peer, PeerClient client, UUID local, String remoteCollection) {
    long accepted = 0;
    long refused = 0;
    for (int round = 0; round < 100; round++) {
      List<SyncPositions.Retry> due = positions.dueRetries(peer.id(), local, remoteCollection, ENVELOPE);
      if (due.isEmpty()) break;
      Map<String, SyncPositions.Retry> byKey = new HashMap<>();
      for (SyncPositions.Retry r : due) byKey.put(key(r.stixId(), r.version()), r);
      Page page = objects.page(new ObjectQuery(local, 0, null, ENVELOPE * 4, due.stream().map(SyncPositions.Retry::stixId).distinct().toList(),
          List.of(), VersionFilter.ALL, ObjectQuery.ANY_SPEC_VERSION, true, peer.id()));
      Set<String> sent = positions.notToPush(peer.id(), local, remoteCollection, due.stream().map(SyncPositions.Retry::stixId).toList());
      List<ObjectRow> sentRows = new ArrayList<>();
      Set<String> found = new HashSet<>();
      for (ObjectRow row : page.rows()) {
        String key = key(row.stixId(), row.version());
        if (!byKey.containsKey(key) || sent.contains(key) || !found.add(key)) continue;
        sentRows.add(row);
      }
      List<SyncPositions.Retry> settled = new ArrayList<>();
      for (SyncPositions.Retry r : due) if (!found.contains(key(r.stixId(), r.version()))) settled.add(r); // no longer in its feed
      List<SyncPositions.Retry> again = List.of();
      List<SyncPositions.Retry> taken = List.of();
      if (!sentRows.isEmpty()) {
        again = deliver(client, local, remoteCollection, sentRows);
        taken = acceptedOf(sentRows, again);
        for (SyncPositions.Retry r : taken) settled.add(byKey.get(key(r.stixId(), r.version())));
        if (!again.isEmpty()) {
          LOG.warn("peer {} refused again {} of {} objects pushed again to its collection {}{}", peer.name(), again.size(), sentRows.size(),
              remoteCollection, firstFailures(again));
        }
      }
      positions.retried(peer.id(), local, remoteCollection, settled, taken, again, retryAfter);
      accepted += taken.size();
      refused += again.size();
      if (due.size() < ENVELOPE) break;
    }
    return new Moved(accepted, refused);
  }

  /**
   * Posts {@code rows} in one envelope and follows its status; returns the versions the peer refused.
   * An envelope larger than the peer takes (413: its {@code max_content_length}) is sent again in
   * halves, and a single object the peer will not take for its size is refused, to be pushed again
   * later: one large object held back every push after it (a hostile run).
   */
  private List<SyncPositions.Retry> deliver(PeerClient client, UUID local, String remoteCollection, List<ObjectRow> rows) {
    ObjectNode envelope = Json.mapper().createObjectNode();
    ArrayNode list = envelope.putArray("objects");
    for (ObjectRow row : rows) list.add(body(row));
    try {
      JsonNode status = settled(client, post(client, local, remoteCollection, envelope));
      List<SyncPositions.Retry> refused = refusedOf(status, rows);
      return unconfirmed(client, status, rows, refused);
    } catch (PeerFailure f) {
      if (f.httpStatus() != 413) throw f;
      if (rows.size() == 1) {
        return List.of(new SyncPositions.Retry(rows.get(0).stixId(), rows.get(0).version(), "larger than the peer accepts (HTTP 413)"));
      }
      int half = rows.size() / 2;
      List<SyncPositions.Retry> out = new ArrayList<>(deliver(client, local, remoteCollection, rows.subList(0, half)));
      out.addAll(deliver(client, local, remoteCollection, rows.subList(half, rows.size())));
      return out;
    }
  }

  /** The versions of {@code sentRows} that the peer took: every one its status does not list as a failure. */
  private static List<SyncPositions.Retry> acceptedOf(List<ObjectRow> sentRows, List<SyncPositions.Retry> failed) {
    Set<String> refusedKeys = new HashSet<>();
    for (SyncPositions.Retry r : failed) refusedKeys.add(key(r.stixId(), r.version()));
    List<SyncPositions.Retry> out = new ArrayList<>(sentRows.size());
    Set<String> seen = new HashSet<>();
    for (ObjectRow row : sentRows) {
      String key = key(row.stixId(), row.version());
      if (!refusedKeys.contains(key) && seen.add(key)) out.add(new SyncPositions.Retry(row.stixId(), row.version(), null));
    }
    return out;
  }

  /** The versions of {@code sentRows} that a settled status lists as failures: by id, and by version when it gives one. */
  private static List<SyncPositions.Retry> refusedOf(JsonNode status, List<ObjectRow> sentRows) {
    JsonNode failures = status.path("failures");
    if (!failures.isArray() || failures.isEmpty()) return List.of();
    List<SyncPositions.Retry> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (JsonNode f : failures) {
      String id = f.path("id").asText("");
      Instant version = detailVersion(f);
      for (ObjectRow row : sentRows) {
        if (!row.stixId().equals(id) || version != null && !version.equals(row.version())) continue;
        if (seen.add(key(row.stixId(), row.version()))) {
          String message = f.path("message").asText("");
          out.add(new SyncPositions.Retry(row.stixId(), row.version(), message.length() > 500 ? message.substring(0, 500) : message));
        }
      }
    }
    return out;
  }

  /**
   * {@code refused}, and the versions of {@code rows} the settled status does not show the peer took:
   * when it lists its successes, every version it names neither there nor among its failures (to be
   * pushed again later); when it does not, its counts must add up to the objects sent, else it is a
   * malformed answer. A peer whose status said "5 of 5 succeeded" and named one id never sent had
   * every object counted as pushed, never to be pushed again (hostile run 10ag).
   */
  private static List<SyncPositions.Retry> unconfirmed(PeerClient client, JsonNode status, List<ObjectRow> rows,
      List<SyncPositions.Retry> refused) {
    JsonNode successes = status.path("successes");
    long successCount = status.path("success_count").asLong();
    long failureCount = status.path("failure_count").asLong();
    if (!successes.isArray()) {
      if (successCount + failureCount != rows.size() || failureCount > refused.size()) {
        throw PeerFailure.malformed(client.root() + ": status " + status.path("id").asText() + " counts " + successCount + " successes and "
            + failureCount + " failures (" + refused.size() + " of them named) of " + rows.size() + " objects sent");
      }
      return refused;
    }
    Map<String, Set<String>> named = new HashMap<>(); // id -> versions named ("" for any)
    for (JsonNode d : successes) {
      Instant given = detailVersion(d);
      String version = given == null ? "" : given.toString();
      named.computeIfAbsent(d.path("id").asText(""), k -> new HashSet<>()).add(version);
    }
    Set<String> refusedKeys = new HashSet<>();
    for (SyncPositions.Retry r : refused) refusedKeys.add(key(r.stixId(), r.version()));
    List<SyncPositions.Retry> out = new ArrayList<>(refused);
    for (ObjectRow row : rows) {
      if (refusedKeys.contains(key(row.stixId(), row.version()))) continue;
      Set<String> versions = named.get(row.stixId());
      if (versions != null && (versions.contains("") || versions.contains(row.version().toString()))) continue;
      out.add(new SyncPositions.Retry(row.stixId(), row.version(), "the peer's status named it neither a success nor a failure"));
      refusedKeys.add(key(row.stixId(), row.version()));
    }
    return out;
  }

  /** The version a status detail names, or null when it names none or none that parses (then it is matched by id alone). */
  private static Instant detailVersion(JsonNode detail) {
    try {
      return detail.path("version").isTextual() ? Instant.parse(detail.path("version").asText()) : null;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** A version as {@link SyncPositions#notToPush} names it: "id instant". */
  private static String key(String stixId, Instant version) {
    return stixId + " " + version;
  }

  private static JsonNode body(ObjectRow row) {
    try {
      return Json.readTree(row.body());
    } catch (IOException e) {
      throw new SyncException("the stored body of " + row.stixId() + " does not parse: " + e.getMessage(), e);
    }
  }

  private static JsonNode post(PeerClient client, UUID local, String remoteCollection, ObjectNode envelope) {
    long backoff = 500;
    for (int attempt = 1; ; attempt++) {
      try {
        return client.post(remoteCollection, envelope, local);
      } catch (PeerFailure f) {
        if (attempt >= TRIES || !f.transientFailure()) throw f;
        LOG.info("push to {} failed ({}); trying again in {} ms", client.root(), f.getMessage(), backoff);
        sleep(backoff);
        backoff *= 2;
      }
    }
  }

  /**
   * A pushed envelope's status still pending at its deadline: the peer answers, and has not settled
   * what it was sent. Not a peer down: the envelope goes again next pass, and the pass goes on.
   */
  static final class StillPending extends SyncException {
    StillPending(String message) {
      super(message, null);
    }
  }

  /** Follows a status until nothing in it is pending, polling with back-off; fails past the deadline ({@link StillPending}). */
  private JsonNode settled(PeerClient client, JsonNode status) {
    long deadline = System.nanoTime() + statusDeadline.toNanos();
    long wait = 50;
    while (status.get("pending_count").asLong() > 0 || !"complete".equals(status.get("status").asText())) {
      if (System.nanoTime() > deadline) {
        throw new StillPending("its status " + status.get("id").asText() + " still had " + status.get("pending_count").asLong()
            + " objects pending after " + statusDeadline.toSeconds() + " s: pushed again next pass");
      }
      sleep(wait);
      wait = Math.min(2000, wait * 2);
      status = client.status(status.get("id").asText());
    }
    return status;
  }

  private static String firstFailures(List<SyncPositions.Retry> failed) {
    StringBuilder b = new StringBuilder(":");
    for (int i = 0; i < Math.min(3, failed.size()); i++) {
      SyncPositions.Retry f = failed.get(i);
      b.append(' ').append(f.stixId()).append(" (").append(f.detail() == null ? "" : f.detail()).append(')');
    }
    return b.toString();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SyncException("interrupted", e);
    }
  }
}
