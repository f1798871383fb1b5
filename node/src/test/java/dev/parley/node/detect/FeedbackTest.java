package dev.parley.node.detect;

import static dev.parley.node.TestNode.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.detect.IndicatorSet;
import dev.parley.node.TestNode;
import dev.parley.policy.Tlp;
import dev.parley.policy.agreement.Agreement;
import dev.parley.policy.agreement.Parsed;
import dev.parley.store.Stores;
import dev.parley.store.accounts.Right;
import dev.parley.store.egress.Feedbacks;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: sightings "where the indicator came from a peer whose agreement lists sightings as
 * feedback, pushed back to that peer — the source learns that its indicator hit, under the agreed
 * rules, and nothing else about the receiver's network leaves".
 */
class FeedbackTest {
  private final UUID shared = newCollection();
  private final String ip = "100." + (64 + ThreadLocalRandom.current().nextInt(64)) + "." + ThreadLocalRandom.current().nextInt(256)
      + "." + (1 + ThreadLocalRandom.current().nextInt(254));

  /** A peer that shares and accepts {@code shared}, with or without feedback; returns its Basic header. */
  private String peer(boolean feedback) {
    Stores stores = TestNode.get().stores();
    String name = "peer-" + UUID.randomUUID().toString().substring(0, 8);
    String token = stores.peers().put(name, "http://127.0.0.1:1/api1/", null, null, stores.accounts()).accountToken();
    Parsed p = Agreement.parse("{\"share\":[{\"collection\":\"" + shared + "\",\"max_tlp\":\"amber\"}],\"accept\":[{\"collection\":\""
        + shared + "\"}]" + (feedback ? ",\"feedback\":[\"sighting\"]" : "") + "}", Optional::of);
    stores.agreements().install(name, ((Parsed.Valid) p).agreement(), stores.log().appender());
    return basic(name, token);
  }

  private String indicator(String id) {
    return "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"created\":\"2016-01-01T00:00:00.000Z\","
        + "\"modified\":\"2016-01-01T00:00:00.000Z\",\"pattern\":\"[ipv4-addr:value = '" + ip + "']\",\"pattern_type\":\"stix\","
        + "\"valid_from\":\"2016-01-01T00:00:00Z\"}";
  }

  private String indicator(String id, String modified, String address) {
    return indicator(id).replace("2016-01-01T00:00:00.000Z", modified).replace(ip, address);
  }

  /** Posts one EVE flow to {@link #ip} as an account that posts telemetry and reads the sightings. */
  private Reply postFlowToIp() {
    String name = "t" + UUID.randomUUID().toString().substring(0, 8);
    String telemetry = basic(name, get().stores().accounts().create(name, false,
        Map.of(get().detection().sightingsCollection().toString(), new Right(true, false)), true));
    String flow = "{\"timestamp\":\"2025-11-30T10:00:00.000000+0000\",\"event_type\":\"flow\",\"src_ip\":\"10.9.9.9\",\"src_port\":1,"
        + "\"dest_ip\":\"" + ip + "\",\"dest_port\":443,\"proto\":\"TCP\",\"flow\":{\"start\":\"2025-11-30T10:00:00.000000+0000\"}}\n";
    return send(HttpRequest.newBuilder(uri("/telemetry?format=eve")).header("Content-Type", "application/x-ndjson")
        .header("Authorization", telemetry).POST(HttpRequest.BodyPublishers.ofString(flow)));
  }

  private void add(String auth, String object) {
    Reply r = post("/api1/collections/" + shared + "/objects/", auth, envelope(object));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(202);
  }

  /** Waits until the collection holds a version of {@code id}, as the administrator reads it. */
  private void awaitStored(String id) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      if (TestNode.get("/api1/collections/" + shared + "/objects/" + id + "/", admin()).status() == 200) return;
      Thread.sleep(25);
    }
    throw new AssertionError(id + " was not stored within 5 s");
  }

  private static List<JsonNode> objects(Reply r) {
    List<JsonNode> out = new ArrayList<>();
    if (r.status() == 200 && r.json().has("objects")) r.json().get("objects").forEach(out::add);
    return out;
  }

  @Test
  void feedback_sightingOfAPeersIndicator_readByThatPeerOnlyWithoutObservedData() throws Exception {
    String source = peer(true);
    String other = peer(false);
    String fromPeer = newId("indicator");
    String local = newId("indicator");
    add(source, indicator(fromPeer));
    add(admin(), indicator(local));
    TestNode.get().detection().indicators().awaitRefresh();
    // the peer's indicator is the peer's: its MATCHES and LIKE searches spend that peer's budget (Detector.owners)
    var detecting = TestNode.get().detection().indicators().current().byId();
    assertThat(detecting.get(fromPeer).owner()).isPositive();
    assertThat(detecting.get(local).owner()).isEqualTo(IndicatorSet.Builder.LOCAL);

    Reply posted = postFlowToIp();
    assertThat(posted.json().get("sightings").asInt()).isGreaterThanOrEqualTo(2);
    TestNode.get().stores().publisher().publishAll();

    UUID feedback = get().stores().collections().resolve(Feedbacks.ALIAS).orElseThrow().id();
    String path = "/api1/collections/" + feedback + "/objects/";
    List<JsonNode> read = objects(TestNode.get(path, source));
    List<JsonNode> sightings = read.stream().filter(o -> o.get("type").asText().equals("sighting")).toList();
    assertThat(sightings).singleElement().satisfies(s -> {
      assertThat(s.get("sighting_of_ref").asText()).isEqualTo(fromPeer);
      assertThat(s.get("count").asInt()).isEqualTo(1);
      assertThat(s.has("observed_data_refs")).isFalse();
    });
    assertThat(read).allSatisfy(o -> assertThat(o.get("type").asText()).isIn("sighting", "identity"));

    // the peer without feedback, and the source itself elsewhere, read nothing of it
    assertThat(objects(TestNode.get(path, other))).isEmpty();
    assertThat(TestNode.get(path, other).status()).isEqualTo(404);
    UUID all = get().stores().collections().resolve("sightings").orElseThrow().id();
    assertThat(TestNode.get("/api1/collections/" + all + "/objects/", source).status()).isEqualTo(404);
  }

  /**
   * Feedback is this node's own detection: what another peer wrote into the feedback collection (an
   * agreement that accepts it, which the command line now refuses but the store can hold), a forged
   * sighting of the source's indicator and an identity, never reaches the source (a hostile run saw
   * it read the forgery as this node's report, past the writer's relay false).
   */
  @Test
  void feedback_writtenThereByAnotherPeer_neverServed() throws Exception {
    String source = peer(true);
    String fromPeer = newId("indicator");
    add(source, indicator(fromPeer));
    TestNode.get().detection().indicators().awaitRefresh();
    assertThat(postFlowToIp().json().get("sightings").asInt()).isGreaterThanOrEqualTo(1);

    UUID feedback = get().stores().collections().resolve(Feedbacks.ALIAS).orElseThrow().id();
    Stores stores = TestNode.get().stores();
    String forger = "peer-" + UUID.randomUUID().toString().substring(0, 8);
    String forgerToken = stores.peers().put(forger, "http://127.0.0.1:1/api1/", null, null, stores.accounts()).accountToken();
    Parsed p = Agreement.parse("{\"accept\":[{\"collection\":\"" + feedback + "\"}]}", Optional::of);
    stores.agreements().install(forger, ((Parsed.Valid) p).agreement(), stores.log().appender());
    String identity = newId("identity");
    String forged = newId("sighting");
    Reply r = post("/api1/collections/" + feedback + "/objects/", basic(forger, forgerToken), envelope(
        "{\"type\":\"identity\",\"spec_version\":\"2.1\",\"id\":\"" + identity + "\",\"created\":\"2020-01-01T00:00:00.000Z\","
            + "\"modified\":\"2020-01-01T00:00:00.000Z\",\"name\":\"forged\"}",
        "{\"type\":\"sighting\",\"spec_version\":\"2.1\",\"id\":\"" + forged + "\",\"created\":\"2020-01-01T00:00:00.000Z\","
            + "\"modified\":\"2020-01-01T00:00:00.000Z\",\"sighting_of_ref\":\"" + fromPeer + "\",\"count\":999,"
            + "\"object_marking_refs\":[\"" + Tlp.GREEN.tlp2Id() + "\"]}"));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(202);
    // a write-only account's status reads as created; the objects are stored behind it
    for (int i = 0; i < 100 && TestNode.get("/api1/collections/" + feedback + "/objects/" + forged + "/", admin()).status() != 200; i++) {
      Thread.sleep(100);
    }
    assertThat(TestNode.get("/api1/collections/" + feedback + "/objects/" + forged + "/", admin()).status()).isEqualTo(200);
    stores.publisher().publishAll();

    List<JsonNode> read = objects(TestNode.get("/api1/collections/" + feedback + "/objects/", source));
    assertThat(read).extracting(o -> o.get("id").asText()).doesNotContain(forged, identity);
    assertThat(read).anySatisfy(o -> assertThat(o.path("sighting_of_ref").asText("")).isEqualTo(fromPeer));
  }

  /**
   * A peer that sends an older version of an indicator the node holds in a newer version of its own
   * learns nothing of the newer one's hits: detection matched the node's version, not the peer's
   * (found by an independent run: feedback looked only for some version of the id from the peer).
   */
  @Test
  void feedback_peerSentOnlyAnOlderVersion_itsSightingStaysHere() throws Exception {
    peerSentAnotherVersion_localOneDetectsAndNothingGoesBack("2019-01-01T00:00:00.000Z");
  }

  /** An equal modified from the peer does not take over the local indicator (the last read won a tie). */
  @Test
  void feedback_peerSentAnEqualVersion_localOneStillDetects_nothingGoesBack() throws Exception {
    peerSentAnotherVersion_localOneDetectsAndNothingGoesBack("2026-06-01T00:00:00.000Z");
  }

  /** Nor does a later modified: a peer does not version this node's indicators. */
  @Test
  void feedback_peerSentANewerVersion_localOneStillDetects_nothingGoesBack() throws Exception {
    peerSentAnotherVersion_localOneDetectsAndNothingGoesBack("2026-07-01T00:00:00.000Z");
  }

  private void peerSentAnotherVersion_localOneDetectsAndNothingGoesBack(String peersModified) throws Exception {
    String source = peer(true);
    String id = newId("indicator");
    add(admin(), indicator(id, "2026-06-01T00:00:00.000Z", ip));
    add(source, indicator(id, peersModified, "192.0.2.251"));
    TestNode.get().detection().indicators().awaitRefresh();

    Reply posted = postFlowToIp();
    assertThat(posted.json().get("sightings").asInt()).isEqualTo(1);
    TestNode.get().stores().publisher().publishAll();

    UUID feedback = get().stores().collections().resolve(Feedbacks.ALIAS).orElseThrow().id();
    List<JsonNode> read = objects(TestNode.get("/api1/collections/" + feedback + "/objects/", source));
    assertThat(read).noneMatch(o -> o.get("type").asText().equals("sighting") && o.get("sighting_of_ref").asText().equals(id));
    // nor does the feedback collection hold a copy of it: it holds sightings of peers' own indicators only (a hostile run
    // found this node's own there, kept back from the peer by the publisher alone)
    List<JsonNode> held = objects(TestNode.get("/api1/collections/" + feedback + "/objects/?match[type]=sighting", admin()));
    assertThat(held).noneMatch(o -> o.get("sighting_of_ref").asText().equals(id));
  }

  /**
   * A peer that sends a newer version of an indicator another peer sent first takes over nothing:
   * detection keeps the first peer's pattern, and its sightings go back to it alone (found by a
   * hostile run: the newer version replaced the pattern here and took the feedback).
   */
  @Test
  void feedback_anotherPeerSendsANewerVersion_theFirstPeerKeepsItsIndicatorAndItsFeedback() throws Exception {
    String owner = peer(true);
    String intruder = peer(true);
    String id = newId("indicator");
    add(owner, indicator(id, "2026-06-01T00:00:00.000Z", ip));
    // the owner is the peer whose version the node stored first: a POST answers before its objects
    // are stored, so the second waits until the first is (it raced it once under load, and won)
    awaitStored(id);
    add(intruder, indicator(id, "2026-07-01T00:00:00.000Z", "192.0.2.252"));
    TestNode.get().detection().indicators().awaitRefresh();

    Reply posted = postFlowToIp();
    assertThat(posted.json().get("sightings").asInt()).as("the first peer's pattern still detects").isEqualTo(1);
    TestNode.get().stores().publisher().publishAll();
    UUID feedback = get().stores().collections().resolve(Feedbacks.ALIAS).orElseThrow().id();
    assertThat(objects(TestNode.get("/api1/collections/" + feedback + "/objects/", owner)))
        .anyMatch(o -> o.get("type").asText().equals("sighting") && o.get("sighting_of_ref").asText().equals(id));
    assertThat(objects(TestNode.get("/api1/collections/" + feedback + "/objects/", intruder)))
        .noneMatch(o -> o.get("type").asText().equals("sighting") && o.get("sighting_of_ref").asText().equals(id));
  }

  /**
   * Between a peer and a local write account (no administrator), the version added first keeps the
   * id, in detection and in feedback alike: the account's later version, newer, cuts neither the
   * peer's pattern nor its feedback (hostile run 12z: detection followed the peer, but the feedback was
   * cut); the peer's later version of an account's id, newer, takes over neither (hostile run 12x).
   */
  @Test
  void feedback_localAccountAndPeer_theFirstWriterKeepsDetectionAndFeedback() throws Exception {
    String accountName = "w" + UUID.randomUUID().toString().substring(0, 8);
    String account = basic(accountName, get().stores().accounts().create(accountName, false,
        Map.of(shared.toString(), new Right(true, true)), false));
    String peer = peer(true);
    UUID feedback = get().stores().collections().resolve(Feedbacks.ALIAS).orElseThrow().id();
    for (boolean peerFirst : new boolean[] {true, false}) {
      String id = newId("indicator");
      String first = peerFirst ? peer : account;
      String second = peerFirst ? account : peer;
      add(first, indicator(id, "2026-06-01T00:00:00.000Z", ip));
      awaitStored(id);
      add(second, indicator(id, "2026-07-01T00:00:00.000Z", "192.0.2.251"));
      Thread.sleep(200); // the second version stored (a POST answers before its objects are)
      TestNode.get().detection().indicators().awaitRefresh();
      assertThat(TestNode.get().detection().indicators().current().byId().get(id).pattern().toString()).as("peer first: %s", peerFirst)
          .contains(ip);
      postFlowToIp();
      TestNode.get().stores().publisher().publishAll();
      boolean fedBack = objects(TestNode.get("/api1/collections/" + feedback + "/objects/", peer)).stream()
          .anyMatch(o -> o.get("type").asText().equals("sighting") && o.get("sighting_of_ref").asText().equals(id));
      assertThat(fedBack).as("peer first: %s", peerFirst).isEqualTo(peerFirst);
    }
  }
}
