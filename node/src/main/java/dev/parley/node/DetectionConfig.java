package dev.parley.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a node detects (issue 12): the collections whose indicators it matches (null: every
 * collection, also those made later), a folder of telemetry files to follow (or null), and how
 * often it looks for changed indicators and grown files.
 */
public record DetectionConfig(List<String> collections, Path telemetryDir, Duration poll) {
  public DetectionConfig {
    if (collections != null) collections = List.copyOf(collections);
    Objects.requireNonNull(poll, "poll");
    if (poll.isNegative() || poll.isZero()) throw new IllegalArgumentException("poll must be positive");
  }

  /** Every collection, no folder followed, changes looked for every 200 ms. */
  public static DetectionConfig defaults() {
    return new DetectionConfig(null, null, Duration.ofMillis(200));
  }

  public DetectionConfig withCollections(List<String> c) {
    return new DetectionConfig(c, telemetryDir, poll);
  }

  public DetectionConfig withTelemetryDir(Path dir) {
    return new DetectionConfig(collections, dir, poll);
  }
}
