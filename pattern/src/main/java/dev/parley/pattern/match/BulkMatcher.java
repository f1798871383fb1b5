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
 * counter (two neighbours merge while the older holds at most twice the newer's live patterns),
 * so an add costs O(log n) amortized rebuilding and a snapshot has O(log n) segments.
 *
 * <p>Made by {@link #withBackgroundMerges}, an add merges only up to a bound and leaves a larger
 * merge due: a caller's thread of its own runs it ({@link #mergeDue}) outside the lock, while adds
 * and removes go on, and installs the merged segment with the changes made meanwhile applied (a
 * pattern removed or replaced while its segment was merging is dead in the merged one). So an
 * update costs what it changed even when a merge of a million patterns is due. Thread-safe.
 */
public final class BulkMatcher {
  private record Location(Segment segment, int index) {}

  private final Map<String, Pattern> patterns = new HashMap<>();
  /** The group of each pattern that is not of group 0 ({@link #addAll(Map, Map)}). */
  private final Map<String, Integer> groups = new HashMap<>();
  private final Map<String, Location> locations = new HashMap<>();
  private volatile MatcherSnapshot snapshot = MatcherSnapshot.EMPTY;
  /** The most live patterns a merge inside {@link #addAll} makes; larger merges wait for {@link #mergeDue}. */
  private final int inlineMerge;
  /** The two neighbouring segments a {@link #mergeDue} is merging outside the lock, or null. */
  private Segment merging;
  private Segment mergingNewer;

  /** A matcher whose adds do every merge themselves. */
  public BulkMatcher() {
    this(Integer.MAX_VALUE);
  }

  private BulkMatcher(int inlineMerge) {
    this.inlineMerge = inlineMerge;
  }

  /**
   * A matcher whose adds merge at most {@code inlineMerge} live patterns; a larger merge is left due
   * until {@link #mergeDue} runs it, which the caller does on a thread of its own.
   */
  public static BulkMatcher withBackgroundMerges(int inlineMerge) {
    if (inlineMerge < 1) throw new IllegalArgumentException("inlineMerge must be positive: " + inlineMerge);
    return new BulkMatcher(inlineMerge);
  }

  /** Compiles a fixed set of patterns once, keeping nothing for later updates (the lean form). */
  public static MatcherSnapshot compile(Map<String, Pattern> patterns) {
    return compile(patterns, Map.of());
  }

  /** {@link #compile(Map)}, each pattern of the group {@code groupOf} gives (see {@link #addAll(Map, Map)}). */
  public static MatcherSnapshot compile(Map<String, Pattern> patterns, Map<String, Integer> groupOf) {
    if (patterns.isEmpty()) return MatcherSnapshot.EMPTY;
    List<String> ids = new ArrayList<>(patterns.keySet());
    Segment segment = SegmentBuilder.build(ids, new ArrayList<>(patterns.values()), groups(ids, groupOf));
    return new MatcherSnapshot(List.of(segment), List.of(new BitSet()));
  }

  private static int[] groups(List<String> ids, Map<String, Integer> groupOf) {
    int[] out = new int[ids.size()];
    if (groupOf.isEmpty()) return out;
    for (int i = 0; i < out.length; i++) out[i] = groupOf.getOrDefault(ids.get(i), 0);
    return out;
  }

  /** A segment of these patterns, each of its group; under the lock. */
  private Segment build(List<String> ids, List<Pattern> live) {
    return SegmentBuilder.build(ids, live, groups(ids, groups));
  }

  /** The current snapshot; matching threads call this once per batch. */
  public MatcherSnapshot snapshot() {
    return snapshot;
  }

  /** Adds or replaces one pattern. */
  public void add(String id, Pattern pattern) {
    addAll(Map.of(id, pattern));
  }

  /** Adds or replaces patterns in one new segment, all of group 0. */
  public void addAll(Map<String, Pattern> added) {
    addAll(added, Map.of());
  }

  /**
   * Adds or replaces patterns in one new segment, each of the group {@code groupOf} gives (absent:
   * 0): the source of its indicator, whose LIKE and MATCHES searches share a budget per observation
   * ({@link dev.parley.pattern.regex.Automaton.Budgets}), so that one source's costly expressions
   * cannot cut short another's searches.
   */
  public synchronized void addAll(Map<String, Pattern> added, Map<String, Integer> groupOf) {
    if (added.isEmpty()) return;
    for (String id : added.keySet()) {
      Integer g = groupOf.get(id);
      if (g == null || g == 0) groups.remove(id);
      else groups.put(id, g);
    }
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
      // too large to merge here, or being merged: left to mergeDue
      if ((long) older + newer > inlineMerge || segments.get(n - 2) == merging || segments.get(n - 2) == mergingNewer) break;
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

  /**
   * Runs one merge that is due (the newest two neighbours whose older holds at most twice the newer's
   * live patterns), building the merged segment outside the lock, and publishes it; false when no
   * merge is due. Called by one thread at a time; adds and removes may run meanwhile.
   */
  public boolean mergeDue() {
    return mergeDue(() -> {});
  }

  /** {@link #mergeDue}, running {@code whileBuilding} after the pair is chosen and before it is installed (tests). */
  boolean mergeDue(Runnable whileBuilding) {
    Segment older;
    Segment newer;
    List<String> ids = new ArrayList<>();
    List<Pattern> live = new ArrayList<>();
    int[] groupsOf;
    synchronized (this) {
      if (merging != null) throw new IllegalStateException("one mergeDue at a time");
      List<Segment> segments = snapshot.segments;
      List<BitSet> dead = snapshot.dead;
      int s = segments.size() - 2;
      while (s >= 0 && live(s, segments, dead) > 2 * live(s + 1, segments, dead)) s--;
      if (s < 0) return false;
      older = segments.get(s);
      newer = segments.get(s + 1);
      for (int k = s; k <= s + 1; k++) {
        Segment segment = segments.get(k);
        for (int i = 0; i < segment.size(); i++) {
          if (!dead.get(k).get(i)) {
            ids.add(segment.ids[i]);
            live.add(patterns.get(segment.ids[i]));
          }
        }
      }
      merging = older;
      mergingNewer = newer;
      groupsOf = groups(ids, groups);
    }
    try {
      whileBuilding.run();
      Segment merged = ids.isEmpty() ? null : SegmentBuilder.build(ids, live, groupsOf);
      synchronized (this) {
        List<Segment> segments = new ArrayList<>(snapshot.segments);
        List<BitSet> dead = new ArrayList<>(snapshot.dead);
        int s = segments.indexOf(older);
        if (s < 0 || s + 1 >= segments.size() || segments.get(s + 1) != newer) {
          throw new IllegalStateException("a merging segment moved"); // adds never touch the pair
        }
        segments.subList(s, s + 2).clear();
        dead.subList(s, s + 2).clear();
        if (merged != null) {
          // a pattern removed or replaced since the pair was chosen is no longer located in it
          BitSet gone = new BitSet();
          for (int i = 0; i < merged.size(); i++) {
            Location at = locations.get(merged.ids[i]);
            if (at != null && (at.segment() == older || at.segment() == newer)) {
              locations.put(merged.ids[i], new Location(merged, i));
            } else {
              gone.set(i);
            }
          }
          for (int i = gone.nextSetBit(0); i >= 0; i = gone.nextSetBit(i + 1)) merged.silence(i, gone);
          segments.add(s, merged);
          dead.add(s, gone);
        }
        snapshot = new MatcherSnapshot(segments, dead);
      }
      return true;
    } finally {
      synchronized (this) {
        merging = null;
        mergingNewer = null;
      }
    }
  }

  /** Removes a pattern; true if it was present. */
  public synchronized boolean remove(String id) {
    if (patterns.remove(id) == null) return false;
    groups.remove(id);
    List<Segment> segments = new ArrayList<>(snapshot.segments);
    List<BitSet> dead = new ArrayList<>(snapshot.dead);
    Location at = locations.get(id);
    bury(id, segments, dead);
    if (at != null) compact(segments.indexOf(at.segment()), segments, dead);
    snapshot = new MatcherSnapshot(segments, dead);
    return true;
  }

  /**
   * Builds segment {@code s} again of its live patterns once more of it is dead than alive (or drops
   * it when none lives), unless a merge outside the lock holds it or it is larger than an inline
   * merge: a dead pattern's brackets are still indexed (its LIKE and MATCHES searches stop at its
   * removal, {@link Segment#silence}; a hostile run had seen 200 revoked expressions searched until a
   * restart), and its equality keys are still looked up. A rebuild costs what it keeps, and takes as
   * many removals again.
   */
  private void compact(int s, List<Segment> segments, List<BitSet> dead) {
    Segment segment = segments.get(s);
    int gone = dead.get(s).cardinality();
    if (gone * 2 <= segment.size() || segment == merging || segment == mergingNewer || segment.size() - gone > inlineMerge) return;
    Map<String, Pattern> live = new LinkedHashMap<>();
    for (int i = 0; i < segment.size(); i++) {
      if (!dead.get(s).get(i)) live.put(segment.ids[i], patterns.get(segment.ids[i]));
    }
    segments.remove(s);
    dead.remove(s);
    if (live.isEmpty()) return;
    Segment rebuilt = build(new ArrayList<>(live.keySet()), new ArrayList<>(live.values()));
    for (int i = 0; i < rebuilt.size(); i++) locations.put(rebuilt.ids[i], new Location(rebuilt, i));
    segments.add(s, rebuilt);
    dead.add(s, new BitSet());
  }

  private void bury(String id, List<Segment> segments, List<BitSet> dead) {
    Location at = locations.remove(id);
    if (at == null) return;
    int s = segments.indexOf(at.segment());
    BitSet copy = (BitSet) dead.get(s).clone();
    copy.set(at.index());
    dead.set(s, copy);
    at.segment().silence(at.index(), copy);
  }

  private void append(Map<String, Pattern> batch, List<Segment> segments, List<BitSet> dead) {
    if (batch.isEmpty()) return;
    Segment segment = build(new ArrayList<>(batch.keySet()), new ArrayList<>(batch.values()));
    for (int i = 0; i < segment.size(); i++) locations.put(segment.ids[i], new Location(segment, i));
    segments.add(segment);
    dead.add(new BitSet());
  }

  private static int live(int s, List<Segment> segments, List<BitSet> dead) {
    return segments.get(s).size() - dead.get(s).cardinality();
  }
}
