package dev.parley.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The generators that Parley's randomized tests combine. Each draws so that zero draws give its
 * simplest value and lower draws give smaller values, and each names its edge cases: range ends,
 * 0 and ±1, the empty and the longest string or list, control, non-ASCII and non-BMP characters.
 */
public final class Generators {
  private Generators() {}

  /** Builds a value from three generated parts. */
  @FunctionalInterface
  public interface Combiner<A, B, C, T> {
    T combine(A first, B second, C third);
  }

  public static Generator<Integer> ints(int min, int max) {
    return ranged(min, max).map(Long::intValue);
  }

  public static Generator<Long> longs(long min, long max) {
    return ranged(min, max);
  }

  /** One of the given values, each of which is also an edge case. */
  @SafeVarargs
  public static <T> Generator<T> elements(T... values) {
    List<T> choices = List.of(values);
    return of(random -> choices.get((int) between(random, 0, choices.size() - 1)), choices);
  }

  /** Strings of {@code minLength} to {@code maxLength} characters (code points) from {@code chars}. */
  public static Generator<String> strings(Generator<String> chars, int minLength, int maxLength) {
    Set<String> edges = new LinkedHashSet<>();
    if (minLength == 0) {
      edges.add("");
    }
    int shortest = Math.max(minLength, 1);
    for (String c : chars.edgeCases()) {
      edges.add(c.repeat(shortest));
    }
    edges.add(chars.edgeCases().get(0).repeat(maxLength));
    return of(random -> {
      StringBuilder text = new StringBuilder();
      for (long i = 0, n = biased(random, minLength, maxLength); i < n; i++) {
        text.append(chars.next(random));
      }
      return text.toString();
    }, List.copyOf(edges));
  }

  /**
   * One Unicode scalar value (a surrogate pair above U+FFFF): mostly ASCII, often controls, any
   * BMP character (private use and noncharacters too) and characters beyond the BMP.
   */
  public static Generator<String> unicode() {
    return characters(false);
  }

  /** As {@link #unicode()}, plus lone surrogates: any UTF-16 text, valid or not. */
  public static Generator<String> utf16() {
    return characters(true);
  }

  /** One of a-z, A-Z. */
  public static Generator<String> alpha() {
    return of(random -> {
      int i = (int) between(random, 0, 51);
      return String.valueOf((char) (i < 26 ? 'a' + i : 'A' + i - 26));
    }, List.of("a", "z", "A", "Z"));
  }

  /** Byte arrays of {@code minLength} to {@code maxLength} bytes. */
  public static Generator<byte[]> bytes(int minLength, int maxLength) {
    List<byte[]> edges = new ArrayList<>();
    if (minLength == 0) {
      edges.add(new byte[0]);
    }
    for (int b : new int[] {0, 1, 0x7f, 0x80, 0xff}) {
      byte[] edge = new byte[Math.max(minLength, 1)];
      Arrays.fill(edge, (byte) b);
      edges.add(edge);
    }
    edges.add(new byte[maxLength]);
    return of(random -> {
      byte[] bytes = new byte[(int) biased(random, minLength, maxLength)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) between(random, 0, 255);
      }
      return bytes;
    }, edges);
  }

  /** Lists of {@code minSize} to {@code maxSize} elements. */
  public static <T> Generator<List<T>> lists(Generator<T> elements, int minSize, int maxSize) {
    List<List<T>> edges = new ArrayList<>();
    if (minSize == 0) {
      edges.add(List.of());
    }
    int shortest = Math.max(minSize, 1);
    for (T edge : elements.edgeCases()) {
      edges.add(Collections.nCopies(shortest, edge));
    }
    if (maxSize > shortest) {
      edges.add(Collections.nCopies(maxSize, elements.edgeCases().get(0)));
    }
    return of(random -> {
      List<T> list = new ArrayList<>();
      for (long i = 0, n = biased(random, minSize, maxSize); i < n; i++) {
        list.add(elements.next(random));
      }
      return list;
    }, edges);
  }

  /** One of the generators, chosen with the given weights; the edge cases of all of them. */
  @SafeVarargs
  public static <T> Generator<T> frequency(int[] weights, Generator<? extends T>... choices) {
    int total = Arrays.stream(weights).sum();
    List<T> edges = new ArrayList<>();
    for (Generator<? extends T> choice : choices) {
      edges.addAll(choice.edgeCases());
    }
    return of(random -> {
      long pick = between(random, 0, total - 1);
      int i = 0;
      while (pick >= weights[i]) {
        pick -= weights[i++];
      }
      return choices[i].next(random);
    }, edges);
  }

  /** Pairs; the edge cases are every pair of edge cases, in the order of {@link #diagonals}. */
  public static <A, B, T> Generator<T> zip(Generator<A> first, Generator<B> second, BiFunction<A, B, T> combiner) {
    List<A> as = first.edgeCases();
    List<B> bs = second.edgeCases();
    List<T> edges = diagonals(as.size(), bs.size()).stream().map(i -> combiner.apply(as.get(i[0]), bs.get(i[1]))).toList();
    return of(random -> combiner.apply(first.next(random), second.next(random)), edges);
  }

  /** Triples; the edge cases are every triple of edge cases, in the order of {@link #diagonals}. */
  public static <A, B, C, T> Generator<T> zip(
      Generator<A> first, Generator<B> second, Generator<C> third, Combiner<A, B, C, T> combiner) {
    List<A> as = first.edgeCases();
    List<B> bs = second.edgeCases();
    List<C> cs = third.edgeCases();
    List<T> edges = diagonals(as.size(), bs.size(), cs.size()).stream()
        .map(i -> combiner.combine(as.get(i[0]), bs.get(i[1]), cs.get(i[2]))).toList();
    return of(random -> combiner.combine(first.next(random), second.next(random), third.next(random)), edges);
  }

  /**
   * Every tuple of indices below {@code sizes}, by increasing sum: the runner may try only a prefix
   * of the edge cases, and a prefix in this order still varies every part.
   */
  static List<int[]> diagonals(int... sizes) {
    List<int[]> tuples = new ArrayList<>();
    tuples.add(new int[sizes.length]);
    for (int part = 0; part < sizes.length; part++) {
      List<int[]> longer = new ArrayList<>();
      for (int[] tuple : tuples) {
        for (int i = 0; i < sizes[part]; i++) {
          int[] next = tuple.clone();
          next[part] = i;
          longer.add(next);
        }
      }
      tuples = longer;
    }
    tuples.sort(Comparator.comparingInt(tuple -> Arrays.stream(tuple).sum()));
    return tuples;
  }

  /**
   * A value in [min, max] that grows with the draws: zero draws give {@code min}, and lowering a
   * draw never raises the value, so shrinking a draw shrinks the number.
   */
  static long between(Random random, long min, long max) {
    long span = max - min + 1; // unsigned; 0 stands for all 2^64 values
    if (span != 0 && Long.compareUnsigned(span, 1L << 32) <= 0) {
      long draw = random.nextInt() & 0xFFFF_FFFFL;
      return min + (draw * span >>> 32);
    }
    long draw = ((long) random.nextInt() << 32) | (random.nextInt() & 0xFFFF_FFFFL);
    return min + (span == 0 ? draw : unsignedMultiplyHigh(draw, span));
  }

  private static long unsignedMultiplyHigh(long x, long y) {
    return Math.multiplyHigh(x, y) + ((x >> 63) & y) + ((y >> 63) & x);
  }

  private static Generator<Long> ranged(long min, long max) {
    Set<Long> edges = new LinkedHashSet<>();
    for (long edge : new long[] {min, min + 1, 0, 1, -1, max - 1, max}) {
      if (edge >= min && edge <= max) {
        edges.add(edge);
      }
    }
    return of(random -> biased(random, min, max), List.copyOf(edges));
  }

  /**
   * A value in [min, max]: half of the draws spread evenly over the range, half evenly over the
   * magnitudes (the number of bits of the distance from 0, or from the end nearer to it), so that
   * small values and short lengths, where most boundaries lie, come up as often as large ones.
   * Zero draws give 0, or that end.
   */
  private static long biased(Random random, long min, long max) {
    if (between(random, 0, 1) == 1) {
      return between(random, min, max);
    }
    long origin = Math.max(min, Math.min(max, 0));
    boolean down = origin == max || origin != min && between(random, 0, 1) == 1;
    long room = down ? origin - min : max - origin; // unsigned
    int bits = (int) between(random, 0, 64 - Long.numberOfLeadingZeros(room));
    long limit = bits == 64 ? -1 : (1L << bits) - 1;
    long distance = between(random, 0, Long.compareUnsigned(room, limit) < 0 ? room : limit);
    return down ? origin - distance : origin + distance;
  }

  private static final int[][] CHARACTER_CLASSES = { // weight, first, last
    {3, 'a', 'z'}, {3, 0x20, 0x7e}, {1, 0x00, 0x1f}, {1, 0x7f, 0x9f}, {2, 0xa0, 0xffff - 0x800}, {1, 0x10000, 0x10ffff},
    {1, 0xd800, 0xdfff},
  };

  private static Generator<String> characters(boolean loneSurrogates) {
    int classes = CHARACTER_CLASSES.length - (loneSurrogates ? 0 : 1);
    int total = Arrays.stream(CHARACTER_CLASSES).limit(classes).mapToInt(c -> c[0]).sum();
    List<String> edges = new ArrayList<>(List.of("a", "\u0000", " ", "\u007f", "\u00e9", "\ufeff", "\uffff",
        "\ud83d\ude00", "\udbff\udfff"));
    if (loneSurrogates) {
      edges.addAll(List.of("\ud800", "\udfff"));
    }
    return of(random -> {
      long pick = between(random, 0, total - 1);
      int k = 0;
      while (pick >= CHARACTER_CLASSES[k][0]) {
        pick -= CHARACTER_CLASSES[k++][0];
      }
      int codePoint = (int) between(random, CHARACTER_CLASSES[k][1], CHARACTER_CLASSES[k][2]);
      if (k == 4 && codePoint >= 0xd800) {
        codePoint += 0x800; // the BMP class skips the surrogates
      }
      return k == 6 ? String.valueOf((char) codePoint) : Character.toString(codePoint);
    }, edges);
  }

  private static <T> Generator<T> of(Generator<T> draw, List<T> edges) {
    return draw.withEdgeCases(edges);
  }
}
