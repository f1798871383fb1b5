package dev.parley.detect;

import dev.parley.detect.telemetry.TelemetryItem;
import dev.parley.pattern.match.BulkMatcher;
import dev.parley.pattern.match.Match;
import dev.parley.pattern.match.MatchState;
import dev.parley.pattern.match.MatcherSnapshot;
import dev.parley.pattern.match.ValueScreen;
import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.syntax.Pattern;
import dev.parley.policy.Tlp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Matches a stream of telemetry observations against indicators, in event time, and keeps one
 * tally per indicator: the sighting of this run. No I/O; not thread-safe (one detector per stream;
 * the compiled matcher inside may be shared).
 *
 * <p>Counting (STIX 2.1 §5.2 {@code count}): a single-bracket pattern counts the records that
 * satisfy it while the indicator is valid at the record's time; a compound pattern counts the sets
 * that satisfy it, each record in at most one set per indicator (a counting {@link MatchState},
 * which remembers for an indicator only records within its validity). Sets are taken as they
 * complete, in arrival order. Idempotency is per record and indicator: a record whose id (the
 * digest of its bytes and source) this detector already counted for an indicator (up to {@link
 * #REMEMBERED} of them), or that {@link #remembering} says was counted for it before, is not
 * counted for that indicator again, nor remembered for it by a compound pattern; it still counts
 * for an indicator it never counted for (one that arrived since, or that its earlier run did not
 * match). A record is never remembered twice for one bracket.
 *
 * <p>A detector is one run. Runs of one stream (a node's telemetry from one source) carry the
 * compound patterns' remembered records, with their markings, from one to the next in a {@link
 * Memory}, so that a set whose records arrive in different runs (a sensor that posts every second)
 * is found.
 *
 * <p>Bounded memory: records that wait for the rest of a set past the state's bounds are forgotten
 * (README-detect.md, "Bounded memory"); each is counted, with its indicator ({@link Counts#dropped}),
 * so that a count that may be low is reported, never silent.
 */
public final class Detector {
  /** Matching records kept per sighting, for its observed-data. */
  public static final int EXAMPLES = 10;
  /** Counted (record, indicator) pairs remembered at most, beyond which the oldest are forgotten. */
  public static final int REMEMBERED = 1 << 20;

  private final Map<String, Indicator> indicators;
  private final MatcherSnapshot matcher;
  private final MatchState state;
  private final Memory memory;
  private final Tlp telemetryTlp;
  /** The (record, indicator) pairs this run counted ({@link #key}). */
  private final CountedRecords counted = new CountedRecords(REMEMBERED);
  /** The records this run counted for some indicator: for the count of repeats only. */
  private final CountedRecords countedRecords = new CountedRecords(REMEMBERED);
  private final Map<String, Tally> tallies = new LinkedHashMap<>();
  /** Hits forgotten before they were in a set, by indicator. */
  private final Map<String, Long> dropped = new HashMap<>();
  /** Records or values whose LIKE or MATCHES searches met their work bound, by indicator. */
  private final Map<String, Long> cutShort = new HashMap<>();
  /** The screens handed out, whose cut searches count too. */
  private final List<ValueScreen> screens = new ArrayList<>(1);
  private long records;
  private long repeated;
  private long outsideValidity;
  /** (Record, indicator) pairs counted before this detector ({@link #key}; e.g. persisted by a node): never counted again. */
  private Predicate<String> countedBefore = id -> false;
  private boolean hasCountedBefore;
  /** Records counted before this detector for some indicator, by record id: for the count of repeats only. */
  private Predicate<String> recordCountedBefore = id -> false;
  /** Told the key ({@link #key}) and time of every (record, indicator) pair this detector counts. */
  private BiConsumer<String, Instant> onCounted = (id, time) -> {};

  /** Compiles the indicators' patterns; telemetry is marked {@code telemetryTlp}. */
  public Detector(Collection<Indicator> indicators, Tlp telemetryTlp) {
    this(indicators, compile(indicators), telemetryTlp);
  }

  /** A detector over an already compiled matcher whose pattern ids are the indicators' ids. */
  public Detector(Collection<Indicator> indicators, MatcherSnapshot matcher, Tlp telemetryTlp) {
    this(byId(indicators), matcher, telemetryTlp);
  }

  /**
   * A detector over indicators by id ({@link #byId}), shared and never changed, so that runs over
   * one compiled snapshot (a node's requests) do not each copy a million entries.
   */
  public Detector(Map<String, Indicator> indicatorsById, MatcherSnapshot matcher, Tlp telemetryTlp) {
    this(indicatorsById, matcher, telemetryTlp, new Memory());
  }

  /**
   * A detector that goes on from the runs before it: the compound patterns' records that {@code
   * memory} carries may complete a set with this run's, and what this run remembers is carried on.
   * One detector at a time per memory.
   */
  public Detector(Map<String, Indicator> indicatorsById, MatcherSnapshot matcher, Tlp telemetryTlp, Memory memory) {
    this.indicators = indicatorsById;
    this.matcher = matcher;
    this.telemetryTlp = telemetryTlp;
    memory.current = this;
    this.memory = memory;
    this.state = memory.state;
    state.takeDropped(); // of a run before this one that never asked: not this run's
    state.takeCutShort();
  }

  /** Whether a compound pattern remembers {@code o} for indicator {@code id}: it is valid then, and not counted for it yet. */
  private boolean admits(String id, Observation o) {
    Indicator i = indicators.get(id);
    return i != null && i.activeAt(o.firstObserved()) && !countedFor(o, id);
  }

  /**
   * What idempotency keeps of a record counted for an indicator: the record's id and the
   * indicator's, so that a record sent again counts for no indicator twice, and for one that
   * arrived since it was first counted.
   */
  public static String key(String recordId, String indicatorId) {
    return recordId + " " + indicatorId;
  }

  private boolean countedFor(Observation o, String indicatorId) {
    if (counted.size() == 0 && !hasCountedBefore) return false;
    String key = key(o.id(), indicatorId);
    return counted.contains(key) || countedBefore.test(key);
  }

  /**
   * What the runs of one stream carry from one detector to the next: for each compound pattern and
   * bracket, the records that satisfied the bracket and are in no set yet (a counting {@link
   * MatchState}). Bounded as a run's state is ({@link MatchState#WAITING_LIMIT} records per
   * pattern of the shapes counted directly, {@link MatchState#COUNTING_LIMIT} per bracket of the
   * others), and after each run ({@link #settle}) at most {@link #CARRIED} records in all (the
   * earliest in event time go first, counted as dropped by the run that settles) and none of a
   * pattern that is no longer an indicator's. Each record carried keeps the marking
   * of the telemetry it came in (the strictest, when the same record came again under another): a
   * set made of records of several markings is sighted under the strictest, and one record waits
   * once whatever marking it is sent again under. Held in memory only: a restarted node starts with
   * none. Not thread-safe.
   */
  public static final class Memory {
    /** Records carried from one run to the next at most, over every compound pattern. */
    public static final int CARRIED = 1 << 16;

    private Detector current;
    private final MatchState state = MatchState.counting(MatchState.COUNTING_LIMIT, (id, o) -> current.admits(id, o));
    /** The marking of each record carried from an earlier run, by record id. */
    private final Map<String, Tlp> marked = new HashMap<>();

    /**
     * After a run: forgets the patterns {@code live} no longer holds, and the earliest records past
     * {@link #CARRIED}; the run's records carried on keep its marking.
     */
    public void settle(Predicate<String> live) {
      state.retain(live);
      state.trim(CARRIED);
      Map<String, Tlp> kept = new HashMap<>();
      Tlp run = current == null ? null : current.telemetryTlp; // null: settled again, nothing new since
      state.forEachRemembered(o -> kept.put(o.id(), marked.getOrDefault(o.id(), run)));
      marked.clear();
      marked.putAll(kept);
      current = null;
    }

    /** The marking of a record in {@code run}'s telemetry: its carried one, if stricter. */
    private Tlp marking(String recordId, Tlp run) {
      Tlp before = marked.isEmpty() ? null : marked.get(recordId);
      return before == null ? run : before.max(run);
    }

    /** Records carried now (each counted once per bracket that holds it). */
    public int carried() {
      return state.remembered();
    }
  }

  /**
   * Makes the (record, indicator) pairs whose {@link #key} {@code before} holds count as already
   * counted (a repeat for that indicator), and tells {@code onCounted} of every pair this detector
   * counts: together, idempotency across runs (the caller keeps the keys, e.g. for 24 hours of
   * wall-clock time). {@code recordBefore} says whether a record id was counted for any indicator,
   * for the count of repeats of records only compound patterns would take. Call before the first record.
   */
  public Detector remembering(Predicate<String> before, Predicate<String> recordBefore,
      BiConsumer<String, Instant> onCounted) {
    this.countedBefore = Objects.requireNonNull(before, "before");
    this.recordCountedBefore = Objects.requireNonNull(recordBefore, "recordBefore");
    this.hasCountedBefore = true;
    this.onCounted = Objects.requireNonNull(onCounted, "onCounted");
    return this;
  }

  /** The indicators by id, as {@link #Detector(Map, MatcherSnapshot, Tlp)} takes them; unmodifiable. */
  public static Map<String, Indicator> byId(Collection<Indicator> indicators) {
    Map<String, Indicator> out = new HashMap<>(indicators.size() * 2);
    for (Indicator i : indicators) out.put(i.id(), i);
    return Collections.unmodifiableMap(out);
  }

  /** The bulk matcher of these indicators' patterns. */
  public static MatcherSnapshot compile(Collection<Indicator> indicators) {
    Map<String, Pattern> patterns = new LinkedHashMap<>(indicators.size() * 2);
    for (Indicator i : indicators) patterns.put(i.id(), i.pattern());
    return BulkMatcher.compile(patterns, groups(indicators));
  }

  /**
   * The budget group of each indicator of a group ({@link Indicator#group}: a peer's, or a local
   * account's): the group whose budget its MATCHES and LIKE searches and its compound patterns' work
   * spend ({@link BulkMatcher#addAll(Map, Map)}), so that one peer's or one local writer's costly
   * expressions cannot cut short the searches of this node's other indicators or of another peer's.
   */
  public static Map<String, Integer> groups(Collection<Indicator> indicators) {
    Map<String, Integer> out = new HashMap<>();
    for (Indicator i : indicators) if (i.group() != IndicatorSet.Builder.LOCAL) out.put(i.id(), i.group());
    return out;
  }

  /** Matches one record's observation. */
  public void accept(Observation observation) {
    records++;
    match(observation, false);
  }

  /**
   * Takes one item a reader gave: a record is accepted; a continuation of the record accepted last
   * ({@link TelemetryItem.Continued}) is matched as that record, neither a record read nor a repeat
   * of its own (an indicator it matched for the record already does not count it again); a screened
   * record is counted ({@link #pass}). Returns the item when it is malformed, for the caller to
   * report, else null.
   */
  public TelemetryItem.Malformed take(TelemetryItem item) {
    if (item instanceof TelemetryItem.Record r) {
      accept(r.observation());
    } else if (item instanceof TelemetryItem.Continued c) {
      match(c.observation(), true);
    } else if (item instanceof TelemetryItem.Screened s) {
      pass(s);
    } else if (item instanceof TelemetryItem.Malformed m) {
      return m;
    }
    return null;
  }

  private void match(Observation observation, boolean continued) {
    Instant time = observation.firstObserved();
    if (!memory.marked.isEmpty()) {
      // the same record sent again under another marking: it waits once, under the stricter
      Tlp before = memory.marked.get(observation.id());
      if (before != null) memory.marked.put(observation.id(), before.max(telemetryTlp));
    }
    List<Match> matches = matcher.match(observation, state);
    if (matches.isEmpty()) {
      // a record that only compound patterns would take, counted in this run: their state refused it
      if (!continued && (countedRecords.contains(observation.id()) || recordCountedBefore.test(observation.id()))) repeated++;
      return;
    }
    boolean refused = false;
    boolean took = false;
    for (int m = 0; m < matches.size(); m++) {
      Match match = matches.get(m);
      // the tallies (indicators that matched) are far fewer than the indicators: look there first
      Tally tally = tallies.get(match.patternId());
      Indicator indicator = tally != null ? tally.indicator : indicators.get(match.patternId());
      if (indicator == null) continue;
      List<Observation> set = match.observations();
      if (set.size() == 1 && set.get(0) == observation && !indicator.activeAt(time)) {
        outsideValidity++;
        continue;
      }
      // a repeat of a record counted for this indicator is refused here (compound patterns never
      // remembered one: the state's filter)
      if (anyCountedFor(set, indicator.id())) {
        refused = true;
        continue;
      }
      took = true;
      if (tally == null) {
        tally = new Tally(indicator, telemetryTlp);
        tallies.put(indicator.id(), tally);
      }
      tally.add(set);
      for (Observation o : set) {
        tally.strictest = tally.strictest.max(memory.marking(o.id(), telemetryTlp));
        String key = key(o.id(), indicator.id());
        if (!counted.contains(key)) onCounted.accept(key, o.firstObserved());
        counted.add(key);
        countedRecords.add(o.id());
      }
    }
    if (refused && !took && !continued) repeated++;
  }

  private boolean anyCountedFor(List<Observation> set, String indicatorId) {
    for (int i = 0; i < set.size(); i++) {
      if (countedFor(set.get(i), indicatorId)) return true;
    }
    return false;
  }

  /**
   * A screen of this detector's matcher, for a reader's {@link
   * dev.parley.detect.telemetry.TelemetryReader#screening screening}: the records it screens out
   * go to {@link #pass}. One per reader.
   */
  public ValueScreen screen() {
    ValueScreen screen = matcher.screen();
    screens.add(screen);
    return screen;
  }

  /**
   * Counts a record that the screen showed no pattern can match, as {@link #accept} would have
   * counted it.
   */
  public void pass(TelemetryItem.Screened record) {
    records++;
  }

  /** The sightings so far, one per indicator that matched, in the order they first matched. */
  public List<Sighting> sightings() {
    List<Sighting> out = new ArrayList<>(tallies.size());
    for (Tally t : tallies.values()) {
      Tlp marking = t.indicator.marking().map(t.strictest::max).orElse(t.strictest);
      out.add(new Sighting(t.indicator, t.count, t.first, t.last, marking, t.examples));
    }
    return out;
  }

  /**
   * Records accepted, records refused as repeats (each indicator they matched had counted them, or,
   * for one only compound patterns take, this run counted it), single matches outside their
   * indicator's validity, and the hits that waited for the rest of a set and were forgotten past the
   * bounds of memory, with the indicators they were of (whose counts may be low).
   */
  public record Counts(long records, long repeated, long outsideValidity, long dropped, Map<String, Long> droppedByIndicator,
      Map<String, Long> cutShortByIndicator) {
    public Counts {
      droppedByIndicator = Map.copyOf(droppedByIndicator);
      cutShortByIndicator = Map.copyOf(cutShortByIndicator);
    }

    /**
     * The searches cut short: for each indicator, the records (or, in the screen, values) for which a
     * search of its MATCHES or LIKE comparisons met its work bound and was counted as not matching.
     */
    public long cutShort() {
      return total(cutShortByIndicator);
    }

    /** The sum of the counts, by indicator, of {@code byIndicator}. */
    public static long total(Map<String, Long> byIndicator) {
      long total = 0;
      for (long n : byIndicator.values()) total += n;
      return total;
    }

    /** The first {@code most} ids of {@code byIndicator} in order, joined, and "..." when there are more: what a message names. */
    public static String named(Map<String, Long> byIndicator, int most) {
      List<String> ids = new ArrayList<>(byIndicator.keySet());
      Collections.sort(ids);
      return String.join(", ", ids.subList(0, Math.min(most, ids.size()))) + (ids.size() > most ? ", ..." : "");
    }
  }

  /**
   * What this run counted so far (hits dropped when its memory was {@linkplain Memory#settle settled}
   * included), and the indicators whose searches were cut short ({@link Counts#cutShortByIndicator}).
   */
  public Counts counts() {
    state.takeDropped().forEach((id, n) -> dropped.merge(id, n, Long::sum));
    state.takeCutShort().forEach((id, n) -> cutShort.merge(id, n, Long::sum));
    for (ValueScreen screen : screens) screen.takeCutShort().forEach((id, n) -> cutShort.merge(id, n, Long::sum));
    return new Counts(records, repeated, outsideValidity, Counts.total(dropped), dropped, cutShort);
  }

  private static final class Tally {
    final Indicator indicator;
    final List<Observation> examples = new ArrayList<>(4);
    long count;
    Instant first;
    Instant last;

    /** The strictest marking of the records counted: the run's, or a carried record's. */
    Tlp strictest;

    Tally(Indicator indicator, Tlp run) {
      this.indicator = indicator;
      this.strictest = run;
    }

    void add(List<Observation> set) {
      count++;
      for (Observation o : set) {
        if (first == null || o.firstObserved().isBefore(first)) first = o.firstObserved();
        if (last == null || o.lastObserved().isAfter(last)) last = o.lastObserved();
        // a record that waited without its objects counts, and is no example (README-pattern.md, item 16)
        if (examples.size() < EXAMPLES && o.hasObjects() && !examples.contains(o)) examples.add(o);
      }
    }
  }
}
