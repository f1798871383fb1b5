package dev.parley.store.egress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.policy.agreement.Agreement;
import dev.parley.policy.agreement.Parsed;
import dev.parley.stix.Json;
import dev.parley.store.Database;
import dev.parley.store.TableStatistics;
import dev.parley.store.accounts.AccountStore;
import dev.parley.store.collections.Collection;
import dev.parley.store.collections.CollectionStore;
import dev.parley.store.objects.AddMode;
import dev.parley.store.objects.ConflictPolicy;
import dev.parley.store.objects.NewObject;
import dev.parley.store.objects.ObjectQuery;
import dev.parley.store.objects.ObjectRow;
import dev.parley.store.objects.ObjectStore;
import dev.parley.store.objects.VersionFilter;
import dev.parley.store.objects.WriteHook;
import dev.parley.store.peers.PeerStore;
import dev.parley.store.peers.SyncPositions;
import dev.parley.store.testing.TestDatabases;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The peers' feeds: what a peer reads is what the rules of its agreement let it read, references
 * included, and what waited for a reference arrives once the reference may be read.
 */
class PublisherTest {
  static final String GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
  static final String AMBER = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421";
  static final String RED1 = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed";

  private final Database db = TestDatabases.fresh();
  private final ObjectStore objects = new ObjectStore(db, WriteHook.NONE);
  private final AccountStore accounts = new AccountStore(db);
  private final PeerStore peers = new PeerStore(db);
  private final AgreementStore agreements = new AgreementStore(db, accounts);
  private final Publisher publisher = new Publisher(db);
  private final UUID shared = collection("shared");
  private final UUID hidden = collection("hidden");

  @AfterEach
  void close() {
    db.close();
  }

  private UUID collection(String alias) {
    UUID id = UUID.randomUUID();
    new CollectionStore(db).create(new Collection(id, "api1", alias, null, alias + "-" + id.toString().substring(0, 6)));
    return id;
  }

  private int peer(String name, String agreementJson) {
    peers.put(name, "http://127.0.0.1:1/api1/", null, null, accounts);
    Parsed p = Agreement.parse(agreementJson.replace("SHARED", shared.toString()).replace("HIDDEN", hidden.toString()),
        s -> Optional.of(s));
    assertThat(p).isInstanceOf(Parsed.Valid.class);
    agreements.install(name, ((Parsed.Valid) p).agreement(), null);
    return peers.find(name).orElseThrow().id();
  }

  private static String id(String type) {
    return type + "--" + UUID.randomUUID();
  }

  private static ObjectNode object(String type, String id, String marking, String extra) {
    String json = "{\"type\":\"" + type + "\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"created\":\"2020-01-01T00:00:00.000Z\","
        + "\"modified\":\"2020-01-01T00:00:00.000Z\"" + (marking == null ? "" : ",\"object_marking_refs\":[\"" + marking + "\"]")
        + extra + "}";
    try {
      return (ObjectNode) Json.mapper().readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void add(UUID collection, ObjectNode... list) {
    add(collection, null, list);
  }

  private void add(UUID collection, Integer source, ObjectNode... list) {
    List<NewObject> batch = new ArrayList<>();
    for (ObjectNode o : list) batch.add(NewObject.of(o));
    objects.add(collection, batch, new AddMode(ConflictPolicy.KEEP, source));
  }

  private List<String> feed(int peer, UUID collection) {
    publisher.publishAll();
    ObjectQuery q = new ObjectQuery(collection, 0, null, 1000, List.of(), List.of(), VersionFilter.ALL, ObjectQuery.ANY_SPEC_VERSION,
        false, peer);
    return objects.page(q).rows().stream().map(ObjectRow::stixId).toList();
  }

  private static final String GREEN_SHARE = "{\"share\":[{\"collection\":\"SHARED\",\"max_tlp\":\"green\"}]}";

  /**
   * A feed filled in bulk is analyzed by its publisher: without statistics a peer's page was planned
   * through the index by type and sorted, every member read for each page (1.7 s a page at 200,000
   * members, until autovacuum came). Before the first thousand members none is made; past it the
   * table has statistics of all of them, made by an analysis of its own (counted apart from
   * autovacuum's in {@code pg_stat_user_tables}, which the statistics collector updates a moment
   * later).
   */
  @Test
  void publish_feedFilledInBulk_analyzedForThePlanner() throws Exception {
    int b = peer("b", GREEN_SHARE);
    ObjectNode[] some = new ObjectNode[(int) TableStatistics.FIRST_ANALYSIS / 2];
    for (int i = 0; i < some.length; i++) some[i] = object("indicator", id("indicator"), GREEN, "");
    add(shared, some);
    publisher.publishAll();
    Thread.sleep(1000);
    assertThat(feedAnalyses()).as("no analysis before the first thousand").isZero();
    ObjectNode[] more = new ObjectNode[(int) TableStatistics.FIRST_ANALYSIS];
    for (int i = 0; i < more.length; i++) more[i] = object("indicator", id("indicator"), GREEN, "");
    add(shared, more);
    publisher.publishAll();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (feedAnalyses() == 0 && System.nanoTime() < deadline) Thread.sleep(50);
    assertThat(feedAnalyses()).isEqualTo(1);
    long planned = db.withConnection(c -> {
      try (var s = c.createStatement(); var r = s.executeQuery("select reltuples::bigint from pg_class where oid = 'peer_feed'::regclass")) {
        r.next();
        return r.getLong(1);
      }
    });
    assertThat(planned).isEqualTo(some.length + more.length);
    assertThat(feed(b, shared)).hasSize(1000); // the page's limit
  }

  /** The analyses of {@code peer_feed} made by a statement, not by autovacuum. */
  private long feedAnalyses() {
    return db.withConnection(c -> {
      try (var s = c.createStatement(); var r = s.executeQuery("select analyze_count from pg_stat_user_tables where relid = 'peer_feed'::regclass")) {
        return r.next() ? r.getLong(1) : 0L;
      }
    });
  }

  @Test
  void feed_tlpAndUnmarkedAndCollection_onlyWhatTheRulesAllow() {
    int b = peer("b", GREEN_SHARE);
    String green = id("indicator");
    String amber = id("indicator");
    String unmarked = id("indicator");
    String red = id("indicator");
    String elsewhere = id("indicator");
    add(shared, object("indicator", green, GREEN, ""), object("indicator", amber, AMBER, ""), object("indicator", unmarked, null, ""),
        object("indicator", red, RED1, ""));
    add(hidden, object("indicator", elsewhere, GREEN, ""));
    assertThat(feed(b, shared)).containsExactly(green);
    assertThat(feed(b, hidden)).isEmpty();
  }

  @Test
  void feed_relationshipToWithheldObject_withheldAndNoIdLeaks() {
    int b = peer("b", GREEN_SHARE);
    String green = id("indicator");
    String amber = id("indicator");
    String rel = id("relationship");
    add(shared, object("indicator", green, GREEN, ""), object("indicator", amber, AMBER, ""),
        object("relationship", rel, GREEN, ",\"relationship_type\":\"indicates\",\"source_ref\":\"" + green + "\",\"target_ref\":\"" + amber + "\""));
    assertThat(feed(b, shared)).containsExactly(green);
  }

  @Test
  void feed_reportWhoseTargetArrivesLater_servedAfterItAsANewArrival() {
    int b = peer("b", GREEN_SHARE);
    String first = id("indicator");
    String later = id("malware");
    String report = id("report");
    add(shared, object("indicator", first, GREEN, ""),
        object("report", report, GREEN, ",\"name\":\"r\",\"published\":\"2020-01-01T00:00:00Z\",\"object_refs\":[\"" + first + "\",\"" + later + "\"]"));
    assertThat(feed(b, shared)).containsExactly(first);
    add(hidden, object("malware", later, GREEN, ",\"name\":\"m\",\"is_family\":false"));
    assertThat(feed(b, shared)).as("held, but in a collection the peer may not read").containsExactly(first);
    add(shared, object("malware", later, GREEN, ",\"name\":\"m\",\"is_family\":false"));
    assertThat(feed(b, shared)).containsExactly(first, later, report);
  }

  @Test
  void feed_danglingRefsServe_referenceToAnObjectNotHeldServed() {
    int b = peer("b", "{\"share\":[{\"collection\":\"SHARED\",\"max_tlp\":\"green\",\"dangling_refs\":\"serve\"}]}");
    String report = id("report");
    add(shared, object("report", report, GREEN,
        ",\"name\":\"r\",\"published\":\"2020-01-01T00:00:00Z\",\"object_refs\":[\"" + id("malware") + "\"]"));
    assertThat(feed(b, shared)).containsExactly(report);
  }

  @Test
  void feed_objectsNamingEachOther_servedTogether() {
    int b = peer("b", GREEN_SHARE);
    String one = id("note");
    String two = id("note");
    add(shared, object("note", one, GREEN, ",\"content\":\"a\",\"object_refs\":[\"" + two + "\"]"),
        object("note", two, GREEN, ",\"content\":\"b\",\"object_refs\":[\"" + one + "\"]"));
    assertThat(feed(b, shared)).containsExactlyInAnyOrder(one, two);
  }

  /** Regression: a member woken by a cycle served together was judged as naming an object not held, and never woken again. */
  @Test
  void feed_waitingForAMemberOfACycle_servedWhenTheCycleIs() {
    int b = peer("b", GREEN_SHARE);
    String one = id("note");
    String two = id("note");
    String waiting = id("note");
    add(shared, object("note", waiting, GREEN, ",\"content\":\"w\",\"object_refs\":[\"" + one + "\"]"));
    assertThat(feed(b, shared)).isEmpty();
    add(shared, object("note", one, GREEN, ",\"content\":\"a\",\"object_refs\":[\"" + two + "\"]"),
        object("note", two, GREEN, ",\"content\":\"b\",\"object_refs\":[\"" + one + "\"]"));
    assertThat(feed(b, shared)).containsExactlyInAnyOrder(one, two, waiting);
  }

  @Test
  void feed_echoAndRelay_receivedObjectsGoOnlyWhereTheRulesSay() {
    int source = peer("source", "{\"relay\":false}");
    int other = peer("other", GREEN_SHARE);
    String clear = id("indicator");
    String green = id("indicator");
    add(shared, source, object("indicator", clear, "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", ""),
        object("indicator", green, GREEN, ""));
    assertThat(feed(other, shared)).containsExactly(clear);
    int back = peer("source", "{\"relay\":false,\"share\":[{\"collection\":\"SHARED\",\"max_tlp\":\"green\"}]}");
    assertThat(feed(back, shared)).as("nothing goes back to where it came from").isEmpty();
  }

  /**
   * Rule 3 judges a node, not a name: "b" and "b2" are one node added twice, the same log key given
   * to each by the operator. What it sent under one name is not served under the other, whether it
   * was sent before the key joined the names (the feeds are built again) or after, and a push to the
   * other name leaves it out; a name whose key differs is another node, and reads it as relay allows
   * (hostile run 10n: the second name read back everything sent under the first). A key that a URL
   * served at first contact joins nothing: it is public, and a stranger serving b's took objects out
   * of b's feed (hostile run 10p).
   */
  @Test
  void feed_oneNodeUnderTwoNames_whatOneNameSentNotServedToTheOther() {
    String key = "parley.example+0a1b2c3d+AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg=";
    String clearId = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487";
    int b = peer("b", "{\"relay\":true," + GREEN_SHARE.substring(1));
    int b2 = peer("b2", "{\"relay\":true," + GREEN_SHARE.substring(1));
    int other = peer("other", GREEN_SHARE);
    String before = id("indicator");
    add(shared, b, object("indicator", before, clearId, ""));
    assertThat(feed(b2, shared)).as("two names, no key known: two nodes").containsExactly(before);
    String own = id("indicator");
    add(shared, object("indicator", own, clearId, ""));

    peers.pinKey("b", key);
    assertThat(peers.pinKey("b2", key)).isEqualTo(key);
    assertThat(feed(b2, shared)).as("keys served, not given: two nodes still").containsExactlyInAnyOrder(before, own);
    peers.put("b", "http://127.0.0.1:1/api1/", null, key, accounts);
    assertThat(feed(b2, shared)).as("one name's key given: not yet").containsExactlyInAnyOrder(before, own);
    peers.put("b2", "http://127.0.0.1:1/api1/", null, key, accounts);
    assertThat(feed(b2, shared)).as("the key given to both joins the names: b2's feed built again").containsExactly(own);
    String after = id("indicator");
    add(shared, b2, object("indicator", after, clearId, ""));
    assertThat(feed(b, shared)).containsExactly(own);
    assertThat(feed(b2, shared)).containsExactly(own);
    assertThat(feed(other, shared)).containsExactlyInAnyOrder(before, own, after);
    // a version the collection held already, sent under one name, leaves the other name's feed
    add(shared, b, object("indicator", own, clearId, ""));
    assertThat(feed(b2, shared)).isEmpty();
    assertThat(new SyncPositions(db).notToPush(b2, shared, "remote", List.of(before, after, own)))
        .hasSize(3);
    List<String> withheld = new ArrayList<>();
    new Explanations(db).explain("b2", shared, null, e -> {}, e -> withheld.add(e.id() + " " + e.rule()));
    assertThat(withheld).containsExactlyInAnyOrder(before + " echo", after + " echo", own + " echo");

    // given with the peer: a third name of the same node reads none of it from the start
    peers.put("b3", "http://127.0.0.1:2/api1/", null, key, accounts);
    int b3 = peer("b3", "{\"relay\":true," + GREEN_SHARE.substring(1));
    assertThat(feed(b3, shared)).isEmpty();
    // a name given another key leaves the node: it reads what the others sent, as relay allows
    peers.put("b3", "http://127.0.0.1:2/api1/", null, key.replace("0a1b2c3d", "0f0f0f0f"), accounts);
    assertThat(feed(b3, shared)).containsExactlyInAnyOrder(before, own, after);
  }

  /**
   * Rule 3 by every peer that sent a version: "a" sent a GREEN object with relay, "c" (relay allowed
   * too) sent back an identical copy into another shared collection. When "a" withdraws relay, the
   * copy leaves "d"'s feed with a's own, and what names it too; a copy arriving after the withdrawal
   * is withheld on arrival (a hostile run read a's GREEN object, with relay withdrawn, from c's copy).
   */
  @Test
  void feed_copyOfAnotherPeersVersion_judgedByEveryPeerThatSentIt() {
    int a = peer("a", "{\"relay\":true}");
    int c = peer("c", "{\"relay\":true}");
    int d = peer("d", "{\"share\":[{\"collection\":\"SHARED\",\"max_tlp\":\"green\"},{\"collection\":\"HIDDEN\",\"max_tlp\":\"green\"}]}");
    String green = id("indicator");
    String later = id("indicator");
    String naming = id("relationship");
    ObjectNode original = object("indicator", green, GREEN, "");
    add(hidden, a, original.deepCopy());
    add(shared, c, original.deepCopy(), object("relationship", naming, GREEN, ",\"relationship_type\":\"related-to\",\"source_ref\":\""
        + green + "\",\"target_ref\":\"" + green + "\""));
    assertThat(feed(d, shared)).containsExactlyInAnyOrder(green, naming);
    assertThat(feed(d, hidden)).containsExactly(green);

    a = peer("a", "{\"relay\":false}");
    assertThat(feed(d, hidden)).as("a's own copy").isEmpty();
    assertThat(feed(d, shared)).as("c's copy of a's version, and what names it").isEmpty();
    ObjectNode second = object("indicator", later, GREEN, "");
    add(hidden, a, second.deepCopy());
    add(shared, c, second.deepCopy());
    assertThat(feed(d, shared)).as("a copy arriving after the withdrawal").isEmpty();
    List<String> withheld = new ArrayList<>();
    new Explanations(db).explain("d", shared, null, e -> {}, e -> withheld.add(e.id() + " " + e.rule()));
    assertThat(withheld).contains(green + " relay", later + " relay");

    a = peer("a", "{\"relay\":true}");
    assertThat(feed(d, shared)).containsExactlyInAnyOrder(green, naming, later);
  }

  /**
   * Rule 3 by version, not by copy: a CLEAR object that peer "a" sent into one collection and peer
   * "c" sent into another, shared with "a", is not served back to "a" from c's copy (a hostile
   * three-node run read from the other copy what it had sent). Nor from a local copy of what "a" sent
   * (an operator imported it: a hostile run saw B serve A's objects back to A, and A take them as
   * received from B); a local object "a" never sent goes as the share says.
   */
  @Test
  void feed_sameVersionSentByThePeerIntoAnotherCollection_notServedBack() {
    String clearId = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487";
    int c = peer("c", "{\"relay\":true}");
    int a = peer("a", "{\"relay\":true}");
    String both = id("indicator");
    String local = id("indicator");
    String onlyC = id("indicator");
    add(hidden, a, object("indicator", both, clearId, ""), object("indicator", local, clearId, ""));
    add(shared, c, object("indicator", both, clearId, ""), object("indicator", onlyC, clearId, ""));
    add(shared, object("indicator", local, clearId, ""));
    String own = id("indicator");
    add(shared, object("indicator", own, clearId, ""));
    a = peer("a", "{\"relay\":true,\"share\":[{\"collection\":\"SHARED\",\"max_tlp\":\"green\"}]}");
    assertThat(feed(a, shared)).containsExactlyInAnyOrder(onlyC, own);
    List<String> withheld = new ArrayList<>();
    new Explanations(db).explain("a", shared, null, e -> {}, e -> withheld.add(e.id() + " " + e.rule()));
    assertThat(withheld).containsExactlyInAnyOrder(both + " echo", local + " echo");
  }

  /**
   * Rule 3 when the peer sent the version second: C's copy came first, and A's copy of the same
   * version, into the same collection, was a duplicate (no member of A's). It is withheld from A all
   * the same, and a push to A leaves it out (a hostile run saw B pull it from A, then push it back to A
   * in the same pass).
   */
  @Test
  void feed_versionThePeerSentAfterAnotherPeersCopy_notServedOrPushedBack() {
    String clearId = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487";
    int c = peer("c", "{\"relay\":true}");
    int a = peer("a", "{\"relay\":true}");
    String first = id("indicator");
    String second = id("indicator");
    add(shared, c, object("indicator", first, clearId, ""), object("indicator", second, clearId, ""));
    add(shared, a, object("indicator", second, clearId, "")); // a duplicate: the member stays c's
    assertThat(new SyncPositions(db).sentBy(a, List.of(first, second)))
        .singleElement().asString().startsWith(second + " ");
    a = peer("a", "{\"relay\":true,\"share\":[{\"collection\":\"SHARED\",\"max_tlp\":\"green\"}]}");
    assertThat(feed(a, shared)).containsExactly(first);

    // C's copy already served to A when A sends its own: it leaves A's feed, and explain says echo
    // (a hostile run read it back over TAXII after B pulled A's copy as a duplicate)
    String third = id("indicator");
    add(shared, c, object("indicator", third, clearId, ""));
    assertThat(feed(a, shared)).containsExactlyInAnyOrder(first, third);
    add(shared, a, object("indicator", third, clearId, ""));
    assertThat(feed(a, shared)).containsExactly(first);
    // a GREEN copy from a peer without relay, withheld by relay, is withheld by echo first once A sends it
    int quiet = peer("quiet", "{\"relay\":false}");
    String fourth = id("indicator");
    add(shared, quiet, object("indicator", fourth, GREEN, ""));
    assertThat(feed(a, shared)).containsExactly(first);
    add(shared, a, object("indicator", fourth, GREEN, ""));
    List<String> withheld = new ArrayList<>();
    new Explanations(db).explain("a", shared, null, e -> {}, e -> withheld.add(e.id() + " " + e.rule()));
    assertThat(withheld).contains(second + " echo", third + " echo", fourth + " echo");
  }

  /**
   * Rule 3 is about what the peer sent: a different body under the id and version of this node's own
   * object is a conflict (the collection keeps its own), not the same version, so the node's version
   * is still served to the peer and policy explain does not call it echo (hostile run 10ab: the
   * node withheld its own object as "echo" after the peer sent a forged body under its version).
   */
  @Test
  void feed_peerSendsAnotherBodyUnderALocalVersion_ownVersionStillServed() {
    String clearId = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487";
    int a = peer("a", "{\"relay\":true,\"share\":[{\"collection\":\"SHARED\",\"max_tlp\":\"green\"}]}");
    String own = id("indicator");
    add(shared, object("indicator", own, clearId, ",\"name\":\"ours\""));
    assertThat(feed(a, shared)).containsExactly(own);
    add(shared, a, object("indicator", own, clearId, ",\"name\":\"forged\""));
    assertThat(feed(a, shared)).containsExactly(own);
    List<String> served = new ArrayList<>();
    List<String> withheld = new ArrayList<>();
    new Explanations(db).explain("a", shared, null, e -> served.add(e.id()), e -> withheld.add(e.id() + " " + e.rule()));
    assertThat(served).containsExactly(own);
    assertThat(withheld).isEmpty();
    // and pushed to it as served: what it sent is another body
    SyncPositions positions = new SyncPositions(db);
    assertThat(positions.notToPush(a, shared, "remote", List.of(own))).isEmpty();
    // the same body sent back is the same version: withheld from it as echo, and not pushed
    add(shared, a, object("indicator", own, clearId, ",\"name\":\"ours\""));
    assertThat(feed(a, shared)).isEmpty();
    assertThat(positions.notToPush(a, shared, "remote", List.of(own))).hasSize(1);
  }

  /**
   * Rule 4: an id the peer sent is one it reads, so naming it withholds nothing from that peer,
   * whether it sent the object as a member of its own, or as a copy of what a collection held already
   * (another peer's, which rule 3 withholds from it), and whichever came first, the naming object or
   * what the peer sent (hostile run 10af: a relationship naming another peer's copy of an object the
   * peer had sent was withheld as a reference). What explain lists is what the feed serves.
   */
  @Test
  void feed_namesAnIdThePeerSent_servedWhicheverCameFirst() {
    int a = peer("a", GREEN_SHARE);
    int c = peer("c", GREEN_SHARE);
    String m = id("malware");
    add(shared, object("malware", m, GREEN, ",\"name\":\"m\",\"is_family\":false"));
    String[] kept = new String[3];
    String[] rel = new String[3];
    for (int i = 0; i < 3; i++) {
      kept[i] = id("indicator");
      rel[i] = id("relationship");
    }
    IntConsumer naming = i -> add(shared, object("relationship", rel[i], GREEN,
        ",\"relationship_type\":\"indicates\",\"source_ref\":\"" + kept[i] + "\",\"target_ref\":\"" + m + "\""));
    // 0: a's copy (no relay: withheld from c), then the relationship (waits), then c sends the same body
    add(shared, a, object("indicator", kept[0], GREEN, ""));
    naming.accept(0);
    assertThat(feed(c, shared)).containsExactly(m);
    add(shared, c, object("indicator", kept[0], GREEN, ""));
    assertThat(feed(c, shared)).containsExactly(m, rel[0]);
    // 1: the relationship names what is not held (waits), then c sends it as its own member
    naming.accept(1);
    assertThat(feed(c, shared)).containsExactly(m, rel[0]);
    add(shared, c, object("indicator", kept[1], GREEN, ""));
    assertThat(feed(c, shared)).containsExactly(m, rel[0], rel[1]);
    // 2: a's copy and c's same body first, then the relationship
    add(shared, a, object("indicator", kept[2], GREEN, ""));
    add(shared, c, object("indicator", kept[2], GREEN, ""));
    naming.accept(2);
    assertThat(feed(c, shared)).containsExactly(m, rel[0], rel[1], rel[2]);
    List<String> served = new ArrayList<>();
    List<String> withheld = new ArrayList<>();
    new Explanations(db).explain("c", shared, null, e -> served.add(e.id()), e -> withheld.add(e.id() + " " + e.rule()));
    assertThat(served).containsExactlyInAnyOrder(m, rel[0], rel[1], rel[2]);
    assertThat(withheld).containsExactlyInAnyOrder(kept[0] + " echo", kept[1] + " echo", kept[2] + " echo");
    // a reads what names its own objects, and nothing that names what c sent (c allows no relay)
    assertThat(feed(a, shared)).containsExactly(m, rel[0], rel[2]);
  }

  /**
   * As above, with the other body sent into another collection, where it is stored as the peer's:
   * the node's own object, a different body under the same id and version, is still served to the
   * peer, also once the feed is built again for a new agreement; a copy of the same body the peer
   * sent elsewhere is echo (hostile run 10ac: the node withheld its own object as echo after the
   * agreement was set again).
   */
  @Test
  void feed_peerSendsAnotherBodyIntoAnotherCollection_ownVersionStillServedAfterARebuild() {
    String clearId = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487";
    String agreement = "{\"relay\":true,\"share\":[{\"collection\":\"SHARED\",\"max_tlp\":\"green\"}]}";
    int a = peer("a", agreement);
    String own = id("indicator");
    String same = id("indicator");
    add(shared, object("indicator", own, clearId, ",\"name\":\"ours\""), object("indicator", same, clearId, ""));
    assertThat(feed(a, shared)).containsExactlyInAnyOrder(own, same);
    add(hidden, a, object("indicator", own, clearId, ",\"name\":\"forged\""), object("indicator", same, clearId, ""));
    assertThat(feed(a, shared)).containsExactly(own);
    peer("a", "{\"relay\":true,\"share\":[{\"collection\":\"SHARED\",\"max_tlp\":\"clear\"}]}");
    assertThat(feed(a, shared)).containsExactly(own);
    a = peer("a", agreement);
    assertThat(feed(a, shared)).containsExactly(own);
    List<String> withheld = new ArrayList<>();
    new Explanations(db).explain("a", shared, null, e -> {}, e -> withheld.add(e.id() + " " + e.rule()));
    assertThat(withheld).containsExactly(same + " echo");
    // a push to it leaves out the same body, sent from another collection, and sends its own
    assertThat(new SyncPositions(db).notToPush(a, shared, "remote", List.of(own, same)))
        .singleElement().asString().startsWith(same + " ");
  }

  /**
   * Rule 3 judges what came from a peer by that peer's agreement in force: relay withdrawn by the
   * source takes its GREEN objects out of every other peer's feed, and given again puts them back
   * (found by an independent three-node run: the decision was the one made at arrival).
   */
  @Test
  void feed_sourceChangesRelay_receivedGreenFollowsTheAgreementInForce() {
    int source = peer("source", "{\"relay\":true}");
    int other = peer("other", GREEN_SHARE);
    String clear = id("indicator");
    String green = id("indicator");
    add(shared, source, object("indicator", clear, "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", ""),
        object("indicator", green, GREEN, ""));
    assertThat(feed(other, shared)).containsExactlyInAnyOrder(clear, green);
    peer("source", "{\"relay\":false}");
    assertThat(feed(other, shared)).as("relay withdrawn").containsExactly(clear);
    peer("source", "{\"relay\":true}");
    assertThat(feed(other, shared)).as("relay given again").containsExactlyInAnyOrder(clear, green);
    peer("source", "{\"relay\":true,\"share\":[{\"collection\":\"SHARED\",\"max_tlp\":\"green\"}]}");
    assertThat(feed(other, shared)).as("another change of the source's terms").containsExactlyInAnyOrder(clear, green);
    peers.remove("source", accounts, null);
    assertThat(readNow(other, shared)).as("withheld once the removal commits").doesNotContain(green);
    assertThat(feed(other, shared)).as("a source no longer a peer allows no relay").containsExactly(clear);
  }

  /**
   * Another peer's relay changing moves nothing in a feed that it does not change: positions and
   * dates stay, and what it newly allows arrives as new. A hostile three-node run saw every date of
   * a peer's feed change when another peer's relay flag alone did, timing the other agreement.
   */
  @Test
  void feed_otherPeersRelayChanges_positionsStayWhereNothingItServesChanges() {
    String clearId = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487";
    int source = peer("source", "{\"relay\":false}");
    int other = peer("other", GREEN_SHARE);
    String local = id("indicator");
    String clear = id("indicator");
    String green = id("indicator");
    add(shared, object("indicator", local, GREEN, ""));
    add(shared, source, object("indicator", clear, clearId, ""), object("indicator", green, GREEN, ""));
    assertThat(feed(other, shared)).containsExactly(local, clear);
    Map<String, String> before = places(other);

    peer("source", "{\"relay\":true}");
    assertThat(feed(other, shared)).as("granted: the green one arrives as new").containsExactly(local, clear, green);
    Map<String, String> granted = places(other);
    assertThat(granted).containsAllEntriesOf(before);
    assertThat(Long.parseLong(granted.get(green).split(" ")[0])).isGreaterThan(Long.parseLong(before.get(clear).split(" ")[0]));

    int third = peer("third", "{\"relay\":true}");
    String thirdClear = id("indicator");
    add(shared, third, object("indicator", thirdClear, clearId, ""));
    assertThat(feed(other, shared)).containsExactly(local, clear, green, thirdClear);
    Map<String, String> all = places(other);
    peer("third", "{\"relay\":false}");
    assertThat(feed(other, shared)).as("withdrawn where only CLEAR came: nothing moves").containsExactly(local, clear, green, thirdClear);
    assertThat(places(other)).isEqualTo(all);

    peer("source", "{\"relay\":false}");
    assertThat(feed(other, shared)).as("withdrawn where green came: it goes").containsExactlyInAnyOrder(local, clear, thirdClear);
  }

  /**
   * Relay withdrawn takes out of another peer's feed only what rule 3 now withholds and what names it,
   * in chains (a note on a report on the relayed indicator), as rule 4 would have decided them; the
   * rest keeps its positions and dates, and a version served from elsewhere keeps its referrers.
   * Relay given again brings back the withheld and their referrers as new arrivals. (The feed was
   * rebuilt whole: every date moved, which told the peer that some source had withdrawn relay.)
   */
  @Test
  void feed_relayWithdrawn_onlyTheWithheldAndWhatNamesThemLeave() {
    int source = peer("source", "{\"relay\":true}");
    int other = peer("other", GREEN_SHARE);
    String local = id("indicator");
    String relayed = id("indicator");
    String twice = id("indicator");
    String report = id("report");
    String note = id("note");
    String onTwice = id("relationship");
    ObjectNode twiceHere = object("indicator", twice, GREEN, "");
    ObjectNode twiceThere = object("indicator", twice, GREEN, "");
    twiceThere.put("modified", "2021-01-01T00:00:00.000Z");
    add(shared, object("indicator", local, GREEN, ""), twiceHere);
    add(shared, source, object("indicator", relayed, GREEN, ""), twiceThere);
    add(shared, object("report", report, GREEN, ",\"name\":\"r\",\"published\":\"2020-01-01T00:00:00Z\",\"object_refs\":[\"" + relayed + "\"]"),
        object("note", note, GREEN, ",\"content\":\"n\",\"object_refs\":[\"" + report + "\"]"),
        object("relationship", onTwice, GREEN, ",\"relationship_type\":\"related-to\",\"source_ref\":\"" + twice
            + "\",\"target_ref\":\"" + local + "\""));
    assertThat(feed(other, shared)).containsExactlyInAnyOrder(local, twice, twice, relayed, report, note, onTwice);
    Map<String, String> before = places(other);

    peer("source", "{\"relay\":false}");
    assertThat(readNow(other, shared)).as("withheld once the install commits")
        .containsExactlyInAnyOrder(local, twice, onTwice);
    assertThat(feed(other, shared)).containsExactlyInAnyOrder(local, twice, onTwice);
    Map<String, String> after = places(other);
    for (String stays : List.of(local, onTwice)) assertThat(after.get(stays)).as("stays where it was").isEqualTo(before.get(stays));
    List<ObjectRow> latest = objects.page(new ObjectQuery(shared, 0, null, 10, List.of(), List.of(), VersionFilter.LAST, List.of(),
        false, other)).rows();
    assertThat(latest).filteredOn(r -> r.stixId().equals(twice)).singleElement()
        .satisfies(r -> assertThat(r.version()).hasToString("2020-01-01T00:00:00Z"));
    List<String> withheld = new ArrayList<>();
    new Explanations(db).explain("other", shared, null, e -> {}, e -> withheld.add(e.id() + " " + e.rule()));
    assertThat(withheld).containsExactlyInAnyOrder(relayed + " relay", twice + " relay", report + " reference", note + " reference");

    peer("source", "{\"relay\":true}");
    assertThat(feed(other, shared)).containsExactlyInAnyOrder(local, twice, twice, relayed, report, note, onTwice);
    Map<String, String> again = places(other);
    long last = before.values().stream().mapToLong(p -> Long.parseLong(p.split(" ")[0])).max().orElseThrow();
    for (String back : List.of(relayed, report, note)) {
      assertThat(Long.parseLong(again.get(back).split(" ")[0])).as("back as a new arrival").isGreaterThan(last);
    }
    assertThat(again.get(local)).isEqualTo(before.get(local));
  }

  /**
   * Rule 2 reads a marking by the definitions this node made or imported, and for a received object
   * also by those its source sent; never by another peer's. A hostile run had a peer write a statement
   * under the id of a marking the node did not know, which released the node's own object so marked,
   * and an altered body under the id of the node's own statement, which withheld what it marks.
   */
  @Test
  void feed_markingDefinitionsAPeerSent_decideOnlyWhatThatPeerSent() {
    int source = peer("source", "{\"relay\":true}");
    int other = peer("other", GREEN_SHARE);
    String unknown = "marking-definition--" + UUID.randomUUID();
    String ours = "marking-definition--" + UUID.randomUUID();
    String statement = ",\"definition_type\":\"statement\",\"definition\":{\"statement\":\"Copyright the sender\"}";
    String mine = id("indicator");
    String minePlain = id("indicator");
    String theirs = id("indicator");
    ObjectNode ownStatement = object("marking-definition", ours, GREEN, statement);
    ownStatement.remove("modified");
    add(shared, ownStatement);
    ObjectNode o1 = object("indicator", mine, GREEN, "");
    o1.withArray("object_marking_refs").add(unknown);
    ObjectNode o2 = object("indicator", minePlain, GREEN, "");
    o2.withArray("object_marking_refs").add(ours);
    ObjectNode o3 = object("indicator", theirs, GREEN, "");
    o3.withArray("object_marking_refs").add(unknown);
    add(shared, o1, o2);
    add(shared, source, o3);
    assertThat(feed(other, shared)).as("before the source's definitions").containsExactlyInAnyOrder(ours, minePlain);

    ObjectNode released = object("marking-definition", unknown, GREEN, statement);
    released.remove("modified");
    ObjectNode poisoned = object("marking-definition", ours, GREEN, statement + ",\"x_altered\":true");
    poisoned.remove("modified");
    poisoned.put("created", ownStatement.get("created").asText());
    add(hidden, source, released, poisoned);
    add(shared, source, released);
    peer("other", GREEN_SHARE.replace("}]}", "}],\"relay\":false}")); // rebuilt: every member decided again
    assertThat(feed(other, shared)).as("the source's statement reads only its own object")
        .containsExactlyInAnyOrder(ours, minePlain, theirs, unknown);
    List<String> withheld = new ArrayList<>();
    new Explanations(db).explain("other", shared, null, e -> {}, e -> withheld.add(e.id() + " " + e.rule()));
    assertThat(withheld).containsExactly(mine + " unknown-marking");
  }

  /**
   * Rule 4 names an id, and the node may hold several objects under it: a reference is servable only
   * when none of them is withheld by rule 2. A hostile run had a peer send a CLEAR copy under the id
   * of the node's RED object, after which the node served its GREEN note about that object to a third
   * peer. And an id the peer itself sent withholds nothing from it: it knows it.
   */
  @Test
  void feed_referenceToAnIdHeldAlsoAsARedObject_withheldAndOneThePeerSentIsNot() {
    int source = peer("source", "{\"relay\":true}");
    int other = peer("other", GREEN_SHARE);
    String x = id("indicator");
    String note = id("note");
    add(hidden, object("indicator", x, RED1, ""));
    add(shared, object("note", note, GREEN, ",\"content\":\"internal host compromised\",\"object_refs\":[\"" + x + "\"]"));
    assertThat(feed(other, shared)).isEmpty();
    add(shared, source, object("indicator", x, "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", ""));
    assertThat(feed(other, shared)).as("the source's CLEAR copy goes on; the note about the RED object does not").containsExactly(x);
    List<String> withheld = new ArrayList<>();
    new Explanations(db).explain("other", shared, null, e -> {}, e -> withheld.add(e.id() + " " + e.rule()));
    assertThat(withheld).containsExactly(note + " reference");

    String own = id("indicator");
    String rel = id("relationship");
    add(hidden, other, object("indicator", own, AMBER, ""));
    add(shared, object("relationship", rel, GREEN, ",\"relationship_type\":\"related-to\",\"source_ref\":\"" + own
        + "\",\"target_ref\":\"" + x + "\""));
    assertThat(feed(other, shared)).as("names the RED object's id too").containsExactly(x);
    String rel2 = id("relationship");
    add(shared, object("relationship", rel2, GREEN, ",\"relationship_type\":\"related-to\",\"source_ref\":\"" + own
        + "\",\"target_ref\":\"" + own + "\""));
    assertThat(feed(other, shared)).as("names only what the peer sent").containsExactly(x, rel2);
  }

  /**
   * What a peer sent is judged by what the peer reads alone: a second hostile run had one peer write a
   * note naming an id and another read it, 404 when the node held a withheld object under that id in
   * a collection no peer sees and 200 when not, an oracle over the node's holdings. The node's own
   * note about its withheld object stays withheld (the first run's leak).
   */
  @Test
  void feed_aPeersNoteNamingAnIdHeldHereWithheld_judgedWithoutTheNodesCopy() {
    int source = peer("source", "{\"relay\":true}");
    int other = peer("other", GREEN_SHARE);
    String clear = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487";
    String x = id("indicator");
    String theirs = id("note");
    String ours = id("note");
    add(hidden, object("indicator", x, AMBER, ""));
    add(shared, source, object("indicator", x, clear, ""),
        object("note", theirs, clear, ",\"content\":\"seen\",\"object_refs\":[\"" + x + "\"]"));
    add(shared, object("note", ours, GREEN, ",\"content\":\"ours\",\"object_refs\":[\"" + x + "\"]"));
    assertThat(feed(other, shared)).containsExactlyInAnyOrder(x, theirs);
  }

  /**
   * A received object's marking is read by its source's definitions, whenever they arrive: a second
   * hostile run had the reading peer send a copy of the source's statement first, and the source's
   * indicator so marked stayed withheld once the source's own definition arrived (withheld from that
   * peer as its echo, the definition woke nothing).
   */
  @Test
  void feed_sourcesStatementArrivesAfterAThirdPeersCopy_itsObjectIsServed() {
    int source = peer("source", "{\"relay\":true}");
    int other = peer("other", GREEN_SHARE);
    String statement = "marking-definition--" + UUID.randomUUID();
    String body = ",\"definition_type\":\"statement\",\"definition\":{\"statement\":\"Copyright the source\"}";
    ObjectNode definition = object("marking-definition", statement, GREEN, body);
    definition.remove("modified");
    String marked = id("indicator");
    ObjectNode indicator = object("indicator", marked, GREEN, "");
    indicator.withArray("object_marking_refs").add(statement);
    // the reader itself sent a copy first: the source's own, arriving later, is withheld from it as its echo
    add(hidden, other, definition.deepCopy());
    add(shared, source, indicator);
    assertThat(feed(other, shared)).as("another peer's definition reads nothing of the source's").doesNotContain(marked);
    add(shared, source, definition.deepCopy());
    assertThat(feed(other, shared)).containsExactly(marked);
  }

  /**
   * A peer's object is marked by what that peer defined, never by what else the node holds (a third
   * hostile run: one marked with a marking the node holds in a collection no peer sees as something
   * other than a statement was withheld). The ids it names follow rule 4 as the node's own objects'
   * do: with "dangling_refs": "serve", one naming an id the node does not hold is served, and one
   * naming an id the node holds and withholds is withheld (a fourth hostile run read, through
   * "serve", the ids of objects the node held and withheld: "no withheld identifier leaks").
   */
  @Test
  void feed_aPeersObject_markedByItsSourceReferencesByRule4() {
    int source = peer("source", "{\"relay\":true}");
    int other = peer("other", "{\"share\":[{\"collection\":\"SHARED\",\"max_tlp\":\"green\",\"dangling_refs\":\"serve\"}]}");
    String clear = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487";
    String held = id("indicator");
    String absent = id("indicator");
    add(hidden, object("indicator", held, AMBER, ""));
    String onHeld = id("note");
    String onAbsent = id("note");
    add(shared, source, object("note", onHeld, clear, ",\"content\":\"a\",\"object_refs\":[\"" + held + "\"]"),
        object("note", onAbsent, clear, ",\"content\":\"b\",\"object_refs\":[\"" + absent + "\"]"));
    // the source's own AMBER object and its CLEAR relationship naming it: the id stays behind too
    String amber = id("malware");
    String onAmber = id("relationship");
    add(shared, source, object("malware", amber, AMBER, ",\"is_family\":false"),
        object("relationship", onAmber, clear, ",\"relationship_type\":\"related-to\",\"source_ref\":\"" + amber
            + "\",\"target_ref\":\"" + absent + "\""));
    String marking = "marking-definition--" + UUID.randomUUID();
    ObjectNode pap = object("marking-definition", marking, GREEN, ",\"definition_type\":\"statement\","
        + "\"definition\":{\"statement\":\"PAP:RED\"},\"x_pap\":\"red\"");
    pap.remove("modified");
    add(hidden, pap);
    ObjectNode statement = object("marking-definition", marking, GREEN, ",\"definition_type\":\"statement\","
        + "\"definition\":{\"statement\":\"Copyright the source\"}");
    statement.remove("modified");
    statement.put("created", "2020-02-02T00:00:00.000Z");
    String marked = id("indicator");
    ObjectNode indicator = object("indicator", marked, clear, "");
    indicator.withArray("object_marking_refs").add(marking);
    add(shared, source, statement, indicator);
    assertThat(feed(other, shared)).containsExactlyInAnyOrder(onAbsent, marking, marked);
  }

  /**
   * A peer's positions are its own: what other peers' feeds take meanwhile leaves no gap between two
   * of its rows (a hostile run read, in the position its next cursor carries, how many objects
   * another peer had been given, and when that peer's terms changed).
   */
  @Test
  void feed_positions_eachPeersOwnCounter() {
    int b = peer("b", "{\"share\":[{\"collection\":\"HIDDEN\",\"max_tlp\":\"green\"}]}");
    int c = peer("c", GREEN_SHARE);
    String first = id("indicator");
    add(shared, object("indicator", first, GREEN, ""));
    assertThat(feed(c, shared)).containsExactly(first);
    ObjectNode[] many = new ObjectNode[50];
    for (int i = 0; i < many.length; i++) many[i] = object("indicator", id("indicator"), GREEN, "");
    add(hidden, many);
    assertThat(feed(b, hidden)).hasSize(50);
    String second = id("indicator");
    add(shared, object("indicator", second, GREEN, ""));
    assertThat(feed(c, shared)).containsExactly(first, second);
    Map<String, String> places = places(c);
    assertThat(Long.parseLong(places.get(second).split(" ")[0])).isEqualTo(Long.parseLong(places.get(first).split(" ")[0]) + 1);
  }

  /**
   * A chain of notes, each naming the one before and the first naming an indicator that arrives
   * last, is served link by link in one transaction when it arrives: in the order of the chain, with
   * positions and times that grow together (pages and added_after rely on it), positions taken in
   * blocks (FeedRows.Positions: one counter update per link made the release quadratic), and what is
   * served afterwards still after all of it, with no gap when it is served alone.
   */
  @Test
  void feed_chainReleasedByItsLastTarget_inChainOrderPositionsAndTimesGrowing() {
    int b = peer("b", GREEN_SHARE);
    String target = id("indicator");
    List<String> chain = new ArrayList<>();
    add(shared, chainOfNotes(target, 300, chain));
    assertThat(feed(b, shared)).isEmpty();
    add(shared, object("indicator", target, GREEN, ""));
    List<String> expected = new ArrayList<>();
    expected.add(target);
    expected.addAll(chain);
    assertThat(feed(b, shared)).containsExactlyElementsOf(expected);
    Map<String, String> places = places(b);
    for (int i = 1; i < expected.size(); i++) {
      String[] before = places.get(expected.get(i - 1)).split(" ");
      String[] now = places.get(expected.get(i)).split(" ");
      assertThat(Long.parseLong(now[0])).isGreaterThan(Long.parseLong(before[0]));
      assertThat(OffsetDateTime.parse(now[1])).isAfter(OffsetDateTime.parse(before[1]));
    }
    long last = Long.parseLong(places.get(chain.get(chain.size() - 1)).split(" ")[0]);
    String after = id("indicator");
    add(shared, object("indicator", after, GREEN, ""));
    assertThat(feed(b, shared)).endsWith(after);
    long afterPosition = Long.parseLong(places(b).get(after).split(" ")[0]);
    assertThat(afterPosition).isGreaterThan(last).isLessThanOrEqualTo(last + 1 + expected.size());
    String alone = id("indicator");
    add(shared, object("indicator", alone, GREEN, ""));
    assertThat(feed(b, shared)).endsWith(after, alone);
    assertThat(Long.parseLong(places(b).get(alone).split(" ")[0])).isEqualTo(afterPosition + 1);
  }

  /**
   * A search from new members follows a bounded number of levels of waits (a chain arriving page by
   * page over a root the node lacks was walked whole at every page: quadratic). A cycle that closes
   * past the bound is still served, whole, by the full search the bounded one leaves owed: at once
   * by {@code policy explain}, and by the feed loop once due.
   */
  @Test
  void feed_cycleLongerThanTheSearchFollows_servedWholeByExplain() {
    int b = peer("b", GREEN_SHARE);
    List<String> cycle = longCycle("b", b);
    List<String> served = new ArrayList<>();
    new Explanations(db).explain("b", shared, null, e -> served.add(e.id()), e -> {});
    assertThat(served).containsExactlyInAnyOrderElementsOf(cycle);
    assertThat(readNow(b, shared)).containsExactlyInAnyOrderElementsOf(cycle);
  }

  @Test
  void feed_cycleLongerThanTheSearchFollows_servedWholeByTheFeedLoopOnceDue() {
    int b = peer("b", GREEN_SHARE);
    List<String> cycle = longCycle("b", b);
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (readNow(b, shared).size() < cycle.size() && System.nanoTime() < deadline) publisher.publish("b");
    assertThat(readNow(b, shared)).containsExactlyInAnyOrderElementsOf(cycle);
  }

  /**
   * A chain of notes longer than a search from new members follows, then the note its root names,
   * naming its top: a cycle that closes only through all of it. Returns the cycle's ids, none served yet.
   */
  private List<String> longCycle(String name, int peer) {
    assertThat(feed(peer, shared)).isEmpty(); // the first publish of the process searched everything: nothing waits yet
    String closing = id("note");
    List<String> cycle = new ArrayList<>();
    add(shared, chainOfNotes(closing, Publisher.WALK_LEVELS + 8, cycle));
    publisher.publish(name);
    add(shared, object("note", closing, GREEN, ",\"content\":\"closing\",\"object_refs\":[\"" + cycle.get(cycle.size() - 1) + "\"]"));
    publisher.publish(name);
    cycle.add(closing);
    assertThat(readNow(peer, shared)).isEmpty(); // the search from the closing note met its bound
    return cycle;
  }

  /**
   * The peers take turns: one peer's long work (a large feed to decide) no longer holds another
   * peer's new arrival for its whole length (hostile run 10k: 20.7 s while another peer's feed of
   * 68,000 was rebuilt, and the wait told its size). With turns of no time at all, the other peer's
   * member is decided after the first batch of the long feed, before the rest.
   */
  @Test
  void publishAll_onePeersLongFeed_anotherPeersArrivalDecidedBetweenItsBatches() {
    int[] cb = peersWithALongFeed(5000);
    String arrival = id("indicator");
    add(hidden, object("indicator", arrival, GREEN, ""));
    new Publisher(db, 0).publishAll();
    assertThat(decidedBefore(cb[0], cb[1], arrival)).isEqualTo(2000); // one batch of c's, then b's turn
    assertThat(places(cb[0])).hasSize(5000);
  }

  /** Peer c, whose feed of {@code n} shared indicators is yet to be decided, and peer b, which reads only HIDDEN: {c, b}. */
  private int[] peersWithALongFeed(int n) {
    int c = peer("c", GREEN_SHARE);
    ObjectNode[] many = new ObjectNode[n];
    for (int i = 0; i < many.length; i++) many[i] = object("indicator", id("indicator"), GREEN, "");
    add(shared, many);
    return new int[] {c, peer("b", "{\"share\":[{\"collection\":\"HIDDEN\",\"max_tlp\":\"green\"}]}")};
  }

  /** How many of peer c's members were decided before peer b's member {@code id}. */
  private long decidedBefore(int c, int b, String id) {
    OffsetDateTime arrived = OffsetDateTime.parse(places(b).get(id).split(" ")[1]);
    return places(c).values().stream().filter(p -> OffsetDateTime.parse(p.split(" ")[1]).isBefore(arrived)).count();
  }

  /**
   * A peer up to date keeps its turns while another peer's feed is rebuilt (hostile run 10l: a peer
   * once up to date left the rounds, so its arrival after that waited for the whole of the other
   * peer's 40,000, 17.3 s, where an arrival takes 0.2 s). With turns of no time at all, an arrival
   * during the long feed is decided at most two batches of it later.
   */
  @Test
  void publishAll_arrivalWhileAnotherPeersLongFeedIsDecided_decidedWithinItsNextTurn() throws Exception {
    int[] cb = peersWithALongFeed(16_000);
    int c = cb[0];
    int b = cb[1];
    String earlier = id("indicator");
    add(hidden, object("indicator", earlier, GREEN, ""));
    CompletableFuture<Long> all = CompletableFuture.supplyAsync(() -> new Publisher(db, 0).publishAll());
    long deadline = System.nanoTime() + 60_000_000_000L;
    // b's first turn decided its member and its second found nothing more: three batches of c's are in by then
    while ((places(c).size() < 6000 || !places(b).containsKey(earlier)) && System.nanoTime() < deadline) Thread.sleep(5);
    String arrival = id("indicator");
    add(hidden, object("indicator", arrival, GREEN, ""));
    int atArrival = places(c).size();
    all.get(120, TimeUnit.SECONDS);
    assertThat(places(b)).as("b's arrival, decided within the same publishing").containsKey(arrival);
    long before = decidedBefore(c, b, arrival);
    // the batch under way when it arrived, and one more if b's turn had just been taken: then b's
    assertThat(before).as("c's members decided when it arrived: " + atArrival).isLessThanOrEqualTo(atArrival + 2 * 2000L);
    assertThat(places(c)).hasSize(16_000);
  }

  /** {@code n} notes, each naming the one before, the first naming {@code root}; their ids go to {@code ids}, in order. */
  private static ObjectNode[] chainOfNotes(String root, int n, List<String> ids) {
    ObjectNode[] notes = new ObjectNode[n];
    String previous = root;
    for (int i = 0; i < n; i++) {
      String note = id("note");
      notes[i] = object("note", note, GREEN, ",\"content\":\"link\",\"object_refs\":[\"" + previous + "\"]");
      ids.add(note);
      previous = note;
    }
    return notes;
  }

  /** Each id of the peer's feed with its position and date added ("pseq added"). */
  private Map<String, String> places(int peer) {
    return db.withConnection(c -> {
      Map<String, String> out = new HashMap<>();
      try (var s = c.prepareStatement("select stix_id, pseq, added from peer_feed where peer = ?")) {
        s.setInt(1, peer);
        try (var r = s.executeQuery()) {
          while (r.next()) out.put(r.getString(1), r.getLong(2) + " " + r.getObject(3, OffsetDateTime.class));
        }
      }
      return out;
    });
  }

  /** What the peer reads now, without publishing first. */
  private List<String> readNow(int peer, UUID collection) {
    ObjectQuery q = new ObjectQuery(collection, 0, null, 1000, List.of(), List.of(), VersionFilter.ALL, ObjectQuery.ANY_SPEC_VERSION,
        false, peer);
    return objects.page(q).rows().stream().map(ObjectRow::stixId).toList();
  }

  /**
   * Narrower terms hold once the install commits, before any publish: a peer reading in between got
   * what they withhold for up to 0.1 s (found by an independent run). The same for a source's relay.
   */
  @Test
  void install_narrowerTermsOrRelayWithdrawn_withheldBeforeThePublisherRuns() {
    int b = peer("b", "{\"share\":[{\"collection\":\"SHARED\",\"max_tlp\":\"amber\"}]}");
    String green = id("indicator");
    String amber = id("indicator");
    add(shared, object("indicator", green, GREEN, ""), object("indicator", amber, AMBER, ""));
    assertThat(feed(b, shared)).containsExactlyInAnyOrder(green, amber);
    peer("b", GREEN_SHARE);
    assertThat(readNow(b, shared)).doesNotContain(amber);
    assertThat(feed(b, shared)).containsExactly(green);

    int source = peer("source", "{\"relay\":true}");
    String relayed = id("indicator");
    add(shared, source, object("indicator", relayed, GREEN, ""));
    assertThat(feed(b, shared)).contains(relayed);
    peer("source", "{\"relay\":false}");
    assertThat(readNow(b, shared)).doesNotContain(relayed);
    assertThat(feed(b, shared)).containsExactly(green);
  }

  @Test
  void feed_newAgreement_rebuiltWithPositionsThatOnlyGrow() {
    int b = peer("b", GREEN_SHARE);
    String green = id("indicator");
    String amber = id("indicator");
    add(shared, object("indicator", green, GREEN, ""), object("indicator", amber, AMBER, ""));
    assertThat(feed(b, shared)).containsExactly(green);
    long before = objects.page(new ObjectQuery(shared, 0, null, 10, List.of(), List.of(), VersionFilter.ALL,
        ObjectQuery.ANY_SPEC_VERSION, false, b)).rows().get(0).seq();
    peer("b", "{\"share\":[{\"collection\":\"SHARED\",\"max_tlp\":\"amber\"}]}");
    assertThat(feed(b, shared)).containsExactly(green, amber);
    assertThat(objects.page(new ObjectQuery(shared, before, null, 10, List.of(), List.of(), VersionFilter.ALL,
        ObjectQuery.ANY_SPEC_VERSION, false, b)).rows()).hasSize(2);
  }

  /**
   * A new agreement version that changes nothing the feed depends on (a push, an accept, relay) keeps
   * the feed: nothing arrives again after the peer's last position (a hostile run saw a peer read its
   * 171,870 objects again after a push was added); a change of share after it still rebuilds.
   */
  @Test
  void feed_newAgreementSharingTheSame_keptNothingArrivesAgain() {
    int b = peer("b", GREEN_SHARE);
    String green = id("indicator");
    add(shared, object("indicator", green, GREEN, ""));
    assertThat(feed(b, shared)).containsExactly(green);
    long last = objects.page(new ObjectQuery(shared, 0, null, 10, List.of(), List.of(), VersionFilter.ALL,
        ObjectQuery.ANY_SPEC_VERSION, false, b)).rows().get(0).seq();
    peer("b", "{\"share\":[{\"collection\":\"SHARED\",\"max_tlp\":\"green\"}],\"push\":[{\"collection\":\"HIDDEN\",\"to\":\"x\"}],"
        + "\"accept\":[{\"collection\":\"HIDDEN\"}],\"relay\":true}");
    assertThat(feed(b, shared)).containsExactly(green);
    ObjectQuery after = new ObjectQuery(shared, last, null, 10, List.of(), List.of(), VersionFilter.ALL, ObjectQuery.ANY_SPEC_VERSION, false, b);
    assertThat(objects.page(after).rows()).isEmpty();
    String later = id("indicator");
    add(shared, object("indicator", later, GREEN, ""));
    assertThat(feed(b, shared)).containsExactly(green, later);
    assertThat(objects.page(after).rows()).extracting(ObjectRow::stixId).containsExactly(later);

    peer("b", "{\"share\":[{\"collection\":\"SHARED\",\"max_tlp\":\"amber\"}]}");
    assertThat(feed(b, shared)).containsExactly(green, later);
    assertThat(objects.page(after).rows()).hasSize(2); // rebuilt: both arrive again as new
  }

  @Test
  void feed_deletedMember_leavesTheFeed() {
    int b = peer("b", GREEN_SHARE);
    String green = id("indicator");
    add(shared, object("indicator", green, GREEN, ""));
    assertThat(feed(b, shared)).containsExactly(green);
    objects.delete(shared, green, VersionFilter.ALL, ObjectQuery.ANY_SPEC_VERSION);
    assertThat(feed(b, shared)).isEmpty();
  }

  @Test
  void feed_newerVersionWithheld_olderStaysLatestForThePeer() {
    int b = peer("b", GREEN_SHARE);
    String id = id("indicator");
    add(shared, object("indicator", id, GREEN, ""));
    ObjectNode v2 = object("indicator", id, AMBER, "");
    v2.put("modified", "2021-01-01T00:00:00.000Z");
    add(shared, v2);
    publisher.publishAll();
    List<ObjectRow> latest = objects.page(new ObjectQuery(shared, 0, null, 10, List.of(), List.of(), VersionFilter.LAST, List.of(),
        false, b)).rows();
    assertThat(latest).extracting(r -> r.version().toString()).containsExactly("2020-01-01T00:00:00Z");
  }
}
