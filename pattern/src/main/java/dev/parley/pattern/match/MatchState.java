package dev.parley.pattern.match;

import dev.parley.pattern.eval.Binding;
import dev.parley.pattern.eval.Bindings;
import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.syntax.Pattern;
import dev.parley.pattern.syntax.PatternExpression;
import dev.parley.pattern.syntax.Qualifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The memory of one observation stream for compound patterns (AND, OR, FOLLOWEDBY, qualifiers;
 * STIX 2.1 §9.5): for each pattern and bracket, the latest observations that satisfied the bracket,
 * at most {@code perBracketLimit} of them. Matches that would need an observation already evicted
 * are missed; that is the price of bounded state. An observation whose id is already remembered for
 * a bracket is not remembered again: one id is one observed-data (§9.5 binds distinct ones).
 * Matches list their observations by first_observed.
 *
 * <p>A {@linkplain #counting counting} state also forgets, for a pattern, the observations of every
 * set it reports, so that each observation serves in at most one reported set per pattern, and
 * remembers for a pattern only the observations its filter admits. It counts the patterns of the
 * common shapes (a REPEATS of one observation expression, two joined by AND or FOLLOWEDBY, each
 * under WITHIN and START/STOP: {@link SetCounter}) without the algebra, keeping up to {@code
 * perPatternLimit} observations waiting per pattern, most without their objects; every other
 * pattern goes through the algebra with {@code perBracketLimit} per bracket. Over every pattern, it
 * keeps at most {@code totalLimit} observations, forgetting the earliest when it passes that. Every
 * observation it forgets before it is in a set is counted ({@link #takeDropped}): a count that may
 * be low is never silent. Not thread-safe: one per stream.
 */
public final class MatchState {
  private static final BiPredicate<String, Observation> ALL = (pattern, observation) -> true;

  /**
   * The bound per bracket of a counting state for the patterns the algebra counts (chains of three
   * observations, REPEATS over an observation operator, ...): each record that hits costs time in the
   * records remembered, not in their product ({@link Bindings#including}), and that time grows with
   * this bound. A hostile run planted 20 and saw 16 with a bound of 16.
   */
  public static final int COUNTING_LIMIT = 1024;

  /**
   * The bound per pattern of a counting state for the patterns counted directly ({@link SetCounter}).
   * An observation waiting without its objects (its id, times, and places in a map and a tree) took
   * about 290 bytes, and about 100 more for each further pattern it waits for (measured on a
   * 64-bit JVM with compressed references), so a pattern holds at most about 20 MiB. A REPEATS
   * count past it could never be reached ({@link #uncountable}).
   */
  public static final int WAITING_LIMIT = 1 << 16;

  /** The bound over every pattern of a counting state: at most about 150 MiB. */
  public static final int COUNTING_TOTAL = 1 << 19;

  private final int perBracketLimit;
  private final int perPatternLimit;
  private final int totalLimit;
  private final boolean consume;
  private final BiPredicate<String, Observation> admits;
  /** Per pattern and bracket, the observations remembered by id, oldest first. */
  private final Map<String, Map<PatternExpression.Observation, LinkedHashMap<String, Observation>>> history = new HashMap<>();
  /** Counting only: the patterns counted directly, by id. */
  private final Map<String, SetCounter> counters = new HashMap<>();
  /** Observations remembered, over every pattern and bracket (one held by two brackets counts twice). */
  private int remembered;
  /** The group of each pattern offered an observation ({@link #offer}): what {@link #trim} shares the bound by. */
  private final Map<String, Integer> groupOf = new HashMap<>();
  /** Observations forgotten before they were in a set, by pattern, since {@link #takeDropped}. */
  private Map<String, Long> dropped = new HashMap<>();
  private final UnaryOperator<Observation> withoutObjects = this::withoutObjects;
  private Observation lastWhole;
  private Observation lastStripped;

  private MatchState(int perBracketLimit, int perPatternLimit, int totalLimit, boolean consume, BiPredicate<String, Observation> admits) {
    if (perBracketLimit < 1 || perPatternLimit < 1 || totalLimit < 1) throw new IllegalArgumentException("limits must be positive");
    this.perBracketLimit = perBracketLimit;
    this.perPatternLimit = perPatternLimit;
    this.totalLimit = totalLimit;
    this.consume = consume;
    this.admits = admits;
  }

  /** State that remembers up to {@code perBracketLimit} observations per bracket of each pattern. */
  public MatchState(int perBracketLimit) {
    this(perBracketLimit, Integer.MAX_VALUE, Integer.MAX_VALUE, false, ALL);
  }

  /** State with a limit of 16 observations per bracket. */
  public MatchState() {
    this(16);
  }

  /**
   * State for counting matches: each observation is used in at most one reported set per pattern,
   * and a pattern remembers only the observations {@code admits} accepts for it (e.g. those within
   * the validity of its indicator). The patterns counted directly keep up to {@link #WAITING_LIMIT}
   * observations each, and the state {@link #COUNTING_TOTAL} in all.
   */
  public static MatchState counting(int perBracketLimit, BiPredicate<String, Observation> admits) {
    return counting(perBracketLimit, WAITING_LIMIT, COUNTING_TOTAL, admits);
  }

  /** A counting state with every bound given. */
  public static MatchState counting(int perBracketLimit, int perPatternLimit, int totalLimit, BiPredicate<String, Observation> admits) {
    return new MatchState(perBracketLimit, perPatternLimit, totalLimit, true, admits);
  }

  /**
   * Why a counting state with the default bounds could never count {@code pattern}, or empty when
   * it can: a REPEATS whose count needs more observations waiting at once than it keeps (a pattern
   * counted directly: more than {@link #WAITING_LIMIT}; one the algebra counts: more than {@link
   * #COUNTING_LIMIT} of one bracket, REPEATS counts multiplied along the way to it). Such a pattern
   * would never match, silently; detection skips its indicator and says why.
   */
  public static Optional<String> uncountable(Pattern pattern) {
    if (SetCounter.counted(pattern.expression())) {
      SetCounter c = SetCounter.of(pattern);
      if (c instanceof RepeatsCounter r && r.times > WAITING_LIMIT) {
        return Optional.of("REPEATS " + r.times + " TIMES would need up to " + (r.times - 1L) + " records waiting at once, and at most "
            + String.format("%,d", WAITING_LIMIT) + " wait per indicator; it could never be counted");
      }
      return Optional.empty();
    }
    long needed = perBracket(pattern.expression());
    if (needed > COUNTING_LIMIT) {
      return Optional.of("its REPEATS would need " + (needed == Long.MAX_VALUE ? "more than 2^63" : String.format("%,d", needed))
          + " records of one bracket waiting at once, and a pattern of this shape (not one or two observation expressions)"
          + " keeps at most " + String.format("%,d", COUNTING_LIMIT) + " per bracket; it could never be counted");
    }
    return Optional.empty();
  }

  /**
   * Why a matching state that keeps {@code perBracket} observations per bracket (as {@code parley
   * pattern match} does, 16) could never match {@code pattern}, or empty when it can: a REPEATS
   * whose sets need more observations of one bracket at once.
   */
  public static Optional<String> unreachable(Pattern pattern, int perBracket) {
    long needed = perBracket(pattern.expression());
    if (needed <= perBracket) return Optional.empty();
    return Optional.of("its REPEATS needs " + (needed == Long.MAX_VALUE ? "more than 2^63" : String.format("%,d", needed))
        + " observations of one bracket at once, and at most " + perBracket + " are kept");
  }

  /** The most observations of one bracket one set needs: REPEATS counts multiplied from the top down to a bracket. */
  private static long perBracket(PatternExpression e) {
    if (e instanceof PatternExpression.Observation) return 1;
    if (e instanceof PatternExpression.Combined c) return Math.max(perBracket(c.left()), perBracket(c.right()));
    PatternExpression.Qualified q = (PatternExpression.Qualified) e;
    long inner = perBracket(q.expression());
    if (!(q.qualifier() instanceof Qualifier.Repeats r)) return inner;
    return inner > Long.MAX_VALUE / r.times() ? Long.MAX_VALUE : inner * r.times();
  }

  /**
   * Offers an observation that satisfies the brackets {@code brackets} of compound pattern {@code
   * patternId}: a set of remembered observations, including it, that satisfies the pattern, or
   * empty (the observation is then remembered, as far as the pattern can use it).
   */
  Optional<List<Observation>> offer(String patternId, int group, Pattern pattern, List<PatternExpression.Observation> brackets,
      Observation o) {
    if (group != 0) groupOf.put(patternId, group);
    if (consume) {
      SetCounter counter = counter(patternId, pattern);
      if (counter != null) {
        if (!admits.test(patternId, o)) return Optional.empty();
        int before = counter.size();
        List<Observation> set = counter.offer(o, brackets, withoutObjects);
        remembered += counter.size() - before;
        if (counter.size() > perPatternLimit) {
          counter.release(counter.earliest());
          remembered--;
          drop(patternId, 1);
        }
        if (remembered > totalLimit) trim(totalLimit);
        return Optional.ofNullable(set);
      }
    }
    for (int i = 0; i < brackets.size(); i++) record(patternId, brackets.get(i), o);
    Optional<List<Observation>> set = evaluate(patternId, group, pattern, o);
    if (remembered > totalLimit) trim(totalLimit);
    return set;
  }

  /**
   * The counter of a pattern counted directly (made at its first hit, made again when the pattern of
   * the id changed), or null for one the algebra counts.
   */
  private SetCounter counter(String patternId, Pattern pattern) {
    SetCounter counter = counters.get(patternId);
    if (counter != null && counter.pattern != pattern) {
      if (counter.pattern.equals(pattern)) {
        counter.pattern = pattern; // the same pattern read again
      } else {
        forget(patternId); // a new version of the indicator: what its old pattern waited for goes
        counter = null;
      }
    }
    if (counter == null && SetCounter.counted(pattern.expression())) {
      forget(patternId);
      counter = SetCounter.of(pattern);
      counters.put(patternId, counter);
    }
    return counter;
  }

  /** {@code o} without its objects, made once for every pattern that keeps it so. */
  private Observation withoutObjects(Observation o) {
    if (o != lastWhole) {
      lastWhole = o;
      lastStripped = o.withoutObjects();
    }
    return lastStripped;
  }

  /** The patterns whose LIKE or MATCHES searches were cut short, with how many observations each. */
  private Map<String, Long> cutShort = new HashMap<>();
  /** The matcher's list of the atoms whose searches an observation cut short, emptied after each segment. */
  final IntList cutAtoms = new IntList(2);

  /** A search of pattern {@code patternId} met its work bound for an observation, undecided. */
  void cutShort(String patternId) {
    cutShort.merge(patternId, 1L, Long::sum);
  }

  /**
   * The patterns whose LIKE or MATCHES searches met their work bound since the last call (counted as
   * not matching; they may have), with how many observations each.
   */
  public Map<String, Long> takeCutShort() {
    if (cutShort.isEmpty()) return Map.of();
    Map<String, Long> out = cutShort;
    cutShort = new HashMap<>();
    return out;
  }

  private void drop(String patternId, long n) {
    dropped.merge(patternId, n, Long::sum);
  }

  /**
   * The observations forgotten before they were in a set (evicted past a bound, or by {@link
   * #trim}), by pattern, since the last call; a pattern here may have missed sets.
   */
  public Map<String, Long> takeDropped() {
    if (dropped.isEmpty()) return Map.of();
    Map<String, Long> out = dropped;
    dropped = new HashMap<>();
    return out;
  }

  /** The pairs of bindings a pattern's credit grows by at each evaluation (see {@link #evaluate}). */
  static final long EARNED = 10_000;

  /** Each pattern's last record whose set could not be decided (counted once as dropped). */
  private final Map<String, String> undecided = new HashMap<>();

  /** Each pattern's credit of pairs of bindings to try (see {@link #evaluate}). */
  private final Map<String, long[]> credit = new HashMap<>();

  /**
   * The pairs of bindings the patterns of one group (a peer's: {@link BulkMatcher#compile(Map, Map)})
   * earn together at each observation matched, however many of them it evaluates (see {@link #evaluate}).
   */
  static final long GROUP_EARNED = 2 * EARNED;

  /** Each group's credit: {pairs to try, pairs to search, the observation it was last earned at}. */
  private final Map<Integer, long[]> groupCredit = new HashMap<>();

  /** The pairs of bindings this state's evaluations tried (formed and searched), for tests. */
  long pairs;

  /** Observations matched with this state ({@link #tick}): what a group's credit grows with. */
  private long ticks;

  /** One more observation is matched with this state. */
  void tick() {
    ticks++;
  }

  /** The credit of a pattern, or of its group (grown by what the observations since its last use earned it). */
  private long[] credit(String patternId, int group) {
    if (group == 0) return credit.computeIfAbsent(patternId, id -> new long[] {Bindings.WORK_LIMIT, Bindings.WORK_LIMIT});
    long[] c = groupCredit.computeIfAbsent(group, g -> new long[] {Bindings.WORK_LIMIT, Bindings.WORK_LIMIT, ticks});
    long earned = (ticks - c[2]) > Bindings.WORK_LIMIT / GROUP_EARNED ? Bindings.WORK_LIMIT : (ticks - c[2]) * GROUP_EARNED;
    c[0] = Math.min(Bindings.WORK_LIMIT, c[0] + earned);
    c[1] = Math.min(Bindings.WORK_LIMIT, c[1] + earned);
    c[2] = ticks;
    return c;
  }

  void record(String patternId, PatternExpression.Observation bracket, Observation observation) {
    if (!admits.test(patternId, observation)) return;
    LinkedHashMap<String, Observation> seen = history.computeIfAbsent(patternId, id -> new HashMap<>())
        .computeIfAbsent(bracket, b -> new LinkedHashMap<>());
    if (seen.containsKey(observation.id())) return;
    if (seen.size() == perBracketLimit) {
      Iterator<Observation> oldest = seen.values().iterator();
      oldest.next();
      oldest.remove();
      remembered--;
      if (consume) drop(patternId, 1);
    }
    seen.put(observation.id(), observation);
    remembered++;
  }

  /** A set of remembered observations, including {@code newest}, that satisfies the pattern. */
  Optional<List<Observation>> evaluate(String patternId, int group, Pattern pattern, Observation newest) {
    Map<PatternExpression.Observation, LinkedHashMap<String, Observation>> brackets = history.getOrDefault(patternId, Map.of());
    // each pattern has a credit of pairs to try: WORK_LIMIT at most, spent by an evaluation and earned back by
    // EARNED an evaluation, so that a pattern whose every record costs an evaluation the whole limit (a hostile
    // chain of identical brackets) costs a run about EARNED a record after its first, while a legitimate one
    // (sets of a few brackets over at most perBracketLimit observations each) never spends what it earns. A
    // peer's patterns share one credit, earned by the observation, not by the evaluation: 50 such chains of one
    // peer cost 50 times one (a hostile run: 500 records, 21 s), and now what one group earns, GROUP_EARNED
    long[] left = credit(patternId, group);
    long earn = group == 0 ? EARNED : 0;
    // reading the brackets is work too, charged to the credit: a peer's 50 chains that never complete read their 20
    // brackets of up to 1,024 records each at every record (a hostile run: 120 ms a record, 50 costing 8 times 2)
    long entries = 0;
    boolean holds = false;
    for (LinkedHashMap<String, Observation> seen : brackets.values()) {
      entries += seen.size();
      holds |= seen.get(newest.id()) == newest;
    }
    if (!holds) return Optional.empty();
    if (left[0] <= 0 && left[1] <= 0) return undecided(patternId, newest, left, earn); // without reading the brackets
    // one candidate a record: observations of one id (a record and its continuations, a record sent twice) are one
    // record, which a set uses once, as it would the record read whole
    List<Observation> candidates = new ArrayList<>();
    Map<String, Integer> index = new HashMap<>();
    for (LinkedHashMap<String, Observation> seen : brackets.values()) {
      for (Observation o : seen.values()) index.computeIfAbsent(o.id(), x -> { candidates.add(o); return candidates.size() - 1; });
    }
    int newestIndex = index.get(newest.id());
    Bindings.Leaves leaves = leaf -> {
      LinkedHashMap<String, Observation> seen = brackets.get(leaf);
      if (seen == null) return List.of();
      List<Integer> hits = new ArrayList<>(seen.size());
      for (String id : seen.keySet()) hits.add(index.get(id));
      return hits;
    };
    if (left[0] > 0) {
      left[0] -= 2 * entries; // the candidates, and the leaves' hits that forming the sets reads
      pairs += 2 * entries;
      Bindings.Work work = new Bindings.Work(left[0]);
      List<Binding> found = Bindings.including(pattern.expression(), candidates, leaves, newestIndex, work);
      pairs += left[0] - work.left();
      left[0] = Math.min(Bindings.WORK_LIMIT, Math.max(0, work.left()) + earn);
      for (Binding b : found) {
        if (b.members().get(newestIndex)) return Optional.of(take(brackets, candidates, b.members()));
      }
      if (work.left() >= 0) return Optional.empty(); // every set was formed: none holds the newest
    } else {
      left[0] = Math.min(Bindings.WORK_LIMIT, left[0] + earn); // nothing left to form sets with: to the search
    }
    // the pairs ran out before a set was formed (many brackets holding for the same observations): one set,
    // searched depth first, with a credit of its own; when that runs out too, the observation's set is undecided,
    // and counted with the dropped hits, so that a count that may be low says so
    if (left[1] <= 0) return undecided(patternId, newest, left, earn);
    left[1] -= entries; // the leaves' hits that the search reads
    pairs += entries;
    Bindings.Work search = new Bindings.Work(left[1]);
    Optional<BitSet> one = Bindings.first(pattern.expression(), candidates, leaves, newestIndex, search);
    pairs += left[1] - search.left();
    left[1] = Math.min(Bindings.WORK_LIMIT, Math.max(0, search.left()) + earn);
    if (one.isPresent()) return Optional.of(take(brackets, candidates, one.get()));
    if (search.left() < 0) undecided(patternId, newest, null, 0);
    return Optional.empty();
  }

  /**
   * The newest observation's set could not be decided within the credit ({@code left}, earning
   * {@code earn} back when given): counted with the dropped hits, once per pattern however many of
   * its brackets ask (a hostile run read more dropped hits than records).
   */
  private Optional<List<Observation>> undecided(String patternId, Observation newest, long[] left, long earn) {
    if (left != null) {
      left[0] = Math.min(Bindings.WORK_LIMIT, left[0] + earn);
      left[1] = Math.min(Bindings.WORK_LIMIT, left[1] + earn);
    }
    if (consume && !newest.id().equals(undecided.put(patternId, newest.id()))) drop(patternId, 1);
    return Optional.empty();
  }


  /** The observations of a set, in time order, forgotten from every bracket when sets are counted. */
  private List<Observation> take(Map<PatternExpression.Observation, LinkedHashMap<String, Observation>> brackets,
      List<Observation> candidates, BitSet members) {
    List<Observation> used = new ArrayList<>();
    members.stream().forEach(i -> used.add(candidates.get(i)));
    used.sort(Comparator.comparing(Observation::firstObserved).thenComparing(Observation::id));
    if (consume) remembered -= forget(brackets, used);
    return used;
  }

  /** Removes the records of {@code used} from every bracket (by id: a record's continuation goes with it); returns how many entries went. */
  private static int forget(Map<PatternExpression.Observation, LinkedHashMap<String, Observation>> brackets, List<Observation> used) {
    Set<String> gone = new HashSet<>();
    for (Observation o : used) gone.add(o.id());
    int removed = 0;
    for (LinkedHashMap<String, Observation> seen : brackets.values()) {
      int before = seen.size();
      seen.keySet().removeIf(gone::contains);
      removed += before - seen.size();
    }
    return removed;
  }

  /** Forgets everything about a pattern, e.g. after it was removed. */
  public void forget(String patternId) {
    credit.remove(patternId);
    groupOf.remove(patternId);
    undecided.remove(patternId);
    var brackets = history.remove(patternId);
    if (brackets != null) for (LinkedHashMap<String, Observation> seen : brackets.values()) remembered -= seen.size();
    SetCounter counter = counters.remove(patternId);
    if (counter != null) remembered -= counter.size();
  }

  /** Forgets every pattern that {@code live} does not hold (no longer an indicator's). */
  public void retain(Predicate<String> live) {
    for (String id : List.copyOf(history.keySet())) {
      if (!live.test(id)) forget(id);
    }
    for (String id : List.copyOf(counters.keySet())) {
      if (!live.test(id)) forget(id);
    }
  }

  /** Calls {@code each} for every observation remembered (once per pattern and bracket that holds it). */
  public void forEachRemembered(Consumer<Observation> each) {
    for (var brackets : history.values()) {
      for (LinkedHashMap<String, Observation> seen : brackets.values()) seen.values().forEach(each);
    }
    for (SetCounter counter : counters.values()) counter.forEach(h -> each.accept(h.observation));
  }

  /** How many observations are remembered, over every pattern and bracket. */
  public int remembered() {
    return remembered;
  }

  /**
   * When more than {@code max} observations are remembered, forgets observations down to three
   * quarters of {@code max}, so that trimming after every run costs, amortized, a constant per
   * observation remembered. The bound is shared by the patterns' groups ({@link #offer}): those that
   * hold the most give up their earliest (by first_observed) first, down to one level, and a group
   * that holds less keeps all it holds. (Trimmed by the earliest over every pattern, a peer's REPEATS
   * that every record of a range met pushed out the node's own half-made FOLLOWEDBY: hostile run
   * 12l.) Those forgotten are {@linkplain #takeDropped dropped}.
   */
  public void trim(int max) {
    if (remembered <= max) return;
    Map<Integer, List<Instant>> times = new HashMap<>();
    for (var entry : history.entrySet()) {
      List<Instant> t = times.computeIfAbsent(groupOf.getOrDefault(entry.getKey(), 0), g -> new ArrayList<>());
      for (LinkedHashMap<String, Observation> seen : entry.getValue().values()) {
        for (Observation o : seen.values()) t.add(o.firstObserved());
      }
    }
    for (var entry : counters.entrySet()) {
      List<Instant> t = times.computeIfAbsent(groupOf.getOrDefault(entry.getKey(), 0), g -> new ArrayList<>());
      entry.getValue().forEach(h -> t.add(h.first()));
    }
    // the level: every group keeps what it holds up to it, and all they keep is three quarters of max
    List<Integer> sizes = new ArrayList<>();
    for (List<Instant> t : times.values()) sizes.add(t.size());
    sizes.sort(null);
    long left = max / 4 * 3;
    long level = Long.MAX_VALUE;
    for (int i = 0; i < sizes.size(); i++) {
      long share = left / (sizes.size() - i);
      if (sizes.get(i) > share) {
        level = share;
        break;
      }
      left -= sizes.get(i);
    }
    Map<Integer, Instant> keepFrom = new HashMap<>();
    for (Map.Entry<Integer, List<Instant>> e : times.entrySet()) {
      List<Instant> t = e.getValue();
      if (t.size() <= level) continue;
      t.sort(null);
      // level 0: all of the group's go (the instant after its last)
      keepFrom.put(e.getKey(), level == 0 ? t.get(t.size() - 1) : t.get(t.size() - (int) level - 1));
    }
    for (Iterator<Map.Entry<String, Map<PatternExpression.Observation, LinkedHashMap<String, Observation>>>> p = history.entrySet().iterator(); p.hasNext(); ) {
      Map.Entry<String, Map<PatternExpression.Observation, LinkedHashMap<String, Observation>>> entry = p.next();
      Instant from = keepFrom.get(groupOf.getOrDefault(entry.getKey(), 0));
      if (from == null) continue;
      Map<PatternExpression.Observation, LinkedHashMap<String, Observation>> brackets = entry.getValue();
      for (LinkedHashMap<String, Observation> seen : brackets.values()) {
        int before = seen.size();
        seen.values().removeIf(o -> !o.firstObserved().isAfter(from));
        remembered -= before - seen.size();
        if (consume && before > seen.size()) drop(entry.getKey(), before - seen.size());
      }
      brackets.values().removeIf(Map::isEmpty);
      if (brackets.isEmpty()) p.remove();
    }
    for (Map.Entry<String, SetCounter> entry : counters.entrySet()) {
      Instant from = keepFrom.get(groupOf.getOrDefault(entry.getKey(), 0));
      if (from == null) continue;
      int n = entry.getValue().releaseUpTo(from);
      remembered -= n;
      if (n > 0) drop(entry.getKey(), n);
    }
  }
}
