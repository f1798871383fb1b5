package dev.parley.ingest.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.detect.Detector;
import dev.parley.detect.IndicatorSet;
import dev.parley.detect.Sighting;
import dev.parley.detect.telemetry.TelemetryFormat;
import dev.parley.detect.telemetry.TelemetryReader;
import dev.parley.ingest.Ingest;
import dev.parley.pattern.match.MatcherSnapshot;
import dev.parley.policy.Tlp;
import dev.parley.stix.Json;
import dev.parley.store.StoreConfig;
import dev.parley.store.Stores;
import dev.parley.store.detect.DetectionStore;
import dev.parley.store.objects.ObjectQuery;
import dev.parley.store.objects.ObjectRow;
import dev.parley.store.objects.VersionFilter;
import dev.parley.store.objects.WriteHook;
import dev.parley.store.testing.TestDatabases;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sightings one owner's indicators write in a node are bounded by a budget per owner (issue 12,
 * hostile run 12j: a peer's 1,000 indicators matching anything made every request of 70 bytes write
 * 2,003 objects). Past it, sightings are held and merged, never lost: every hit is counted once, in
 * some sighting, and the records counted are remembered; another owner's budget is its own.
 */
class SightingBudgetTest {
  private static final int PEER = 7;
  private static final int OTHER_PEER = 8;
  private Stores stores;
  private Ingest ingest;
  private UUID sightings;

  @BeforeEach
  void open() {
    stores = Stores.open(StoreConfig.defaults().withDatabase(TestDatabases.url(),
        "sighting_budget_" + ProcessHandle.current().pid() + "_" + System.nanoTime()), WriteHook.NONE);
    ingest = new Ingest(stores);
    sightings = SightingsCollection.ensure(stores, "api1").id();
  }

  @AfterEach
  void close() {
    ingest.close();
    stores.close();
  }

  private static ObjectNode indicator(String id, String pattern) throws Exception {
    return (ObjectNode) Json.mapper().readTree("{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\","
        + "\"created\":\"2026-01-01T00:00:00.000Z\",\"modified\":\"2026-01-01T00:00:00.000Z\",\"pattern\":\"" + pattern + "\","
        + "\"pattern_type\":\"stix\",\"valid_from\":\"2026-01-01T00:00:00Z\"}");
  }

  /** One EVE flow to 198.51.100.7 from port {@code port}: a record of its own. */
  private static String flow(int port) {
    return "{\"timestamp\":\"2026-06-01T10:00:00.000000+0000\",\"event_type\":\"flow\",\"src_ip\":\"10.0.0.5\",\"src_port\":" + port
        + ",\"dest_ip\":\"198.51.100.7\",\"dest_port\":443,\"proto\":\"TCP\"}\n";
  }

  private TelemetryDetection.Result run(TelemetryDetection d, IndicatorSet set, MatcherSnapshot m, String source, String lines)
      throws Exception {
    return run(d, set, m, source, lines, Tlp.AMBER);
  }

  private TelemetryDetection.Result run(TelemetryDetection d, IndicatorSet set, MatcherSnapshot m, String source, String lines, Tlp tlp)
      throws Exception {
    try (TelemetryReader reader = TelemetryFormat.EVE.open(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)), source)) {
      return d.run(reader, source, tlp, set, m, true, bad -> {
        throw new AssertionError(bad.reason());
      });
    }
  }

  /** A detection over this test's store whose owners may write {@code burst} sightings at once and {@code perSecond} after. */
  private TelemetryDetection budgeted(int burst, double perSecond) {
    return new TelemetryDetection(stores, ingest, sightings, "test").budgeted(burst, perSecond);
  }

  /** The peer's one indicator {@code id}, on the address every {@link #flow} goes to. */
  private static IndicatorSet onFlowTarget(String id) throws Exception {
    return new IndicatorSet.Builder().add(indicator(id, "[ipv4-addr:value = '198.51.100.7']"), PEER, Instant.parse("2026-01-02T00:00:00Z"))
        .build();
  }

  /** {@code n} indicators of the peer's that match nearly any record ({@code !=} one address each). */
  private static IndicatorSet.Builder broad(int n, Instant added) throws Exception {
    IndicatorSet.Builder b = new IndicatorSet.Builder();
    for (int i = 0; i < n; i++) b.add(indicator("indicator--" + UUID.randomUUID(), "[ipv4-addr:value != '192.0.2." + i + "']"), PEER, added);
    return b;
  }

  /** Each indicator's stored sightings: {count of sightings, sum of their counts}. */
  private Map<String, long[]> stored() throws Exception {
    Map<String, long[]> out = new HashMap<>();
    for (ObjectRow row : stores.objects().page(new ObjectQuery(sightings, 0, null, 100_000, List.of(), List.of("sighting"),
        VersionFilter.ALL, ObjectQuery.ANY_SPEC_VERSION, true)).rows()) {
      JsonNode s = Json.readTree(row.body());
      long[] c = out.computeIfAbsent(s.get("sighting_of_ref").asText(), k -> new long[2]);
      c[0]++;
      c[1] += s.get("count").asLong();
    }
    return out;
  }

  @Test
  void run_pastTheOwnersBudget_heldMergedAndWrittenLaterNothingLost() throws Exception {
    IndicatorSet.Builder b = new IndicatorSet.Builder();
    Instant added = Instant.parse("2026-01-02T00:00:00Z");
    String[] peers = new String[10];
    for (int i = 0; i < peers.length; i++) {
      peers[i] = "indicator--" + UUID.randomUUID();
      b.add(indicator(peers[i], "[ipv4-addr:value != '192.0.2." + i + "']"), PEER, added); // anything, nearly
    }
    String others = "indicator--" + UUID.randomUUID();
    b.add(indicator(others, "[ipv4-addr:value = '198.51.100.7']"), OTHER_PEER, added);
    IndicatorSet set = b.build();
    MatcherSnapshot m = Detector.compile(set.indicators());
    TelemetryDetection d = budgeted(4, 0.000_001);
    try {
      TelemetryDetection.Result first = run(d, set, m, "sensor", flow(1));
      assertThat(first.sightings()).hasSize(11);
      assertThat(first.held()).isEqualTo(6); // the peer's first 4 written; the other peer's one too
      for (int port = 2; port <= 20; port++) {
        TelemetryDetection.Result r = run(d, set, m, "sensor", flow(port));
        assertThat(r.sightings()).hasSize(11);
        assertThat(r.held()).isEqualTo(port <= 4 ? 10 : 11); // the other peer's budget of 4 is its own
      }
      TelemetryDetection.Result again = run(d, set, m, "sensor", flow(7)); // counted already, though held
      assertThat(again.repeated()).isEqualTo(1);
      assertThat(again.sightings()).isEmpty();
      Map<String, long[]> before = stored();
      assertThat(before.values().stream().mapToLong(c -> c[0]).sum()).isEqualTo(4 + 4); // 20 runs, 8 sightings
    } finally {
      d.close(); // writes what is held
    }
    Map<String, long[]> after = stored();
    for (String id : peers) assertThat(after.get(id)[1]).as(id).isEqualTo(20); // every hit counted once
    assertThat(after.get(others)[1]).isEqualTo(20);
    // at most one sighting each past the budget: what the held ones merged into
    assertThat(after.values().stream().mapToLong(c -> c[0]).sum()).isEqualTo(4 + 10 + 4 + 1);
    assertThat(stores.detection().counted("sensor", Instant.now())).hasSize(20 * 11);
  }

  /**
   * A node stopped hard (kill -9) while sightings were held for the budget writes them at its next
   * start as they were last saved (each second, the count alone once the examples are full): nothing
   * counted before the last save is lost, and its records are not counted again when sent again
   * (issue 12, "Idempotent").
   */
  @Test
  void run_heldThenStoppedHard_writtenAtTheNextStartAndNotCountedAgain() throws Exception {
    String id = "indicator--" + UUID.randomUUID();
    IndicatorSet set = onFlowTarget(id);
    MatcherSnapshot m = Detector.compile(set.indicators());
    TelemetryDetection d = budgeted(1, 0.000_001);
    StringBuilder all = new StringBuilder();
    for (int port = 1; port <= 15; port++) {
      run(d, set, m, "sensor", flow(port)); // the first written; the next 14 held, past the 10 examples a sighting keeps
      all.append(flow(port));
      if (port == 3) awaitSaved(2);
    }
    awaitSaved(14);
    d.stopHard();
    assertThat(stored().get(id)).containsExactly(1, 1);

    TelemetryDetection restarted = budgeted(1, 0.000_001);
    try {
      assertThat(stored().get(id)).containsExactly(2, 15);
      assertThat(stores.detection().held()).isEmpty();
      TelemetryDetection.Result again = run(restarted, set, m, "sensor", all.toString());
      assertThat(again.repeated()).isEqualTo(15);
      assertThat(again.sightings()).isEmpty();
    } finally {
      restarted.close();
    }
    assertThat(stored().get(id)).containsExactly(2, 15);
    for (ObjectRow row : stores.objects().page(new ObjectQuery(sightings, 0, null, 100, List.of(), List.of("sighting"),
        VersionFilter.ALL, ObjectQuery.ANY_SPEC_VERSION, true)).rows()) {
      JsonNode s = Json.readTree(row.body());
      assertThat(s.get("observed_data_refs")).hasSizeBetween(1, Detector.EXAMPLES);
      assertThat(s.get("first_seen").asText()).isEqualTo("2026-06-01T10:00:00Z");
    }
  }

  /**
   * A process stopped hard after a run recorded the keys of the records it counted and before it
   * stored their sightings: the next process that detects stores them, once, and the records sent
   * again are not counted again (issue 12, "Idempotent"). Stored before the keys, a stop between the
   * two counted the records again when they were sent again.
   */
  @Test
  void run_stoppedBetweenItsKeysAndItsSightings_theNextStartStoresThemOnceAndCountsNothingAgain() throws Exception {
    String id = "indicator--" + UUID.randomUUID();
    IndicatorSet set = onFlowTarget(id);
    MatcherSnapshot m = Detector.compile(set.indicators());
    String lines = flow(1) + flow(2) + flow(3);
    TelemetryDetection d = new TelemetryDetection(stores, ingest, sightings, "test");
    d.stopBeforeStoring();
    assertThat(run(d, set, m, "sensor", lines).sightings()).hasSize(1);
    assertThat(stored().get(id)).isNull();
    assertThat(stores.detection().unwrittenIds()).hasSize(1);

    TelemetryDetection restarted = new TelemetryDetection(stores, ingest, sightings, "test");
    assertThat(stored().get(id)).containsExactly(1, 3);
    assertThat(stores.detection().unwrittenIds()).isEmpty();
    TelemetryDetection.Result again = run(restarted, set, m, "sensor", lines + flow(4));
    assertThat(again.repeated()).isEqualTo(3);
    assertThat(again.sightings()).extracting(Sighting::count).containsExactly(1L);
    assertThat(stored().get(id)).containsExactly(2, 4);
    restarted.close();
    new TelemetryDetection(stores, ingest, sightings, "test").close();
    assertThat(stored().get(id)).containsExactly(2, 4);
  }

  /**
   * A held sighting that a release wrote, the node stopped before the release's record committed (its
   * row still held, unwritten): the next start finds it written, under the id both give it, and does
   * not write it again. The feedback copy's id is one per sighting, and tells nothing of it.
   */
  @Test
  void release_storedButItsRecordLost_notWrittenAgainAtTheNextStart() throws Exception {
    String id = "indicator--" + UUID.randomUUID();
    IndicatorSet set = onFlowTarget(id);
    MatcherSnapshot m = Detector.compile(set.indicators());
    TelemetryDetection d = budgeted(1, 0.000_001);
    for (int port = 1; port <= 4; port++) run(d, set, m, "sensor", flow(port)); // the first written; three held
    awaitSaved(3);
    UUID row = stores.detection().held().get(0).id();
    d.close(); // writes the held one, and records it written
    assertThat(stored().get(id)).containsExactly(2, 4);
    stores.db().withConnection(c -> {
      try (var s = c.prepareStatement("update detect_held set written = false where id = ?")) {
        s.setObject(1, row);
        return s.executeUpdate();
      }
    });
    assertThat(stores.detection().held()).extracting(DetectionStore.Held::id).containsExactly(row);

    budgeted(1, 0.000_001).close();
    assertThat(stored().get(id)).containsExactly(2, 4);
    assertThat(stores.detection().held()).isEmpty();

    String copy = TelemetryDetection.feedbackId("sighting--" + row);
    assertThat(TelemetryDetection.feedbackId("sighting--" + row)).isEqualTo(copy);
    assertThat(copy).doesNotContain(row.toString()).matches("sighting--[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  }

  /** Waits until the one held sighting is saved with {@code count}. */
  private void awaitSaved(long count) throws InterruptedException {
    long end = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < end) {
      List<DetectionStore.Held> held = stores.detection().held();
      if (held.size() == 1 && held.get(0).count() == count) return;
      Thread.sleep(50);
    }
    throw new AssertionError("not saved with count " + count + ": " + stores.detection().held());
  }

  /**
   * Held sightings merge only hits under one marking (hostile run 12l: green hits merged into a held
   * sighting that later red records made red, and so never reached the indicator's source as
   * feedback): every hit keeps the marking of its own telemetry.
   */
  @Test
  void run_pastTheBudget_greenAndRedHits_eachMarkingCountedApart() throws Exception {
    String id = "indicator--" + UUID.randomUUID();
    IndicatorSet set = onFlowTarget(id);
    MatcherSnapshot m = Detector.compile(set.indicators());
    TelemetryDetection d = budgeted(2, 0.000_001);
    try {
      for (int port = 1; port <= 6; port++) run(d, set, m, "sensor", flow(port), Tlp.GREEN);
      for (int port = 7; port <= 9; port++) run(d, set, m, "sensor", flow(port), Tlp.RED);
      run(d, set, m, "sensor", flow(10), Tlp.GREEN);
    } finally {
      d.close();
    }
    Map<String, Long> byMarking = new HashMap<>();
    for (ObjectRow row : stores.objects().page(new ObjectQuery(sightings, 0, null, 1_000, List.of(), List.of("sighting"),
        VersionFilter.ALL, ObjectQuery.ANY_SPEC_VERSION, true)).rows()) {
      JsonNode s = Json.readTree(row.body());
      String marking = s.get("object_marking_refs").get(0).asText();
      byMarking.merge(marking, s.get("count").asLong(), Long::sum);
    }
    assertThat(byMarking).containsOnly(Map.entry(Tlp.GREEN.tlp2Id(), 7L), Map.entry(Tlp.RED.tlp2Id(), 3L));
  }

  /** Held sightings are written as the budget refills, while the node runs, not only when it stops. */
  @Test
  void run_budgetRefills_heldWrittenWithoutAnotherRun() throws Exception {
    IndicatorSet.Builder b = new IndicatorSet.Builder();
    String[] ids = new String[3];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = "indicator--" + UUID.randomUUID();
      b.add(indicator(ids[i], "[ipv4-addr:value = '198.51.100.7']"), PEER, Instant.parse("2026-01-02T00:00:00Z"));
    }
    IndicatorSet set = b.build();
    TelemetryDetection d = budgeted(1, 20);
    try {
      assertThat(run(d, set, Detector.compile(set.indicators()), "sensor", flow(1)).held()).isEqualTo(2);
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (stored().size() < 3 && System.nanoTime() < deadline) Thread.sleep(50);
      assertThat(stored()).containsOnlyKeys(ids);
      for (String id : ids) assertThat(stored().get(id)).containsExactly(1, 1);
    } finally {
      d.close();
    }
  }

  /**
   * A record carried into a later run for an indicator of several observations completes its set
   * there, however many indicators of that owner it counted for in its own run (hostile run 12ad: a
   * FOLLOWEDBY completed by the next request was refused as a repeat through the record's key for
   * the group, once the record had matched 17 broad indicators of the same owner).
   */
  @Test
  void run_carriedRecordOfAGroupKeyedRun_completesItsSetInTheNextRun() throws Exception {
    Instant added = Instant.parse("2026-01-02T00:00:00Z");
    IndicatorSet.Builder b = broad(20, added);
    String followed = "indicator--" + UUID.randomUUID();
    b.add(indicator(followed, "[ipv4-addr:value = '198.51.100.7'] FOLLOWEDBY [ipv4-addr:value = '198.51.100.9']"), PEER, added);
    IndicatorSet set = b.build();
    MatcherSnapshot m = Detector.compile(set.indicators());
    TelemetryDetection d = budgeted(10_000, 100);
    try {
      assertThat(run(d, set, m, "sensor", flow(1)).sightings()).hasSize(20);
      String second = flow(2).replace("198.51.100.7", "198.51.100.9").replace("10:00:00", "10:00:05");
      TelemetryDetection.Result next = run(d, set, m, "sensor", second);
      assertThat(next.repeated()).isZero();
      assertThat(next.sightings()).filteredOn(s -> s.indicator().id().equals(followed)).singleElement()
          .satisfies(s -> assertThat(s.count()).isEqualTo(1));
      // both records sent again: repeats for every indicator, the FOLLOWEDBY's too
      TelemetryDetection.Result again = run(d, set, m, "sensor", flow(1) + second);
      assertThat(again.sightings()).isEmpty();
    } finally {
      d.close();
    }
  }

  /**
   * A record that counts for more than 16 indicators of one group keeps one key for the group, not
   * one per indicator (hostile run 12k: a peer's 4,500 indicators that matched anything kept a
   * megabyte of database a record for a day); sent again, it is a repeat for every indicator of the
   * group, one that arrived since included, and for another group's as before.
   */
  @Test
  void run_recordMatchingManyOfOneGroup_oneKeyForTheGroup() throws Exception {
    Instant added = Instant.parse("2026-01-02T00:00:00Z");
    IndicatorSet.Builder b = broad(40, added);
    String others = "indicator--" + UUID.randomUUID();
    b.add(indicator(others, "[ipv4-addr:value = '198.51.100.7']"), OTHER_PEER, added);
    IndicatorSet set = b.build();
    TelemetryDetection d = budgeted(10_000, 100);
    try {
      assertThat(run(d, set, Detector.compile(set.indicators()), "sensor", flow(1)).sightings()).hasSize(41);
      assertThat(stores.detection().counted("sensor", Instant.now())).hasSize(2); // one for the peer's 40, one for the other's
      TelemetryDetection.Result again = run(d, set, Detector.compile(set.indicators()), "sensor", flow(1));
      assertThat(again.repeated()).isEqualTo(1);
      assertThat(again.sightings()).isEmpty();
      // a new indicator of the same peer: the record counted for the group is a repeat for it too
      b.add(indicator("indicator--" + UUID.randomUUID(), "[ipv4-addr:value = '198.51.100.7']"), PEER, added);
      IndicatorSet more = b.build();
      assertThat(run(d, more, Detector.compile(more.indicators()), "sensor", flow(1)).sightings()).isEmpty();
      assertThat(run(d, more, Detector.compile(more.indicators()), "sensor", flow(2)).sightings()).hasSize(42);
    } finally {
      d.close();
    }
  }
}
