package dev.parley.pattern.match;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.pattern.observe.Paths;
import dev.parley.pattern.regex.Automaton;
import dev.parley.pattern.regex.Regex;
import dev.parley.pattern.syntax.ComparisonExpression;
import dev.parley.pattern.syntax.ComparisonOperator;
import dev.parley.pattern.syntax.Constant;
import dev.parley.pattern.syntax.ObjectPath;
import dev.parley.pattern.syntax.PathStep;
import dev.parley.pattern.value.Cidr;
import dev.parley.pattern.value.Comparisons;
import dev.parley.pattern.value.Texts;
import dev.parley.pattern.value.Value;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Every indexed comparison on one object path: hash tables for = and IN, sorted maps for ranges,
 * per-prefix-length hash tables for ISSUBSET, an Aho-Corasick literal filter for LIKE and MATCHES,
 * and a list for EXISTS. Built once, then read-only.
 */
final class PathIndex {
  private static final int V4_FILTERED = 1 << 12; // fewer address keys stay in cache without the per-/16 filter
  private static final int V4_TOUCHED = 1 << 14; // keys and blocks from which the per-/24 map (2 MiB) pays
  final ObjectPath path;
  /** The property when the path is one key (e.g. {@code value}): its node is read without walking the path. */
  final String singleKey;
  private final String binaryKey;
  private final KeyTable[] equality = new KeyTable[Keys.KINDS];
  private V4Table v4Equality; // the text keys that are canonical IPv4 addresses, as ints
  @SuppressWarnings("unchecked")
  private final TreeMap<BigDecimal, IntList>[] numberRanges = new TreeMap[4];
  @SuppressWarnings("unchecked")
  private final TreeMap<String, IntList>[] textRanges = new TreeMap[4];
  private final Map<Cidr, IntList> subsets = new HashMap<>();
  private final LongTable v4Blocks = new LongTable();
  private final List<IntList> v4BlockAtoms = new ArrayList<>();
  private final TreeSet<Integer> v4Prefixes = new TreeSet<>();
  private final TreeSet<Integer> v6Prefixes = new TreeSet<>();
  private final List<List<String>> literalChoices = new ArrayList<>();
  private final IntList literalAtoms = new IntList(4); // ascending: a segment's atoms are numbered as they come
  private final List<ComparisonExpression.Comparison> literalComparisons = new ArrayList<>();
  private final IntList existsAtoms = new IntList(1);
  private final IntList v4Networks = new IntList(4);
  private final IntList v4BlockPrefixes = new IntList(4);
  private long[] v4Near; // per /16: which prefix lengths meet it, which of its /20s hold a block, which addresses it holds (see freeze)
  private long[] v4Touched; // one bit per /24: whether an address key or a block meets it (see freeze); null when few keys
  private AhoCorasick automaton;
  private Automaton[] literalAutomata; // per LIKE/MATCHES atom, filled as they wake
  /** Per LIKE/MATCHES atom: every pattern that has it is removed ({@link #silence}); no longer searched. */
  private boolean[] silenced;
  /** Per LIKE/MATCHES atom: the group whose budget its searches spend ({@link #group}). */
  private int[] literalGroups;
  private int[] v4;
  private int[] v6;

  PathIndex(ObjectPath path) {
    this.path = path;
    this.singleKey = path.steps().size() == 1 && path.steps().get(0) instanceof PathStep.Key k ? k.name() : null;
    this.binaryKey = path.isBinary() ? path.lastKey() : null;
  }

  /** Registers an atom; equality keys get entries (atom, next) appended to {@code keyPairs}. */
  void add(int atom, Atom kind, ComparisonExpression leaf, IntList keyPairs) {
    if (kind == Atom.EXISTS) {
      existsAtoms.add(atom);
      return;
    }
    ComparisonExpression.Comparison c = (ComparisonExpression.Comparison) leaf;
    switch (kind) {
      case EQUALITY -> {
        List<Constant> values = c.value() instanceof Constant.SetConstant set ? set.values() : List.of(c.value());
        for (Constant value : values.stream().distinct().toList()) {
          int k = Keys.kind(value, binaryKey != null);
          if (k < 0) continue;
          int entry = keyPairs.size() / 2;
          keyPairs.add(atom);
          keyPairs.add(-1);
          Object key = Keys.key(value, binaryKey != null);
          long address = k == Keys.TEXT ? V4Table.canonical((String) key) : -1;
          if (address >= 0) {
            if (v4Equality == null) v4Equality = new V4Table();
            v4Equality.put((int) address, entry, keyPairs);
            continue;
          }
          if (equality[k] == null) equality[k] = new KeyTable();
          equality[k].put(key, entry, keyPairs);
        }
      }
      case RANGE -> {
        int op = c.operator().ordinal() - ComparisonOperator.LT.ordinal();
        if (c.value() instanceof Constant.StringConstant s) {
          if (textRanges[op] == null) textRanges[op] = new TreeMap<>(Texts::compareCodePoints);
          textRanges[op].computeIfAbsent(s.value(), x -> new IntList(1)).add(atom);
        } else {
          BigDecimal bound = c.value() instanceof Constant.IntegerConstant i
              ? BigDecimal.valueOf(i.value()) : ((Constant.FloatConstant) c.value()).value();
          if (numberRanges[op] == null) numberRanges[op] = new TreeMap<>();
          numberRanges[op].computeIfAbsent(bound, x -> new IntList(1)).add(atom);
        }
      }
      case SUBSET -> {
        Cidr block = Cidr.parse(((Constant.StringConstant) c.value()).value());
        (block.v6() ? v6Prefixes : v4Prefixes).add(block.prefix());
        if (block.v6()) {
          subsets.computeIfAbsent(block, x -> new IntList(1)).add(atom);
        } else {
          long code = v4Code(block.low(), block.prefix());
          int slot = v4Blocks.get(code, -1);
          if (slot < 0) {
            slot = v4BlockAtoms.size();
            v4BlockAtoms.add(new IntList(1));
            v4Blocks.put(code, slot);
            v4Networks.add((int) block.low());
            v4BlockPrefixes.add(block.prefix());
          }
          v4BlockAtoms.get(slot).add(atom);
        }
      }
      case TEXT -> {
        literalChoices.add(TextAtoms.literals(c));
        literalAtoms.add(atom);
        literalComparisons.add(c);
      }
      default -> throw new IllegalStateException("scan atoms are not indexed");
    }
  }

  void freeze() {
    if (!literalChoices.isEmpty()) automaton = new AhoCorasick(selective(literalChoices));
    literalAutomata = new Automaton[literalAtoms.size()];
    silenced = new boolean[literalAtoms.size()];
    literalGroups = new int[literalAtoms.size()];
    v4 = v4Prefixes.stream().mapToInt(Integer::intValue).toArray();
    if (v4Networks.size() > 0 || v4Equality != null && v4Equality.size() >= V4_FILTERED) {
      // One long per /16, read with one memory access per address: bits 0-15 say which prefix
      // lengths have a block meeting the /16 (bit 0: /16 or shorter, bits 1-15: /17 to /31, /32
      // with /31), bits 16-31 which of its sixteen /20s meet a block of prefix 17 or longer. An
      // address probes the hash table only for the lengths both allow: with many blocks, most of
      // the 16 probes per address would otherwise be cache misses. Bits 32-63 are a Bloom filter
      // of the /16's equality addresses (three bits each): an address that is no key ends here,
      // in the same word, instead of missing the cache again in the address table.
      v4Near = new long[1 << 16];
      for (int i = 0; i < v4Networks.size(); i++) {
        long network = v4Networks.get(i) & 0xffffffffL;
        int prefix = v4BlockPrefixes.get(i);
        int first = (int) (network >>> 16);
        int count = prefix >= 16 ? 1 : 1 << (16 - prefix);
        int bits = 1 << prefixClass(prefix);
        if (prefix >= 17) { // the /20s a block of /17-/19 covers, the one a longer block lies in
          int first20 = (int) (network >>> 12 & 15);
          for (int q = first20; q < first20 + (prefix >= 20 ? 1 : 1 << (20 - prefix)); q++) bits |= 1 << (16 + q);
        }
        for (int r = first; r < first + count; r++) v4Near[r] |= bits & 0xffffffffL;
      }
      if (v4Equality != null) {
        long[] near = v4Near;
        v4Equality.forEach(a -> near[a >>> 16] |= equalityBits(a));
      }
      if (v4Networks.size() + (v4Equality == null ? 0 : v4Equality.size()) >= V4_TOUCHED) {
        // One bit per /24: an address whose /24 no key and no block meets is answered with one
        // memory access. With many keys nearly every /16 has a bit of v4Near set for some length,
        // and each such length cost a probe of the block table (a cache miss) per address.
        long[] touched = new long[1 << 18];
        for (int i = 0; i < v4Networks.size(); i++) {
          int prefix = v4BlockPrefixes.get(i);
          int first = (int) ((v4Networks.get(i) & 0xffffffffL) >>> 8);
          touch(touched, first, prefix >= 24 ? 1 : 1 << (24 - prefix));
        }
        if (v4Equality != null) v4Equality.forEach(a -> touched[a >>> 14] |= 1L << (a >>> 8));
        v4Touched = touched;
      }
    }
    v6 = v6Prefixes.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * For each atom, the one of its required literals that the fewest atoms of this path share
   * (ties: the longest), so that a common suffix like ".example" does not wake every atom.
   */
  private static List<String> selective(List<List<String>> choices) {
    Map<String, Integer> shared = new HashMap<>();
    for (List<String> literals : choices) {
      for (String literal : new HashSet<>(literals)) shared.merge(literal, 1, Integer::sum);
    }
    List<String> chosen = new ArrayList<>(choices.size());
    for (List<String> literals : choices) {
      String best = null;
      for (String literal : literals) {
        if (best == null || shared.get(literal) < shared.get(best)
            || shared.get(literal).equals(shared.get(best)) && literal.length() > best.length()) {
          best = literal;
        }
      }
      chosen.add(best);
    }
    return chosen;
  }

  /**
   * Adds to {@code out} every indexed atom of this path that holds for the given nodes, and to
   * {@code cut} every LIKE or MATCHES atom whose search met its work bound, undecided (counted as
   * not holding).
   */
  void collect(List<JsonNode> nodes, int[] keyPairs, IntList out, IntList scratch, IntList cut) {
    for (int i = 0; i < existsAtoms.size(); i++) out.add(existsAtoms.get(i));
    for (JsonNode node : nodes) collect(node, keyPairs, out, scratch, cut);
  }

  /** As {@link #collect(List, int[], IntList, IntList, IntList)} for the one node of a {@link #singleKey} path. */
  void collectOne(JsonNode node, int[] keyPairs, IntList out, IntList scratch, IntList cut) {
    for (int i = 0; i < existsAtoms.size(); i++) out.add(existsAtoms.get(i));
    collect(node, keyPairs, out, scratch, cut);
  }

  /** True when an indexed atom of this path holds for the value node (its atoms are left in {@code atoms}). */
  boolean holdsAny(JsonNode node, int[] keyPairs, IntList atoms, IntList scratch, IntList cut) {
    atoms.clear();
    collectOne(node, keyPairs, atoms, scratch, cut);
    return atoms.size() > 0;
  }

  /**
   * True when, for a text that is a canonical IPv4 address, only the address keys and blocks can
   * hold: no EXISTS, no text ranges, no LIKE/MATCHES and no key of another kind (a time or binary
   * constant) on this path. Text keys need no check: a canonical address key is in the address table.
   */
  boolean addressesOnly() {
    if (existsAtoms.size() > 0 || automaton != null) return false;
    for (int k = 0; k < Keys.KINDS; k++) if (k != Keys.TEXT && equality[k] != null) return false;
    for (TreeMap<String, IntList> ranges : textRanges) if (ranges != null) return false;
    return true;
  }

  /**
   * True when an address key or block holds for the canonical IPv4 address {@code address}: what
   * {@link #collect} finds for its text when {@link #addressesOnly()}, without the text.
   */
  boolean holdsAnyV4(int address, IntList atoms) {
    if (v4Touched != null && (v4Touched[address >>> 14] & 1L << (address >>> 8)) == 0) return false;
    long near = v4Near != null ? v4Near[address >>> 16] : 0;
    if (v4Equality != null) {
      long bits = v4Near == null ? 0 : equalityBits(address);
      if ((near & bits) == bits && v4Equality.get(address) >= 0) return true;
    }
    if (v4.length == 0) return false;
    atoms.clear();
    v4Subsets(address & 0xffffffffL, 32, (int) near, atoms);
    return atoms.size() > 0;
  }

  /** The indexed atoms one value node makes true, added to {@code out}. */
  private void collect(JsonNode node, int[] keyPairs, IntList out, IntList scratch, IntList cut) {
    Value value = Paths.value(node, binaryKey);
    // a canonical IPv4 address: parsed once, for the address keys and the blocks, and its text
    // never hashed (no text key equals it: those keys are all in v4Equality)
    long ip = (v4Equality != null || v4.length > 0) && value instanceof Value.Text t ? V4Table.canonical(t.text()) : -1;
    long near = ip >= 0 && v4Near != null ? v4Near[(int) (ip >>> 16)] : 0;
    if (ip >= 0 && v4Equality != null) {
      long bits = v4Near == null ? 0 : equalityBits((int) ip);
      if ((near & bits) == bits) {
        for (int e = v4Equality.get((int) ip); e >= 0; e = keyPairs[2 * e + 1]) out.add(keyPairs[2 * e]);
      }
    }
    for (int k = 0; k < Keys.KINDS; k++) {
      if (equality[k] == null || k == Keys.TEXT && ip >= 0) continue;
      Object key = Keys.key(value, k);
      if (key == null) continue;
      for (int e = equality[k].get(key); e >= 0; e = keyPairs[2 * e + 1]) out.add(keyPairs[2 * e]);
    }
    if (value instanceof Value.Number n) ranges(numberRanges, n.number(), out);
    if (value instanceof Value.Text t) {
      ranges(textRanges, t.text(), out);
      if (ip >= 0) {
        if (v4.length > 0) v4Subsets(ip, 32, (int) near, out);
      } else if (v4.length + v6.length > 0) {
        subsets(t.text(), out);
      }
      if (automaton != null) text(value, t.text(), out, scratch, cut);
    }
  }

  private static <K> void ranges(TreeMap<K, IntList>[] byOp, K v, IntList out) {
    // op order LT, LE, GT, GE; "value < bound" holds for bounds above the value, and so on
    emit(byOp[0], m -> m.tailMap(v, false), out);
    emit(byOp[1], m -> m.tailMap(v, true), out);
    emit(byOp[2], m -> m.headMap(v, false), out);
    emit(byOp[3], m -> m.headMap(v, true), out);
  }

  private static <K> void emit(
      TreeMap<K, IntList> map, Function<TreeMap<K, IntList>, NavigableMap<K, IntList>> view,
      IntList out) {
    if (map == null) return;
    for (IntList atoms : view.apply(map).values()) {
      for (int i = 0; i < atoms.size(); i++) out.add(atoms.get(i));
    }
  }

  private void subsets(String text, IntList out) {
    if (text.indexOf(':') < 0 && text.indexOf('/') < 0) { // one IPv4 address, the common case: no Cidr objects
      long ip = v4.length == 0 ? -1 : Cidr.v4Address(text);
      if (ip >= 0) v4Subsets(ip, 32, (int) v4Near[(int) (ip >>> 16)], out);
      return;
    }
    Cidr value = Cidr.parse(text);
    if (value == null) return;
    if (!value.v6()) {
      if (v4.length > 0) v4Subsets(value.low(), value.prefix(), (int) v4Near[(int) (value.low() >>> 16)], out);
      return;
    }
    for (int prefix : v6) {
      if (prefix > value.prefix()) break;
      IntList atoms = subsets.get(value.masked(prefix));
      if (atoms != null) for (int i = 0; i < atoms.size(); i++) out.add(atoms.get(i));
    }
  }

  /**
   * The blocks that contain the IPv4 block {@code network}/{@code maxPrefix} (an address: 32);
   * {@code near} is the low half of the block's /16 in {@link #v4Near}.
   */
  private void v4Subsets(long network, int maxPrefix, int near, IntList out) {
    if (near == 0) return;
    // a block of prefix 17 or longer that holds the network meets the network's /20
    boolean from20 = (near & 1 << (16 + (int) (network >>> 12 & 15))) != 0;
    for (int prefix : v4) {
      if (prefix > maxPrefix) break;
      if ((near & 1 << prefixClass(prefix)) == 0 || prefix >= 17 && !from20) continue;
      long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
      int slot = v4Blocks.get(v4Code(network & mask, prefix), -1);
      if (slot < 0) continue;
      IntList atoms = v4BlockAtoms.get(slot);
      for (int i = 0; i < atoms.size(); i++) out.add(atoms.get(i));
    }
  }

  /** Sets {@code count} bits of the per-/24 map from bit {@code first} (a block: aligned to its size). */
  private static void touch(long[] map, int first, int count) {
    if (count < 64) {
      for (int b = first; b < first + count; b++) map[b >>> 6] |= 1L << b;
    } else {
      Arrays.fill(map, first >>> 6, (first + count) >>> 6, -1L);
    }
  }

  /** An IPv4 equality key's three bits in the high half of its /16's word in {@link #v4Near}. */
  private static long equalityBits(int address) {
    int h = address * 0x9E3779B1;
    h ^= h >>> 15;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    return 1L << (32 + (h >>> 27)) | 1L << (32 + (h >>> 22 & 31)) | 1L << (32 + (h >>> 17 & 31));
  }

  /** The bit of {@link #v4Near} for a prefix length: 0 for /0-/16, 1-15 for /17-/31, 15 for /32 too. */
  private static int prefixClass(int prefix) {
    return prefix <= 16 ? 0 : Math.min(prefix - 16, 15);
  }

  private static long v4Code(long network, int prefix) {
    return network << 6 | prefix;
  }

  private void text(Value value, String text, IntList out, IntList scratch, IntList cut) {
    scratch.clear();
    String normal = Comparisons.nfc(text);
    automaton.search(normal, scratch);
    scratch.sortUnique();
    // a screen's searches, outside an observation's, share a budget of their own, opened at the first search
    Automaton.Budgets budgets = null;
    boolean opened = false;
    try {
      for (int i = 0; i < scratch.size(); i++) {
        int literal = scratch.get(i);
        if (silenced[literal]) continue;
        ComparisonExpression.Comparison c = literalComparisons.get(literal);
        Automaton a = automatonOf(literal, c);
        if (a == null) {
          if (Comparisons.test(c.operator(), value, c.value())) out.add(literalAtoms.get(literal));
          continue;
        }
        if (budgets == null) {
          budgets = Automaton.budgets();
          opened = budgets.open();
        }
        long[] shared = budgets.of(literalGroups[literal]);
        long cutBefore = shared[Automaton.CUT];
        if (a.find(normal, shared)) {
          out.add(literalAtoms.get(literal));
        } else if (shared[Automaton.CUT] != cutBefore) {
          cut.add(literalAtoms.get(literal));
        }
      }
    } finally {
      if (opened) budgets.close();
    }
  }

  /**
   * Sets the group ({@link Automaton.Budgets}) whose budget the searches of the LIKE or MATCHES atom
   * {@code atom} spend: the source of the patterns that have it, 0 when they are of several.
   */
  void group(int atom, int group) {
    literalGroups[literalAtoms.sortedIndexOf(atom)] = group;
  }

  /**
   * Stops searching the LIKE or MATCHES atom {@code atom} of this path (no live pattern has it): a
   * revoked hostile expression stops costing when it is revoked, not when its segment is rebuilt.
   * Monotone, and read without a lock: a matcher that has not seen it yet searches once more.
   */
  void silence(int atom) {
    silenced[literalAtoms.sortedIndexOf(atom)] = true;
  }

  /**
   * The automaton a LIKE or MATCHES atom runs on a text value (as {@link Comparisons#test} builds
   * it), compiled on the atom's first wake-up and kept: the shared compile cache holds 10,000
   * expressions and a large set has more. Null when Comparisons must answer (no automaton). Threads
   * may race to fill a slot; the automaton is immutable, so either copy serves.
   */
  private Automaton automatonOf(int literal, ComparisonExpression.Comparison c) {
    Automaton[] known = literalAutomata;
    Automaton a = known[literal];
    if (a != null || !(c.value() instanceof Constant.StringConstant s)) return a;
    a = c.operator() == ComparisonOperator.LIKE
        ? Regex.like(Comparisons.nfc(s.value())).automaton()
        : Comparisons.regex(s.value()).automaton();
    known[literal] = a;
    return a;
  }
}
