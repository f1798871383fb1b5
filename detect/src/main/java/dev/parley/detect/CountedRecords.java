package dev.parley.detect;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The records one run has counted in a sighting, by id (the digest of their bytes and source), at
 * most {@code capacity} of them (the oldest go first). A record's bytes hold its own time, so a
 * record seen again is a repetition whatever event time the run has reached since: a run over a
 * file twice over counts each record once. Only counted records are kept, so memory grows with
 * hits, not with telemetry. Not thread-safe.
 */
final class CountedRecords {
  private final Map<String, Boolean> ids;

  CountedRecords(int capacity) {
    this.ids = new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  boolean contains(String id) {
    return !ids.isEmpty() && ids.containsKey(id);
  }

  void add(String id) {
    ids.putIfAbsent(id, Boolean.TRUE);
  }

  int size() {
    return ids.size();
  }
}
