package dev.parley.testing;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Makes random values of one type for {@link Randomized}, and names the edge cases to try first.
 * A generator should make its simplest value when every draw is zero (a shrunk case lowers draws).
 */
@FunctionalInterface
public interface Generator<T> {
  T next(Random random);

  /** Values tried before any random one: the boundaries that random draws rarely hit. */
  default List<T> edgeCases() {
    return List.of(next(Tape.replaying(new int[0])));
  }

  /** This generator with other edge cases, for when the generic ones miss the point or cost too much. */
  default Generator<T> withEdgeCases(List<T> edgeCases) {
    Generator<T> source = this;
    List<T> edges = List.copyOf(edgeCases);
    return new Generator<>() {
      @Override
      public T next(Random random) {
        return source.next(random);
      }

      @Override
      public List<T> edgeCases() {
        return edges;
      }
    };
  }

  default <R> Generator<R> map(Function<? super T, ? extends R> mapper) {
    Generator<T> source = this;
    return new Generator<>() {
      @Override
      public R next(Random random) {
        return mapper.apply(source.next(random));
      }

      @Override
      public List<R> edgeCases() {
        return source.edgeCases().stream().<R>map(mapper).toList();
      }
    };
  }
}
