package dev.parley.pattern.match;

import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.regex.Automaton;
import dev.parley.pattern.syntax.PatternExpression;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * An immutable, compiled set of patterns, safe to share between matching threads (each with its
 * own {@link MatchState}). Updates never change a snapshot; {@link BulkMatcher} publishes a new one.
 */
public final class MatcherSnapshot {
  static final MatcherSnapshot EMPTY = new MatcherSnapshot(List.of(), List.of());

  final List<Segment> segments;
  final List<BitSet> dead;

  MatcherSnapshot(List<Segment> segments, List<BitSet> dead) {
    this.segments = List.copyOf(segments);
    this.dead = List.copyOf(dead);
  }

  /** Number of segments the patterns are compiled in (a merge makes fewer). */
  public int segmentCount() {
    return segments.size();
  }

  /** Number of live patterns. */
  public int size() {
    int n = 0;
    for (int s = 0; s < segments.size(); s++) n += segments.get(s).size() - dead.get(s).cardinality();
    return n;
  }

  /**
   * The patterns this observation satisfies, each with the observations that satisfy it: a
   * single-bracket pattern with this observation alone, a compound pattern with remembered ones.
   */
  public List<Match> match(Observation observation, MatchState state) {
    // the observation's MATCHES and LIKE searches share one budget per group (Automaton.Budgets)
    Automaton.Budgets budgets = Automaton.budgets();
    boolean opened = budgets.open();
    state.tick();
    try {
      return matchWithin(observation, state);
    } finally {
      if (opened) budgets.close();
    }
  }

  private List<Match> matchWithin(Observation observation, MatchState state) {
    List<Match> out = new ArrayList<>(2);
    IntList cut = state.cutAtoms; // the state's, reused: no allocation an observation
    for (int s = 0; s < segments.size(); s++) {
      Segment segment = segments.get(s);
      BitSet gone = dead.get(s);
      IntList leaves = segment.leaves(observation, cut);
      if (cut.size() > 0) segment.cutPatterns(cut, gone, state::cutShort);
      IntList compound = null; // the compound patterns' leaves that hold; a pattern's leaves are consecutive
      for (int i = 0; i < leaves.size(); i++) {
        int leaf = leaves.get(i);
        int p = segment.leafPairs[2 * leaf];
        if (gone.get(p)) continue;
        if ((segment.leafPairs[2 * leaf + 1] & Segment.COMPOUND) == 0) {
          out.add(new Match(segment.ids[p], List.of(observation)));
          continue;
        }
        if (compound == null) compound = new IntList(4);
        compound.add(leaf);
      }
      if (compound == null) continue;
      for (int i = 0; i < compound.size(); ) {
        int p = segment.leafPairs[2 * compound.get(i)];
        List<PatternExpression.Observation> brackets = new ArrayList<>(2);
        for (; i < compound.size() && segment.leafPairs[2 * compound.get(i)] == p; i++) {
          brackets.add(segment.leafExpression.get(compound.get(i)));
        }
        String id = segment.ids[p];
        state.offer(id, segment.groupOf(p), segment.compound.get(p), brackets, observation).ifPresent(set -> out.add(new Match(id, set)));
      }
    }
    return out;
  }

  /** A screen of this snapshot's patterns, for telling records that can match nothing before building them; one per reader. */
  public ValueScreen screen() {
    return new ValueScreen(segments, dead);
  }

  /** Matches one observation with no memory of earlier ones. */
  public List<Match> match(Observation observation) {
    return match(observation, new MatchState(1));
  }
}
