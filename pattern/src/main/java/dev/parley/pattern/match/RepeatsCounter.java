package dev.parley.pattern.match;

import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.syntax.Pattern;
import dev.parley.pattern.syntax.PatternExpression;
import dev.parley.pattern.syntax.Qualifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Counts {@code S REPEATS n TIMES} for a single-observation expression S, under any WITHIN w and
 * START/STOP (a single-observation pattern is a REPEATS 1): sets of observations of S whose weights
 * (number_observed, where §9.1 counts it) reach n, all in the START/STOP windows, spanning less
 * than w.
 *
 * <p>Which set. When the newest observation N of weight c is offered and c &lt; n, the set starts at
 * the earliest time s (a waiting hit's first_observed, or N's) such that N and the waiting hits
 * that lie in [s, s + w) weigh n or more; it is N and those hits, taken by first_observed (then
 * arrival) until they weigh n. Without WITHIN, s is the earliest start and every waiting hit
 * lies in the window. Taking the earliest window leaves the later hits, which can still meet later
 * observations, waiting.
 *
 * <p>Cost. Without WITHIN, a look-up of the total weight. With it, when every waiting hit and N are
 * instants (every log record is), the starts are tried in order, each with two weight sums of the
 * tree; a start is abandoned, with every later one, once the hits from it to N and those after N
 * within w cannot weigh enough, so observations in time order cost one start, and an observation
 * that comes late costs about as many starts as there are waiting hits after it within w. When a
 * waiting hit or N spans time (an observed-data), the hits that can share a window with N are swept
 * once in order of first and of last_observed.
 */
final class RepeatsCounter extends SetCounter {
  final int times;
  final Side side;
  private final HitTree hits = new HitTree();
  /** Waiting hits that span time (first_observed before last_observed). */
  private int spans;

  RepeatsCounter(Pattern pattern, int times, Side side, Duration within, List<Qualifier.StartStop> windows) {
    super(pattern, within, windows);
    this.times = times;
    this.side = side;
  }

  @Override
  List<Observation> offer(Observation o, List<PatternExpression.Observation> brackets, UnaryOperator<Observation> withoutObjects) {
    if (!side.holds(brackets, o) || !fits(o) || waits(o.id())) return null;
    long weight = side.weight(o);
    if (weight >= times) return List.of(o);
    long target = times - weight;
    List<Hit> chosen;
    if (within == null) chosen = hits.weight() >= target ? take(hits.first(), null, target) : null;
    else if (spans == 0 && o.firstObserved().equals(o.lastObserved())) chosen = instants(o.firstObserved(), target);
    else chosen = spanning(o, target);
    if (chosen != null) return set(chosen, o);
    Hit hit = keep(o, weight, withoutObjects);
    hits.add(hit);
    if (!hit.point()) spans++;
    return null;
  }

  /**
   * Every waiting hit and N are instants; N is at {@code t}. A start that falls short by d needs a
   * later window to gain d past its end: the next start tried is the first after the time at which
   * the hits past that end weigh d, less w.
   */
  private List<Hit> instants(Instant t, long target) {
    long upToT = hits.weightBefore(t, true);
    long afterT = hits.weightBefore(t.plus(within), false) - upToT; // in (t, t + w)
    for (Hit h = hits.higher(t.minus(within)); ; ) {
      Instant s = h != null && !h.first().isAfter(t) ? h.first() : t;
      long beforeS = hits.weightBefore(s, false);
      if (upToT - beforeS + afterT < target) return null; // a later start keeps less before N, gains nothing after it
      Instant end = s.plus(within);
      long beforeEnd = hits.weightBefore(end, false);
      long missing = target - (beforeEnd - beforeS);
      if (missing <= 0) return take(hits.ceiling(s), end, target);
      if (s.equals(t)) return null;
      Hit gain = hits.reaching(beforeEnd + missing);
      if (gain == null) return null;
      Instant from = gain.first().minus(within);
      h = hits.higher(from.isAfter(s) ? from : s);
    }
  }

  /**
   * Some hit spans time: the hits that can share a window with N (first after N's last minus w, last
   * before N's first plus w), swept by window start: a hit enters when its last is before the
   * window's end, and leaves when its first is before the start.
   */
  private List<Hit> spanning(Observation o, long target) {
    Instant to = o.firstObserved().plus(within);
    List<Hit> near = new ArrayList<>();
    for (Hit h = hits.higher(o.lastObserved().minus(within)); h != null && h.first().isBefore(to); h = hits.after(h)) {
      if (h.last().isBefore(to)) near.add(h);
    }
    int m = near.size();
    Integer[] byLast = new Integer[m];
    for (int i = 0; i < m; i++) byLast[i] = i;
    Arrays.sort(byLast, (a, b) -> {
      int c = near.get(a).last().compareTo(near.get(b).last());
      return c != 0 ? c : Integer.compare(a, b);
    });
    boolean[] entered = new boolean[m];
    int gone = 0; // near[0, gone) start before s
    int next = 0; // byLast[0, next) entered
    long weight = 0;
    int i = 0; // near[i] starts the next window tried, unless it starts after N
    while (true) {
      Instant s = i < m && !near.get(i).first().isAfter(o.firstObserved()) ? near.get(i).first() : o.firstObserved();
      Instant end = s.plus(within);
      for (; gone < m && near.get(gone).first().isBefore(s); gone++) if (entered[gone]) weight -= near.get(gone).weight();
      for (; next < m && near.get(byLast[next]).last().isBefore(end); next++) {
        int k = byLast[next];
        entered[k] = true;
        if (k >= gone) weight += near.get(k).weight();
      }
      if (weight >= target) {
        List<Hit> chosen = new ArrayList<>();
        long sum = 0;
        for (int k = gone; sum < target; k++) {
          if (!entered[k]) continue;
          chosen.add(near.get(k));
          sum += near.get(k).weight();
        }
        return chosen;
      }
      if (s.equals(o.firstObserved())) return null;
      while (i < m && near.get(i).first().equals(s)) i++;
    }
  }

  /** Hits from {@code from} in order, ending before {@code end} (null: no end), until they weigh {@code target}. */
  private List<Hit> take(Hit from, Instant end, long target) {
    List<Hit> chosen = new ArrayList<>();
    long sum = 0;
    for (Hit h = from; sum < target && h != null; h = hits.after(h)) {
      if (end != null && !h.first().isBefore(end)) break;
      if (end != null && !h.last().isBefore(end)) continue;
      chosen.add(h);
      sum += h.weight();
    }
    return chosen;
  }

  @Override
  Hit earliest() {
    return hits.first();
  }

  @Override
  void forEach(Consumer<Hit> each) {
    hits.forEach(each);
  }

  @Override
  void unorder(Hit hit) {
    if (hits.remove(hit) && !hit.point()) spans--;
  }
}
