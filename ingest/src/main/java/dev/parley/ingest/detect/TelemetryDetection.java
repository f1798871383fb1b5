package dev.parley.ingest.detect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.detect.Detector;
import dev.parley.detect.Indicator;
import dev.parley.detect.IndicatorSet;
import dev.parley.detect.Sighting;
import dev.parley.detect.SightingWriter;
import dev.parley.detect.telemetry.TelemetryItem;
import dev.parley.detect.telemetry.TelemetryReader;
import dev.parley.ingest.Incoming;
import dev.parley.ingest.Ingest;
import dev.parley.ingest.IngestListener;
import dev.parley.ingest.Load;
import dev.parley.ingest.LoadOptions;
import dev.parley.ingest.Refusal;
import dev.parley.pattern.match.MatcherSnapshot;
import dev.parley.pattern.observe.Observation;
import dev.parley.policy.Tlp;
import dev.parley.stix.Json;
import dev.parley.store.Stores;
import dev.parley.store.detect.DetectionStore;
import dev.parley.store.objects.AddOutcome;
import dev.parley.store.objects.ConflictPolicy;
import dev.parley.store.objects.ObjectQuery;
import dev.parley.store.objects.ObjectRow;
import dev.parley.store.objects.VersionFilter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detection runs over a node's store: telemetry read through a {@link Detector}, its sightings
 * (with their observed-data and SCOs) stored in the sightings collection through {@link Ingest}
 * (judged, stored and logged like every object), and the records counted remembered per source for
 * {@link DetectionStore#REPEAT_WINDOW} of wall-clock time, in the database, so that a record sent
 * again (byte for byte, from the same source) is not counted again for an indicator it counted for,
 * in this run or a later one, in this process or another (it counts for an indicator that arrived
 * since). A run is one sighting per indicator that matched: one request, one
 * file, or one part of a followed file. Runs of one source are serialized (their memory of counted
 * records is one); runs of different sources go in parallel. Thread-safe.
 *
 * <p>Order of writes: the sightings are committed before the records they counted are remembered,
 * so a crash between the two may count those records again if they are sent again, never lose a
 * sighting.
 */
public final class TelemetryDetection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TelemetryDetection.class);
  private static final int BATCH = 5000;
  private static final int CHUNK = 1000;

  private final Stores stores;
  private final Ingest ingest;
  private final UUID sightings;
  private final UUID feedback;
  private final String identityId;
  private final Instant identityCreated;
  private final String nodeName;
  private final Map<String, Remembered> sources = new ConcurrentHashMap<>();
  /**
   * Stores what deferred runs found, one run at a time in the order they ended; when 64 wait, the run
   * that ends next stores its own (the sender then waits, as it did before).
   */
  private final ThreadPoolExecutor later = new ThreadPoolExecutor(1, 1, 0,
      TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(64), r -> {
        Thread t = new Thread(r, "parley-telemetry-store");
        t.setDaemon(true);
        return t;
      }, new ThreadPoolExecutor.CallerRunsPolicy());

  /**
   * What a run read and found; {@code dropped} hits waited for the rest of a set and were forgotten
   * past the bounds of memory, of the indicators {@code droppedByIndicator} names (their counts may be
   * low); {@code cutShortByIndicator} names the indicators whose MATCHES or LIKE searches met their
   * work bound, with how many records or values each (counted as not matching: their counts may be low);
   * {@code held} of the sightings wait, merged with the source's later hits of their indicators, for
   * their owner's budget ({@link #budgeted}).
   */
  public record Result(long records, long malformed, long repeated, List<Sighting> sightings, List<ObjectNode> objects,
      long stored, long refused, long dropped, Map<String, Long> droppedByIndicator, Map<String, Long> cutShortByIndicator,
      long held) {
    public Result {
      droppedByIndicator = Map.copyOf(droppedByIndicator);
      cutShortByIndicator = Map.copyOf(cutShortByIndicator);
    }

    /** The searches cut short, over all indicators ({@link Detector.Counts#cutShort}). */
    public long cutShort() {
      return Detector.Counts.total(cutShortByIndicator);
    }
  }

  /**
   * Sightings one group's indicators ({@link dev.parley.detect.Indicator#group}: one peer's, one local
   * account's, or those made or imported here) may have written at once, and per second after that,
   * in a node ({@link #budgeted}). Past
   * its budget, a run's sighting of an indicator is held, and the source's later hits of that
   * indicator merge into it (counts added, first and last seen widened, examples up to
   * {@link dev.parley.detect.Detector#EXAMPLES}), until the budget lets it be written: nothing is
   * lost, and what a node writes for an owner's indicators grows with time, not with the runs. (A
   * peer's 1,000 indicators that match anything made each request of 70 bytes write 2,003 objects,
   * and a followed file as many every 200 ms.)
   */
  public static final int SIGHTING_BURST = 10_000;

  /** See {@link #SIGHTING_BURST}. */
  public static final int SIGHTINGS_PER_SECOND = 100;

  /**
   * A sighting held for its owner's budget; {@code row} names it in the store, where each run that
   * makes it grow saves it ({@link Save}).
   */
  private static final class Held {
    final UUID row = UUID.randomUUID();
    Sighting sighting;
    /** How many examples its objects had when last saved with them; -1: never saved. */
    int examplesSaved = -1;

    Held(Sighting sighting) {
      this.sighting = sighting;
    }
  }

  /**
   * A held sighting as a run left it, saved by that run's store in the transaction that records the
   * run's keys ({@link DetectionStore#countedNow(String, java.util.Collection, Instant, List, java.util.Collection)}),
   * so that a hard stop loses nothing a stored run counted; {@code withObjects}: its objects are
   * written, at its first save and once its examples are all there ({@link Detector#EXAMPLES}).
   */
  private record Save(UUID row, Sighting sighting, boolean withObjects) {}

  /** Per owner: {tokens, when last refilled (nanoseconds)}; null: every run writes all it found. */
  private volatile Map<Integer, double[]> budgets;
  private volatile ScheduledExecutorService releaser;
  private volatile int burst;
  private volatile double perSecond;

  /**
   * Bounds the sightings each owner's indicators write ({@link #SIGHTING_BURST}): for a node, whose
   * runs go on for as long as it serves; held sightings are written as the budget allows, checked
   * every second, and all of them on {@link #close}. Returns this.
   */
  public TelemetryDetection budgeted() {
    return budgeted(SIGHTING_BURST);
  }

  /**
   * As {@link #budgeted()}, with a budget of {@code burst} sightings at once, earned back at a
   * hundredth of it a second ({@code serve --sighting-budget}).
   */
  public TelemetryDetection budgeted(int burst) {
    return budgeted(burst, burst * (double) SIGHTINGS_PER_SECOND / SIGHTING_BURST);
  }

  /** As {@link #budgeted()}, with another budget (tests). */
  synchronized TelemetryDetection budgeted(int burst, double perSecond) {
    if (budgets != null) return this;
    this.burst = burst;
    this.perSecond = perSecond;
    releaser = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "parley-sightings-held");
      t.setDaemon(true);
      return t;
    });
    releaser.scheduleWithFixedDelay(() -> {
      try {
        release(false);
      } catch (RuntimeException e) {
        LOG.warn("held sightings could not be written, trying again: {}", e.toString());
      }
    }, 1, 1, TimeUnit.SECONDS);
    budgets = new HashMap<>();
    writeSaved();
    return this;
  }

  /**
   * Writes, at once, the sightings a node held for their owners' budget when it last stopped without
   * writing them (a hard stop: {@link Save}), as they were last saved; their records were recorded as
   * counted when they were saved. At most one sighting per indicator and marking held then.
   */
  private void writeSaved() {
    if (sightings == null) return;
    List<DetectionStore.Held> saved = stores.detection().held();
    if (saved.isEmpty()) return;
    long written = 0;
    for (DetectionStore.Held h : saved) {
      List<ObjectNode> objects = savedObjects(h);
      if (objects != null) {
        // a release that stored it and stopped before its record committed left it held: not written twice
        if (!holds(sightings, heldSightingId(h.id()))) {
          store(sightings, objects);
          written++;
        }
        if (feedback != null) {
          Map<String, Integer> matched = new HashMap<>();
          if (h.matchedOwner() != null) {
            for (ObjectNode o : objects) if ("sighting".equals(o.path("type").asText())) matched.put(o.path("sighting_of_ref").asText(), h.matchedOwner());
          }
          store(feedback, feedbackCopies(objects, matched).stream().filter(o -> !holds(feedback, o.get("id").textValue())).toList());
        }
      }
      stores.detection().dropHeld(List.of(h.id())); // one by one: a stop during this start writes none twice
    }
    LOG.info("wrote {} sightings held for their owners' budget when the node last stopped", written);
  }

  /** A saved held sighting's objects, its sighting with the saved count and times; null (said) when they cannot be had. */
  private static List<ObjectNode> savedObjects(DetectionStore.Held h) {
    if (h.objects() == null) {
      // its first save, with its objects, was of a run whose store had not run: those hits count again if sent again
      LOG.warn("a sighting held before the node last stopped was saved without its objects and is dropped ({} hits)", h.count());
      return null;
    }
    List<ObjectNode> objects = new ArrayList<>();
    try {
      for (com.fasterxml.jackson.databind.JsonNode o : Json.mapper().readTree(h.objects())) {
        ObjectNode copy = (ObjectNode) o;
        if ("sighting".equals(copy.path("type").asText())) {
          copy.put("count", Math.min(h.count(), SightingWriter.MAX_COUNT));
          copy.put("first_seen", h.firstSeen().toString());
          copy.put("last_seen", h.lastSeen().toString());
        }
        objects.add(copy);
      }
    } catch (IOException | ClassCastException e) {
      LOG.error("a sighting held before the node last stopped could not be read back and is dropped: {}", e.toString());
      return null;
    }
    return objects;
  }

  /** The rows that save these held sightings; their objects made now where their examples changed. */
  private List<DetectionStore.Held> rows(List<Save> saves, Instant now) {
    if (saves.isEmpty()) return List.of();
    SightingWriter writer = new SightingWriter(identityId, now, UUID::randomUUID);
    List<DetectionStore.Held> rows = new ArrayList<>(saves.size());
    for (Save save : saves) {
      Sighting s = save.sighting();
      rows.add(new DetectionStore.Held(save.row(), save.withObjects() ? json(heldIds(writer.objects(List.of(s)), List.of(save.row()))) : null,
          s.count(), s.firstSeen(), s.lastSeen(), s.indicator().owner()));
    }
    return rows;
  }

  /**
   * The id of the sighting that held sighting {@code row} becomes, whether a release writes it or the
   * next start does: one sighting, whichever wrote it first.
   */
  private static String heldSightingId(UUID row) {
    return "sighting--" + row;
  }

  /** Gives the sightings among {@code objects} (in the order they were made) the ids of their held {@code rows}. */
  private static List<ObjectNode> heldIds(List<ObjectNode> objects, List<UUID> rows) {
    int next = 0;
    for (ObjectNode o : objects) if ("sighting".equals(o.path("type").asText())) o.put("id", heldSightingId(rows.get(next++)));
    if (next != rows.size()) throw new IllegalStateException(next + " sightings made for " + rows.size() + " held");
    return objects;
  }

  private static String json(List<ObjectNode> objects) {
    try {
      return Json.mapper().writeValueAsString(objects);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Takes one sighting from {@code owner}'s budget, if it has one left. */
  private boolean take(int owner) {
    synchronized (budgets) {
      long now = System.nanoTime();
      double[] b = budgets.computeIfAbsent(owner, o -> new double[] {burst, now});
      b[0] = Math.min(burst, b[0] + (now - b[1]) / 1e9 * perSecond);
      b[1] = now;
      if (b[0] < 1) return false;
      b[0]--;
      return true;
    }
  }

  /** A sighting and what a later run found of the same indicator, as one. */
  static Sighting merge(Sighting a, Sighting b) {
    List<Observation> examples = new ArrayList<>(a.examples());
    for (var o : b.examples()) {
      if (examples.size() >= Detector.EXAMPLES) break;
      boolean known = false;
      for (var e : examples) known |= e == o;
      if (!known) examples.add(o);
    }
    long count = a.count() > Long.MAX_VALUE - b.count() ? Long.MAX_VALUE : a.count() + b.count();
    return new Sighting(b.indicator(), count, a.firstSeen().isBefore(b.firstSeen()) ? a.firstSeen() : b.firstSeen(),
        a.lastSeen().isAfter(b.lastSeen()) ? a.lastSeen() : b.lastSeen(), Tlp.max(a.marking(), b.marking()), examples);
  }

  /**
   * Of a run's sightings and counted keys, what is written now; the rest is held in {@code memory}
   * (a sighting of an indicator held already joins it; else one past its owner's budget is held),
   * and saved by the run's store: {@code saves}, with the keys of their hits, {@code heldKeys}.
   * Called with {@code memory} locked.
   */
  private List<Sighting> admit(Remembered memory, List<Sighting> found, List<String> fresh, List<String> freshNow,
      List<String> heldKeys, List<Save> saves, Instant at) {
    if (budgets == null) {
      freshNow.addAll(fresh);
      return found;
    }
    Map<String, List<String>> keysOf = new HashMap<>();
    for (String key : fresh) {
      int space = key.indexOf(' ');
      keysOf.computeIfAbsent(space < 0 ? "" : key.substring(space + 1), k -> new ArrayList<>()).add(key);
    }
    List<Sighting> now = new ArrayList<>(found.size());
    for (Sighting s : found) {
      String id = s.indicator().id();
      // one held per marking: a merge never makes the hits of green telemetry red (hostile run 12l: they
      // then never reached the indicator's source as feedback, as many as the budget's timing made)
      String heldAs = id + " " + s.marking().name();
      Held h = memory.held.get(heldAs);
      if (h == null && take(s.indicator().group())) {
        now.add(s);
        continue;
      }
      if (h == null) memory.held.put(heldAs, h = new Held(s));
      else h.sighting = merge(h.sighting, s);
      // its objects at its first save, and again once its examples are all there: twice, not once per example
      // (a run of one record against 1,000 held sightings made 1,000 objects a run for its first 10 runs)
      int examples = h.sighting.examples().size();
      boolean withObjects = h.examplesSaved < 0 || examples >= Detector.EXAMPLES && h.examplesSaved < Detector.EXAMPLES;
      saves.add(new Save(h.row, h.sighting, withObjects));
      if (withObjects) h.examplesSaved = examples;
      List<String> keys = keysOf.remove(id);
      if (keys != null) {
        heldKeys.addAll(keys);
        memory.add(keys, at); // remembered with what holds them, whatever becomes of the rest of the run
      }
    }
    keysOf.values().forEach(freshNow::addAll);
    return now;
  }

  /** Writes the held sightings their owners' budgets allow now ({@code all}: every one, budget or not). */
  private void release(boolean all) {
    for (Map.Entry<String, Remembered> e : sources.entrySet()) {
      Remembered memory = e.getValue();
      List<Sighting> found = new ArrayList<>();
      List<UUID> rows = new ArrayList<>();
      // a source whose run is reading a request is passed over until the next second: a slow body held every
      // source's release behind it
      if (all) memory.lock.lock();
      else if (!memory.lock.tryLock()) continue;
      try {
        for (Iterator<Held> it = memory.held.values().iterator(); it.hasNext(); ) {
          Held h = it.next();
          if (!all && !take(h.sighting.indicator().group())) continue;
          found.add(h.sighting);
          rows.add(h.row);
          it.remove();
        }
      } finally {
        memory.lock.unlock();
      }
      if (found.isEmpty()) continue;
      Instant now = Instant.now();
      later.execute(() -> storeLater(e.getKey(), memory, found, new Kept(List.of(), List.of(), List.of(), rows), now));
    }
  }

  /**
   * The keys a record keeps for one budget group at most; past that, one key for the group
   * ({@link Remembered#groupKey}). A peer's 4,500 indicators that matched anything kept 4,500 keys for
   * each record of 186 bytes, a megabyte of database a record for a day (hostile run 12k).
   */
  static final int KEYS_PER_GROUP = 16;

  /**
   * Replaces, in {@code fresh}, the keys of a record for more than {@link #KEYS_PER_GROUP} indicators
   * of one group by the record's key for the group: counted for every indicator of that group it
   * matched then. Sent again within the window, the record is then a repeat for all of that group's
   * indicators, those that arrived since too: the price of a bound on what a record costs. Only
   * single-observation indicators are grouped; the keys of the others are kept one by one.
   */
  static void compact(List<String> fresh, Groups groups) {
    if (fresh.size() <= KEYS_PER_GROUP) return; // most runs: no record can be past the bound
    if (fewIndicators(fresh)) return; // nor when the run counted for no more indicators than that
    Map<String, Integer> perRecordAndGroup = new HashMap<>();
    Integer[] groupOf = new Integer[fresh.size()];
    for (int k = 0; k < fresh.size(); k++) {
      String key = fresh.get(k);
      Integer group = groupOf[k] = groups.of(key);
      if (group != null) perRecordAndGroup.merge(Remembered.groupKey(Remembered.recordOf(key), group), 1, Integer::sum);
    }
    if (perRecordAndGroup.values().stream().noneMatch(n -> n > KEYS_PER_GROUP)) return;
    Set<String> grouped = new LinkedHashSet<>();
    List<String> kept = new ArrayList<>(fresh.size());
    for (int k = 0; k < fresh.size(); k++) {
      String key = fresh.get(k);
      Integer group = groupOf[k];
      if (group == null) {
        kept.add(key);
        continue;
      }
      String groupKey = Remembered.groupKey(Remembered.recordOf(key), group);
      if (perRecordAndGroup.get(groupKey) > KEYS_PER_GROUP) grouped.add(groupKey);
      else kept.add(key);
    }
    kept.addAll(grouped);
    fresh.clear();
    fresh.addAll(kept);
  }

  /**
   * Whether the keys name at most {@link #KEYS_PER_GROUP} indicators: then no record has more keys
   * than that. A key whose indicator is the one before's is not cut out again (a run of hits of one
   * indicator made a map entry and two strings a key here: hostile run 12x).
   */
  private static boolean fewIndicators(List<String> fresh) {
    Set<String> indicators = new HashSet<>();
    String last = null;
    for (String key : fresh) {
      int from = key.indexOf(' ') + 1;
      if (last != null && key.length() - from == last.length() && key.startsWith(last, from)) continue;
      last = key.substring(from);
      if (indicators.add(last) && indicators.size() > KEYS_PER_GROUP) return false;
    }
    return true;
  }

  /**
   * The budget group of the indicator of a (record, indicator) key, 0 when it is not one; null for
   * an indicator of several observations or with qualifiers, whose keys are never grouped, nor
   * refused by a group's key: a record carried for it into a later run was counted for no set of
   * it, whatever it counted for in its own (hostile run 12ad: a FOLLOWEDBY completed by a later
   * request was refused as a repeat when its first record had matched 17 broad indicators of the
   * same owner). Each indicator is looked up once a run: a run with dense hits looked up every
   * key's indicator in the snapshot's map of a million two or three times (7 % of the request
   * threads' samples in a profile of {@code POST /telemetry} at 1,000,000 indicators), where the
   * indicators a run meets are a few thousand.
   */
  static final class Groups {
    private final Map<String, Indicator> byId;
    /** By indicator id: its group, or empty when its keys are kept one by one. */
    private final Map<String, Optional<Integer>> known = new HashMap<>();

    Groups(Map<String, Indicator> byId) {
      this.byId = byId;
    }

    Integer of(String key) {
      int space = key.indexOf(' ');
      if (space < 0) return 0;
      return known.computeIfAbsent(key.substring(space + 1), id -> {
        Indicator i = byId.get(id);
        return i == null ? Optional.of(0) : i.singleObservation() ? Optional.of(i.group()) : Optional.empty();
      }).orElse(null);
    }
  }

  /**
   * The (record, indicator) pairs a source keeps in memory at most, counted within the window; past
   * that, the earliest counted are forgotten before their window ends, said in a WARN. About 150
   * bytes a pair with its record: a bound of one 2,560th of the heap's most (2,516,582 for 6 GiB,
   * 419,430 for 1 GiB) keeps a source within about 6% of it, and at most 4,194,304 (hostile run 12aa:
   * a node of 1 GiB, filled by one account's hits, spent its time collecting garbage and answered
   * no one).
   */
  static final int COUNTED_PER_SOURCE = (int) Math.max(1 << 16, Math.min(1 << 22, Runtime.getRuntime().maxMemory() / 2560));

  /** Indicators a WARN on dropped hits or searches cut short names at most. */
  private static final int NAMED = 5;

  private static String named(Map<String, Long> byIndicator) {
    return Detector.Counts.named(byIndicator, NAMED);
  }

  /**
   * Of one source: the records counted within the window, by digest and indicator, with when (loaded from the
   * store once); and what compound patterns carry from one of its runs to the next, each record with
   * its marking (a set of records of two markings is sighted under the stricter).
   */
  private static final class Remembered {
    /** Held by a run from its first read to its end, and briefly by the release of held sightings; fair: runs go in the order they came. */
    final ReentrantLock lock = new ReentrantLock(true);
    /** Keys whose sightings could not be stored: forgotten by the next run, so that they count when sent again. */
    final ConcurrentLinkedQueue<String> unstored = new ConcurrentLinkedQueue<>();
    /** The (record, indicator) keys ({@link Detector#key}) counted within the window, with when; null until loaded. */
    KeyWindow counted;
    /** The records among them, by record id, with when last counted: for the count of repeats. */
    KeyWindow records;
    Detector.Memory carried = new Detector.Memory();
    /** Sightings held for their owner's budget, by indicator id and marking, in the order they were first held. */
    final Map<String, Held> held = new LinkedHashMap<>();

    /** Forgets the keys counted at or before {@code horizon}, unless counted again since. */
    void forget(Instant horizon) {
      counted.forget(horizon);
      records.forget(horizon);
    }

    /** Keys forgotten before their window ended, when {@link #warnForgottenEarly} last said so. */
    private long forgottenSaid;

    /** Says, once for each time it grows, that keys of {@code source} were forgotten before their window ended. */
    void warnForgottenEarly(String source) {
      long now = counted.forgottenEarly();
      if (now == forgottenSaid) return;
      LOG.warn("{} counted more than {} (record, indicator) pairs within {} hours: the {} counted earliest in all were forgotten before"
          + " their window ended, and their records count again if they are sent again (README-detect.md, \"Idempotency\")", source,
          COUNTED_PER_SOURCE, DetectionStore.REPEAT_WINDOW.toHours(), now);
      forgottenSaid = now;
    }

    /** Whether {@link #counted} may hold a record's key for a group: only then is one looked for. */
    boolean groupKeyed;
    /** Where in the store's order of writing the counted keys were read up to ({@link #learnCounted}). */
    long learnedUpTo;

    /** Takes in a key read from the store, counted by this process or another. */
    void learn(String key, Instant at) {
      counted.put(key, at);
      records.put(recordOf(key), at);
      groupKeyed |= isGroupKey(key);
    }

    void add(List<String> keys, Instant now) {
      for (String key : keys) {
        counted.put(key, now);
        records.put(recordOf(key), now);
        groupKeyed |= isGroupKey(key);
      }
    }

    /**
     * Whether the pair was counted (the indicators by id, for the group of its indicator); a bare record id
     * is what a node kept before counting was per indicator, and refuses the record for every
     * indicator for the rest of its window; a record's key for a group ({@link #compact}) refuses it
     * for that group's indicators (looked for once the source has such a key: a probe a hit less).
     */
    boolean countedBefore(String key, Groups groups) {
      if (counted.contains(key)) return true;
      String record = recordOf(key);
      if (counted.contains(record)) return true;
      if (!groupKeyed) return false;
      Integer group = groups.of(key);
      return group != null && counted.contains(groupKey(record, group));
    }

    static String groupKey(String record, int group) {
      return record + " g" + group;
    }

    static boolean isGroupKey(String key) {
      int space = key.indexOf(' ');
      return space > 0 && space + 1 < key.length() && key.charAt(space + 1) == 'g';
    }

    static String recordOf(String key) {
      int space = key.indexOf(' ');
      return space < 0 ? key : key.substring(0, space);
    }
  }

  /**
   * Runs that may store sightings in {@code sightingsCollection} (null: runs never store), with the
   * node's sighting identity (made, and stored there, the first time; named {@code nodeName}).
   */
  public TelemetryDetection(Stores stores, Ingest ingest, UUID sightingsCollection, String nodeName) {
    this(stores, ingest, sightingsCollection, null, nodeName);
  }

  /**
   * As above; and a copy of each sighting of an indicator that a peer sent, without its
   * observed-data, goes to {@code feedbackCollection} (null: none), where the publisher makes it
   * available to that peer when its agreement asks for sightings ({@code store.egress.Feedbacks}).
   */
  public TelemetryDetection(Stores stores, Ingest ingest, UUID sightingsCollection, UUID feedbackCollection, String nodeName) {
    this.stores = stores;
    this.ingest = ingest;
    this.sightings = sightingsCollection;
    this.feedback = feedbackCollection;
    String proposed = "identity--" + UUID.randomUUID();
    DetectionStore.Identity made = stores.detection().identity(proposed, Instant.now());
    this.identityId = made.id();
    this.identityCreated = made.created();
    this.nodeName = nodeName;
    if (sightingsCollection != null) {
      // stored once, dated when it was made; an identity already there is a duplicate, never a second version
      ObjectNode identity = new SightingWriter(identityId, made.created(), UUID::randomUUID).identity(nodeName);
      if (!holds(sightingsCollection, identityId)) store(sightingsCollection, List.of(identity));
      if (feedbackCollection != null && !holds(feedbackCollection, identityId)) store(feedbackCollection, List.of(identity));
      writeUnwritten();
    }
  }

  /** The identity that sights: {@code where_sighted_refs} and {@code created_by_ref} of every sighting. */
  public String identityId() {
    return identityId;
  }

  /**
   * The identity object that sights, as the node's sightings collection holds it (the collection
   * this detection stores in, else the one with alias {@value SightingsCollection#ALIAS}); as this
   * node makes it when none holds it yet. A bundle of sightings carries it, so that their
   * {@code where_sighted_refs} and {@code created_by_ref} resolve within it.
   */
  public ObjectNode identity() {
    UUID in = sightings != null ? sightings
        : stores.collections().resolve(SightingsCollection.ALIAS).map(c -> c.id()).orElse(null);
    if (in != null) {
      List<ObjectRow> rows = stores.objects().page(new ObjectQuery(in, 0, null, 1, List.of(identityId), List.of(),
          VersionFilter.LAST, ObjectQuery.ANY_SPEC_VERSION, true)).rows();
      if (!rows.isEmpty()) {
        try {
          return (ObjectNode) Json.mapper().readTree(rows.get(0).body());
        } catch (IOException | ClassCastException e) {
          // made again below: the same id, dated when it was made
        }
      }
    }
    return new SightingWriter(identityId, identityCreated, UUID::randomUUID).identity(nodeName);
  }

  /**
   * Reads {@code reader} to its end against {@code indicators} (compiled as {@code matcher}),
   * telemetry marked {@code tlp}. Records of {@code source} counted within the window are not counted
   * again. With {@code store}, the sightings are stored and the records they counted remembered;
   * without, nothing is written (a dry run). {@code malformed} hears of each malformed line.
   *
   * @throws IOException when the telemetry cannot be read; nothing of the run is stored then
   */
  public Result run(TelemetryReader reader, String source, Tlp tlp, IndicatorSet indicators, MatcherSnapshot matcher,
      boolean store, Consumer<TelemetryItem.Malformed> malformed) throws IOException {
    return run(reader, source, tlp, Detector.byId(indicators.indicators()), matcher, store, false, null, malformed);
  }

  /** As above, with a live snapshot's indicators by id (not copied). */
  public Result run(TelemetryReader reader, String source, Tlp tlp, LiveIndicators.Snapshot snapshot, boolean store,
      Consumer<TelemetryItem.Malformed> malformed) throws IOException {
    return run(reader, source, tlp, snapshot.byId(), snapshot.matcher(), store, false, null, malformed);
  }

  /**
   * As above, storing the sightings after this returns, on a thread of this object's: for a sender
   * that may not read them. The answer then takes as long whether the records hit or not (storing
   * sightings took 20 ms a request against 5 without a hit: a sensor's account timed which values
   * are indicators). The records counted are remembered at once, so that the next run of the source
   * finds them; if storing fails, it is logged and they are forgotten, so that they count when sent
   * again. The result has no objects and counts nothing stored.
   */
  public Result runStoringLater(TelemetryReader reader, String source, Tlp tlp, LiveIndicators.Snapshot snapshot,
      Consumer<TelemetryItem.Malformed> malformed) throws IOException {
    return run(reader, source, tlp, snapshot.byId(), snapshot.matcher(), true, true, null, malformed);
  }

  /**
   * A stored run for a request: {@link #run} or, with {@code storeLater}, {@link #runStoringLater};
   * one that finds another run over the source going on waits {@code wait} at most for it, then
   * throws {@link SourceBusy} having read nothing (a request trickling its body held every other
   * request of its account and format for as long as it lasted).
   */
  public Result runRequest(TelemetryReader reader, String source, Tlp tlp, LiveIndicators.Snapshot snapshot, boolean storeLater,
      Duration wait, Consumer<TelemetryItem.Malformed> malformed) throws IOException {
    return run(reader, source, tlp, snapshot.byId(), snapshot.matcher(), true, storeLater, Objects.requireNonNull(wait), malformed);
  }

  /** Stores what the runs left to store, and stops the thread that stores them. */
  @Override
  public void close() {
    if (releaser != null) {
      releaser.shutdownNow();
      try {
        releaser.awaitTermination(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      release(true);
    }
    later.shutdown();
    try {
      if (!later.awaitTermination(2, TimeUnit.MINUTES)) LOG.warn("sightings still being stored at shutdown were left");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops as a hard stop (kill -9) would leave the store: nothing held is written, no deferred store
   * runs (tests of what the next start makes of it).
   */
  void stopHard() {
    if (releaser != null) releaser.shutdownNow();
    later.shutdownNow();
  }

  private Result run(TelemetryReader reader, String source, Tlp tlp, Map<String, Indicator> byId,
      MatcherSnapshot matcher, boolean store, boolean storeLater, Duration wait, Consumer<TelemetryItem.Malformed> malformed)
      throws IOException {
    running.incrementAndGet();
    try {
      return runCounted(reader, source, tlp, byId, matcher, store, storeLater, wait, malformed);
    } finally {
      lastRunEnded = System.nanoTime();
      running.decrementAndGet();
    }
  }

  /** Runs under way (a run waiting for another over its source included). */
  private final AtomicInteger running = new AtomicInteger();
  /** When the last run ended ({@link System#nanoTime}). */
  private volatile long lastRunEnded = System.nanoTime() - DETECTING_FOR.toNanos();
  /** How long after a run telemetry still counts as arriving: a sensor's requests come a fraction of a second apart. */
  static final Duration DETECTING_FOR = Duration.ofSeconds(2);

  /**
   * Whether telemetry is being matched: a run under way, or one ended within {@link #DETECTING_FOR}
   * (requests of a few milliseconds each, a fraction of a second apart, are one stream).
   */
  public boolean detecting() {
    return running.get() > 0 || System.nanoTime() - lastRunEnded < DETECTING_FOR.toNanos();
  }

  private Result runCounted(TelemetryReader reader, String source, Tlp tlp, Map<String, Indicator> byId,
      MatcherSnapshot matcher, boolean store, boolean storeLater, Duration wait, Consumer<TelemetryItem.Malformed> malformed)
      throws IOException {
    Remembered memory = sources.computeIfAbsent(source, s -> new Remembered());
    Runnable deferred = null;
    Result result;
    if (wait == null) {
      memory.lock.lock();
    } else {
      try {
        // at most WAITERS wait, each on a server thread: 300 requests of one account queued behind a slow one held
        // every thread the node had, and it answered no one (hostile run 12o)
        if (!memory.lock.tryLock() && (memory.lock.getQueueLength() >= WAITERS
            || !memory.lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS))) {
          throw new SourceBusy(source, wait);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for another run over " + source);
      }
    }
    try {
      Instant now = Instant.now();
      load(memory, source, now);
      for (String key = memory.unstored.poll(); key != null; key = memory.unstored.poll()) memory.counted.remove(key);
      memory.forget(now.minus(DetectionStore.REPEAT_WINDOW));
      List<String> fresh = new ArrayList<>();
      // a dry run changes nothing, the carried memory included
      boolean storing = store && sightings != null;
      Detector.Memory carried = storing ? memory.carried : new Detector.Memory();
      boolean ended = false;
      try {
        Groups groups = new Groups(byId); // of this run's snapshot
        Detector detector = new Detector(byId, matcher, tlp, carried)
            .remembering(key -> memory.countedBefore(key, groups), memory.records::contains, (key, time) -> fresh.add(key));
        long bad = 0;
        reader.screening(detector.screen());
        for (TelemetryItem item = reader.read(); item != null; item = reader.read()) {
          TelemetryItem.Malformed m = detector.take(item);
          if (m != null) {
            bad++;
            malformed.accept(m);
          }
        }
        if (reader.droppedValues() > 0) {
          // never silent: a count of what those values would have matched may be low
          LOG.warn("{} values were left out of records of {} past the {} one record gives (more than a DNS message"
              + " holds; each record was detected with the rest)", reader.droppedValues(), source,
              String.format(Locale.ROOT, "%,d", TelemetryReader.RECORD_VALUES));
        }
        carried.settle(byId::containsKey);
        compact(fresh, groups);
        List<Sighting> found = detector.sightings();
        Detector.Counts c = detector.counts(); // after settle: what it trimmed is dropped too
        if (c.cutShort() > 0) {
          LOG.warn("{} MATCHES or LIKE searches met their work bound during a run over {} and were counted as not matching:"
              + " counts of {} indicators may be low ({}; an expression that keeps too many states alive over a long value:"
              + " README-pattern.md, item 16)", c.cutShort(), source, c.cutShortByIndicator().size(), named(c.cutShortByIndicator()));
        }
        if (c.dropped() > 0) {
          LOG.warn("{} hits dropped past the per-indicator limit during a run over {}: counts of {} indicators may be low ({};"
              + " README-detect.md, \"Bounded memory\")", c.dropped(), source, c.droppedByIndicator().size(), named(c.droppedByIndicator()));
        }
        List<String> freshNow = new ArrayList<>();
        List<String> heldKeys = new ArrayList<>();
        List<Save> saves = new ArrayList<>();
        List<Sighting> writeNow = storing ? admit(memory, found, fresh, freshNow, heldKeys, saves, now) : found;
        Kept kept = new Kept(freshNow, heldKeys, saves, List.of());
        long held = found.size() - writeNow.size();
        if (storeLater && storing) {
          memory.add(fresh, now);
          deferred = writeNow.isEmpty() && kept.isEmpty() ? null : () -> storeLater(source, memory, writeNow, kept, now);
          ended = true;
          result = new Result(c.records(), bad, c.repeated(), found, List.of(), 0, 0, c.dropped(), c.droppedByIndicator(),
              c.cutShortByIndicator(), held);
        } else {
          List<ObjectNode> objects = new SightingWriter(identityId, now, UUID::randomUUID).objects(writeNow);
          long[] outcome = {0, 0};
          if (storing) {
            try {
              outcome = persist(source, objects, matched(writeNow), kept, now);
            } catch (Unstored e) {
              memory.add(fresh, now); // its keys are recorded, and its sightings kept to be stored
              throw e;
            }
            memory.add(fresh, now);
          }
          ended = true;
          result = new Result(c.records(), bad, c.repeated(), found, objects, outcome[0], outcome[1], c.dropped(), c.droppedByIndicator(),
              c.cutShortByIndicator(), held);
        }
      } finally {
        // a run that failed may have used carried records in sets it never stored: the stream starts
        // again with none, as after a restart (those records were counted nowhere)
        if (!ended && storing) {
          int dropped = memory.carried.carried();
          // said, as any count that may be low (hostile run 12n: a request cut off dropped a half-made FOLLOWEDBY silently)
          if (dropped > 0) {
            LOG.warn("a run over {} did not end: the {} records it carried for compound indicators were dropped, and the sets they"
                + " began are not counted", source, dropped);
          }
          memory.carried = new Detector.Memory();
        }
        memory.warnForgottenEarly(source);
      }
    } finally {
      memory.lock.unlock();
    }
    if (deferred != null) later.execute(deferred);
    return result;
  }

  /** Loads the source's counted keys from the store, once a process; the caller holds the source's lock. */
  private void load(Remembered memory, String source, Instant now) {
    if (memory.counted != null) return;
    memory.counted = new KeyWindow(COUNTED_PER_SOURCE);
    memory.records = new KeyWindow(COUNTED_PER_SOURCE);
    // one key at a time into the window: a map of a day's keys read at start held 280 bytes a key
    memory.learnedUpTo = stores.detection().eachCountedAfter(source, 0, now, memory::learn);
  }

  /** The advisory lock class of a stored run over a source that several processes read ({@link #holdSource}). */
  private static final int SOURCE_LOCK_CLASS = 0x44657465;
  /**
   * Holds, across every process on the database, the right to store what runs over {@code source}
   * find, waiting while another holds it; {@code waiting} is told once when it must wait. A record is
   * counted by a run that finds it not counted yet, so two runs of one file at once, in two
   * processes, each counted it (hostile run 12n: three {@code parley detect --store} runs of one file
   * stored its 6 records twice; 10q: a {@code --store} run and the node following the folder, each
   * of 1,000 hits).
   */
  public AutoCloseable holdSource(String source, Runnable waiting) {
    AutoCloseable held = stores.db().holdLock(SOURCE_LOCK_CLASS, "detect " + source);
    if (held != null) return held;
    waiting.run();
    return stores.db().awaitLock(SOURCE_LOCK_CLASS, "detect " + source);
  }

  /**
   * Takes in the keys of {@code source} that runs of other processes stored since this process read
   * them last, by the store's order of writing: the caller holds the source ({@link #holdSource}),
   * so that every other process's run over it has ended and committed. A node following a folder
   * does this at each look, and a {@code parley detect --store} over a file of it counts nothing
   * twice with it.
   */
  public void learnCounted(String source) {
    Remembered memory = sources.computeIfAbsent(source, s -> new Remembered());
    memory.lock.lock();
    try {
      Instant now = Instant.now();
      if (memory.counted == null) {
        load(memory, source, now);
        return;
      }
      memory.learnedUpTo = stores.detection().eachCountedAfter(source, memory.learnedUpTo, now, memory::learn);
    } finally {
      memory.lock.unlock();
    }
  }

  /**
   * The source of the records of a folder's files, given its real path: of a followed folder's runs,
   * and of {@code parley detect} over a file in it, so that a retro-hunt over a followed log finds
   * its records counted (hostile run 12o: it counted them again, 6 events made 12).
   */
  public static String folderSource(Path realDir) {
    return "telemetry-dir " + realDir;
  }

  /** How many runs wait for the run over {@code source} now (an estimate). */
  int waiting(String source) {
    Remembered memory = sources.get(source);
    return memory == null ? 0 : memory.lock.getQueueLength();
  }

  /** Requests ({@link #runRequest}) that wait at most for one source's run at a time; one more is refused at once. */
  public static final int WAITERS = 2;

  /**
   * A request's run over a source that another run held longer than it would wait, or for which
   * {@link #WAITERS} waited already: nothing of it was read (runs of one source go one at a time:
   * their memory of counted records is one).
   */
  public static final class SourceBusy extends RuntimeException {
    public SourceBusy(String source, Duration wait) {
      super("another run over " + source + " is reading, and it went on for " + wait.toSeconds() + " s or " + WAITERS
          + " others wait for it (the runs of one source go one at a time); nothing of this one was read");
    }
  }

  /**
   * What a run or a release records beside its sightings: the keys of the records it counted for the
   * sightings written ({@code fresh}) and for those held ({@code heldKeys}), the held sightings it made
   * grow ({@code saves}), and those it wrote ({@code written}: a release).
   */
  private record Kept(List<String> fresh, List<String> heldKeys, List<Save> saves, List<UUID> written) {
    boolean isEmpty() {
      return fresh.isEmpty() && heldKeys.isEmpty() && saves.isEmpty() && written.isEmpty();
    }
  }

  /**
   * Records, in one transaction, the keys of the records a run counted, the held sightings it saves or
   * wrote, and the objects of its sightings and their feedback copies (V77); then stores those
   * objects and deletes their rows; returns {stored, refused}. A process stopped between the two
   * leaves the objects to the next one that detects ({@link #writeUnwritten}), never its keys without
   * its sightings or its sightings without its keys (stored first, a hard stop before the keys counted
   * the records again when they were sent again).
   *
   * @throws Unstored when the objects could not be stored after the keys were recorded
   */
  private long[] persist(String source, List<ObjectNode> objects, Map<String, Integer> matched, Kept kept, Instant now) {
    if (unwrittenLeft && System.nanoTime() - unwrittenTried >= UNWRITTEN_RETRY.toNanos()) writeUnwritten();
    List<ObjectNode> copies = feedback == null ? List.of() : feedbackCopies(objects, matched);
    List<String> keys = kept.fresh();
    if (!kept.heldKeys().isEmpty()) {
      keys = new ArrayList<>(kept.fresh());
      keys.addAll(kept.heldKeys());
    }
    List<DetectionStore.Unwritten> rows = new ArrayList<>();
    unwritten(rows, sightings, objects);
    unwritten(rows, feedback, copies);
    List<Long> ids = stores.detection().countedNow(source, keys, now, rows(kept.saves(), now), kept.written(), rows);
    if (stopBeforeStoring) return new long[] {0, 0};
    try {
      long[] outcome = store(sightings, objects);
      if (!copies.isEmpty()) store(feedback, copies);
      stores.detection().stored(ids);
      return outcome;
    } catch (RuntimeException e) {
      unwrittenLeft = true;
      unwrittenTried = System.nanoTime();
      throw new Unstored(source, e);
    }
  }

  /** By indicator id, the writer of the version each sighting matched ({@link dev.parley.detect.Indicator#owner}). */
  private static Map<String, Integer> matched(List<Sighting> found) {
    Map<String, Integer> out = new HashMap<>();
    for (Sighting s : found) out.put(s.indicator().id(), s.indicator().owner());
    return out;
  }

  /** Rows of at most {@link #CHUNK} objects each for {@code objects} of {@code collection}. */
  private static void unwritten(List<DetectionStore.Unwritten> rows, UUID collection, List<ObjectNode> objects) {
    for (int from = 0; from < objects.size(); from += CHUNK) {
      rows.add(new DetectionStore.Unwritten(0, collection, json(objects.subList(from, Math.min(objects.size(), from + CHUNK)))));
    }
  }

  /** How long after a failed store the next run tries to store what is left ({@link #writeUnwritten}). */
  private static final Duration UNWRITTEN_RETRY = Duration.ofSeconds(30);
  private volatile boolean unwrittenLeft;
  private volatile long unwrittenTried;
  private volatile boolean stopBeforeStoring;

  /**
   * Tests: the runs from now on record their keys and the objects of their sightings and store
   * nothing, as a process stopped hard between the two leaves them.
   */
  void stopBeforeStoring() {
    stopBeforeStoring = true;
  }

  /**
   * A run's sightings that could not be stored after the keys of its records were recorded: they are
   * kept, and stored by a later run or the next start (the records are not counted again).
   */
  public static final class Unstored extends RuntimeException {
    Unstored(String source, RuntimeException cause) {
      super("the sightings of a run over " + source + " could not be stored now (" + cause.getMessage()
          + "); they are kept and stored by a later run, and its records are not counted again", cause);
    }
  }

  /**
   * Stores the objects that runs recorded with their keys and did not store: a process stopped hard
   * between the two, or a store that failed. Their ids are fixed, so storing one a second time (by
   * two processes at once) changes nothing.
   */
  private void writeUnwritten() {
    unwrittenLeft = false;
    unwrittenTried = System.nanoTime();
    long objects = 0;
    for (long id : stores.detection().unwrittenIds()) {
      Optional<DetectionStore.Unwritten> row = stores.detection().unwritten(id);
      if (row.isEmpty()) continue; // another process stored it
      List<ObjectNode> read = new ArrayList<>();
      try {
        for (com.fasterxml.jackson.databind.JsonNode o : Json.mapper().readTree(row.get().objects())) read.add((ObjectNode) o);
      } catch (IOException | ClassCastException e) {
        LOG.error("sightings saved before they were stored could not be read back and are dropped: {}", e.toString());
        stores.detection().stored(List.of(id));
        continue;
      }
      try {
        store(row.get().collection(), read);
      } catch (RuntimeException e) {
        LOG.error("sightings saved before they were stored could not be stored now ({}); a later run tries again", e.getMessage());
        unwrittenLeft = true;
        return;
      }
      stores.detection().stored(List.of(id));
      objects += read.size();
    }
    if (objects > 0) LOG.info("stored {} objects of sightings that runs had found and not stored before they stopped", objects);
  }

  /** The store a deferred run or a release left: {@link #persist}, after the answer. */
  private void storeLater(String source, Remembered memory, List<Sighting> found, Kept kept, Instant now) {
    List<String> fresh = kept.fresh();
    try {
      List<ObjectNode> objects = new SightingWriter(identityId, now, UUID::randomUUID).objects(found);
      persist(source, kept.written().isEmpty() ? objects : heldIds(objects, kept.written()), matched(found), kept, now);
    } catch (Unstored e) {
      LOG.error(e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("the sightings of a run over {} could not be stored ({}); its records count again when they are sent again",
          source, e.getMessage());
      // forgotten by the source's next run: waiting here for a run that reads a slow body held every deferred store behind it
      memory.unstored.addAll(fresh);
    }
  }

  /**
   * For the sightings of indicators that a peer owns, whose version detection matched is that peer's
   * ({@code matched}: by indicator id, the writer of the version matched, {@link dev.parley.detect.Indicator#owner}):
   * copies without {@code observed_data_refs} (which describe this node's network), under new ids.
   */
  private List<ObjectNode> feedbackCopies(List<ObjectNode> objects, Map<String, Integer> matched) {
    Set<String> ids = new HashSet<>();
    for (ObjectNode o : objects) if ("sighting".equals(o.path("type").asText())) ids.add(o.path("sighting_of_ref").asText());
    Map<String, Integer> owners = stores.detection().peerOwners(ids);
    List<ObjectNode> out = new ArrayList<>();
    if (owners.isEmpty()) return out;
    for (ObjectNode o : objects) {
      if (!"sighting".equals(o.path("type").asText())) continue;
      String indicator = o.path("sighting_of_ref").asText();
      // the version detection matched must be the owner's: one that follows a collection holding another peer's later
      // version of the id matched a pattern the owner never wrote, and its sighting went to the owner (hostile run 12ao
      // D1: a peer that learnt another's id re-patterned it to a host of this node's network, and the owner was told)
      Integer owner = owners.get(indicator);
      if (owner == null || !owner.equals(matched.get(indicator))) continue;
      ObjectNode copy = o.deepCopy();
      copy.remove("observed_data_refs");
      copy.put("id", feedbackId(o.get("id").textValue()));
      out.add(copy);
    }
    return out;
  }

  /**
   * The id of the feedback copy of sighting {@code sightingId}: the same for every copy of one sighting
   * (a start that writes a held sighting's copy again finds it), and telling nothing of the node's own
   * sighting id (a hash, in the form of a version 4 UUID).
   */
  static String feedbackId(String sightingId) {
    byte[] h;
    try {
      h = MessageDigest.getInstance("SHA-256").digest(("parley feedback of " + sightingId).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    h[6] = (byte) (h[6] & 0x0f | 0x40);
    h[8] = (byte) (h[8] & 0x3f | 0x80);
    ByteBuffer b = ByteBuffer.wrap(h);
    return "sighting--" + new UUID(b.getLong(), b.getLong());
  }

  private boolean holds(UUID collection, String id) {
    return !stores.objects().page(new ObjectQuery(collection, 0, null, 1, List.of(id), List.of(),
        VersionFilter.ALL, ObjectQuery.ANY_SPEC_VERSION, false)).rows().isEmpty();
  }

  /** Stores objects in a collection; returns {stored or already there, refused}. */
  private long[] store(UUID collection, List<ObjectNode> objects) {
    if (objects.isEmpty()) return new long[] {0, 0};
    AtomicLong stored = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    IngestListener listener = new IngestListener() {
      @Override
      public void refused(Refusal r) {
        refused.incrementAndGet();
        LOG.warn("a sighting object was refused: {}: {}", r.stixId(), r.message());
      }

      @Override
      public void committed(long[] tags, List<AddOutcome> outcomes) {
        for (AddOutcome o : outcomes) {
          // an SCO has no version: one the collection holds under another marking (an earlier run's, with
          // telemetry of another TLP) stays, and this run's objects refer to it
          if (o.succeeded() || !o.versioned()) stored.incrementAndGet();
          else refused.incrementAndGet();
        }
      }
    };
    try (Load load = ingest.begin(collection, LoadOptions.batches(BATCH, ConflictPolicy.KEEP), listener)) {
      List<Incoming> chunk = new ArrayList<>(CHUNK);
      for (int i = 0; i < objects.size(); i++) {
        chunk.add(new Incoming.Parsed(i + 1, objects.get(i), null));
        if (chunk.size() == CHUNK) {
          load.submit(chunk);
          chunk = new ArrayList<>(CHUNK);
        }
      }
      if (!chunk.isEmpty()) load.submit(chunk);
      load.finish();
    }
    return new long[] {stored.get(), refused.get()};
  }
}
