package dev.parley.pattern.match;

import java.util.List;
import java.util.Objects;

/** A pattern (by id) and the ids of observed-data that together satisfy it. */
public record Match(String patternId, List<String> observationIds) {
  public Match {
    Objects.requireNonNull(patternId, "patternId");
    observationIds = List.copyOf(observationIds);
  }
}
