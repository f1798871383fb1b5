package dev.parley.node.egress;

import static dev.parley.node.TestNode.admin;
import static dev.parley.node.TestNode.basic;
import static dev.parley.node.TestNode.delete;
import static dev.parley.node.TestNode.envelope;
import static dev.parley.node.TestNode.get;
import static dev.parley.node.TestNode.ipv4;
import static dev.parley.node.TestNode.newCollection;
import static dev.parley.node.TestNode.newId;
import static dev.parley.node.TestNode.post;
import static dev.parley.node.TestNode.settle;
import static dev.parley.node.TestNode.statusShape;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.TestNode;
import dev.parley.node.TestNode.Reply;
import dev.parley.policy.agreement.Agreement;
import dev.parley.policy.agreement.Parsed;
import dev.parley.stix.Canonical;
import dev.parley.stix.Json;
import dev.parley.store.Stores;
import dev.parley.store.log.Leaf;
import dev.parley.store.objects.ObjectQuery;
import dev.parley.store.objects.VersionFilter;
import dev.parley.tlog.note.VerifierKey;
import dev.parley.tlog.verify.Receipt;
import dev.parley.tlog.verify.Receipts;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a peer's account reads over TAXII and the log is its feed: the objects its agreement lets it
 * read, and for everything else the answers of an object that does not exist (issue: egress policy,
 * "An object that fails is absent for that peer").
 */
class PeerEgressTest {
  private static final String GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
  private static final String RED = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";
  private static final String CLEAR = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487";

  private static String marked(String id, String marking) {
    return TestNode.indicator(id, "2020-01-01T00:00:00.000Z").replace("{\"type\"", "{\"object_marking_refs\":[\"" + marking + "\"],\"type\"");
  }

  /** A peer with an agreement sharing {@code collection} up to green; returns its Basic header. */
  private static String peer(UUID collection) {
    Stores stores = TestNode.get().stores();
    String name = "peer-" + UUID.randomUUID().toString().substring(0, 8);
    String token = stores.peers().put(name, "http://127.0.0.1:1/api1/", null, null, stores.accounts()).accountToken();
    Parsed p = Agreement.parse("{\"share\":[{\"collection\":\"" + collection + "\",\"max_tlp\":\"green\"}],\"accept\":[{\"collection\":\""
        + collection + "\"}]}", Optional::of);
    stores.agreements().install(name, ((Parsed.Valid) p).agreement(), stores.log().appender());
    return basic(name, token);
  }

  private static void addAll(UUID collection, String... objects) {
    Reply r = post("/api1/collections/" + collection + "/objects/", admin(), envelope(objects));
    assertThat(r.status()).isEqualTo(202);
    assertThat(r.json().get("success_count").asInt()).isEqualTo(objects.length);
    TestNode.get().stores().publisher().publishAll();
  }

  private static List<String> ids(JsonNode envelope) {
    List<String> out = new ArrayList<>();
    if (envelope.has("objects")) for (JsonNode o : envelope.get("objects")) out.add(o.get("id").asText());
    return out;
  }

  @Test
  void objects_peer_readsItsFeedOnly() {
    UUID c = newCollection();
    String peer = peer(c);
    String green = newId("indicator");
    String red = newId("indicator");
    addAll(c, marked(green, GREEN), marked(red, RED));
    String objects = "/api1/collections/" + c + "/objects/";
    assertThat(ids(get(objects, peer).json())).containsExactly(green);
    assertThat(ids(get(objects, admin()).json())).containsExactlyInAnyOrder(green, red);
    JsonNode manifest = get("/api1/collections/" + c + "/manifest/", peer).json();
    assertThat(manifest.get("objects")).hasSize(1);
  }

  @Test
  void objectById_withheldAndAbsent_answerAlike() {
    UUID c = newCollection();
    String peer = peer(c);
    String red = newId("indicator");
    addAll(c, marked(red, RED));
    Reply withheld = get("/api1/collections/" + c + "/objects/" + red + "/", peer);
    Reply absent = get("/api1/collections/" + c + "/objects/" + newId("indicator") + "/", peer);
    assertThat(withheld.status()).isEqualTo(404).isEqualTo(absent.status());
    assertThat(withheld.json().get("title")).isEqualTo(absent.json().get("title"));
    assertThat(get("/api1/collections/" + c + "/objects/" + red + "/versions/", peer).status()).isEqualTo(404);
  }

  /**
   * A look-up by id probes the id index once per distinct id: a peer repeating ids, mixing withheld
   * and absent ones, or naming a hundred, reads each object it may read once, and a withheld id
   * answers as an absent one (TAXII 2.1 §3.4.1 match[id]; issue: "absent for that peer").
   */
  @Test
  void matchId_peerRepeatsAndMixesWithheldIds_eachServedObjectOnce() {
    UUID c = newCollection();
    String peer = peer(c);
    String green = newId("indicator");
    String red = newId("indicator");
    String ghost = newId("indicator");
    addAll(c, marked(green, GREEN), marked(red, RED));
    String objects = "/api1/collections/" + c + "/objects/?match%5Bid%5D=";
    assertThat(ids(get(objects + String.join(",", green, red, green, ghost, red, green), peer).json())).containsExactly(green);
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 100; i++) many.add(i == 50 ? green : i % 7 == 0 ? red : newId("indicator"));
    assertThat(ids(get(objects + String.join(",", many), peer).json())).containsExactly(green);
    Reply withheld = get(objects + red + "," + red, peer);
    Reply absent = get(objects + ghost + "," + ghost, peer);
    assertThat(withheld.status()).isEqualTo(absent.status()).isEqualTo(200);
    assertThat(withheld.raw().body()).isEqualTo(absent.raw().body());
    assertThat(ids(get(objects + String.join(",", red, green, red), admin()).json())).containsExactlyInAnyOrder(green, red);
  }

  @Test
  void delete_peer_forbiddenWhateverTheObject() {
    UUID c = newCollection();
    String peer = peer(c);
    String green = newId("indicator");
    addAll(c, marked(green, GREEN));
    assertThat(delete("/api1/collections/" + c + "/objects/" + green + "/", peer).status()).isEqualTo(403);
    assertThat(delete("/api1/collections/" + c + "/objects/" + newId("indicator") + "/", peer).status()).isEqualTo(403);
  }

  @Test
  void receipt_peer_onlyForWhatItReads() throws Exception {
    UUID c = newCollection();
    String peer = peer(c);
    String green = newId("indicator");
    String red = newId("indicator");
    addAll(c, marked(green, GREEN), marked(red, RED));
    Thread.sleep(400); // the log's checkpoint follows within 100 ms
    Reply served = get("/log/receipt?collection=" + c + "&object=" + green, peer);
    assertThat(served.status()).as(served.raw().body()).isEqualTo(200);
    Reply withheld = get("/log/receipt?collection=" + c + "&object=" + red, peer);
    Reply absent = get("/log/receipt?collection=" + c + "&object=" + newId("indicator"), peer);
    assertThat(withheld.status()).isEqualTo(404).isEqualTo(absent.status());
  }

  @Test
  void receipts_peerBatch_withheldItemsAnsweredAsAbsentOnes() throws Exception {
    UUID c = newCollection();
    UUID unshared = newCollection();
    String peer = peer(c);
    String green = newId("indicator");
    String red = newId("indicator");
    String elsewhere = newId("indicator");
    addAll(c, marked(green, GREEN), marked(red, RED));
    addAll(unshared, marked(elsewhere, GREEN));
    for (int i = 0; i < 50 && get("/log/receipt?collection=" + c + "&object=" + red, admin()).status() != 200; i++) Thread.sleep(100);
    String ghost = newId("indicator");
    String version = "2020-01-01T00:00:00.000Z";
    UUID nowhere = UUID.randomUUID();
    // the hostile peer asks, in one batch, what it reads, what it may not, and what does not exist
    Reply mixed = postJson("/log/receipts", peer, batch(c + " " + green, c + " " + red, c + " " + ghost, c + " " + red + " " + version,
        c + " " + ghost + " " + version, unshared + " " + elsewhere, nowhere + " " + elsewhere));
    assertThat(mixed.status()).as(mixed.raw().body()).isEqualTo(200);
    JsonNode items = mixed.json().get("items");
    assertThat(items).hasSize(7);
    assertThat(items.get(0).get("status").asInt()).isEqualTo(200);
    assertThat(items.get(0).get("receipt").get("id").asText()).isEqualTo(green);
    assertThat(items.get(1).toString().replace(red, "<id>")).isEqualTo(items.get(2).toString().replace(ghost, "<id>")).contains("\"status\":404");
    assertThat(items.get(3).toString().replace(red, "<id>")).isEqualTo(items.get(4).toString().replace(ghost, "<id>")).contains("\"status\":404");
    assertThat(items.get(5).toString().replace(unshared.toString(), "<c>"))
        .isEqualTo(items.get(6).toString().replace(nowhere.toString(), "<c>"));
    // a batch of withheld items and one of absent ones: the same status, headers and body, but for the ids
    Reply withheld = postJson("/log/receipts", peer, batch(c + " " + red, c + " " + red + " " + version, unshared + " " + elsewhere));
    UUID none = UUID.randomUUID();
    Reply absent = postJson("/log/receipts", peer, batch(c + " " + ghost, c + " " + ghost + " " + version, none + " " + elsewhere));
    assertThat(withheld.status()).isEqualTo(absent.status()).isEqualTo(200);
    assertThat(withheld.raw().body().replace(red, "<id>").replace(unshared.toString(), "<c>"))
        .isEqualTo(absent.raw().body().replace(ghost, "<id>").replace(none.toString(), "<c>"));
    var headers = new TreeMap<>(withheld.raw().headers().map());
    var others = new TreeMap<>(absent.raw().headers().map());
    headers.remove("date");
    others.remove("date");
    assertThat(headers).isEqualTo(others);
    // the administrator has the receipt the peer was refused
    Reply all = postJson("/log/receipts", admin(), batch(c + " " + red));
    assertThat(all.json().get("items").get(0).get("status").asInt()).isEqualTo(200);
  }

  /** The name in a Basic header. */
  private static String name(String basic) {
    return new String(Base64.getDecoder().decode(basic.substring(6))).split(":")[0];
  }

  private static void agree(String basic, String agreement) {
    Stores stores = TestNode.get().stores();
    stores.agreements().install(name(basic), ((Parsed.Valid) Agreement.parse(agreement, Optional::of)).agreement(), stores.log().appender());
    stores.publisher().publishAll();
  }

  /** Asserts the peer has the receipt of the version, by GET and in a batch, and that a version it was never served is absent. */
  private static void assertProvable(String peer, UUID c, String id, String version, String neverServed) {
    Reply one = get("/log/receipt?collection=" + c + "&object=" + id + "&version=" + version, peer);
    assertThat(one.status()).as(one.raw().body()).isEqualTo(200);
    assertThat(one.json().get("id").asText()).isEqualTo(id);
    Reply latest = get("/log/receipt?collection=" + c + "&object=" + id, peer);
    assertThat(latest.status()).as("without a version: the one it was served").isEqualTo(200);
    Reply batch = postJson("/log/receipts", peer, batch(c + " " + id + " " + version, c + " " + neverServed + " " + version,
        c + " " + newId("indicator") + " " + version));
    JsonNode items = batch.json().get("items");
    assertThat(items.get(0).get("status").asInt()).as(items.toString()).isEqualTo(200);
    assertThat(items.get(0).get("receipt").get("id").asText()).isEqualTo(id);
    assertThat(items.get(1).get("status").asInt()).as("never served: as absent").isEqualTo(404).isEqualTo(items.get(2).get("status").asInt());
    assertThat(get("/log/receipt?collection=" + c + "&object=" + neverServed + "&version=" + version, peer).status()).isEqualTo(404);
  }

  /**
   * Regression (hostile run, relay receipts): a peer pulled objects this node relayed, the source then
   * withdrew relay, and the peer's receipt requests for what it already held answered 404 for ever
   * (pending every pass, then an overdue alarm). A version once served stays the peer's to prove.
   */
  @Test
  void receipt_servedThenRelayWithdrawn_stillAnswered() throws Exception {
    UUID c = newCollection();
    String from = peer(c);
    String to = peer(c);
    agree(from, "{\"accept\":[{\"collection\":\"" + c + "\"}],\"relay\":true}");
    String id = newId("indicator");
    String red = newId("indicator");
    String version = "2020-01-01T00:00:00.000Z";
    assertThat(post("/api1/collections/" + c + "/objects/", from, envelope(marked(id, GREEN))).status()).isEqualTo(202);
    addAll(c, marked(red, RED));
    for (int i = 0; i < 100 && !ids(get("/api1/collections/" + c + "/objects/", to).json()).contains(id); i++) {
      Thread.sleep(100);
      TestNode.get().stores().publisher().publishAll();
    }
    assertThat(ids(get("/api1/collections/" + c + "/objects/", to).json())).as("relayed").contains(id);
    assertThat(TestNode.receipt(c, id, to).status()).isEqualTo(200);
    agree(from, "{\"accept\":[{\"collection\":\"" + c + "\"}],\"relay\":false}");
    assertThat(ids(get("/api1/collections/" + c + "/objects/", to).json())).as("withdrawn").doesNotContain(id);
    assertProvable(to, c, id, version, red);
    // what one peer was served is its own to prove, no other's: a peer never served it reads the absent answer
    String stranger = peer(newCollection());
    Reply asked = get("/log/receipt?collection=" + c + "&object=" + id + "&version=" + version, stranger);
    Reply absent = get("/log/receipt?collection=" + c + "&object=" + newId("indicator") + "&version=" + version, stranger);
    assertThat(asked.status()).isEqualTo(404).isEqualTo(absent.status());
    assertThat(asked.raw().body().replace(id, "ID")).isEqualTo(absent.raw().body().replaceAll("indicator--[0-9a-f-]{36}", "ID"));
  }

  /**
   * A peer served a version keeps its receipt when a new agreement version no longer shares the
   * collection (the feed is dropped and rebuilt) and when the object is deleted from the collection.
   */
  @Test
  void receipt_servedThenUnsharedOrDeleted_stillAnswered() throws Exception {
    UUID c = newCollection();
    UUID other = newCollection();
    String peer = peer(c);
    String green = newId("indicator");
    String gone = newId("indicator");
    String red = newId("indicator");
    String version = "2020-01-01T00:00:00.000Z";
    addAll(c, marked(green, GREEN), marked(gone, GREEN), marked(red, RED));
    assertThat(TestNode.receipt(c, green, peer).status()).isEqualTo(200);
    assertThat(delete("/api1/collections/" + c + "/objects/" + gone + "/", admin()).status()).isEqualTo(200);
    assertThat(get("/api1/collections/" + c + "/objects/" + gone + "/", peer).status()).as("deleted").isEqualTo(404);
    assertProvable(peer, c, gone, version, red);
    agree(peer, "{\"share\":[{\"collection\":\"" + other + "\",\"max_tlp\":\"green\"}]}");
    assertThat(get("/api1/collections/" + c + "/objects/", peer).status()).as("no longer shared").isEqualTo(404);
    assertProvable(peer, c, green, version, red);
    assertProvable(peer, c, gone, version, red);
  }

  /** A peer served a version that then sends the same version itself (it leaves its feed: echo) keeps its receipt. */
  @Test
  void receipt_servedThenSentBackByThePeer_stillAnswered() throws Exception {
    UUID c = newCollection();
    String peer = peer(c);
    String green = newId("indicator");
    String red = newId("indicator");
    addAll(c, marked(green, GREEN), marked(red, RED));
    assertThat(TestNode.receipt(c, green, peer).status()).isEqualTo(200);
    assertThat(post("/api1/collections/" + c + "/objects/", peer, envelope(marked(green, GREEN))).status()).isEqualTo(202);
    // a POST answers before its objects are stored: the echo holds once the peer's version is
    for (int i = 0; i < 100 && ids(get("/api1/collections/" + c + "/objects/", peer).json()).contains(green); i++) {
      Thread.sleep(100);
      TestNode.get().stores().publisher().publishAll();
    }
    assertThat(ids(get("/api1/collections/" + c + "/objects/", peer).json())).as("echo").doesNotContain(green);
    assertProvable(peer, c, green, "2020-01-01T00:00:00.000Z", red);
  }

  /** A POST /log/receipts body: each item "COLLECTION OBJECT [VERSION]". */
  private static String batch(String... items) {
    var body = Json.mapper().createObjectNode();
    var list = body.putArray("items");
    for (String item : items) {
      String[] parts = item.split(" ");
      var o = list.addObject().put("collection", parts[0]).put("object", parts[1]);
      if (parts.length > 2) o.put("version", parts[2]);
    }
    return body.toString();
  }

  private static Reply postJson(String path, String auth, String body) {
    return TestNode.send(HttpRequest.newBuilder(TestNode.uri(path)).header("Content-Type", "application/json").header("Authorization", auth)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  @Test
  void agreement_peer_fetchesItsAgreementWithAReceipt() throws Exception {
    UUID c = newCollection();
    String peer = peer(c);
    Thread.sleep(400);
    Reply r = get("/log/agreement", peer);
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    assertThat(r.json().get("version").asInt()).isEqualTo(1);
    assertThat(r.json().get("agreement").get("share").get(0).get("collection").asText()).isEqualTo(c.toString());
    assertThat(r.json().get("receipt").get("leaf_index").isNumber()).isTrue();
    // the agreement as its canonical bytes, which hash to sha256 as they came (a hostile run hashed a re-serialised form)
    String body = r.raw().body();
    String canonical = Canonical.string(r.json().get("agreement"));
    assertThat(body).contains("\"agreement\":" + canonical + ",");
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(canonical.getBytes(StandardCharsets.UTF_8)))).isEqualTo(r.json().get("sha256").asText());
    assertThat(get("/log/agreement", admin()).status()).isEqualTo(404);
  }

  @Test
  void push_byPeer_loggedAsReceivedFromItAndNeverServedBackToIt() throws Exception {
    UUID c = newCollection();
    String peer = peer(c);
    String name = new String(Base64.getDecoder().decode(peer.substring(6))).split(":")[0];
    String id = newId("indicator");
    String object = marked(id, GREEN);
    Reply posted = post("/api1/collections/" + c + "/objects/", peer, envelope(object));
    assertThat(posted.status()).isEqualTo(202);
    TestNode.get().stores().publisher().publishAll();
    assertThat(ids(get("/api1/collections/" + c + "/objects/", peer).json())).as("echo").isEmpty();
    Reply receipt = TestNode.receipt(c, id, admin());
    assertThat(receipt.status()).isEqualTo(200);
    String logName = TestNode.get().stores().peers().find(name).orElseThrow().logName();
    assertThat(logName).matches("[0-9a-f]{32}");
    assertThat(receipt.json().get("peer").asText()).isEqualTo(logName);
    var key = VerifierKey.parse(get("/log/key", admin()).raw().body().strip());
    var parsed = Receipt.parse(receipt.raw().body());
    var node = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(object);
    byte[] received = Leaf.received(c, node, "2020-01-01T00:00:00.000Z", logName).canonical();
    byte[] stored = Leaf.stored(c, node, "2020-01-01T00:00:00.000Z").canonical();
    assertThat(Receipts.verify(parsed, key, Optional.of(received)).ok()).isTrue();
    assertThat(Receipts.verify(parsed, key, Optional.of(stored)).ok()).isFalse();
  }

  /** A POST of {@code body} with {@code auth} and the push header naming the sender's collection as {@code named}. */
  private static Reply pushed(UUID c, String auth, String named, String body) {
    return TestNode.send(HttpRequest.newBuilder(TestNode.uri("/api1/collections/" + c + "/objects/"))
        .header("Accept", TestNode.TAXII).header("Content-Type", TestNode.TAXII).header("Authorization", auth)
        .header("X-Parley-Sender-Collection", named).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /**
   * Receipts of pushes (ARCHITECTURE.md): a peer's push that names the collection of its node the
   * objects come from leaves, for each version, a pending receipt to ask that peer for, in the
   * transaction that stores it; a value that is not a collection id is a bad request that stores
   * nothing; the header from an account that is not a peer's records nothing.
   */
  @Test
  void push_namingItsCollection_pendingReceiptsToAskThePeer_malformedRefused() throws Exception {
    UUID c = newCollection();
    String peer = peer(c);
    String name = new String(Base64.getDecoder().decode(peer.substring(6))).split(":")[0];
    String theirs = UUID.randomUUID().toString();
    String id = newId("indicator");
    assertThat(pushed(c, peer, theirs, envelope(marked(id, GREEN))).status()).isEqualTo(202);
    var receipts = TestNode.get().stores().receipts();
    for (int i = 0; i < 100 && receipts.find(id, name).isEmpty(); i++) Thread.sleep(50); // stored after the answer
    assertThat(receipts.find(id, name)).singleElement().satisfies(h -> {
      assertThat(h.state()).isEqualTo("pending");
      assertThat(h.key().remoteCollection()).isEqualTo(theirs);
      assertThat(h.into()).isEqualTo(c);
    });

    String refused = newId("indicator");
    for (String bad : List.of("not-a-collection", theirs.toUpperCase(Locale.ROOT), "1-1-1-1-1")) {
      Reply r = pushed(c, peer, bad, envelope(marked(refused, GREEN)));
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.raw().body()).contains("X-Parley-Sender-Collection must name a collection by its id").doesNotContain("Exception");
    }
    String local = newId("indicator");
    assertThat(pushed(c, admin(), theirs, envelope(marked(local, GREEN))).status()).isEqualTo(202);
    assertThat(TestNode.get().stores().objects().page(new ObjectQuery(c, 0, null, 100, List.of(refused), List.of(),
        VersionFilter.ALL, ObjectQuery.ANY_SPEC_VERSION, false)).rows()).isEmpty();
    assertThat(receipts.find(local, null)).isEmpty();
  }

  /**
   * A relayed object's receipt names the peer it came from by that peer's log name, never by its
   * name: no peer learns who else this node trades with (found in review: the receive entry
   * committed to the name, and its receipt carried it to every peer the object went on to).
   */
  @Test
  void receipt_relayedObject_namesItsSourceByLogNameOnly() throws Exception {
    UUID c = newCollection();
    String from = peer(c);
    String to = peer(c);
    String fromName = new String(Base64.getDecoder().decode(from.substring(6))).split(":")[0];
    String id = newId("indicator");
    String object = marked(id, CLEAR);
    assertThat(post("/api1/collections/" + c + "/objects/", from, envelope(object)).status()).isEqualTo(202);
    Reply receipt = null;
    for (int i = 0; i < 100; i++) {
      TestNode.get().stores().publisher().publishAll();
      if (ids(get("/api1/collections/" + c + "/objects/", to).json()).contains(id)) {
        receipt = get("/log/receipt?collection=" + c + "&object=" + id, to);
        if (receipt.status() == 200) break;
      }
      Thread.sleep(100);
    }
    assertThat(receipt).as("relayed and its receipt served").isNotNull();
    assertThat(receipt.status()).isEqualTo(200);
    assertThat(receipt.raw().body()).doesNotContain(fromName);
    String logName = TestNode.get().stores().peers().find(fromName).orElseThrow().logName();
    assertThat(receipt.json().get("peer").asText()).isEqualTo(logName);
    var key = VerifierKey.parse(get("/log/key", admin()).raw().body().strip());
    var node = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(object);
    byte[] received = Leaf.received(c, node, "2020-01-01T00:00:00.000Z", logName).canonical();
    assertThat(Receipts.verify(Receipt.parse(receipt.raw().body()), key,
        Optional.of(received)).ok()).isTrue();
  }

  /**
   * A peer writing to a collection its agreement also shares learns nothing of the objects it may
   * not read there: an SCO's id follows from its value, so posting a value with another body, or
   * with the same one, asked whether the node holds a withheld address and when it came (found by an
   * independent hostile run). Every answer now reads as the answer for a value never seen.
   */
  @Test
  void post_peerProbesWithheldScoInSharedCollection_toldWhatAFreshValueIsTold() {
    UUID c = newCollection();
    String peer = peer(c);
    String held = ipv4("203.0.113.9", "\"object_marking_refs\":[\"" + RED + "\"]");
    addAll(c, held);
    assertThat(ids(get("/api1/collections/" + c + "/objects/", peer).json())).isEmpty();

    JsonNode sameBody = settle(c, peer, held);
    JsonNode otherBody = settle(c, peer, ipv4("203.0.113.9", ""));
    JsonNode fresh = settle(c, peer, ipv4("198.18." + (int) (Math.random() * 250) + ".7", ""));
    assertThat(statusShape(sameBody)).isEqualTo(statusShape(fresh)).isEqualTo(statusShape(otherBody));
    for (JsonNode s : List.of(sameBody, otherBody)) {
      assertThat(s.toString()).doesNotContain("already").doesNotContain("different");
      assertThat(s.get("successes").get(0).get("version").asText())
          .isEqualTo(s.get("request_timestamp").asText().replaceAll("(\\.\\d{3})0{3}Z$", "$1Z"));
    }
  }

  /**
   * The public log grows by one entry for each version a peer sends the first time, whether the
   * node held it (from elsewhere, with the same body or another) or not, and by nothing when the
   * peer sends it again: what it shows depends only on what the peer itself sent. (A push starts
   * again after its feed is rebuilt; each resend grew the receiving log before.)
   */
  @Test
  void post_peer_logGrowsOnceForWhatItSendsFirstWhateverTheNodeHeld() {
    UUID c = newCollection();
    String peer = peer(c);
    String heldSame = ipv4("203.0.113." + (int) (1 + Math.random() * 250), "\"object_marking_refs\":[\"" + RED + "\"]");
    String heldOther = ipv4("198.51.100." + (int) (1 + Math.random() * 250), "\"x_note\":\"held\"");
    addAll(c, heldSame, heldOther);
    String fresh = ipv4("192.0.2." + (int) (1 + Math.random() * 250), "");
    String otherBody = heldOther.replace("\"x_note\":\"held\"", "\"x_note\":\"sent\"");
    for (String sent : List.of(heldSame, otherBody, fresh)) {
      long before = TestNode.logSize();
      settle(c, peer, sent);
      assertThat(TestNode.logSize()).as("first send").isEqualTo(before + 1);
    }
    long before = TestNode.logSize();
    for (String sent : List.of(heldSame, otherBody, fresh)) settle(c, peer, sent);
    settle(c, peer, fresh);
    assertThat(TestNode.logSize()).as("sent again").isEqualTo(before);
  }

}
