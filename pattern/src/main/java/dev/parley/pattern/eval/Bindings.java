package dev.parley.pattern.eval;

import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.syntax.ObservationOperator;
import dev.parley.pattern.syntax.PatternExpression;
import dev.parley.pattern.syntax.Qualifier;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The observation-level semantics of STIX 2.1 §9.5: every set of distinct observations that
 * satisfies an expression. Observation operators need different observed-data (§9.5.2); WITHIN
 * bounds latest last_observed minus earliest first_observed (strictly, §9.5.1); START/STOP needs
 * first_observed &gt;= start and last_observed &lt; stop; FOLLOWEDBY needs the right side's earliest
 * first_observed at or after the left side's latest last_observed; REPEATS n over a single
 * observation expression (a bracket, possibly under WITHIN or START/STOP) counts each observed-data
 * number_observed times (§9.1), over anything else, a REPEATS included, once per disjoint match.
 * Both engines use this algebra; they differ in how they find the observations each bracket
 * matches.
 */
public final class Bindings {
  /** Bound on bindings kept per sub-expression, so hostile REPEATS cannot exhaust memory. */
  public static final int LIMIT = 100_000;

  /** Bound on the partial choices one REPEATS tries, so that hostile counts cannot take exponential time. */
  public static final int SEARCH_LIMIT = 100_000;

  /**
   * Bound on the pairs of bindings one evaluation tries, over all its sub-expressions: a chain of
   * twenty identical brackets joined by AND over twenty observations formed up to {@link #LIMIT}
   * sets at each of its levels, again for each level of {@link #including}, and ran for minutes (a
   * hostile run). Past it, an evaluation gives the sets it has formed, as past {@link #LIMIT}.
   */
  public static final long WORK_LIMIT = 1_000_000;

  /** What an evaluation may still try: pairs of bindings. */
  public static final class Work {
    long left;

    public Work(long pairs) {
      this.left = pairs;
    }

    Work() {
      this(WORK_LIMIT);
    }

    /** The pairs left to try; negative once an evaluation was cut short. */
    public long left() {
      return left;
    }
  }

  /** Which observations (indices) satisfy one bracket. */
  @FunctionalInterface
  public interface Leaves {
    List<Integer> hits(PatternExpression.Observation leaf);
  }

  private Bindings() {}

  /** All bindings of {@code e} over {@code observations} (within {@link #WORK_LIMIT}). */
  public static List<Binding> of(PatternExpression e, List<Observation> observations, Leaves leaves) {
    return of(e, observations, leaves, new Work());
  }

  private static List<Binding> of(PatternExpression e, List<Observation> observations, Leaves leaves, Work work) {
    if (e instanceof PatternExpression.Observation leaf) {
      List<Integer> hits = leaves.hits(leaf);
      // a binding a hit, charged as a pair: a chain of brackets that all hold rebuilt these at every evaluation
      work.left -= hits.size();
      if (work.left < 0) return List.of();
      List<Binding> out = new ArrayList<>(hits.size());
      for (int i : hits) {
        BitSet one = new BitSet();
        one.set(i);
        Observation o = observations.get(i);
        out.add(new Binding(one, o.firstObserved(), o.lastObserved()));
      }
      return out;
    }
    if (e instanceof PatternExpression.Combined c) {
      List<Binding> left = of(c.left(), observations, leaves, work);
      if (left.isEmpty() && c.operator() != ObservationOperator.OR) return left;
      List<Binding> right = of(c.right(), observations, leaves, work);
      return switch (c.operator()) {
        case OR -> distinct(left, right);
        case AND -> pairs(left, right, false, work);
        case FOLLOWEDBY -> pairs(left, right, true, work);
      };
    }
    PatternExpression.Qualified q = (PatternExpression.Qualified) e;
    List<Binding> inner = of(q.expression(), observations, leaves, work);
    if (q.qualifier() instanceof Qualifier.Within w) {
      return inner.stream().filter(b -> within(b, w.seconds())).toList();
    }
    if (q.qualifier() instanceof Qualifier.StartStop s) {
      return inner.stream()
          .filter(b -> !b.first().isBefore(s.start()) && b.last().isBefore(s.stop())).toList();
    }
    int times = ((Qualifier.Repeats) q.qualifier()).times();
    return repeats(inner, times, singleObservation(q.expression()) ? observations : null, work);
  }

  /**
   * The bindings of {@code e} that include observation {@code must}: those {@link #of} gives that
   * hold it, without forming the others. For an observation operator, a set holding {@code must}
   * holds it on one side, so the pairs are that side's sets with it against the other side's sets:
   * n + m pairs where {@code of} forms n × m, when an observation arrives beside n and m remembered.
   */
  public static List<Binding> including(PatternExpression e, List<Observation> observations, Leaves leaves, int must) {
    return including(e, observations, leaves, must, new Work());
  }

  /** {@link #including}, trying at most the pairs {@code work} has left (and taking them from it). */
  public static List<Binding> including(PatternExpression e, List<Observation> observations, Leaves leaves, int must, Work work) {
    if (e instanceof PatternExpression.Observation leaf) {
      if (!leaves.hits(leaf).contains(must)) return List.of();
      BitSet one = new BitSet();
      one.set(must);
      Observation o = observations.get(must);
      return List.of(new Binding(one, o.firstObserved(), o.lastObserved()));
    }
    if (e instanceof PatternExpression.Combined c) {
      List<Binding> left = including(c.left(), observations, leaves, must, work);
      List<Binding> right = including(c.right(), observations, leaves, must, work);
      if (c.operator() == ObservationOperator.OR) return distinct(left, right);
      boolean ordered = c.operator() == ObservationOperator.FOLLOWEDBY;
      List<Binding> withLeft = left.isEmpty() ? List.of() : pairs(left, of(c.right(), observations, leaves, work), ordered, work);
      List<Binding> withRight = right.isEmpty() ? List.of() : pairs(of(c.left(), observations, leaves, work), right, ordered, work);
      return distinct(withLeft, withRight);
    }
    PatternExpression.Qualified q = (PatternExpression.Qualified) e;
    if (q.qualifier() instanceof Qualifier.Repeats) {
      return of(e, observations, leaves, work).stream().filter(b -> b.members().get(must)).toList();
    }
    List<Binding> inner = including(q.expression(), observations, leaves, must, work);
    if (q.qualifier() instanceof Qualifier.Within w) {
      return inner.stream().filter(b -> within(b, w.seconds())).toList();
    }
    Qualifier.StartStop s = (Qualifier.StartStop) q.qualifier();
    return inner.stream().filter(b -> !b.first().isBefore(s.start()) && b.last().isBefore(s.stop())).toList();
  }

  /** Expressions of more brackets than this are not searched by {@link #first} (its depth is the brackets'). */
  public static final int FIRST_MAX_BRACKETS = 256;

  /**
   * One set of observations that satisfies {@code e} and holds {@code must}, found depth first: the
   * first bracket's first hit, then the next bracket's first hit not taken, and so on, backing up
   * where a choice leads nowhere, and cutting a branch whose brackets have fewer untaken hits than
   * they need distinct observations. {@link #including} forms every set and runs out of pairs when
   * many brackets hold for the same observations (an AND of fourteen brackets over fourteen records
   * that each satisfy all: more than a million pairs, and no set), where this search takes one path.
   * Empty when no set exists, or when {@code work} ran out first ({@code work.left() < 0}: undecided).
   */
  public static Optional<BitSet> first(PatternExpression e, List<Observation> observations, Leaves leaves, int must, Work work) {
    First search = new First(observations, leaves, must, work);
    if (search.brackets(e) > FIRST_MAX_BRACKETS) {
      work.left = -1;
      return Optional.empty();
    }
    if (!search.possible(e)) return Optional.empty();
    return search.find(e, true, null, (first, last) -> true) ? Optional.of((BitSet) search.used.clone()) : Optional.empty();
  }

  /** What {@link #first} keeps while it searches: the observations taken so far, and each sub-expression's hits and needs. */
  private static final class First {
    /** Where a search goes on once a sub-expression has a set: true ends the whole search. */
    interface Then {
      boolean take(Instant first, Instant last);
    }

    final List<Observation> observations;
    final Leaves leaves;
    final int must;
    final Work work;
    final BitSet used = new BitSet();
    final Map<PatternExpression, BitSet> hits = new IdentityHashMap<>();
    final Map<PatternExpression, Integer> needs = new IdentityHashMap<>();
    final Map<PatternExpression, List<Binding>> repeated = new HashMap<>(); // equal REPEATS, one search
    final BitSet scratch = new BitSet();

    First(List<Observation> observations, Leaves leaves, int must, Work work) {
      this.observations = observations;
      this.leaves = leaves;
      this.must = must;
      this.work = work;
    }

    int brackets(PatternExpression e) {
      if (e instanceof PatternExpression.Observation) return 1;
      if (e instanceof PatternExpression.Combined c) return brackets(c.left()) + brackets(c.right());
      return brackets(((PatternExpression.Qualified) e).expression());
    }

    /** False when a bracket that every set of {@code e} needs holds for no observation. */
    boolean possible(PatternExpression e) {
      if (e instanceof PatternExpression.Observation) return !hits(e).isEmpty();
      if (e instanceof PatternExpression.Combined c) {
        return c.operator() == ObservationOperator.OR ? possible(c.left()) || possible(c.right()) : possible(c.left()) && possible(c.right());
      }
      return possible(((PatternExpression.Qualified) e).expression());
    }

    /** The observations any bracket of {@code e} holds for. */
    BitSet hits(PatternExpression e) {
      BitSet known = hits.get(e);
      if (known != null) return known;
      BitSet out = new BitSet();
      if (e instanceof PatternExpression.Observation leaf) {
        for (int i : leaves.hits(leaf)) out.set(i);
      } else if (e instanceof PatternExpression.Combined c) {
        out.or(hits(c.left()));
        out.or(hits(c.right()));
      } else {
        out.or(hits(((PatternExpression.Qualified) e).expression()));
      }
      hits.put(e, out);
      return out;
    }

    /** The fewest distinct observations a set of {@code e} holds. */
    int need(PatternExpression e) {
      Integer known = needs.get(e);
      if (known != null) return known;
      int out;
      if (e instanceof PatternExpression.Observation) {
        out = 1;
      } else if (e instanceof PatternExpression.Combined c) {
        out = c.operator() == ObservationOperator.OR ? Math.min(need(c.left()), need(c.right())) : need(c.left()) + need(c.right());
      } else {
        out = need(((PatternExpression.Qualified) e).expression()); // a REPEATS may count one observed-data several times
      }
      needs.put(e, out);
      return out;
    }

    /**
     * Finds sets of {@code e} among the observations not taken, holding {@code must} when {@code here}
     * (and never holding it otherwise), whose observations all start at {@code notBefore} or later,
     * and offers each to {@code then}, with its observations taken, until it says stop.
     */
    boolean find(PatternExpression e, boolean here, Instant notBefore, Then then) {
      if (--work.left < 0) return false;
      if (here && !hits(e).get(must)) return false;
      if (!enough(e, !here)) return false;
      if (e instanceof PatternExpression.Observation leaf) return leaf(leaf, here, notBefore, then);
      if (e instanceof PatternExpression.Combined c) {
        if (c.operator() == ObservationOperator.OR) {
          return find(c.left(), here, notBefore, then) || (work.left >= 0 && find(c.right(), here, notBefore, then));
        }
        if (!enough(c.left(), false) || !enough(c.right(), false)) return false; // a side that cannot be filled whatever the other takes
        boolean ordered = c.operator() == ObservationOperator.FOLLOWEDBY;
        Then right = (f1, l1) -> find(c.right(), false, ordered ? later(notBefore, l1) : notBefore,
            (f2, l2) -> then.take(f1.isBefore(f2) ? f1 : f2, l1.isAfter(l2) ? l1 : l2));
        if (!here) return find(c.left(), false, notBefore, right);
        if (find(c.left(), true, notBefore, right)) return true;
        if (work.left < 0) return false;
        return find(c.left(), false, notBefore, (f1, l1) -> find(c.right(), true, ordered ? later(notBefore, l1) : notBefore,
            (f2, l2) -> then.take(f1.isBefore(f2) ? f1 : f2, l1.isAfter(l2) ? l1 : l2)));
      }
      PatternExpression.Qualified q = (PatternExpression.Qualified) e;
      if (q.qualifier() instanceof Qualifier.Within w) {
        return find(q.expression(), here, notBefore, (f, l) -> within(f, l, w.seconds()) && then.take(f, l));
      }
      if (q.qualifier() instanceof Qualifier.StartStop s) {
        return find(q.expression(), here, later(notBefore, s.start()), (f, l) -> l.isBefore(s.stop()) && then.take(f, l));
      }
      return repeats(q, here, notBefore, then);
    }

    /**
     * True when {@code e}'s brackets hold for at least as many observations not taken (nor {@code must},
     * when {@code withoutMust}) as a set of it needs.
     */
    private boolean enough(PatternExpression e, boolean withoutMust) {
      scratch.clear();
      scratch.or(hits(e));
      scratch.andNot(used);
      if (withoutMust) scratch.clear(must);
      return scratch.cardinality() >= need(e);
    }

    private boolean leaf(PatternExpression.Observation leaf, boolean here, Instant notBefore, Then then) {
      if (here) return take(must, notBefore, then);
      for (int i : leaves.hits(leaf)) {
        if (i == must || used.get(i)) continue;
        if (take(i, notBefore, then)) return true;
        if (--work.left < 0) return false;
      }
      return false;
    }

    private boolean take(int i, Instant notBefore, Then then) {
      Observation o = observations.get(i);
      if (notBefore != null && o.firstObserved().isBefore(notBefore)) return false;
      used.set(i);
      if (then.take(o.firstObserved(), o.lastObserved())) return true; // the set stays taken
      used.clear(i);
      return false;
    }

    /** A REPEATS: its sets as {@link Bindings#of} forms them (within the same work), offered one by one. */
    private boolean repeats(PatternExpression.Qualified q, boolean here, Instant notBefore, Then then) {
      List<Binding> sets = repeated.get(q);
      if (sets == null) {
        sets = of(q, observations, leaves, work);
        repeated.put(q, sets);
      }
      for (Binding b : sets) {
        if (--work.left < 0) return false;
        BitSet members = b.members();
        if (members.get(must) != here || members.intersects(used)) continue;
        if (notBefore != null && b.first().isBefore(notBefore)) continue;
        used.or(members);
        if (then.take(b.first(), b.last())) return true;
        used.andNot(members);
      }
      return false;
    }

    private static Instant later(Instant a, Instant b) {
      return a == null || b.isAfter(a) ? b : a;
    }
  }

  static boolean within(Binding b, BigDecimal seconds) {
    return within(b.first(), b.last(), seconds);
  }

  static boolean within(Instant first, Instant last, BigDecimal seconds) {
    Duration span = Duration.between(first, last);
    BigDecimal spanSeconds = BigDecimal.valueOf(span.getSeconds()).add(BigDecimal.valueOf(span.getNano(), 9));
    return spanSeconds.compareTo(seconds) < 0;
  }

  /** A bracket, possibly under WITHIN or START/STOP: its bindings are single observed-data. */
  private static boolean singleObservation(PatternExpression e) {
    if (e instanceof PatternExpression.Qualified q) {
      return !(q.qualifier() instanceof Qualifier.Repeats) && singleObservation(q.expression());
    }
    return e instanceof PatternExpression.Observation;
  }

  /**
   * A set of members as a key of a map, with a hash that mixes its words: BitSet's own combines them
   * by XOR, so sets of a few members collide in bulk ({0, 1} and {0, 64} alike), and forming the
   * sets of a hostile chain spent most of its time in the map's tree bins (hostile run 12k).
   */
  private record Members(BitSet bits, int hash) {
    static Members of(BitSet bits) {
      long h = 0x9E3779B97F4A7C15L;
      for (long word : bits.toLongArray()) {
        h = (h ^ word) * 0xBF58476D1CE4E5B9L;
        h ^= h >>> 31;
      }
      return new Members(bits, (int) (h ^ (h >>> 32)));
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Members m && m.hash == hash && m.bits.equals(bits);
    }
  }

  private static List<Binding> distinct(List<Binding> a, List<Binding> b) {
    Map<Members, Binding> out = new LinkedHashMap<>();
    for (Binding x : a) out.putIfAbsent(Members.of(x.members()), x);
    for (Binding x : b) if (out.size() < LIMIT) out.putIfAbsent(Members.of(x.members()), x);
    return new ArrayList<>(out.values());
  }

  private static List<Binding> pairs(List<Binding> left, List<Binding> right, boolean ordered, Work work) {
    Map<Members, Binding> out = new LinkedHashMap<>();
    for (Binding a : left) {
      for (Binding b : right) {
        if (--work.left < 0) return new ArrayList<>(out.values());
        if (!a.disjoint(b)) continue;
        if (ordered && b.first().isBefore(a.last())) continue;
        Binding both = a.union(b);
        out.putIfAbsent(Members.of(both.members()), both);
        if (out.size() >= LIMIT) return new ArrayList<>(out.values());
      }
    }
    return new ArrayList<>(out.values());
  }

  /**
   * Disjoint choices whose weights reach n; weight is number_observed for single observations.
   * A depth-first search over the bindings in order, written with an explicit stack (a choice may
   * hold thousands of bindings) and cut where the weight left to choose from cannot reach n.
   */
  private static List<Binding> repeats(List<Binding> inner, int n, List<Observation> weighted, Work work) {
    int size = inner.size();
    long[] weights = new long[size];
    long[] rest = new long[size + 1]; // rest[i]: the weight of bindings i, i + 1, ...
    for (int i = size - 1; i >= 0; i--) {
      weights[i] = weighted == null ? 1 : weighted.get(inner.get(i).firstMember()).numberObserved();
      rest[i] = rest[i + 1] + weights[i];
    }
    Map<Members, Binding> out = new LinkedHashMap<>();
    List<Integer> chosen = new ArrayList<>();
    List<Binding> unions = new ArrayList<>(); // unions.get(k): the first k + 1 chosen, joined
    long weight = 0;
    int next = 0;
    // each step is charged to the evaluation's work too: a chain of twelve REPEATS searched each of them afresh at
    // every level of every evaluation, a second a record at 200 records (a hostile run)
    for (int steps = 0; steps < SEARCH_LIMIT && out.size() < LIMIT && --work.left >= 0; steps++) {
      Binding acc = unions.isEmpty() ? null : unions.get(unions.size() - 1);
      if (weight >= n || next >= size || weight + rest[next] < n) {
        if (weight >= n) out.putIfAbsent(Members.of(acc.members()), acc);
        if (chosen.isEmpty()) break; // every choice tried
        int last = chosen.remove(chosen.size() - 1); // back up: try the binding after the last chosen
        unions.remove(unions.size() - 1);
        weight -= weights[last];
        next = last + 1;
      } else if (acc != null && !acc.disjoint(inner.get(next))) {
        next++;
      } else {
        chosen.add(next);
        unions.add(acc == null ? inner.get(next) : acc.union(inner.get(next)));
        weight += weights[next];
        next++;
      }
    }
    return new ArrayList<>(out.values());
  }
}
