package dev.parley.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The records already counted in a sighting, by id (the digest of their bytes and source), for
 * {@link Detector#REPEAT_WINDOW} of event time after the latest record seen, and at most
 * {@code capacity} of them (the oldest go first). Only counted records are kept, so memory grows
 * with hits, not with telemetry. Not thread-safe.
 */
final class CountedRecords {
  private final int capacity;
  private final Duration window;
  private final LinkedHashMap<String, Instant> byId = new LinkedHashMap<>();
  private Instant latest = Instant.MIN;
  private Instant oldest = Instant.MAX; // the first entry's time: eviction looks further only when it is due

  CountedRecords(int capacity, Duration window) {
    this.capacity = capacity;
    this.window = window;
  }

  /** Moves event time to {@code time} (if later) and forgets records older than the window. */
  void advance(Instant time) {
    if (!time.isAfter(latest)) return;
    latest = time;
    if (byId.isEmpty() || !oldest.isBefore(time.minus(window))) return;
    Instant horizon = latest.minus(window);
    var it = byId.entrySet().iterator();
    oldest = Instant.MAX;
    while (it.hasNext()) {
      Map.Entry<String, Instant> e = it.next();
      if (!e.getValue().isBefore(horizon)) { // insertion order is close to time order; a late one waits
        oldest = e.getValue();
        break;
      }
      it.remove();
    }
  }

  boolean contains(String id) {
    if (byId.isEmpty()) return false;
    Instant at = byId.get(id);
    return at != null && !at.isBefore(latest.minus(window));
  }

  void add(String id, Instant time) {
    if (byId.isEmpty()) oldest = time;
    if (byId.putIfAbsent(id, time) == null && byId.size() > capacity) {
      var it = byId.entrySet().iterator();
      it.next();
      it.remove();
      oldest = byId.values().iterator().next();
    }
  }

  int size() {
    return byId.size();
  }
}
