package dev.parley.bench.detect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bench.load.Machine;
import dev.parley.detect.Detector;
import dev.parley.detect.IndicatorSet;
import dev.parley.detect.telemetry.TelemetryFormat;
import dev.parley.detect.telemetry.TelemetryReader;
import dev.parley.ingest.Ingest;
import dev.parley.ingest.detect.SightingsCollection;
import dev.parley.ingest.detect.TelemetryDetection;
import dev.parley.pattern.match.MatcherSnapshot;
import dev.parley.policy.Tlp;
import dev.parley.stix.Json;
import dev.parley.store.StoreConfig;
import dev.parley.store.Stores;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.UUID;

/**
 * A peer's indicators that match anything (issue 12, hostile run 12j): I indicators of one peer,
 * each {@code [ipv4-addr:value != ...]}, and R runs of one EVE record each from one source, one
 * after the other, as a sensor's requests of one record would be, in a database no node serves.
 * Twice, each in a fresh database: with the node's budget of sightings per owner
 * ({@link TelemetryDetection#budgeted}) and without (every run writes a sighting per indicator). For
 * each: runs per second, and the objects the sightings collection holds after the runs and after
 * close (which writes what is held); the sum of the sightings' counts, which must be I × R in both;
 * and the keys of counted records the node keeps for a day (one per record and indicator, or one per
 * record and group past {@code TelemetryDetection.KEYS_PER_GROUP}).
 *
 * <pre>
 * java -XX:+UseParallelGC -Xmx2g -cp bench/target/benchmarks.jar dev.parley.bench.detect.SightingBudgetLoad [indicators] [runs]
 * </pre>
 */
public final class SightingBudgetLoad {
  public static void main(String[] args) throws Exception {
    int indicators = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    System.out.println(Machine.describe());
    for (boolean budgeted : new boolean[] {false, true}) run(indicators, runs, budgeted);
  }

  private static void run(int indicators, int runs, boolean budgeted) throws Exception {
    Path data = Files.createTempDirectory("parley-sighting-budget");
    try (Stores stores = Stores.open(StoreConfig.defaults().withDataDir(data)); Ingest ingest = new Ingest(stores)) {
      UUID sightings = SightingsCollection.ensure(stores, "api1").id();
      IndicatorSet.Builder b = new IndicatorSet.Builder();
      Instant added = Instant.parse("2026-01-02T00:00:00Z");
      for (int i = 0; i < indicators; i++) {
        b.add((ObjectNode) Json.mapper().readTree("{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--" + UUID.randomUUID()
            + "\",\"created\":\"2026-01-01T00:00:00.000Z\",\"modified\":\"2026-01-01T00:00:00.000Z\",\"pattern\":\"[ipv4-addr:value != '192.0."
            + (i >> 8) + "." + (i & 255) + "']\",\"pattern_type\":\"stix\",\"valid_from\":\"2026-01-01T00:00:00Z\"}"), 7, added);
      }
      IndicatorSet set = b.build();
      MatcherSnapshot matcher = Detector.compile(set.indicators());
      TelemetryDetection detection = new TelemetryDetection(stores, ingest, sightings, "bench");
      if (budgeted) detection.budgeted();
      long sighted = 0;
      long t0 = System.nanoTime();
      try {
        for (int r = 0; r < runs; r++) {
          String line = "{\"timestamp\":\"2026-06-01T10:00:00.000000+0000\",\"event_type\":\"flow\",\"src_ip\":\"10.0.0.5\",\"src_port\":"
              + (1024 + r) + ",\"dest_ip\":\"198.51.100.7\",\"dest_port\":443,\"proto\":\"TCP\"}\n";
          try (TelemetryReader reader = TelemetryFormat.EVE.open(new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)), "sensor")) {
            sighted += detection.run(reader, "sensor", Tlp.AMBER, set, matcher, true, bad -> {}).sightings().size();
          }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long[] during = held(stores, sightings);
        System.out.printf("%s: %,d runs of one record against %,d indicators in %.1f s = %.1f runs/s; %,d sightings found;"
            + " stored after the runs: %,d objects (%,d sightings)%n", budgeted ? "budgeted" : "unbudgeted", runs, indicators, seconds,
            runs / seconds, sighted, during[0], during[1]);
      } finally {
        detection.close();
      }
      long[] after = held(stores, sightings);
      System.out.printf("  after close: %,d objects (%,d sightings), counts summed %,d (expected %,d); records' keys kept: %,d%n", after[0],
          after[1], after[2], (long) indicators * runs, after[3]);
    }
  }

  /** {objects, sightings, the sightings' counts summed} in the collection, and the keys of counted records kept. */
  private static long[] held(Stores stores, UUID collection) {
    return stores.db().withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select count(*), count(*) filter (where m.type = 'sighting'),"
          + " coalesce(sum((v.body::jsonb ->> 'count')::bigint) filter (where m.type = 'sighting'), 0)"
          + " from collection_object m join object_version v on v.pk = m.object_pk where m.collection_id = ?")) {
        s.setObject(1, collection);
        long[] out = new long[4];
        try (ResultSet r = s.executeQuery()) {
          r.next();
          out[0] = r.getLong(1);
          out[1] = r.getLong(2);
          out[2] = r.getLong(3);
        }
        try (PreparedStatement k = c.prepareStatement("select coalesce((select sum(keys) from detect_counted_run), 0) + (select count(*) from detect_counted)"); ResultSet r = k.executeQuery()) {
          r.next();
          out[3] = r.getLong(1);
        }
        return out;
      }
    });
  }
}
