package dev.parley.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.detect.Detector;
import dev.parley.detect.IndicatorSet;
import dev.parley.detect.telemetry.TelemetryFormat;
import dev.parley.detect.telemetry.TelemetryReader;
import dev.parley.ingest.Ingest;
import dev.parley.ingest.detect.CollectionIndicators;
import dev.parley.ingest.detect.SightingsCollection;
import dev.parley.ingest.detect.TelemetryDetection;
import dev.parley.pattern.match.MatcherSnapshot;
import dev.parley.policy.Tlp;
import dev.parley.store.Stores;
import dev.parley.store.collections.Collection;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code parley detect --data DIR --collection C}: a batch run with a node's indicators (latest
 * versions of the named collections), the node's sighting identity, its memory of records already
 * counted per source and, with {@code --store}, its sightings collection.
 */
final class NodeDetection {
  private static final int REPORTED = 100;

  private final DetectCommand command;

  NodeDetection(DetectCommand command) {
    this.command = command;
  }

  /**
   * Waits until no other run, of this process or another (a node following the file's folder), stores
   * over {@code source} and holds that until closed ({@link TelemetryDetection#holdSource}).
   */
  static AutoCloseable holdSource(TelemetryDetection detection, String source, PrintWriter err) {
    return detection.holdSource(source, () -> {
      err.println("parley: another run is storing what it found in " + source + "; waiting for it to end");
      err.flush();
    });
  }

  /**
   * The source of a file's records: the folder it is named in, by real path, as a node following that
   * folder names them ({@link TelemetryDetection#folderSource}): a file read through a linked folder
   * (Zeek's {@code logs/current}) is that folder's, a file linked into a followed folder is the
   * followed folder's, and a followed log read again finds its records counted.
   */
  static String source(String telemetry) {
    if (telemetry.equals("-")) return "-";
    Path file = Path.of(telemetry);
    try {
      file.toRealPath(); // it is there, and readable as a path
      // the folder it is named in, not its target's: a file linked into a followed folder is the node's source there
      // (hostile run 10q: the link's records counted by the node, then again by detect --store under the target's folder)
      return TelemetryDetection.folderSource(file.toAbsolutePath().getParent().toRealPath());
    } catch (IOException e) {
      throw new CommandFailure(ExitCodes.INVALID, "cannot read " + telemetry + ": " + InputFiles.why(e));
    }
  }

  int call(TelemetryFormat format, Tlp tlp) throws IOException {
    PrintWriter err = command.spec.commandLine().getErr();
    StoreOptions options = new StoreOptions();
    options.data = command.data;
    options.db = command.db;
    String source = source(command.telemetry);
    long start = System.nanoTime();
    try (Stores stores = command.store ? options.openWithLog() : options.open(); Ingest ingest = new Ingest(stores)) {
      List<UUID> ids = new ArrayList<>();
      for (String c : command.collections) {
        Collection found = stores.collections().resolve(c)
            .orElseThrow(() -> new CommandFailure(ExitCodes.INVALID, "no collection with id or alias " + c));
        ids.add(found.id());
      }
      CollectionIndicators source0 = new CollectionIndicators(stores, ids);
      source0.refresh();
      IndicatorSet set = source0.indicators();
      set.problems().forEach(p -> err.println("parley: indicator " + p));
      MatcherSnapshot matcher = Detector.compile(set.indicators());
      long compiled = System.nanoTime();
      UUID sightings = command.store ? SightingsCollection.ensure(stores, "api1").id() : null;
      UUID feedback = command.store ? SightingsCollection.ensureFeedback(stores, "api1").id() : null;
      TelemetryDetection detection = new TelemetryDetection(stores, ingest, sightings, feedback, "parley");
      AtomicLong shown = new AtomicLong();
      TelemetryDetection.Result result;
      long duplicates;
      long leftOut;
      // the file's name as given tells a Zeek JSON log without _path (a link named conn.log), its real path seeds the ids
      try (AutoCloseable runOverSource = command.store ? holdSource(detection, source, err) : null;
          TelemetryReader reader = format.open(command.openTelemetry(), source, command.telemetry)) {
        result = detection.run(reader, source, tlp, set, matcher, command.store, bad -> {
          if (shown.incrementAndGet() <= REPORTED) err.println("parley: " + command.telemetry + ":" + bad.line() + ": " + bad.reason());
        });
        duplicates = reader.duplicates();
        leftOut = reader.droppedValues();
      } catch (IOException | UncheckedIOException e) {
        throw new CommandFailure(ExitCodes.INVALID, "cannot read " + command.telemetry + ": " + e.getMessage());
      } catch (CommandFailure e) {
        throw e;
      } catch (Exception e) {
        throw new CommandFailure(ExitCodes.INVALID, "cannot run over " + command.telemetry + ": " + e.getMessage());
      }
      if (result.malformed() > REPORTED) err.println("parley: ... and " + (result.malformed() - REPORTED) + " more malformed lines");
      // the bundle resolves what its sightings name: the node's identity with their observed-data and SCOs (hostile run 12aq D1)
      List<ObjectNode> written = new ArrayList<>(result.objects().size() + 1);
      written.add(detection.identity());
      written.addAll(result.objects());
      command.write(written);
      long end = System.nanoTime();
      IndicatorSet.Counts ic = set.counts();
      err.printf("records read: %d, malformed: %d, repeated: %d; indicators active: %d, skipped: %d (other pattern types: %d, invalid: %d,"
              + " REPEATS too large to count: %d, over their source's automaton states: %d), revoked: %d, older versions: %d; sightings: %d%s; time: %.1f ms (compiling indicators: %.1f ms)%s%n",
          result.records(), result.malformed(), result.repeated(), ic.active(), ic.skipped(), ic.otherPatternType(), ic.invalid(),
          ic.uncountable(), ic.oversized(), ic.revoked(), ic.superseded(), result.sightings().size(),
          command.store ? String.format(" (objects stored or already held: %d, refused: %d)", result.stored(), result.refused()) : "",
          (end - start) / 1e6, (compiled - start) / 1e6, DetectCommand.duplicatesRead(duplicates) + DetectCommand.valuesLeftOut(leftOut));
      DetectCommand.reportDropped(err, result.dropped(), result.droppedByIndicator());
      DetectCommand.reportCutShort(err, result.cutShortByIndicator());
      if (result.refused() > 0) throw new CommandFailure(ExitCodes.INVALID, result.refused() + " sighting objects were refused by the store");
    }
    return ExitCodes.OK;
  }
}
