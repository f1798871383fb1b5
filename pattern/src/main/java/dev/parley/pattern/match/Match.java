package dev.parley.pattern.match;

import dev.parley.pattern.observe.Observation;
import java.util.List;
import java.util.Objects;

/**
 * A pattern (by id) and the observations that together satisfy it, ordered by first_observed: one
 * for a single-bracket pattern, the members of one satisfying set for a compound pattern. From a
 * counting {@link MatchState}, a member that waited behind many others of its pattern comes
 * {@linkplain Observation#withoutObjects without its objects}.
 */
public record Match(String patternId, List<Observation> observations) {
  public Match {
    Objects.requireNonNull(patternId, "patternId");
    observations = List.copyOf(observations);
  }

  /** The ids of the observations, in the same order. */
  public List<String> observationIds() {
    return observations.stream().map(Observation::id).toList();
  }
}
