package dev.parley.detect;

import dev.parley.pattern.observe.Observation;
import dev.parley.policy.Tlp;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one detection run found for one indicator: the number of matches, the earliest and latest
 * event time of the records matched, the marking the sighting carries, and up to
 * {@link Detector#EXAMPLES} of the matching records.
 */
public record Sighting(Indicator indicator, long count, Instant firstSeen, Instant lastSeen, Tlp marking,
    List<Observation> examples) {
  public Sighting {
    Objects.requireNonNull(indicator, "indicator");
    Objects.requireNonNull(firstSeen, "firstSeen");
    Objects.requireNonNull(lastSeen, "lastSeen");
    Objects.requireNonNull(marking, "marking");
    examples = List.copyOf(examples);
  }
}
