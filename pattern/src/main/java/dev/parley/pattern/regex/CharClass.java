package dev.parley.pattern.regex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A set of symbols (code points or octets) as sorted inclusive ranges, optionally case-folded. */
final class CharClass {
  static final CharClass ANY = new CharClass(new int[] {0, Character.MAX_CODE_POINT}, false, false);
  static final CharClass DIGIT = ranges('0', '9');
  static final CharClass WORD = ranges('0', '9', 'A', 'Z', '_', '_', 'a', 'z');
  static final CharClass SPACE = ranges('\t', '\r', ' ', ' ');

  private final int[] ranges;
  private final boolean negated;
  private final boolean fold;

  CharClass(int[] ranges, boolean negated, boolean fold) {
    this.ranges = normalize(ranges);
    this.negated = negated;
    this.fold = fold;
  }

  static CharClass ranges(int... bounds) {
    return new CharClass(bounds, false, false);
  }

  static CharClass literal(int symbol, boolean fold) {
    return new CharClass(new int[] {symbol, symbol}, false, fold && isCased(symbol));
  }

  CharClass negate() {
    return new CharClass(ranges, !negated, fold);
  }

  CharClass folded() {
    return new CharClass(ranges, negated, true);
  }

  boolean matches(int symbol) {
    boolean in = contains(symbol)
        || (fold && (contains(Character.toLowerCase(symbol)) || contains(Character.toUpperCase(symbol))));
    return in != negated;
  }

  /** The single symbol this class stands for, or -1: used to find required literals. */
  int singleSymbol() {
    return !negated && !fold && ranges.length == 2 && ranges[0] == ranges[1] ? ranges[0] : -1;
  }

  /** Adds the ranges of a plain (non-negated, unfolded) class to a builder list. */
  void addTo(List<int[]> out) {
    if (negated) {
      int next = 0;
      for (int i = 0; i < ranges.length; i += 2) {
        if (ranges[i] > next) out.add(new int[] {next, ranges[i] - 1});
        next = ranges[i + 1] + 1;
      }
      if (next <= Character.MAX_CODE_POINT) out.add(new int[] {next, Character.MAX_CODE_POINT});
    } else {
      for (int i = 0; i < ranges.length; i += 2) out.add(new int[] {ranges[i], ranges[i + 1]});
    }
  }

  static CharClass union(List<int[]> parts, boolean negated, boolean fold) {
    int[] flat = new int[parts.size() * 2];
    for (int i = 0; i < parts.size(); i++) {
      flat[2 * i] = parts.get(i)[0];
      flat[2 * i + 1] = parts.get(i)[1];
    }
    return new CharClass(flat, negated, fold);
  }

  private boolean contains(int symbol) {
    int lo = 0;
    int hi = ranges.length / 2 - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (symbol < ranges[2 * mid]) hi = mid - 1;
      else if (symbol > ranges[2 * mid + 1]) lo = mid + 1;
      else return true;
    }
    return false;
  }

  private static boolean isCased(int symbol) {
    return Character.toLowerCase(symbol) != symbol || Character.toUpperCase(symbol) != symbol;
  }

  private static int[] normalize(int[] bounds) {
    List<int[]> pairs = new ArrayList<>();
    for (int i = 0; i < bounds.length; i += 2) pairs.add(new int[] {bounds[i], bounds[i + 1]});
    pairs.sort((a, b) -> Integer.compare(a[0], b[0]));
    List<int[]> merged = new ArrayList<>();
    for (int[] p : pairs) {
      int[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && p[0] <= last[1] + 1) last[1] = Math.max(last[1], p[1]);
      else merged.add(p.clone());
    }
    int[] out = new int[merged.size() * 2];
    for (int i = 0; i < merged.size(); i++) {
      out[2 * i] = merged.get(i)[0];
      out[2 * i + 1] = merged.get(i)[1];
    }
    return out;
  }

  @Override
  public String toString() {
    return (negated ? "^" : "") + Arrays.toString(ranges) + (fold ? "/i" : "");
  }
}
