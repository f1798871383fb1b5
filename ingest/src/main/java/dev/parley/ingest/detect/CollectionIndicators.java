package dev.parley.ingest.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.detect.IndicatorSet;
import dev.parley.stix.Json;
import dev.parley.store.Stores;
import dev.parley.store.collections.Collection;
import dev.parley.store.detect.DetectionStore;
import dev.parley.store.objects.ObjectRow;
import dev.parley.store.objects.Page;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The indicators a node's collections hold, read incrementally: every indicator version added
 * since the last {@link #refresh} (by insertion sequence), so that a new version (revoked, or with
 * another validity) replaces the one before; a delete in a collection reads everything again. Only
 * the versions of an id's owner count ({@link IndicatorSet.Builder#add(ObjectNode, int, java.time.Instant)}).
 * {@link IndicatorSet} keeps the latest version of each id and drops revoked ones. Not thread-safe.
 */
public final class CollectionIndicators {
  private static final int PAGE = 2000;

  private final Stores stores;
  /** The collections followed, asked at each refresh. */
  private final java.util.function.Supplier<List<UUID>> which;
  private IndicatorSet.Builder builder = new IndicatorSet.Builder();
  private final Map<UUID, Long> readUpTo = new HashMap<>();
  /** The budget group of each local account that wrote indicators over TAXII ({@link IndicatorSet.Builder#ACCOUNT_GROUPS}). */
  private final Map<String, Integer> accountGroups = new HashMap<>();
  private Map<UUID, DetectionStore.Mark> marks = Map.of();
  private boolean refreshed;
  /** Whether everything was read again since the last {@link #takeChanges} (the first read, or after a delete). */
  private boolean readAgain = true;

  /**
   * What changed in {@link #indicators} since the last call: everything (the first read, or one
   * after a delete), or the ids whose latest version changed, each now an indicator or no longer one.
   */
  public record Changes(boolean everything, java.util.Set<String> ids) {}

  /** Indicators of {@code collections}, or of every collection (also those made later) when null. */
  public CollectionIndicators(Stores stores, List<UUID> collections) {
    this.stores = stores;
    List<UUID> fixed = collections == null ? null : List.copyOf(collections);
    this.which = fixed != null ? () -> fixed : () -> stores.collections().list().stream().map(Collection::id).toList();
  }

  private CollectionIndicators(Stores stores, java.util.function.Supplier<List<UUID>> which) {
    this.stores = stores;
    this.which = which;
  }

  /**
   * Indicators of the collections named by id or alias, found again at each refresh: a name no
   * collection has yet is followed from when one is made with it (an id is preferred to an alias,
   * as {@code CollectionStore.resolve} does).
   */
  public static CollectionIndicators named(Stores stores, List<String> idsOrAliases) {
    List<String> names = List.copyOf(idsOrAliases);
    return new CollectionIndicators(stores, () -> resolve(stores.collections().list(), names));
  }

  /** The ids of the collections {@code names} name, each once, in the order named; names no collection has are left out. */
  static List<UUID> resolve(List<Collection> all, List<String> names) {
    java.util.LinkedHashSet<UUID> out = new java.util.LinkedHashSet<>();
    for (String name : names) {
      Collection byId = all.stream().filter(c -> c.id().toString().equalsIgnoreCase(name)).findFirst().orElse(null);
      Collection found = byId != null ? byId : all.stream().filter(c -> name.equals(c.alias())).findFirst().orElse(null);
      if (found != null) out.add(found.id());
    }
    return List.copyOf(out);
  }

  /**
   * Reads what changed since the last call; true when an indicator version was read or a delete
   * made it read everything again (the first call is always true). Members of other types (the
   * sightings a run stores, say) move the marks but change nothing here.
   */
  public boolean refresh() {
    List<UUID> collections = which.get();
    Map<UUID, DetectionStore.Mark> now = stores.detection().marks(collections);
    if (refreshed && now.equals(marks)) return false;
    boolean first = !refreshed;
    refreshed = true;
    boolean deleted = false;
    for (Map.Entry<UUID, DetectionStore.Mark> e : marks.entrySet()) {
      DetectionStore.Mark m = now.get(e.getKey());
      if (m == null || m.deletes() != e.getValue().deletes()) deleted = true;
    }
    if (deleted) {
      builder = new IndicatorSet.Builder();
      readUpTo.clear();
      readAgain = true;
    }
    boolean read = false;
    for (Map.Entry<UUID, DetectionStore.Mark> e : now.entrySet()) read |= read(e.getKey(), e.getValue().lastSeq());
    marks = now;
    return first || deleted || read;
  }

  /** The indicators read so far. */
  public IndicatorSet indicators() {
    return builder.build();
  }

  /** Why the latest version of {@code id} is skipped although valid, or null ({@link IndicatorSet.Builder#whySkipped}). */
  public String whySkipped(String id) {
    return builder.whySkipped(id);
  }

  /** The indicator that the latest version of {@code id} read so far is, or null when it is none (see {@link IndicatorSet.Builder#active}). */
  public dev.parley.detect.Indicator active(String id) {
    return builder.active(id);
  }

  /** What changed since the last call (see {@link Changes}); forgets it. */
  public Changes takeChanges() {
    Changes c = new Changes(readAgain, builder.takeChanged());
    readAgain = false;
    return c;
  }

  /** The marks of the collections as the last refresh saw them. */
  public Map<UUID, DetectionStore.Mark> marks() {
    return marks;
  }

  /**
   * Reads the collection's indicator versions added since the last read; true when there was one.
   * Every member up to {@code lastSeq} (read from the mark, before the pages) was committed when the
   * mark was read, so the next read starts after it, not after the last indicator: members of other
   * types are not looked at again. A collection whose mark has not moved past the last read is not
   * read at all: while a pull fills one collection, the others (sightings, feedback) cost nothing.
   */
  private boolean read(UUID collection, long lastSeq) {
    long after = readUpTo.getOrDefault(collection, 0L);
    boolean any = false;
    if (after >= lastSeq) return false; // nothing added since the last read: no query
    java.util.Map<Long, Integer> fromPeers = new java.util.HashMap<>();
    java.util.Map<Long, Integer> byAccounts = new java.util.HashMap<>();
    while (true) {
      fromPeers.clear();
      byAccounts.clear();
      Page page = stores.detection().versionsAfter(collection, after, "indicator", PAGE, (seq, peer, account) -> {
        if (peer != null) fromPeers.put(seq, peer);
        else byAccounts.put(seq, accountGroups.computeIfAbsent(account, IndicatorSet.Builder::accountGroup));
      });
      for (ObjectRow row : page.rows()) {
        after = row.seq();
        any = true;
        try {
          JsonNode o = Json.readTree(row.body());
          if (o instanceof ObjectNode object) {
            int source = fromPeers.getOrDefault(row.seq(), IndicatorSet.Builder.LOCAL);
            builder.add(object, source, source != IndicatorSet.Builder.LOCAL ? source : byAccounts.getOrDefault(row.seq(), source),
                row.dateAdded());
          }
        } catch (IOException e) {
          // a stored body is JSON the store wrote; one that is not cannot be an indicator
        }
      }
      if (!page.more()) break;
    }
    readUpTo.put(collection, Math.max(after, lastSeq));
    return any;
  }
}
