package dev.parley.ingest.detect;

import dev.parley.detect.Indicator;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The indicators of one {@link LiveIndicators.Snapshot} by id, unmodifiable: a large map shared by
 * every snapshot since it was made, and the changes since then in a small one (an id mapped to
 * null: no longer an indicator). A new snapshot copies the small map only, so following a
 * collection that grows by a page at a time costs what the page changed, not what the set holds;
 * once the changes reach a quarter of the large map they are folded into a new one (amortized
 * constant work per change). Thread-safe (never changed once made).
 */
final class IndicatorsById extends AbstractMap<String, Indicator> {
  private final Map<String, Indicator> base;
  private final Map<String, Indicator> changes;
  private Set<Entry<String, Indicator>> entries;

  private IndicatorsById(Map<String, Indicator> base, Map<String, Indicator> changes) {
    this.base = base;
    this.changes = changes;
  }

  static IndicatorsById of(Collection<Indicator> indicators) {
    Map<String, Indicator> base = new HashMap<>(indicators.size() * 2);
    for (Indicator i : indicators) base.put(i.id(), i);
    return new IndicatorsById(base, Collections.emptyMap());
  }

  /** This map with {@code changed} applied: an id to its indicator now, or to null when it is none. */
  IndicatorsById with(Map<String, Indicator> changed) {
    if (changed.isEmpty()) return this;
    Map<String, Indicator> merged = new HashMap<>(changes);
    merged.putAll(changed);
    if (merged.size() <= 1024 + base.size() / 4) return new IndicatorsById(base, merged);
    Map<String, Indicator> folded = new HashMap<>(base);
    for (Map.Entry<String, Indicator> e : merged.entrySet()) {
      if (e.getValue() == null) folded.remove(e.getKey());
      else folded.put(e.getKey(), e.getValue());
    }
    return new IndicatorsById(folded, Collections.emptyMap());
  }

  @Override
  public Indicator get(Object id) {
    if (changes.containsKey(id)) return changes.get(id);
    return base.get(id);
  }

  @Override
  public boolean containsKey(Object id) {
    return get(id) != null;
  }

  /** Every entry, made on first use (a pass over both maps); detection only calls {@link #get}. */
  @Override
  public synchronized Set<Entry<String, Indicator>> entrySet() {
    if (entries == null) {
      Map<String, Indicator> all = new HashMap<>(base);
      for (Map.Entry<String, Indicator> e : changes.entrySet()) {
        if (e.getValue() == null) all.remove(e.getKey());
        else all.put(e.getKey(), e.getValue());
      }
      entries = Collections.unmodifiableMap(all).entrySet();
    }
    return entries;
  }
}
