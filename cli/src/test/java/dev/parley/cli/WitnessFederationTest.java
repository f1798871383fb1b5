package dev.parley.cli;

import static dev.parley.cli.TestCli.runExactly;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.Node;
import dev.parley.node.NodeConfig;
import dev.parley.stix.Json;
import dev.parley.store.witness.EvidenceJson;
import dev.parley.tlog.checkpoint.CheckpointVerification;
import dev.parley.tlog.checkpoint.Checkpoints;
import dev.parley.tlog.note.SignerKey;
import dev.parley.tlog.note.VerifierKey;
import dev.parley.tlog.witness.AddCheckpoint;
import dev.parley.tlog.witness.ForkEvidence;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 11 end to end: three nodes on loopback made peers with {@code parley peer add}, each
 * witnessing the others; then a forger (a second data folder holding a copy of A's log key, with
 * another history) submits to B. The tests run in order on one federation, to start few nodes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WitnessFederationTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<Node> NODES = new ArrayList<>();
  private static Node a;
  private static Node b;
  private static Node c;

  private static Node start(String name, Path dir) {
    Node node = Node.start(NodeConfig.defaults().withDataDir(dir).withName(name).withListen("127.0.0.1", 0)
        .withWitnessInterval(Duration.ofMillis(500)));
    NODES.add(node);
    return node;
  }

  private static Path folder() throws Exception {
    return Files.createTempDirectory("parley-witness-fed");
  }

  private static String url(Node n) {
    return "http://127.0.0.1:" + n.port() + "/api1/";
  }

  private static TestCli.Result cli(Node n, String... args) {
    return TestCli.runOn(n.config().dataDir(), args);
  }

  private static void peers(Node from, String name, Node to) {
    TestCli.Result r = cli(from, "peer", "add", name, "--url", url(to));
    assertThat(r.code()).as(r.err()).isZero();
  }

  private static String storedAlias;
  private static String storedId;

  /** Stores {@code count} new indicators in a fresh collection of {@code n}, by import. */
  private static void store(Node n, int count) throws Exception {
    String alias = "c" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(cli(n, "collection", "create", "--title", "t", "--alias", alias).code()).isZero();
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < count; i++) {
      storedId = TestCli.newId("indicator");
      lines.append(TestCli.indicator(storedId, "2020-01-01T00:00:00.000Z")).append('\n');
    }
    storedAlias = alias;
    Path file = Files.createTempFile("objects", ".jsonl");
    Files.writeString(file, lines);
    TestCli.Result r = cli(n, "import", file.toString(), "--collection", alias, "--quiet");
    assertThat(r.code()).as(r.err()).isZero();
  }

  private static String get(Node n, String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.port() + path)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String key(Node n, String what) {
    TestCli.Result r = cli(n, what, "key");
    assertThat(r.code()).as(r.err()).isZero();
    return r.out().strip();
  }

  /** Waits for a condition the federation reaches in the background (rounds of 0.5 s); fails after two minutes. */
  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("not reached: " + what);
      Thread.sleep(100);
    }
  }

  private static int cosigners(Node log, Node... witnesses) {
    List<VerifierKey> keys = new ArrayList<>();
    for (Node w : witnesses) keys.add(VerifierKey.parse(key(w, "witness")));
    CheckpointVerification v = Checkpoints.open(get(log, "/log/checkpoint"), VerifierKey.parse(key(log, "log")), keys);
    return v instanceof CheckpointVerification.Verified ok ? ok.cosigners().size() : -1;
  }

  @BeforeAll
  static void federation() throws Exception {
    a = start("node-a", folder());
    b = start("node-b", folder());
    c = start("node-c", folder());
    peers(a, "b", b);
    peers(a, "c", c);
    peers(b, "a", a);
    peers(b, "c", c);
    peers(c, "a", a);
    peers(c, "b", b);
    store(b, 2);
    store(a, 5);
  }

  @AfterAll
  static void stop() {
    NODES.forEach(Node::close);
  }

  @Test
  @Order(1)
  void everyCheckpoint_cosignedByTheOtherTwo_verifiesWithQuorum2() throws Exception {
    await("A's checkpoint cosigned by B and C", () -> cosigners(a, b, c) == 2);
    await("B's checkpoint cosigned by A and C", () -> cosigners(b, a, c) == 2);
    await("C's checkpoint cosigned by A and B", () -> cosigners(c, a, b) == 2);
    String logUrl = "http://127.0.0.1:" + a.port() + "/log/";
    // the log may grow between the wait and the verification (a node logs objects of its own at its
    // start): the newest checkpoint is cosigned within the next round of witnessing
    TestCli.Result[] last = new TestCli.Result[1];
    await("A's newest checkpoint verified with quorum 2", () -> {
      last[0] = runExactly("log", "verify", "--url", logUrl, "--key", key(a, "log"), "--full",
          "--witness", "b=" + key(b, "witness"), "--witness", "c=" + key(c, "witness"), "--quorum", "2");
      return last[0].code() == 0;
    });
    TestCli.Result ok = last[0];
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("cosigned by 2 of 2 named witnesses (b, c), quorum 2");
    // receipts carry the cosigned checkpoint
    TestCli.Result receipt = cli(a, "log", "prove", "--collection", storedAlias, "--object", storedId);
    assertThat(receipt.code()).as(receipt.err()).isZero();
    String checkpoint = Json.mapper().readTree(receipt.out()).get("checkpoint").asText();
    assertThat(Checkpoints.open(checkpoint, VerifierKey.parse(key(a, "log")),
        List.of(VerifierKey.parse(key(b, "witness")), VerifierKey.parse(key(c, "witness")))))
        .isInstanceOfSatisfying(CheckpointVerification.Verified.class, v -> assertThat(v.cosigners()).hasSize(2));
    // a witness that never cosigned does not count: 1 of 2 is short of a quorum of 2
    String stranger = SignerKey.generateCosigner("stranger/witness").verifierKey().encode();
    TestCli.Result short1 = runExactly("log", "verify", "--url", logUrl, "--key", key(a, "log"),
        "--witness", "b=" + key(b, "witness"), "--witness", "x=" + stranger, "--quorum", "2");
    assertThat(short1.code()).isEqualTo(1);
    assertThat(short1.err()).contains("not cosigned by x");
    // a log key is no witness key
    assertThat(runExactly("log", "verify", "--url", logUrl, "--key", key(a, "log"), "--witness", "b=" + key(b, "log")).code()).isEqualTo(2);
  }

  @Test
  @Order(2)
  void witnessDown_neverBlocksAPost_andTheOtherStillCosigns() throws Exception {
    c.close();
    NODES.remove(c);
    String alias = "c" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(cli(a, "collection", "create", "--title", "t", "--alias", alias).code()).isZero();
    String id = a.stores().collections().resolve(alias).orElseThrow().id().toString();
    String token = Files.readString(a.config().dataDir().resolve("admin.token")).strip();
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url(a) + "collections/" + id + "/objects/"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + token).getBytes(StandardCharsets.UTF_8)))
        .header("Accept", "application/taxii+json;version=2.1").header("Content-Type", "application/taxii+json;version=2.1")
        .POST(HttpRequest.BodyPublishers.ofString("{\"objects\":[" + TestCli.indicator(TestCli.newId("indicator"), "2020-01-01T00:00:00.000Z") + "]}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(Json.mapper().readTree(r.body()).get("status").asText()).isEqualTo("complete");
    String before = get(a, "/log/checkpoint").split("\n")[1];
    await("A's new checkpoint cosigned by B while C is down", () -> {
      String note = get(a, "/log/checkpoint");
      return !note.split("\n")[1].equals("0") && cosigners(a, b) == 1;
    });
    assertThat(before).isNotEmpty();
  }

  @Test
  @Order(3)
  void forger_withACopyOfAsKey_isRefusedByB_evidenceRecorded_andCDetectsItThroughGossip() throws Exception {
    c = start("node-c", c.config().dataDir()); // back, with its state: port changed, so tell its peers
    peers(a, "c", c);
    peers(b, "c", c);
    Path forged = folder();
    Files.copy(a.config().dataDir().resolve("log.key"), forged.resolve("log.key"));
    Node forger = start("node-a", forged);
    store(forger, 1); // fewer entries than A: a prefix of another history
    peers(forger, "b", b);
    await("B records the fork of A's log", () -> evidence(b).size() == 1);
    VerifierKey aKey = VerifierKey.parse(key(a, "log"));
    ForkEvidence e = evidence(b).get(0);
    assertThat(e.origin()).isEqualTo("node-a");
    assertThat(e.check(aKey)).isEmpty();
    assertThat(peerState(b, "a")).isEqualTo("forked");
    assertThat(get(b, "/metrics")).contains("parley_forks 1").doesNotContain("peer=\"a\"");
    // sync with the forked peer stops (fail closed), and a later contact does not clear the state
    TestCli.Result sync = cli(b, "sync");
    assertThat(sync.code()).isEqualTo(1);
    assertThat(sync.err()).contains("peer a forked");
    assertThat(peerState(b, "a")).isEqualTo("forked");
    await("C learns the evidence from B's gossip", () -> evidence(c).size() == 1);
    assertThat(evidence(c).get(0).check(aKey)).isEmpty();
    assertThat(peerState(c, "a")).isEqualTo("forked");

    TestCli.Result trust = cli(c, "peer", "trust", "a", "--accept-fork");
    assertThat(trust.code()).as(trust.err()).isZero();
    assertThat(peerState(c, "a")).isEqualTo("ok");
    assertThat(evidence(c)).hasSize(1);
    assertThat(cli(c, "peer", "trust", "a", "--accept-fork").code()).isEqualTo(1);
    // a stranger replays the notes of the public evidence to C's witness: C started again from A's log as it is, so
    // neither is cosigned, and a checkpoint in evidence already is no new fork (hostile run 10p: from nothing, the
    // forged note was cosigned, and each replay made a new permanent record and stopped sync again)
    for (String note : evidence(c).get(0).notes()) {
      HttpResponse<String> replay = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + c.port() + "/witness/add-checkpoint"))
          .POST(HttpRequest.BodyPublishers.ofString(new AddCheckpoint(0, List.of(), note).format())).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(replay.statusCode()).as(replay.body()).isNotEqualTo(200);
    }
    Thread.sleep(2_000); // four monitor rounds, which judge what the witness did not cosign
    assertThat(evidence(c)).hasSize(1);
    assertThat(peerState(c, "a")).isEqualTo("ok");
  }

  private static List<ForkEvidence> evidence(Node n) {
    TestCli.Result r = cli(n, "log", "evidence", "--format", "json");
    assertThat(r.code()).as(r.err()).isZero();
    return EvidenceJson.read(r.out().getBytes(StandardCharsets.UTF_8));
  }

  private static String peerState(Node n, String peer) {
    try {
      for (JsonNode p : Json.mapper().readTree(cli(n, "peer", "list", "--format", "json").out())) {
        if (p.get("name").asText().equals(peer)) return p.get("state").asText();
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return null;
  }
}
