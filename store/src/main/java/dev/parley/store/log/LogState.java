package dev.parley.store.log;

import dev.parley.tlog.tiles.Tile;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the integrator shares with readers in this process: the latest published checkpoint, the
 * failure that closed the log (if any), the right-edge tiles of the latest checkpoint and a
 * bounded cache of immutable full tiles and bundles. Thread-safe.
 */
final class LogState {
  private static final int MAX_CACHED = 8192;

  private final AtomicReference<Published> latest = new AtomicReference<>();
  private volatile String failure;
  private final Map<Long, byte[]> edge = new ConcurrentHashMap<>();
  private final Map<String, byte[]> full = new ConcurrentHashMap<>();

  Optional<Published> latest() {
    return Optional.ofNullable(latest.get());
  }

  /** Publishes a checkpoint and the tiles that grew with it (only ever a larger one). */
  void publish(Published p, List<Tile> tiles) {
    for (Tile t : tiles) {
      if (t.path().isPartial()) edge.put(key(t.path().level(), t.path().index()), t.data());
      else edge.remove(key(t.path().level(), t.path().index()));
    }
    latest.accumulateAndGet(p, (old, now) -> old == null || now.size() > old.size() ? now : old);
  }

  /** A later checkpoint seen in the database (signed by another process); edge tiles come from the database. */
  void observe(Published p) {
    Published old = latest.get();
    if (old == null || p.size() > old.size()) {
      edge.clear();
      latest.accumulateAndGet(p, (o, now) -> o == null || now.size() > o.size() ? now : o);
    }
  }

  /** Replaces the latest checkpoint's note by {@code note} (the same checkpoint, more signatures), if it is still the latest. */
  void cosigned(Published p) {
    latest.updateAndGet(old -> old != null && old.checkpoint().equals(p.checkpoint()) ? p : old);
  }

  Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  void fail(String reason) {
    if (failure == null) failure = reason;
  }

  /** The right-edge tile at this position as of the latest publish, any width. */
  byte[] edgeTile(int level, long index) {
    return edge.get(key(level, index));
  }

  byte[] cached(String path) {
    return full.get(path);
  }

  void cache(String path, byte[] data) {
    if (full.size() >= MAX_CACHED) full.clear();
    full.put(path, data);
  }

  private static long key(int level, long index) {
    return (long) level << 56 | index;
  }
}
