package dev.parley.pattern.match;

import dev.parley.pattern.syntax.ComparisonExpression;
import dev.parley.pattern.syntax.Pattern;
import dev.parley.pattern.syntax.PatternExpression;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Compiles patterns into a {@link Segment}: atoms deduplicated, indexed by type and path. */
final class SegmentBuilder {
  private final Map<ComparisonExpression, Integer> atomIds = new HashMap<>();
  private final Map<String, Map<String, PathIndex>> paths = new LinkedHashMap<>();
  private final Map<String, List<Integer>> scanAtoms = new LinkedHashMap<>();
  private final Map<String, List<ComparisonExpression>> scanComparisons = new LinkedHashMap<>();
  private final IntList keyPairs = new IntList(1024);
  private final IntList atomFirstEntry = new IntList(1024);
  private final IntList entryPairs = new IntList(1024);
  private final IntList leafPairs = new IntList(1024);
  private final Map<Integer, int[]> leafCode = new HashMap<>();
  private final Map<Integer, PatternExpression.Observation> leafExpression = new HashMap<>();
  /** The path index of each LIKE or MATCHES atom. */
  private final Map<Integer, PathIndex> textAtoms = new HashMap<>();
  /** The LIKE and MATCHES atoms of each pattern that has any. */
  private final Map<Integer, IntList> patternTextAtoms = new HashMap<>();

  static Segment build(List<String> ids, List<Pattern> patterns) {
    return build(ids, patterns, new int[ids.size()]);
  }

  /**
   * As above, each pattern of a group ({@code groups}, by index: its source, 0 for this node's own):
   * the searches of a LIKE or MATCHES comparison spend its group's budget, or group 0's when
   * patterns of several groups have it ({@link dev.parley.pattern.regex.Automaton.Budgets}).
   */
  static Segment build(List<String> ids, List<Pattern> patterns, int[] groups) {
    SegmentBuilder b = new SegmentBuilder();
    Map<Integer, Pattern> compound = new HashMap<>();
    for (int p = 0; p < patterns.size(); p++) {
      Pattern pattern = patterns.get(p);
      boolean simple = pattern.expression() instanceof PatternExpression.Observation;
      if (!simple) compound.put(p, pattern);
      for (PatternExpression.Observation leaf : pattern.brackets()) {
        b.leaf(p, leaf, simple);
      }
    }
    Segment segment = b.finish(ids.toArray(String[]::new), Map.copyOf(compound));
    segment.group(groups);
    return segment;
  }

  private void leaf(int pattern, PatternExpression.Observation leaf, boolean simple) {
    int index = leafPairs.size() / 2;
    IntList code = new IntList(4);
    compile(leaf.comparisons(), code);
    leafPairs.add(pattern);
    leafPairs.add((simple ? 0 : Segment.COMPOUND) | (code.size() == 1 ? 0 : Segment.FORMULA));
    if (!simple) leafExpression.put(index, leaf);
    if (code.size() > 1) leafCode.put(index, code.toArray());
    IntList distinct = new IntList(code.size());
    for (int i = 0; i < code.size(); i++) if (code.get(i) >= 0) distinct.add(code.get(i));
    distinct.sortUnique();
    for (int i = 0; i < distinct.size(); i++) {
      int atom = distinct.get(i);
      if (textAtoms.containsKey(atom)) patternTextAtoms.computeIfAbsent(pattern, x -> new IntList(1)).add(atom);
      int entry = entryPairs.size() / 2;
      entryPairs.add(index);
      entryPairs.add(atomFirstEntry.get(atom));
      atomFirstEntry.set(atom, entry);
    }
  }

  private void compile(ComparisonExpression e, IntList code) {
    if (e instanceof ComparisonExpression.And a) {
      compile(a.left(), code);
      compile(a.right(), code);
      code.add(-1);
    } else if (e instanceof ComparisonExpression.Or o) {
      compile(o.left(), code);
      compile(o.right(), code);
      code.add(-2);
    } else {
      code.add(atom(e));
    }
  }

  private int atom(ComparisonExpression leaf) {
    Integer known = atomIds.get(leaf);
    if (known != null) return known;
    int id = atomIds.size();
    atomIds.put(leaf, id);
    atomFirstEntry.set(id, -1);
    var path = leaf instanceof ComparisonExpression.Comparison c ? c.path() : ((ComparisonExpression.Exists) leaf).path();
    Atom kind = Atom.of(leaf);
    if (kind == Atom.SCAN) {
      scanAtoms.computeIfAbsent(path.objectType(), t -> new ArrayList<>()).add(id);
      scanComparisons.computeIfAbsent(path.objectType(), t -> new ArrayList<>()).add(leaf);
    } else {
      PathIndex index = paths.computeIfAbsent(path.objectType(), t -> new LinkedHashMap<>())
          .computeIfAbsent(path.propertyText(), p -> new PathIndex(path));
      index.add(id, kind, leaf, keyPairs);
      if (kind == Atom.TEXT) textAtoms.put(id, index);
    }
    return id;
  }

  private Segment finish(String[] ids, Map<Integer, Pattern> compound) {
    Map<String, TypeIndex> types = new HashMap<>();
    List<String> typeNames = new ArrayList<>(paths.keySet());
    for (String t : scanAtoms.keySet()) if (!typeNames.contains(t)) typeNames.add(t);
    for (String type : typeNames) {
      List<PathIndex> indexes = new ArrayList<>(paths.getOrDefault(type, Map.of()).values());
      indexes.forEach(PathIndex::freeze);
      int[] scans = scanAtoms.getOrDefault(type, List.of()).stream().mapToInt(Integer::intValue).toArray();
      types.put(type, new TypeIndex(indexes, scans, scanComparisons.getOrDefault(type, List.of())));
    }
    int atoms = atomIds.size();
    int[] first = new int[atoms];
    for (int i = 0; i < atoms; i++) first[i] = atomFirstEntry.get(i);
    Map<Integer, int[]> texts = new HashMap<>();
    patternTextAtoms.forEach((pattern, list) -> {
      list.sortUnique();
      texts.put(pattern, list.toArray());
    });
    return new Segment(ids, compound, types, keyPairs.toArray(), first, entryPairs.toArray(),
        leafPairs.toArray(), Map.copyOf(leafCode), Map.copyOf(leafExpression), Map.copyOf(texts), Map.copyOf(textAtoms));
  }
}
