package dev.parley.pattern.match;

import dev.parley.pattern.syntax.Pattern;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compiled bulk matcher for many patterns, updatable while threads match. Updates are
 * serialized and publish a new {@link MatcherSnapshot}; readers keep the one they hold. Added
 * patterns form a new segment; removed ones are tombstoned; segments are merged like a binary
 * counter (the last two merge while the older is at most twice the newer), so an add costs
 * O(log n) amortized rebuilding and a snapshot has O(log n) segments. Thread-safe.
 */
public final class BulkMatcher {
  private record Location(Segment segment, int index) {}

  private final Map<String, Pattern> patterns = new HashMap<>();
  private final Map<String, Location> locations = new HashMap<>();
  private volatile MatcherSnapshot snapshot = MatcherSnapshot.EMPTY;

  /** Compiles a fixed set of patterns once, keeping nothing for later updates (the lean form). */
  public static MatcherSnapshot compile(Map<String, Pattern> patterns) {
    if (patterns.isEmpty()) return MatcherSnapshot.EMPTY;
    Segment segment = SegmentBuilder.build(new ArrayList<>(patterns.keySet()), new ArrayList<>(patterns.values()));
    return new MatcherSnapshot(List.of(segment), List.of(new BitSet()));
  }

  /** The current snapshot; matching threads call this once per batch. */
  public MatcherSnapshot snapshot() {
    return snapshot;
  }

  /** Adds or replaces one pattern. */
  public void add(String id, Pattern pattern) {
    addAll(Map.of(id, pattern));
  }

  /** Adds or replaces patterns in one new segment. */
  public synchronized void addAll(Map<String, Pattern> added) {
    if (added.isEmpty()) return;
    List<Segment> segments = new ArrayList<>(snapshot.segments);
    List<BitSet> dead = new ArrayList<>(snapshot.dead);
    for (String id : added.keySet()) bury(id, segments, dead);
    patterns.putAll(added);
    Map<String, Pattern> fresh = new LinkedHashMap<>(added);
    append(fresh, segments, dead);
    while (segments.size() >= 2) {
      int n = segments.size();
      int older = live(n - 2, segments, dead);
      int newer = live(n - 1, segments, dead);
      if (older > 2 * newer) break;
      Map<String, Pattern> merged = new LinkedHashMap<>();
      for (int s = n - 2; s < n; s++) {
        Segment segment = segments.get(s);
        for (int i = 0; i < segment.size(); i++) {
          if (!dead.get(s).get(i)) merged.put(segment.ids[i], patterns.get(segment.ids[i]));
        }
      }
      segments.subList(n - 2, n).clear();
      dead.subList(n - 2, n).clear();
      append(merged, segments, dead);
    }
    snapshot = new MatcherSnapshot(segments, dead);
  }

  /** Removes a pattern; true if it was present. */
  public synchronized boolean remove(String id) {
    if (patterns.remove(id) == null) return false;
    List<Segment> segments = new ArrayList<>(snapshot.segments);
    List<BitSet> dead = new ArrayList<>(snapshot.dead);
    bury(id, segments, dead);
    snapshot = new MatcherSnapshot(segments, dead);
    return true;
  }

  private void bury(String id, List<Segment> segments, List<BitSet> dead) {
    Location at = locations.remove(id);
    if (at == null) return;
    int s = segments.indexOf(at.segment());
    BitSet copy = (BitSet) dead.get(s).clone();
    copy.set(at.index());
    dead.set(s, copy);
  }

  private void append(Map<String, Pattern> batch, List<Segment> segments, List<BitSet> dead) {
    if (batch.isEmpty()) return;
    Segment segment = SegmentBuilder.build(new ArrayList<>(batch.keySet()), new ArrayList<>(batch.values()));
    for (int i = 0; i < segment.size(); i++) locations.put(segment.ids[i], new Location(segment, i));
    segments.add(segment);
    dead.add(new BitSet());
  }

  private static int live(int s, List<Segment> segments, List<BitSet> dead) {
    return segments.get(s).size() - dead.get(s).cardinality();
  }
}
