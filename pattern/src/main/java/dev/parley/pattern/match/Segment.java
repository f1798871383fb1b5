package dev.parley.pattern.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.pattern.eval.Brackets;
import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.observe.Paths;
import dev.parley.pattern.syntax.Pattern;
import dev.parley.pattern.syntax.PatternExpression;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

/**
 * An immutable compiled set of patterns: the hot loop of bulk matching.
 *
 * <p>Design. A STIX pattern (STIX 2.1 §9) is a tree of observation expressions ("brackets")
 * joined by observation operators and qualifiers. A bracket holds when one SCO of one observed-data
 * satisfies a boolean formula of comparisons, every path starting from that SCO (§9.5). We split
 * each formula into atoms (single comparisons, shared by all patterns that contain them) and
 * register each atom where it can be found without looking at other atoms: equality and IN in a
 * hash table per (type, path), ranges in sorted maps, ISSUBSET in hash tables per prefix length,
 * LIKE and MATCHES behind an Aho-Corasick filter on a literal every match must contain, choosing
 * per expression the literal fewest expressions share (§9.6.1).
 * Atoms that cannot be found that way (NOT, !=, ISSUPERSET, ordering of timestamps or octets,
 * expressions without a literal) are evaluated on every SCO of their type: their cost grows with
 * their own number, never with the number of indexed atoms.
 *
 * <p>Matching an SCO therefore yields exactly the set of true atoms. Formulas over atoms are
 * monotone (negation lives inside atoms), so a bracket none of whose atoms is true cannot hold;
 * only the brackets posted under a true atom are evaluated, a bracket of one atom (the common
 * indicator) without any further work. The cost per observation depends on what it hits, not on
 * how many patterns are loaded. Brackets that are whole patterns report at once; brackets of
 * compound patterns go to {@link MatchState}, which keeps bounded history and runs the shared
 * observation algebra ({@link dev.parley.pattern.eval.Bindings}) over just the hits.
 *
 * <p>Layout. Atoms, brackets ("leaves") and postings are flat int arrays of pairs, so that the
 * fields read together share a cache line: a hit on a 1,000,000-indicator table costs a handful
 * of cache misses. The atoms of equal keys chain through {@code keyPairs}; an atom's brackets
 * chain through {@code entryPairs}. A segment never changes, but for one thing: a LIKE or MATCHES
 * atom that no live pattern has any more is no longer searched ({@link #silence}); {@link BulkMatcher}
 * adds segments and tombstones instead.
 */
final class Segment {
  static final int COMPOUND = 1;
  static final int FORMULA = 2;

  final String[] ids;
  final Map<Integer, Pattern> compound; // only compound patterns; most indicators are one bracket
  final Map<String, TypeIndex> types;
  final int[] keyPairs; // equality entry e: atom at 2e, next entry at 2e + 1
  final int[] atomFirstEntry;
  final int[] entryPairs; // posting e: leaf at 2e, next posting of the same atom at 2e + 1
  final int[] leafPairs; // leaf l: pattern at 2l, COMPOUND | FORMULA flags at 2l + 1
  /** The group of each pattern, by index ({@link #group}); 0: none (this node's own). */
  private int[] groups;
  final Map<Integer, int[]> leafCode; // only leaves with FORMULA
  final Map<Integer, PatternExpression.Observation> leafExpression; // only leaves with COMPOUND
  private final Map<Integer, int[]> patternTextAtoms; // only patterns with LIKE or MATCHES atoms
  private final Map<Integer, PathIndex> textAtomPaths;

  Segment(String[] ids, Map<Integer, Pattern> compound, Map<String, TypeIndex> types, int[] keyPairs,
      int[] atomFirstEntry, int[] entryPairs, int[] leafPairs, Map<Integer, int[]> leafCode,
      Map<Integer, PatternExpression.Observation> leafExpression, Map<Integer, int[]> patternTextAtoms,
      Map<Integer, PathIndex> textAtomPaths) {
    this.patternTextAtoms = patternTextAtoms;
    this.textAtomPaths = textAtomPaths;
    this.ids = ids;
    this.compound = compound;
    this.types = new HashMap<>(types);
    this.keyPairs = keyPairs;
    this.atomFirstEntry = atomFirstEntry;
    this.entryPairs = entryPairs;
    this.leafPairs = leafPairs;
    this.leafCode = leafCode;
    this.leafExpression = leafExpression;
  }

  int size() {
    return ids.length;
  }

  /**
   * Tells {@code to} the id of each live pattern that has one of the {@code atoms} (searches cut
   * short: the pattern may have matched), once per call, and empties {@code atoms}.
   */
  void cutPatterns(IntList atoms, BitSet dead, Consumer<String> to) {
    BitSet told = new BitSet();
    for (int i = 0; i < atoms.size(); i++) {
      anyPattern(atoms.get(i), p -> {
        if (!dead.get(p) && !told.get(p)) {
          told.set(p);
          to.accept(ids[p]);
        }
        return false;
      });
    }
    atoms.clear();
  }

  /** Whether {@code test} holds for a pattern that has {@code atom} (each asked in turn until one does). */
  private boolean anyPattern(int atom, IntPredicate test) {
    for (int e = atomFirstEntry[atom]; e >= 0; e = entryPairs[2 * e + 1]) {
      if (test.test(leafPairs[2 * entryPairs[2 * e]])) return true;
    }
    return false;
  }

  /**
   * Gives each LIKE and MATCHES atom the group of its patterns ({@code groups}, by pattern index), or
   * 0 when they are of several: the budget its searches spend ({@link PathIndex#group}).
   */
  void group(int[] groups) {
    this.groups = groups;
    for (var e : textAtomPaths.entrySet()) {
      int atom = e.getKey();
      int[] group = {-1};
      anyPattern(atom, p -> {
        group[0] = group[0] < 0 || group[0] == groups[p] ? groups[p] : 0;
        return false;
      });
      if (group[0] > 0) e.getValue().group(atom, group[0]);
    }
  }

  /** The group of pattern {@code pattern} (its owner's budgets), 0 for none. */
  int groupOf(int pattern) {
    return groups == null || pattern >= groups.length ? 0 : groups[pattern];
  }

  /**
   * Pattern {@code pattern} is dead ({@code dead} holds it): each of its LIKE and MATCHES atoms that
   * no live pattern of this segment has is no longer searched ({@link PathIndex#silence}).
   */
  void silence(int pattern, BitSet dead) {
    int[] atoms = patternTextAtoms.get(pattern);
    if (atoms == null) return;
    for (int atom : atoms) {
      if (!anyPattern(atom, p -> !dead.get(p))) textAtomPaths.get(atom).silence(atom);
    }
  }

  /**
   * The leaves (brackets) that hold for the observation, sorted and distinct; the LIKE and MATCHES
   * atoms whose searches were cut short go to {@code cut} ({@link #cutPatterns}).
   */
  IntList leaves(Observation observation, IntList cut) {
    IntList hits = new IntList(8);
    IntList atoms = new IntList(8);
    IntList scratch = new IntList(4);
    for (ObjectNode root : observation.roots()) {
      JsonNode type = root.get("type");
      TypeIndex index = type == null ? null : types.get(type.asText());
      if (index == null) continue;
      atoms.clear();
      for (PathIndex path : index.paths()) {
        if (path.singleKey != null) { // the index is the root's type's: no need to check it again
          JsonNode child = root.get(path.singleKey);
          if (child != null && !child.isNull()) path.collectOne(child, keyPairs, atoms, scratch, cut);
          continue;
        }
        List<JsonNode> nodes = Paths.nodes(path.path, root, observation);
        if (!nodes.isEmpty()) path.collect(nodes, keyPairs, atoms, scratch, cut);
      }
      for (int i = 0; i < index.scanAtoms().length; i++) {
        if (Brackets.holds(index.scanComparisons().get(i), root, observation)) atoms.add(index.scanAtoms()[i]);
      }
      if (atoms.size() == 0) continue;
      atoms.sortUnique();
      for (int i = 0; i < atoms.size(); i++) {
        for (int e = atomFirstEntry[atoms.get(i)]; e >= 0; e = entryPairs[2 * e + 1]) {
          int leaf = entryPairs[2 * e];
          if ((leafPairs[2 * leaf + 1] & FORMULA) == 0 || holds(leafCode.get(leaf), atoms)) hits.add(leaf);
        }
      }
    }
    hits.sortUnique();
    return hits;
  }

  /** Evaluates a postfix formula: atom ids are operands, -1 is AND, -2 is OR. */
  private static boolean holds(int[] code, IntList trueAtoms) {
    boolean[] stack = new boolean[code.length];
    int top = 0;
    for (int op : code) {
      if (op >= 0) {
        stack[top++] = trueAtoms.sortedContains(op);
      } else {
        boolean b = stack[--top];
        boolean a = stack[--top];
        stack[top++] = op == -1 ? a && b : a || b;
      }
    }
    return stack[0];
  }
}
