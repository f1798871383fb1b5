package dev.parley.ingest.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.detect.Detector;
import dev.parley.detect.IndicatorSet;
import dev.parley.detect.telemetry.TelemetryFormat;
import dev.parley.detect.telemetry.TelemetryReader;
import dev.parley.ingest.Ingest;
import dev.parley.policy.Tlp;
import dev.parley.stix.Json;
import dev.parley.store.StoreConfig;
import dev.parley.store.Stores;
import dev.parley.store.collections.Collection;
import dev.parley.store.egress.Feedbacks;
import dev.parley.store.objects.AddMode;
import dev.parley.store.objects.ConflictPolicy;
import dev.parley.store.objects.NewObject;
import dev.parley.store.objects.ObjectQuery;
import dev.parley.store.objects.VersionFilter;
import dev.parley.store.objects.WriteHook;
import dev.parley.store.testing.TestDatabases;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Feedback goes to an indicator's owner only when detection matched the owner's version (issue 12;
 * AGREEMENT-FORMAT.md, {@code feedback}: "detection must follow its versions"). Peer C owns an id
 * (its version arrived first); peer A sends a later version of the same id, re-patterned to a host of
 * this node's network, into another collection. Detection that follows only A's collection matches
 * A's pattern: its sighting stays here, and C is told nothing (hostile run 12ao D1: C was told its
 * indicator hit five times). Detection that follows C's collection matches C's version, and its
 * sighting is C's feedback.
 */
class FeedbackOwnerTest {
  private Stores stores;
  private Ingest ingest;

  @BeforeEach
  void open() {
    stores = Stores.open(StoreConfig.defaults().withDatabase(TestDatabases.url(),
        "feedback_owner_" + ProcessHandle.current().pid() + "_" + System.nanoTime()), WriteHook.NONE);
    ingest = new Ingest(stores);
  }

  @AfterEach
  void close() {
    ingest.close();
    stores.close();
  }

  private UUID collection(String alias) {
    UUID id = UUID.randomUUID();
    stores.collections().create(new Collection(id, "api1", alias, null, alias));
    return id;
  }

  private int peer(String name) {
    stores.peers().put(name, "http://127.0.0.1:1/api1/", null, null, stores.accounts());
    return stores.peers().find(name).orElseThrow().id();
  }

  private static NewObject indicator(String id, String modified, String address) throws Exception {
    return NewObject.of((ObjectNode) Json.mapper().readTree("{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\","
        + "\"created\":\"2026-01-01T00:00:00.000Z\",\"modified\":\"" + modified + "\",\"pattern\":\"[ipv4-addr:value = '" + address
        + "']\",\"pattern_type\":\"stix\",\"valid_from\":\"2026-01-01T00:00:00Z\"}"));
  }

  /** Runs detection over the indicators of {@code followed} on one EVE flow to {@code address}; returns the sightings found. */
  private int detect(UUID followed, String address, String source) throws Exception {
    CollectionIndicators read = new CollectionIndicators(stores, List.of(followed));
    read.refresh();
    IndicatorSet set = read.indicators();
    UUID sightings = SightingsCollection.ensure(stores, "api1").id();
    UUID feedback = SightingsCollection.ensureFeedback(stores, "api1").id();
    TelemetryDetection d = new TelemetryDetection(stores, ingest, sightings, feedback, "test");
    String flow = "{\"timestamp\":\"2026-06-01T10:00:00.000000+0000\",\"event_type\":\"flow\",\"src_ip\":\"10.0.0.5\",\"src_port\":4000,"
        + "\"dest_ip\":\"" + address + "\",\"dest_port\":443,\"proto\":\"TCP\"}\n";
    try (TelemetryReader reader = TelemetryFormat.EVE.open(new ByteArrayInputStream(flow.getBytes(StandardCharsets.UTF_8)), source)) {
      return d.run(reader, source, Tlp.GREEN, set, Detector.compile(set.indicators()), true, bad -> { }).sightings().size();
    } finally {
      d.close();
    }
  }

  /** The ids the sightings in the feedback collection are of. */
  private List<String> fedBack() throws Exception {
    UUID feedback = stores.collections().resolve(Feedbacks.ALIAS).orElseThrow().id();
    List<String> out = new ArrayList<>();
    for (var row : stores.objects().page(new ObjectQuery(feedback, 0, null, 100, List.of(), List.of("sighting"), VersionFilter.ALL,
        ObjectQuery.ANY_SPEC_VERSION, true)).rows()) {
      out.add(Json.readTree(row.body()).get("sighting_of_ref").asText());
    }
    return out;
  }

  @Test
  void feedback_detectionMatchedAnotherPeersVersionOfTheId_nothingGoesToTheOwner() throws Exception {
    int owner = peer("owner-" + UUID.randomUUID().toString().substring(0, 6));
    int intruder = peer("intruder-" + UUID.randomUUID().toString().substring(0, 6));
    UUID ownersCollection = collection("from-owner");
    UUID intrudersCollection = collection("from-intruder");
    String id = "indicator--" + UUID.randomUUID();
    stores.objects().add(ownersCollection, List.of(indicator(id, "2026-01-01T00:00:00.000Z", "198.51.100.9")),
        new AddMode(ConflictPolicy.KEEP, owner));
    stores.objects().add(intrudersCollection, List.of(indicator(id, "2026-02-01T00:00:00.000Z", "10.6.6.6")),
        new AddMode(ConflictPolicy.KEEP, intruder));

    assertThat(detect(intrudersCollection, "10.6.6.6", "sensor-1")).as("the intruder's pattern matched").isEqualTo(1);
    assertThat(fedBack()).doesNotContain(id);

    assertThat(detect(ownersCollection, "198.51.100.9", "sensor-2")).as("the owner's pattern matched").isEqualTo(1);
    assertThat(fedBack()).containsExactly(id);
  }
}
