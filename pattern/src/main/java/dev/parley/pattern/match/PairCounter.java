package dev.parley.pattern.match;

import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.syntax.Pattern;
import dev.parley.pattern.syntax.PatternExpression;
import dev.parley.pattern.syntax.Qualifier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Counts {@code L AND R} and {@code L FOLLOWEDBY R} for single-observation expressions L and R,
 * under any WITHIN w and START/STOP: pairs of distinct observations, one of L and one of R (for
 * FOLLOWEDBY, R's first_observed at or after L's last_observed), both in the START/STOP windows,
 * spanning less than w.
 *
 * <p>Which pair. The newest observation N is first taken as L: its partner is the waiting hit of R
 * that starts earliest (then arrived first) among those that make a pair with it; failing one, as
 * R, with the earliest waiting hit of L that does. Failing both, N waits on each side it satisfies.
 * Pairing with the earliest hit leaves the later ones, which later observations can still reach
 * within w, waiting.
 *
 * <p>Cost. Each side's waiting hits are a tree by first_observed: the earliest that can pair is the
 * first from a bound the pair's conditions give (after N's last minus w; for FOLLOWEDBY, at or after
 * N's last). For instants that first one pairs or none does; a hit that spans time and ends too late
 * is stepped over.
 *
 * <p>Observations of one id (a record and its continuations: one record read in parts) are one
 * observation: they never pair with each other, and they wait once. A part that satisfies a side its
 * waiting record does not yet is offered on that side: it pairs with another record's waiting hit,
 * taking its record out of waiting, or its record waits on that side too, as the record read whole
 * would (hostile run 12ar D3: two records each holding both sides, one side past the first part,
 * made no pair).
 */
final class PairCounter extends SetCounter {
  final boolean followedBy;
  final Side left;
  final Side right;
  private final HitTree lefts = new HitTree();
  private final HitTree rights = new HitTree();

  PairCounter(Pattern pattern, boolean followedBy, Side left, Side right, Duration within, List<Qualifier.StartStop> windows) {
    super(pattern, within, windows);
    this.followedBy = followedBy;
    this.left = left;
    this.right = right;
  }

  @Override
  List<Observation> offer(Observation o, List<PatternExpression.Observation> brackets, UnaryOperator<Observation> withoutObjects) {
    boolean isLeft = left.holds(brackets, o);
    boolean isRight = right.holds(brackets, o);
    if (!isLeft && !isRight || !fits(o)) return null;
    Hit own = waiting(o.id());
    if (own != null) {
      isLeft &= !lefts.contains(own);
      isRight &= !rights.contains(own);
      if (!isLeft && !isRight) return null;
    }
    Hit partner = isLeft ? after(o) : null;
    if (partner == null && isRight) partner = before(o);
    if (partner != null) {
      if (own != null) release(own);
      return set(List.of(partner), o);
    }
    if (own != null) {
      if (isLeft) lefts.add(own);
      if (isRight) rights.add(own);
      return null;
    }
    Hit hit = keep(o, 1, withoutObjects);
    if (isLeft) lefts.add(hit);
    if (isRight) rights.add(hit);
    return null;
  }

  /** The earliest waiting hit of R, of another record, that pairs with {@code o} as L. */
  private Hit after(Observation o) {
    if (within == null) return other(rights, followedBy ? rights.ceiling(o.lastObserved()) : rights.first(), o);
    // with o as L: R's last before o's first + w; R's first after o's last - w (AND) or at or after o's last (FOLLOWEDBY)
    Instant to = o.firstObserved().plus(within);
    Hit h = followedBy ? rights.ceiling(o.lastObserved()) : rights.higher(o.lastObserved().minus(within));
    for (; h != null && h.first().isBefore(to); h = rights.after(h)) {
      if (h.last().isBefore(to) && !same(h, o)) return h;
    }
    return null;
  }

  /** {@code h}, or the hit after it in {@code tree} when {@code h} is of {@code o}'s record (which waits once). */
  private static Hit other(HitTree tree, Hit h, Observation o) {
    return h != null && same(h, o) ? tree.after(h) : h;
  }

  private static boolean same(Hit h, Observation o) {
    return h.observation.id().equals(o.id());
  }

  /** The earliest waiting hit of L, of another record, that pairs with {@code o} as R. */
  private Hit before(Observation o) {
    if (!followedBy) {
      if (within == null) return other(lefts, lefts.first(), o);
      Instant to = o.firstObserved().plus(within);
      for (Hit h = lefts.higher(o.lastObserved().minus(within)); h != null && h.first().isBefore(to); h = lefts.after(h)) {
        if (h.last().isBefore(to) && !same(h, o)) return h;
      }
      return null;
    }
    // with o as R: L's last at or before o's first; within w, L's first after o's last - w
    Instant at = o.firstObserved();
    Hit h = within == null ? lefts.first() : lefts.higher(o.lastObserved().minus(within));
    for (; h != null && !h.first().isAfter(at); h = lefts.after(h)) {
      if (!h.last().isAfter(at) && !same(h, o)) return h;
    }
    return null;
  }

  @Override
  Hit earliest() {
    Hit l = lefts.first();
    Hit r = rights.first();
    if (l == null) return r;
    return r == null || l.compareTo(r) <= 0 ? l : r;
  }

  @Override
  void forEach(Consumer<Hit> each) {
    lefts.forEach(each);
    // a hit of both sides is in both trees: once
    rights.forEach(h -> {
      if (!lefts.contains(h)) each.accept(h);
    });
  }

  @Override
  void unorder(Hit hit) {
    lefts.remove(hit);
    rights.remove(hit);
  }
}
