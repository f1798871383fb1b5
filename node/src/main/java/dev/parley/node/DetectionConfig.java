package dev.parley.node;

import dev.parley.ingest.detect.TelemetryDetection;
import dev.parley.policy.Tlp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a node detects (issue 12): the collections whose indicators it matches (null: every
 * collection, also those made later), a folder of telemetry files to follow (or null) and the TLP
 * its telemetry is marked with (as {@code tlp=} marks a request's), how often
 * it looks for changed indicators and grown files, and the budget of sightings of each group of
 * indicators: that many at once, earned back at a hundredth of it a second
 * ({@code TelemetryDetection.budgeted}).
 */
public record DetectionConfig(List<String> collections, Path telemetryDir, Tlp telemetryTlp, Duration poll, int sightingBudget) {
  /** The largest budget of sightings: what one group's held sightings may be written as at once. */
  public static final int MAX_SIGHTING_BUDGET = 100_000_000;

  public DetectionConfig {
    if (collections != null) collections = List.copyOf(collections);
    Objects.requireNonNull(telemetryTlp, "telemetryTlp");
    Objects.requireNonNull(poll, "poll");
    if (poll.isNegative() || poll.isZero()) throw new IllegalArgumentException("poll must be positive");
    if (sightingBudget < 100 || sightingBudget > MAX_SIGHTING_BUDGET) {
      throw new IllegalArgumentException("the budget of sightings is a number from 100 to " + MAX_SIGHTING_BUDGET + ": " + sightingBudget);
    }
  }

  /** Every collection, no folder followed (its telemetry TLP:AMBER), changes looked for every 200 ms, the budget of 10,000 sightings. */
  public static DetectionConfig defaults() {
    return new DetectionConfig(null, null, Tlp.AMBER, Duration.ofMillis(200), TelemetryDetection.SIGHTING_BURST);
  }

  public DetectionConfig withCollections(List<String> c) {
    return new DetectionConfig(c, telemetryDir, telemetryTlp, poll, sightingBudget);
  }

  public DetectionConfig withTelemetryDir(Path dir) {
    return new DetectionConfig(collections, dir, telemetryTlp, poll, sightingBudget);
  }

  /** The TLP the followed folder's telemetry is marked with. */
  public DetectionConfig withTelemetryTlp(Tlp tlp) {
    return new DetectionConfig(collections, telemetryDir, tlp, poll, sightingBudget);
  }

  public DetectionConfig withSightingBudget(int budget) {
    return new DetectionConfig(collections, telemetryDir, telemetryTlp, poll, budget);
  }
}
