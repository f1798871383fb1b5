package dev.parley.ingest.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.detect.Indicator;
import dev.parley.ingest.Incoming;
import dev.parley.ingest.Ingest;
import dev.parley.ingest.IngestListener;
import dev.parley.ingest.Load;
import dev.parley.ingest.LoadOptions;
import dev.parley.ingest.Refusal;
import dev.parley.pattern.match.Match;
import dev.parley.pattern.observe.Observation;
import dev.parley.stix.Json;
import dev.parley.store.StoreConfig;
import dev.parley.store.Stores;
import dev.parley.store.collections.Collection;
import dev.parley.store.objects.ConflictPolicy;
import dev.parley.store.objects.WriteHook;
import dev.parley.store.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Live indicators whose merges run on their own thread (every merge of more than one indicator,
 * here): indicators added and revoked batch by batch, each snapshot after a refresh matching
 * exactly the indicators active then, whatever merge runs meanwhile (issue 12, "within 1 s of the
 * change": a merge no longer holds back a change).
 */
class LiveIndicatorsMergeTest {
  private static final String ADDRESS = "198.51.100.7";
  private Stores stores;
  private Ingest ingest;
  private UUID collection;

  @BeforeEach
  void open() {
    stores = Stores.open(StoreConfig.defaults().withDatabase(TestDatabases.url(),
        "live_merge_" + ProcessHandle.current().pid() + "_" + System.nanoTime()), WriteHook.NONE);
    collection = UUID.randomUUID();
    stores.collections().create(new Collection(collection, "api1", "Indicators", null, "indicators"));
    ingest = new Ingest(stores);
  }

  @AfterEach
  void close() {
    ingest.close();
    stores.close();
  }

  @Test
  void refresh_addsAndRevocationsWhileMergesRun_snapshotMatchesTheActiveSet() throws Exception {
    Random r = new Random(12);
    Set<String> active = new HashSet<>();
    List<String> ids = new ArrayList<>();
    ObjectNode address = Json.mapper().createObjectNode().put("type", "ipv4-addr").put("value", ADDRESS);
    Instant t = Instant.parse("2026-06-01T00:00:00Z");
    Observation hit = new Observation("observed-data--" + UUID.randomUUID(), t, t, 1, Map.of("0", address), List.of(address));
    try (LiveIndicators live = new LiveIndicators(stores, List.of(collection), Duration.ofMillis(10), 1)) {
      for (int round = 0; round < 30; round++) {
        List<String> batch = new ArrayList<>();
        for (int i = 0, n = 1 + r.nextInt(6); i < n; i++) {
          String id = String.format("indicator--%08x-0000-4000-8000-%012x", round, i);
          batch.add(indicator(id, "2026-01-01T00:00:00.000Z", ""));
          ids.add(id);
          active.add(id);
        }
        if (round % 3 == 2) { // a new version that revokes one held before
          String id = ids.get(r.nextInt(ids.size()));
          if (active.remove(id)) batch.add(indicator(id, "2026-01-0" + (1 + round % 9) + "T00:00:01.000Z", ",\"revoked\":true"));
        }
        store(batch);
        live.awaitRefresh();
        LiveIndicators.Snapshot now = live.current();
        assertThat(matched(now, hit)).as("round %d", round).isEqualTo(new TreeSet<>(active));
        for (String id : ids) {
          Indicator i = now.byId().get(id);
          assertThat(i != null).as("round %d: %s by id", round, id).isEqualTo(active.contains(id));
        }
      }
      // the merging thread catches up: few segments, the same indicators
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (live.current().matcher().segmentCount() > 12 && System.nanoTime() < until) Thread.sleep(20);
      assertThat(live.current().matcher().segmentCount()).isLessThanOrEqualTo(12);
      assertThat(matched(live.current(), hit)).isEqualTo(new TreeSet<>(active));
    }
  }

  private static Set<String> matched(LiveIndicators.Snapshot snapshot, Observation o) {
    Set<String> ids = new TreeSet<>();
    for (Match m : snapshot.matcher().match(o)) ids.add(m.patternId());
    return ids;
  }

  private static String indicator(String id, String modified, String extra) {
    return "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"created\":\"2026-01-01T00:00:00.000Z\","
        + "\"modified\":\"" + modified + "\",\"pattern\":\"[ipv4-addr:value = '" + ADDRESS + "']\",\"pattern_type\":\"stix\","
        + "\"valid_from\":\"2026-01-01T00:00:00Z\"" + extra + "}";
  }

  private void store(List<String> objects) throws Exception {
    List<Incoming> items = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) items.add(new Incoming.Parsed(i, Json.mapper().readTree(objects.get(i)), null));
    List<Refusal> refused = new ArrayList<>();
    try (Load load = ingest.begin(collection, LoadOptions.batches(100, ConflictPolicy.KEEP), new IngestListener() {
      @Override
      public void refused(Refusal refusal) {
        refused.add(refusal);
      }
    })) {
      load.submit(items);
      load.finish();
    }
    assertThat(refused).isEmpty();
  }
}
