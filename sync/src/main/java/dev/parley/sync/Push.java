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
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes a local collection to a peer's: the peer's feed of it (so the share rules of its agreement
 * apply, and nothing that came from that peer goes back), from the feed position settled last, in
 * envelopes; each status is followed until nothing in it is pending, and only then is the position
 * after the envelope saved. A POST that fails for want of an answer, or with a 5xx or 429, is tried
 * again with back-off; a retry stores nothing twice, since the peer keeps one member per version.
 */
final class Push {
  private static final Logger LOG = LoggerFactory.getLogger(Push.class);
  static final int ENVELOPE = 500;
  private static final int TRIES = 4;

  private final ObjectStore objects;
  private final SyncPositions positions;
  private final Duration statusDeadline;

  Push(ObjectStore objects, SyncPositions positions, Duration statusDeadline) {
    this.objects = objects;
    this.positions = positions;
    this.statusDeadline = statusDeadline;
  }

  /** What a push moved: versions the peer accepted, and versions it refused (final). */
  record Moved(long accepted, long refused) {}

  Moved run(Peer peer, PeerClient client, UUID local, String remoteCollection) {
    long after = positions.pushed(peer.id(), local, remoteCollection);
    long accepted = 0;
    long refused = 0;
    while (true) {
      Page page = objects.page(new ObjectQuery(local, after, null, ENVELOPE, List.of(), List.of(), VersionFilter.ALL,
          ObjectQuery.ANY_SPEC_VERSION, true, peer.id()));
      if (page.rows().isEmpty()) break;
      ObjectNode envelope = Json.mapper().createObjectNode();
      ArrayNode list = envelope.putArray("objects");
      // what the peer sent itself never goes back to it, from any copy: one it sent after another
      // peer's copy was already in its feed would otherwise be pushed back (its feed keeps it, since
      // it could read it there before it sent it; a push delivers it only now)
      java.util.Set<String> sent = positions.sentBy(peer.id(), page.rows().stream().map(ObjectRow::stixId).toList());
      for (ObjectRow row : page.rows()) {
        if (sent.contains(row.stixId() + " " + row.version())) continue;
        try {
          list.add(Json.readTree(row.body()));
        } catch (IOException e) {
          throw new SyncException("the stored body of " + row.stixId() + " does not parse: " + e.getMessage(), e);
        }
      }
      if (list.isEmpty()) {
        after = page.rows().get(page.rows().size() - 1).seq();
        positions.pushed(peer.id(), local, remoteCollection, after, 0);
        if (!page.more()) break;
        continue;
      }
      JsonNode status = settled(client, post(client, remoteCollection, envelope));
      long succeeded = status.get("success_count").asLong();
      accepted += succeeded;
      long failures = status.get("failure_count").asLong();
      if (failures > 0) {
        refused += failures;
        LOG.warn("peer {} refused {} of {} objects pushed to its collection {}{}", peer.name(), failures, list.size(), remoteCollection,
            firstFailures(status));
      }
      after = page.rows().get(page.rows().size() - 1).seq();
      positions.pushed(peer.id(), local, remoteCollection, after, succeeded);
      if (!page.more()) break;
    }
    return new Moved(accepted, refused);
  }

  private static JsonNode post(PeerClient client, String remoteCollection, ObjectNode envelope) {
    long backoff = 500;
    for (int attempt = 1; ; attempt++) {
      try {
        return client.post(remoteCollection, envelope);
      } catch (PeerFailure f) {
        if (attempt >= TRIES || !f.transientFailure()) throw f;
        LOG.info("push to {} failed ({}); trying again in {} ms", client.root(), f.getMessage(), backoff);
        sleep(backoff);
        backoff *= 2;
      }
    }
  }

  /** Follows a status until nothing in it is pending, polling with back-off; fails past the deadline. */
  private JsonNode settled(PeerClient client, JsonNode status) {
    long deadline = System.nanoTime() + statusDeadline.toNanos();
    long wait = 50;
    while (status.get("pending_count").asLong() > 0 || !"complete".equals(status.get("status").asText())) {
      if (System.nanoTime() > deadline) {
        throw PeerFailure.unreachable("status " + status.get("id").asText() + " at " + client.root() + " still has "
            + status.get("pending_count").asLong() + " objects pending after " + statusDeadline.toSeconds() + " s; pushed again next pass", null);
      }
      sleep(wait);
      wait = Math.min(2000, wait * 2);
      status = client.status(status.get("id").asText());
    }
    return status;
  }

  private static String firstFailures(JsonNode status) {
    JsonNode failures = status.path("failures");
    if (!failures.isArray() || failures.isEmpty()) return "";
    StringBuilder b = new StringBuilder(":");
    for (int i = 0; i < Math.min(3, failures.size()); i++) {
      JsonNode f = failures.get(i);
      b.append(' ').append(f.path("id").asText("?")).append(" (").append(f.path("message").asText("")).append(')');
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
