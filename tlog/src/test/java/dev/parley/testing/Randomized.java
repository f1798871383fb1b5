package dev.parley.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs a property over seeded random cases: the generator's edge cases first, then random cases
 * drawn from a fixed seed, so every run checks the same inputs. {@code -Dparley.seed=N} (or
 * {@code random}) explores others. A failure names the seed, the case and its input, then shrinks
 * the case by deleting and lowering the draws that made it, and shows the smallest failing input.
 */
public final class Randomized {
  static final long DEFAULT_SEED = 20_240_601L;
  private static final int SHRINK_RUNS = 2_000;
  private static final long SHRINK_NANOS = 30_000_000_000L;
  private static final int SHOWN_CHARS = 4_000;

  private Randomized() {}

  /** A property of one input; it fails by throwing (an assertion or anything else). */
  @FunctionalInterface
  public interface Property<T> {
    void check(T input) throws Exception;
  }

  /** Checks {@code property} on {@code cases} inputs: edge cases (at most half of them), then random ones. */
  public static <T> void check(int cases, Generator<T> generator, Property<? super T> property) {
    check(seed(), cases, generator, property);
  }

  static <T> void check(long seed, int cases, Generator<T> generator, Property<? super T> property) {
    List<T> edges = generator.edgeCases();
    int edgeCases = Math.min(edges.size(), cases / 2);
    String report = null;
    Throwable edgeFailure = null;
    for (int i = 0; i < edgeCases && edgeFailure == null; i++) {
      edgeFailure = run(property, edges.get(i));
      if (edgeFailure != null) {
        report = header(seed, i, cases) + " (an edge case)\n  input: " + show(edges.get(i));
      }
    }
    // after a failed edge case, the random cases still run: one that fails the same way can be shrunk
    SplittableRandom caseSeeds = new SplittableRandom(seed);
    for (int i = edgeCases; i < cases; i++) {
      Tape tape = Tape.recording(caseSeeds.nextLong());
      T input = generator.next(tape);
      Throwable failure = run(property, input);
      if (failure != null && (edgeFailure == null || failure.getClass() == edgeFailure.getClass())) {
        Shrunk<T> shrunk = shrink(generator, property, new Attempt<>(tape.draws(), input, failure));
        Throwable cause = shrunk.smallest().failure();
        AssertionError error = new AssertionError((report == null ? header(seed, i, cases) + "\n  input: " + show(input) : report)
            + "\n  smallest failing input (from case " + i + ", " + shrunk.runs() + " shrink runs"
            + (shrunk.complete() ? "" : ", stopped early") + "): " + show(shrunk.smallest().input())
            + "\n  failure: " + cause, cause);
        for (Throwable other : new Throwable[] {edgeFailure, failure}) {
          if (other != null && other != cause) {
            error.addSuppressed(other);
          }
        }
        throw error;
      }
    }
    if (edgeFailure != null) {
      throw new AssertionError(report + "\n  failure: " + edgeFailure, edgeFailure);
    }
  }

  /** The seed of this run: {@code -Dparley.seed}, a fresh one for {@code random}, or the fixed default. */
  static long seed() {
    String seed = System.getProperty("parley.seed", "").strip();
    if (seed.isEmpty()) {
      return DEFAULT_SEED;
    }
    return seed.equals("random") ? new SplittableRandom().nextLong() : Long.parseLong(seed);
  }

  private static String header(long seed, int i, int cases) {
    return "property failed on case " + i + " of " + cases + " with seed " + seed + " (rerun with -Dparley.seed=" + seed + ")";
  }

  private static Throwable run(Property<?> property, Object input) {
    try {
      @SuppressWarnings("unchecked")
      Property<Object> p = (Property<Object>) property;
      p.check(input);
      return null;
    } catch (Throwable failure) {
      return failure;
    }
  }

  private record Attempt<T>(int[] draws, T input, Throwable failure) {}

  private record Shrunk<T>(Attempt<T> smallest, int runs, boolean complete) {}

  /**
   * Greedy shrinking of the draws, smallest first by length, then value by value: delete blocks of
   * draws, then set each draw to zero or the lowest value (by bisection) that still fails the same
   * way. Generators read lower draws as simpler values, so a smaller tape is a smaller input.
   */
  private static <T> Shrunk<T> shrink(Generator<T> generator, Property<? super T> property, Attempt<T> failing) {
    long deadline = System.nanoTime() + SHRINK_NANOS;
    Attempt<T> best = failing;
    int runs = 0;
    boolean progress = true;
    while (progress) {
      progress = false;
      for (int block = 8; block >= 1; block /= 2) {
        for (int at = 0; at + block <= best.draws().length; ) {
          if (runs == SHRINK_RUNS || System.nanoTime() > deadline) {
            return new Shrunk<>(best, runs, false);
          }
          runs++;
          Attempt<T> candidate = attempt(generator, property, without(best.draws(), at, block));
          if (smaller(candidate, best)) {
            best = candidate;
            progress = true;
          } else {
            at++;
          }
        }
      }
      for (int at = 0; at < best.draws().length; at++) {
        long low = -1; // the highest value known to pass, -1 for none
        while (at < best.draws().length && Integer.toUnsignedLong(best.draws()[at]) - low > 1) {
          if (runs == SHRINK_RUNS || System.nanoTime() > deadline) {
            return new Shrunk<>(best, runs, false);
          }
          runs++;
          long high = Integer.toUnsignedLong(best.draws()[at]);
          long middle = low < 0 ? 0 : low + (high - low) / 2;
          int[] draws = best.draws().clone();
          draws[at] = (int) middle;
          Attempt<T> candidate = attempt(generator, property, draws);
          if (smaller(candidate, best)) {
            best = candidate;
            progress = true;
          } else {
            low = middle;
          }
        }
      }
    }
    return new Shrunk<>(best, runs, true);
  }

  private static <T> Attempt<T> attempt(Generator<T> generator, Property<? super T> property, int[] draws) {
    Tape tape = Tape.replaying(draws);
    T input;
    try {
      input = generator.next(tape);
    } catch (RuntimeException e) {
      return null; // a generator that cannot read these draws: not a smaller case
    }
    Throwable failure = run(property, input);
    return failure == null ? null : new Attempt<>(tape.draws(), input, failure);
  }

  /** Fails the same way, from a tape that is shorter, or as long and lower at its first difference. */
  private static boolean smaller(Attempt<?> candidate, Attempt<?> best) {
    if (candidate == null || candidate.failure().getClass() != best.failure().getClass()) {
      return false;
    }
    int[] a = candidate.draws();
    int[] b = best.draws();
    if (a.length != b.length) {
      return a.length < b.length;
    }
    int at = Arrays.mismatch(a, b);
    return at >= 0 && Integer.compareUnsigned(a[at], b[at]) < 0;
  }

  private static int[] without(int[] draws, int at, int length) {
    int[] shorter = new int[draws.length - length];
    System.arraycopy(draws, 0, shorter, 0, at);
    System.arraycopy(draws, at + length, shorter, at, shorter.length - at);
    return shorter;
  }

  /** The input as a reader can retype it: strings quoted and escaped, bytes in hex, records by component. */
  static String show(Object value) {
    String shown = describe(value);
    return shown.length() <= SHOWN_CHARS ? shown
        : shown.substring(0, SHOWN_CHARS) + "... (" + shown.length() + " characters)";
  }

  private static String describe(Object value) {
    if (value instanceof String text) {
      StringBuilder quoted = new StringBuilder("\"");
      text.chars().forEach(c -> quoted.append(c == '"' || c == '\\' ? "\\" + (char) c
          : c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04x", c)));
      return quoted.append('"').toString();
    }
    if (value instanceof byte[] bytes) {
      return "0x" + HexFormat.of().formatHex(bytes) + " (" + bytes.length + " bytes)";
    }
    if (value instanceof Collection<?> items) {
      List<String> shown = new ArrayList<>();
      items.forEach(item -> shown.add(describe(item)));
      return "[" + String.join(", ", shown) + "]";
    }
    if (value instanceof Map.Entry<?, ?> entry) {
      return describe(entry.getKey()) + "=" + describe(entry.getValue());
    }
    if (value != null && value.getClass().isRecord()) {
      List<String> shown = new ArrayList<>();
      for (var component : value.getClass().getRecordComponents()) {
        try {
          var accessor = component.getAccessor();
          accessor.setAccessible(true);
          shown.add(component.getName() + "=" + describe(accessor.invoke(value)));
        } catch (ReflectiveOperationException e) {
          shown.add(component.getName() + "=?");
        }
      }
      return value.getClass().getSimpleName() + "[" + String.join(", ", shown) + "]";
    }
    return String.valueOf(value);
  }
}
