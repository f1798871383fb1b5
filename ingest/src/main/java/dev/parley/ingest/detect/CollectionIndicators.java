package dev.parley.ingest.detect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.detect.Indicator;
import dev.parley.detect.IndicatorSet;
import dev.parley.stix.Json;
import dev.parley.store.Stores;
import dev.parley.store.collections.Collection;
import dev.parley.store.detect.DetectionStore;
import dev.parley.store.objects.ObjectRow;
import dev.parley.store.objects.Page;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The indicators a node's collections hold, read incrementally: every indicator version added
 * since the last {@link #refresh} (by insertion sequence), so that a new version (revoked, or with
 * another validity) replaces the one before; a delete in a collection reads everything again. Only
 * the versions of an id's owner count ({@link IndicatorSet.Builder#add(ObjectNode, int, java.time.Instant)}).
 * {@link IndicatorSet} keeps the latest version of each id and drops revoked ones, whatever order the
 * versions are read in.
 *
 * <p>The first read and the read of everything again after a delete read every version, oldest
 * first. Every later refresh reads at most {@value #CHUNK} of the versions added since the last,
 * the newest first, and what is left of them, the older part, goes at the end of a backlog of unread
 * ranges of the collection; then at most {@value #CHUNK} of the backlog, the oldest first. Every
 * version up to the mark is so read exactly once; a change committed while a bulk arrives (a
 * revocation, one new indicator) is read by the first refresh after its commit unless more than a
 * chunk came after it, and one that missed it waits only for what missed a look before it (read
 * the newest first, a backlog stranded it until the bulk ended, 29 to 34 s under a bulk written
 * faster than looks read it: BENCHMARKS, "Changes during a bulk arrival of indicators"):
 * before, a refresh read everything added since the last in the order added, and a node receiving
 * an import of 100,000 indicators read and compiled 15,000 to 30,000 of them a look, 8.6 to 9 s,
 * during which a revocation committed meanwhile waited, and a revoked indicator went on being
 * sighted for 6 to 17 s (hostile run 12al D6). {@link #behind} says whether a backlog remains. Not
 * thread-safe.
 */
public final class CollectionIndicators {
  private static final Logger LOG = LoggerFactory.getLogger(CollectionIndicators.class);
  private static final int PAGE = 2000;
  /**
   * The most versions a refresh after the first reads, the newest first: a look that reads them
   * parses and compiles a few thousand patterns, a fraction of a second (0.1 to 0.4 s in a test on a
   * quiet machine, the code not yet compiled by the JIT), so that a change committed
   * during a bulk arrival is in the matcher within a look or two of its commit; much less, and
   * draining a pull of a million indicators would take hundreds of looks, each a snapshot and a
   * segment of its own.
   */
  static final int CHUNK = 4096;

  private final Stores stores;
  /** The collections followed, asked at each refresh. */
  private final Supplier<List<UUID>> which;
  private IndicatorSet.Builder builder = new IndicatorSet.Builder();
  /** By collection, the sequence up to which every version is read or on the backlog. */
  private final Map<UUID, Long> readUpTo = new HashMap<>();
  /**
   * By collection, the ranges of sequences not read yet, each (after, upTo] holding at least one
   * indicator version; the newest last. Every range lies below {@link #readUpTo} and above the ranges
   * before it: a refresh adds what it left of the new versions last, and reads the backlog from the
   * first range, putting back at the front what it left of it.
   */
  private final Map<UUID, ArrayDeque<Range>> backlog = new HashMap<>();
  /** The budget group of each local account that wrote indicators over TAXII ({@link IndicatorSet.Builder#ACCOUNT_GROUPS}). */
  private final Map<String, Integer> accountGroups = new HashMap<>();
  private Map<UUID, DetectionStore.Mark> marks = Map.of();
  private boolean refreshed;
  /** Indicator versions read since this was made, every read counted. */
  private long versionsRead;
  /** Whether everything was read again since the last {@link #takeChanges} (the first read, or after a delete). */
  private boolean readAgain = true;

  /**
   * What changed in {@link #indicators} since the last call: everything (the first read, or one
   * after a delete), or the ids whose latest version changed, each now an indicator or no longer one.
   */
  public record Changes(boolean everything, Set<String> ids) {
    /** These changes and {@code later}'s, as one: what a follower that applied neither must apply. */
    public Changes and(Changes later) {
      if (later.ids().isEmpty() && !later.everything()) return this;
      Set<String> both = new HashSet<>(ids);
      both.addAll(later.ids());
      return new Changes(everything || later.everything(), Set.copyOf(both));
    }
  }

  /** The sequences in ({@code after}, {@code upTo}] of one collection. */
  private record Range(long after, long upTo) {}

  /** Indicators of {@code collections}, or of every collection (also those made later) when null. */
  public CollectionIndicators(Stores stores, List<UUID> collections) {
    this.stores = stores;
    List<UUID> fixed = collections == null ? null : List.copyOf(collections);
    this.which = fixed != null ? () -> fixed : () -> stores.collections().list().stream().map(Collection::id).toList();
  }

  private CollectionIndicators(Stores stores, Supplier<List<UUID>> which) {
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
    LinkedHashSet<UUID> out = new LinkedHashSet<>();
    for (String name : names) {
      Collection byId = all.stream().filter(c -> c.id().toString().equalsIgnoreCase(name)).findFirst().orElse(null);
      Collection found = byId != null ? byId : all.stream().filter(c -> name.equals(c.alias())).findFirst().orElse(null);
      if (found != null) out.add(found.id());
    }
    return List.copyOf(out);
  }

  /**
   * Reads what changed since the last call, at most {@value #CHUNK} versions after the first call
   * (see the class comment); true when an indicator version was read, a delete made it read
   * everything again, or a backlog remains (the first call is always true). Members of other types
   * (the sightings a run stores, say) move the marks but change nothing here.
   */
  public boolean refresh() {
    List<UUID> collections = which.get();
    Map<UUID, DetectionStore.Mark> now = stores.detection().marks(collections);
    if (refreshed && now.equals(marks) && !behind()) return false;
    boolean first = !refreshed;
    boolean deleted = false;
    for (Map.Entry<UUID, DetectionStore.Mark> e : marks.entrySet()) {
      DetectionStore.Mark m = now.get(e.getKey());
      if (m == null || m.deletes() != e.getValue().deletes()) deleted = true;
    }
    if (deleted) {
      builder = new IndicatorSet.Builder();
      readUpTo.clear();
      backlog.clear();
      readAgain = true;
    }
    boolean read = false;
    if (first || deleted) {
      for (Map.Entry<UUID, DetectionStore.Mark> e : now.entrySet()) read |= readAll(e.getKey(), e.getValue().lastSeq());
    } else {
      // what was added since the last look first, the newest first, in every collection: the changes a bulk arrival would
      // hold back; then a chunk of the backlog, the oldest first, whatever arrived: read the newest first, a backlog under a
      // bulk arriving faster than a look reads stranded what missed a look's newest chunk until the bulk ended (34 s where
      // reading everything in order took 5: BENCHMARKS, "Changes during a bulk arrival of indicators")
      for (Map.Entry<UUID, DetectionStore.Mark> e : now.entrySet()) {
        long after = readUpTo.getOrDefault(e.getKey(), 0L);
        long lastSeq = e.getValue().lastSeq();
        if (after >= lastSeq) continue; // nothing added since the last read: no query
        int got = read(e.getKey(), new Range(after, lastSeq), CHUNK, true);
        readUpTo.put(e.getKey(), lastSeq);
        read |= got > 0;
      }
      int left = CHUNK;
      for (UUID collection : now.keySet()) {
        ArrayDeque<Range> ranges = backlog.get(collection);
        while (left > 0 && ranges != null && !ranges.isEmpty()) {
          Range range = ranges.removeFirst();
          int got;
          try {
            got = read(collection, range, left, false);
          } catch (RuntimeException | Error e) {
            ranges.addFirst(range); // read at the next look (also when the heap ran out)
            throw e;
          }
          left -= got;
          read |= got > 0;
        }
      }
      backlog.values().removeIf(ArrayDeque::isEmpty);
    }
    refreshed = true;
    marks = now;
    return first || deleted || read || behind();
  }

  /**
   * Forgets everything read, so that the next refresh reads everything as the first did: what a
   * first read that ran out of heap had read is given back to the node, not held while it waits to
   * read again.
   */
  public void forget() {
    builder = new IndicatorSet.Builder();
    readUpTo.clear();
    backlog.clear();
    marks = Map.of();
    refreshed = false;
    readAgain = true;
  }

  /** How many indicator versions were read since this was made (a version read again after a delete counts again). */
  public long versionsRead() {
    return versionsRead;
  }

  /** Whether versions up to the marks of the last refresh are still unread (a backlog a next refresh reads). */
  public boolean behind() {
    // a read that failed may leave a collection's ranges empty until the next refresh drops them
    for (ArrayDeque<Range> ranges : backlog.values()) {
      if (!ranges.isEmpty()) return true;
    }
    return false;
  }

  /**
   * How many versions the backlog may hold at most: the sequences it spans, of members of every
   * type (a collection's sequence counts every member it gained).
   */
  public long backlogSpan() {
    long span = 0;
    for (ArrayDeque<Range> ranges : backlog.values()) {
      for (Range r : ranges) span += r.upTo() - r.after();
    }
    return span;
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
  public Indicator active(String id) {
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
   * Reads every indicator version of the collection up to {@code lastSeq}, oldest first; true when
   * there was one. Every member up to {@code lastSeq} (read from the mark, before the pages) was
   * committed when the mark was read, so the next read starts after it, not after the last
   * indicator: members of other types are not looked at again.
   */
  private boolean readAll(UUID collection, long lastSeq) {
    long after = readUpTo.getOrDefault(collection, 0L);
    boolean any = false;
    if (after >= lastSeq) return false; // an empty collection: no query
    Map<Long, Integer> fromPeers = new HashMap<>();
    Map<Long, Integer> byAccounts = new HashMap<>();
    while (true) {
      fromPeers.clear();
      byAccounts.clear();
      Page page = stores.detection().versionsAfter(collection, after, "indicator", PAGE, provenance(fromPeers, byAccounts));
      for (ObjectRow row : page.rows()) {
        after = row.seq();
        any = true;
        add(row, fromPeers, byAccounts);
      }
      if (!page.more()) break;
    }
    readUpTo.put(collection, Math.max(after, lastSeq));
    return any;
  }

  /**
   * Reads at most {@code limit} indicator versions of {@code range} and puts what is left of it on the
   * collection's backlog; returns how many were read. The newest first (what arrived since the last
   * refresh): the part below the oldest version read goes last on the backlog. The oldest first (the
   * backlog's first range): the part above the newest version read goes back first. Nothing is
   * offered or put back before the query has answered, so a read that fails leaves its range to the
   * caller (a new range stays above {@link #readUpTo}, a backlog range goes back on the backlog), and
   * no version of it is read twice.
   */
  private int read(UUID collection, Range range, int limit, boolean newestFirst) {
    Map<Long, Integer> fromPeers = new HashMap<>();
    Map<Long, Integer> byAccounts = new HashMap<>();
    DetectionStore.Provenance provenance = provenance(fromPeers, byAccounts);
    Page page = newestFirst
        ? stores.detection().versionsNewestFirst(collection, range.after(), range.upTo(), "indicator", limit, provenance)
        : stores.detection().versionsBetween(collection, range.after(), range.upTo(), "indicator", limit, provenance);
    for (ObjectRow row : page.rows()) add(row, fromPeers, byAccounts);
    if (page.more()) {
      long last = page.rows().get(page.rows().size() - 1).seq();
      ArrayDeque<Range> ranges = backlog.computeIfAbsent(collection, k -> new ArrayDeque<>());
      if (newestFirst) ranges.addLast(new Range(range.after(), last - 1));
      else ranges.addFirst(new Range(last, range.upTo()));
    }
    return page.rows().size();
  }

  private DetectionStore.Provenance provenance(Map<Long, Integer> fromPeers, Map<Long, Integer> byAccounts) {
    return (seq, peer, account) -> {
      if (peer != null) fromPeers.put(seq, peer);
      else byAccounts.put(seq, accountGroups.computeIfAbsent(account, IndicatorSet.Builder::accountGroup));
    };
  }

  /** Offers one stored version to the builder, with its writer's source and budget group. */
  private void add(ObjectRow row, Map<Long, Integer> fromPeers, Map<Long, Integer> byAccounts) {
    versionsRead++;
    // an indicator is a pattern and a few properties: a stored one of millions of JSON values (a custom property of
    // 3,000,000 {}) made every read of the indicators run out of memory (hostile run 12au D4); past the bound it is
    // no indicator to detect with, as a body that is not JSON is none
    Json.limitValues(MAX_VALUES);
    try {
      JsonNode o = Json.readTree(row.body());
      if (o instanceof ObjectNode object) {
        int source = fromPeers.getOrDefault(row.seq(), IndicatorSet.Builder.LOCAL);
        builder.add(object, source, source != IndicatorSet.Builder.LOCAL ? source : byAccounts.getOrDefault(row.seq(), source),
            row.dateAdded());
      }
    } catch (IOException e) {
      // a stored body is JSON the store wrote; one that is not, or one past the bound, cannot be an indicator
      LOG.warn("{} (added {}) is not read as an indicator to detect with: {}", row.stixId(), row.dateAdded(),
          e instanceof JsonProcessingException j ? Json.problem(j) : e.getMessage());
    } finally {
      Json.limitValues(0);
    }
  }

  /** The JSON values a stored indicator's tree may hold (as many as a line of telemetry's trees). */
  static final int MAX_VALUES = 130_048;
}
