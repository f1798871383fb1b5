package dev.parley.node.taxii;

import dev.parley.store.collections.Collection;
import dev.parley.store.collections.CollectionStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Collections by id or alias, kept for two seconds so that a page costs one query, not two. Only found
 * collections are kept (one created by another process is seen at once); a changed title or
 * description shows within two seconds. Thread-safe.
 */
final class CollectionCache {
  private static final long TTL_NANOS = 2_000_000_000L;

  private final CollectionStore store;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Collection collection, long until) {}

  CollectionCache(CollectionStore store) {
    this.store = store;
  }

  /** The collection with this id or alias, or null when there is none. */
  Collection find(String idOrAlias) {
    long now = System.nanoTime();
    Cached c = cache.get(idOrAlias);
    if (c != null && now - c.until < 0) return c.collection;
    Collection found = store.resolve(idOrAlias).orElse(null);
    if (found == null) return null;
    if (cache.size() > 10_000) cache.clear();
    cache.put(idOrAlias, new Cached(found, now + TTL_NANOS));
    return found;
  }
}
