package dev.parley.pattern.match;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers, before an observation is built, whether an SCO of a type with a given {@code value}
 * could make any comparison of a {@link MatcherSnapshot} true; a reader asks it for each object a
 * record would become, and builds the record only when one answer is yes. Most telemetry matches
 * nothing, and an answer costs the index look-ups alone, not the SCOs' trees.
 *
 * <p>Exact, never lossy: the answer is no only when matching the observation would find no true
 * comparison, so that {@link MatcherSnapshot#match} would return nothing and leave the
 * {@link MatchState} as it was. A type is screened by its value only when every comparison on it
 * is indexed on its {@code value} property alone; a type with any other comparison (another
 * property, a reference, or one evaluated on every object: NOT, !=, ISSUPERSET, ...) answers
 * yes whatever the value. Tombstoned patterns still answer yes (a superset), but for their LIKE and
 * MATCHES comparisons that no live pattern shares, which are no longer searched. Not thread-safe (one
 * per reader: it keeps scratch lists); the snapshot it reads is shared.
 */
public final class ValueScreen {
  private static final String VALUE = "value";

  private final List<Segment> segments;
  private final List<BitSet> dead;
  private final Map<String, TypeScreen> byType = new HashMap<>();
  private final IntList atoms = new IntList(8);
  private final IntList scratch = new IntList(4);
  private final IntList cut = new IntList(2);
  /** The patterns whose LIKE or MATCHES searches were cut short here, with how many values each. */
  private Map<String, Long> cutShort = new HashMap<>();
  private TypeScreen ipv4; // asked for most, so kept out of the map

  /**
   * A type's comparisons over all segments: none; all on {@code value} (the path of each segment,
   * null where a segment has none, and whether only address keys and blocks are there); or others.
   */
  private record TypeScreen(boolean none, boolean byValue, PathIndex[] values, boolean[] addressesOnly) {}

  ValueScreen(List<Segment> segments, List<BitSet> dead) {
    this.segments = segments;
    this.dead = dead;
  }

  /**
   * The patterns whose LIKE or MATCHES searches met their work bound in this screen since the last
   * call (the value was screened out as if they did not match; they may have), with how many values
   * each.
   */
  public Map<String, Long> takeCutShort() {
    if (cutShort.isEmpty()) return Map.of();
    Map<String, Long> out = cutShort;
    cutShort = new HashMap<>();
    return out;
  }

  /** {@link PathIndex#holdsAny} of segment {@code s}'s path, the searches it cut short noted. */
  private boolean holdsAny(int s, PathIndex path, TextNode node) {
    boolean holds = path.holdsAny(node, segments.get(s).keyPairs, atoms, scratch, cut);
    if (cut.size() > 0) segments.get(s).cutPatterns(cut, dead.get(s), id -> cutShort.merge(id, 1L, Long::sum));
    return holds;
  }

  /** False when no pattern compares anything of an object of this type: such an object never matters. */
  public boolean mayMatch(String type) {
    return !of(type).none();
  }

  /** False when no comparison can hold for an object of this type whose {@code value} is {@code value}, whatever else it holds. */
  public boolean mayMatch(String type, String value) {
    TypeScreen t = of(type);
    if (t.none()) return false;
    if (!t.byValue()) return true;
    TextNode node = TextNode.valueOf(value);
    for (int s = 0; s < t.values().length; s++) {
      PathIndex path = t.values()[s];
      if (path != null && holdsAny(s, path, node)) return true;
    }
    return false;
  }

  /** As {@link #mayMatch(String, String)} for an {@code ipv4-addr} whose value is this address, in canonical text. */
  public boolean mayMatchIpv4(int address) {
    TypeScreen t = ipv4;
    if (t == null) t = ipv4 = of("ipv4-addr");
    if (t.none()) return false;
    if (!t.byValue()) return true;
    TextNode text = null;
    for (int s = 0; s < t.values().length; s++) {
      PathIndex path = t.values()[s];
      if (path == null) continue;
      if (t.addressesOnly()[s]) {
        if (path.holdsAnyV4(address, atoms)) return true;
        continue;
      }
      if (text == null) text = TextNode.valueOf(canonical(address));
      if (holdsAny(s, path, text)) return true;
    }
    return false;
  }

  private TypeScreen of(String type) {
    TypeScreen known = byType.get(type);
    if (known != null) return known;
    PathIndex[] values = new PathIndex[segments.size()];
    boolean[] addressesOnly = new boolean[segments.size()];
    boolean none = true;
    boolean byValue = true;
    for (int s = 0; s < segments.size(); s++) {
      TypeIndex index = segments.get(s).types.get(type);
      if (index == null) continue;
      none = false;
      List<PathIndex> paths = index.paths();
      if (index.scanAtoms().length > 0 || paths.size() != 1 || !VALUE.equals(paths.get(0).singleKey)) {
        byValue = false;
        continue;
      }
      values[s] = paths.get(0);
      addressesOnly[s] = values[s].addressesOnly();
    }
    TypeScreen screen = new TypeScreen(none, byValue, values, addressesOnly);
    byType.put(type, screen);
    return screen;
  }

  private static String canonical(int a) {
    return (a >>> 24) + "." + (a >>> 16 & 0xff) + "." + (a >>> 8 & 0xff) + "." + (a & 0xff);
  }
}
