package dev.parley.node.taxii;

import dev.parley.store.collections.Collection;
import dev.parley.store.collections.CollectionStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

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

  /**
   * The collection with this id or alias if {@code visible} admits it, or null. Only a visible
   * collection is answered from the cache: a miss and every refusal cost one look-up in the store,
   * so that refusing a collection the caller may not see takes as long as not finding one.
   */
  Collection find(String idOrAlias, Predicate<Collection> visible) {
    long now = System.nanoTime();
    Cached c = cache.get(idOrAlias);
    if (c != null && now - c.until < 0 && visible.test(c.collection)) return c.collection;
    Collection found = store.resolve(idOrAlias).orElse(null);
    if (found == null) return null;
    if (cache.size() > 10_000) cache.clear();
    cache.put(idOrAlias, new Cached(found, now + TTL_NANOS));
    return visible.test(found) ? found : null;
  }
}
