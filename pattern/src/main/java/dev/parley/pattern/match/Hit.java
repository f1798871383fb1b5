package dev.parley.pattern.match;

import dev.parley.pattern.observe.Observation;
import java.time.Instant;

/**
 * An observation waiting in a {@link SetCounter}: the observation as kept (whole, or {@linkplain
 * Observation#withoutObjects without its objects}) and the order it arrived in, which breaks ties
 * between equal times.
 */
final class Hit {
  final Observation observation;
  final long seq;
  private final long weight;

  Hit(Observation observation, long seq, long weight) {
    this.observation = observation;
    this.seq = seq;
    this.weight = weight;
  }

  Instant first() {
    return observation.firstObserved();
  }

  Instant last() {
    return observation.lastObserved();
  }

  /** What the hit counts for a REPEATS: its number_observed where that counts, else 1. */
  long weight() {
    return weight;
  }

  /** An observation of one instant, as every log record is (an observed-data may span time). */
  boolean point() {
    return observation.firstObserved().equals(observation.lastObserved());
  }

  /** By first_observed, then by arrival. */
  int compareTo(Hit other) {
    int c = first().compareTo(other.first());
    return c != 0 ? c : Long.compare(seq, other.seq);
  }
}
