package dev.parley.node.detect;

import dev.parley.ingest.Ingest;
import dev.parley.ingest.detect.CollectionIndicators;
import dev.parley.ingest.detect.LiveIndicators;
import dev.parley.ingest.detect.SightingsCollection;
import dev.parley.ingest.detect.TelemetryDetection;
import dev.parley.node.DetectionConfig;
import dev.parley.store.Stores;
import java.util.UUID;

/**
 * A node's detection: the live indicators of the configured collections, the runs that store
 * sightings in the {@code sightings} collection (made at the first start), and, when configured,
 * the follower of a telemetry folder. Thread-safe.
 */
public final class NodeDetection implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NodeDetection.class);

  private final Ingest ingest;
  private final LiveIndicators indicators;
  private final TelemetryDetection runs;
  private final UUID sightings;
  private TelemetryFolder folder;

  private NodeDetection(Ingest ingest, LiveIndicators indicators, TelemetryDetection runs, UUID sightings) {
    this.ingest = ingest;
    this.indicators = indicators;
    this.runs = runs;
    this.sightings = sightings;
  }

  /**
   * Starts detection on {@code stores}: the sightings collection made in {@code apiRoot} if absent.
   * The collections of {@code --detect-collections} are followed by id or alias: one not made yet
   * (on a node's first start, none is) is said at WARN and followed from when it is made.
   */
  public static NodeDetection start(Stores stores, DetectionConfig config, String apiRoot, String nodeName) {
    UUID sightings = SightingsCollection.ensure(stores, apiRoot).id();
    UUID feedback = SightingsCollection.ensureFeedback(stores, apiRoot).id();
    CollectionIndicators source = new CollectionIndicators(stores, null);
    if (config.collections() != null) {
      for (String c : config.collections()) {
        if (stores.collections().resolve(c).isEmpty()) {
          LOG.warn("--detect-collections names {}, which is no collection's id or alias yet: its indicators are matched from when it is"
              + " made (parley collection create --alias {})", c, c);
        }
      }
      source = CollectionIndicators.named(stores, config.collections());
    }
    Ingest ingest = new Ingest(stores);
    try {
      TelemetryDetection runs = new TelemetryDetection(stores, ingest, sightings, feedback, nodeName).budgeted(config.sightingBudget());
      LiveIndicators live = new LiveIndicators(source, config.poll());
      // a backlog of indicators drains unpaced while no telemetry is matched and no bulk transfer is under way
      live.drainFreelyWhen(() -> !runs.detecting() && !stores.db().foreground().busy());
      NodeDetection d = new NodeDetection(ingest, live, runs, sightings);
      if (config.telemetryDir() != null) d.folder = TelemetryFolder.start(stores, d, config.telemetryDir(), config.telemetryTlp(), config.poll());
      return d;
    } catch (RuntimeException e) {
      ingest.close();
      throw e;
    }
  }

  public LiveIndicators indicators() {
    return indicators;
  }

  public TelemetryDetection runs() {
    return runs;
  }

  /** The followed telemetry folder, or null. */
  TelemetryFolder folder() {
    return folder;
  }

  /** The id of the sightings collection. */
  public UUID sightingsCollection() {
    return sightings;
  }

  @Override
  public void close() {
    if (folder != null) folder.close();
    runs.close(); // what deferred runs found is stored before the pipeline stops
    indicators.close();
    ingest.close();
  }
}
