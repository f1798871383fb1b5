package dev.parley.node.witness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.node.Node;
import dev.parley.node.NodeConfig;
import dev.parley.node.TestNode;
import dev.parley.store.Stores;
import dev.parley.store.witness.EvidenceJson;
import dev.parley.store.witness.EvidenceStore;
import dev.parley.tlog.checkpoint.Checkpoint;
import dev.parley.tlog.checkpoint.CheckpointVerification;
import dev.parley.tlog.checkpoint.Checkpoints;
import dev.parley.tlog.note.Cosignatures;
import dev.parley.tlog.note.Note;
import dev.parley.tlog.note.SignerKey;
import dev.parley.tlog.note.VerifierKey;
import dev.parley.tlog.tree.Hash;
import dev.parley.tlog.tree.Hashes;
import dev.parley.tlog.tree.MerkleTree;
import dev.parley.tlog.tree.NodeReader;
import dev.parley.tlog.tree.TreeSize;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * c2sp.org/tlog-witness "add-checkpoint" against a real node, as a distrustful log or stranger would
 * probe it; each test registers a peer whose log key it holds, and builds that log's trees in memory.
 */
class WitnessRoutesTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** A peer's log held by the test: its key and leaves. */
  record Log(SignerKey key, String peer) {
    static Log register(Stores stores) {
      String peer = "w" + UUID.randomUUID().toString().substring(0, 8);
      SignerKey key = SignerKey.generate(peer + ".example/log");
      stores.peers().put(peer, "http://127.0.0.1:1/api1/", null, key.verifierKey().encode(), stores.accounts());
      return new Log(key, peer);
    }

    String origin() {
      return key.name();
    }
  }

  static List<Hash> leaves(String history, int count) {
    List<Hash> out = new ArrayList<>();
    for (int i = 0; i < count; i++) out.add(Hashes.leaf((history + i).getBytes(StandardCharsets.UTF_8)));
    return out;
  }

  static NodeReader nodes(List<Hash> leaves) {
    return (level, index) -> MerkleTree.rootOfLeaves(leaves.subList((int) (index << level), (int) ((index + 1) << level)));
  }

  static String signed(SignerKey key, List<Hash> leaves) {
    Hash root = leaves.isEmpty() ? Hashes.emptyRoot() : MerkleTree.rootOfLeaves(leaves);
    return Checkpoints.sign(Checkpoint.of(key.name(), TreeSize.of(leaves.size()), root), key);
  }

  static String body(long old, List<Hash> tree, String note) {
    List<Hash> proof = old == 0 || old == tree.size() ? List.of()
        : MerkleTree.consistencyProof(nodes(tree), TreeSize.of(old), TreeSize.of(tree.size())).path();
    return new AddCheckpoint(old, proof, note).format();
  }

  static HttpResponse<String> post(String base, String body) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/witness/add-checkpoint"))
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static VerifierKey witnessKey(String base) {
    try {
      return VerifierKey.parse(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/witness/key")).build(),
          HttpResponse.BodyHandlers.ofString()).body().strip());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void add_extendingCheckpoints_cosignedWithCosignatureV1UnderWitnessKey() {
    Log log = Log.register(TestNode.get().stores());
    VerifierKey witness = witnessKey(TestNode.base());
    assertThat(witness.type().id()).isEqualTo((byte) 0x04);
    List<Hash> tree = leaves("a", 3);
    String note = signed(log.key(), tree);
    HttpResponse<String> r = post(TestNode.base(), body(0, tree, note));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).startsWith("\u2014 " + witness.name() + " ").endsWith("\n");
    // "the client MAY concatenate it to the checkpoint, and use a note verification function"
    CheckpointVerification v = Checkpoints.open(note + r.body(), log.key().verifierKey(), List.of(witness));
    assertThat(v).isInstanceOf(CheckpointVerification.Verified.class);
    assertThat(((CheckpointVerification.Verified) v).cosigners()).containsExactly(witness);
    long stamp = Cosignatures.timestamp(Note.parse(note + r.body()).signatures().get(1)).orElseThrow();
    assertThat(stamp).isBetween(Instant.now().getEpochSecond() - 60, Instant.now().getEpochSecond() + 1);

    List<Hash> bigger = leaves("a", 11);
    assertThat(post(TestNode.base(), body(3, bigger, signed(log.key(), bigger))).statusCode()).isEqualTo(200);
    // the same checkpoint again, from its own size: cosigned again
    assertThat(post(TestNode.base(), body(11, bigger, signed(log.key(), bigger))).statusCode()).isEqualTo(200);
  }

  @Test
  void add_unknownOrigin_is404() {
    SignerKey stranger = SignerKey.generate("stranger.example/log");
    List<Hash> tree = leaves("s", 2);
    assertThat(post(TestNode.base(), body(0, tree, signed(stranger, tree))).statusCode()).isEqualTo(404);
  }

  @Test
  void add_signedByAnotherKeyOfTheSameName_is403() {
    Log log = Log.register(TestNode.get().stores());
    SignerKey impostor = SignerKey.generate(log.origin());
    List<Hash> tree = leaves("a", 2);
    assertThat(post(TestNode.base(), body(0, tree, signed(impostor, tree))).statusCode()).isEqualTo(403);
    // an unsigned checkpoint, and one whose only signature line is corrupted
    String note = signed(log.key(), tree);
    String text = Note.parse(note).text();
    assertThat(post(TestNode.base(), "old 0\n\n" + text + "\n\u2014 x AAAAAAAA\n").statusCode()).isEqualTo(403);
    String corrupted = note.substring(0, note.length() - 6) + (note.charAt(note.length() - 6) == 'A' ? "B" : "A") + note.substring(note.length() - 5);
    assertThat(post(TestNode.base(), body(0, tree, corrupted)).statusCode()).isIn(400, 403);
  }

  @Test
  void add_oldLargerThanTheCheckpoint_is400() {
    Log log = Log.register(TestNode.get().stores());
    List<Hash> tree = leaves("a", 2);
    assertThat(post(TestNode.base(), "old 3\n\n" + signed(log.key(), tree)).statusCode()).isEqualTo(400);
  }

  @Test
  void add_malformedBodies_are400() {
    for (String body : List.of("", "old x\n\n", "new 1\n\n", "old 1\n!!\n\nx\n", "old 0\n\nnot a note")) {
      assertThat(post(TestNode.base(), body).statusCode()).as(body).isEqualTo(400);
    }
    String huge = "old 0\n" + "A".repeat(70_000);
    try {
      assertThat(post(TestNode.base(), huge).statusCode()).isEqualTo(413);
    } catch (IllegalStateException closed) {
      // the node answers 413 and closes without reading the body; a client still sending it may
      // find the connection closed before it reads the answer (the JDK client: "received no bytes")
      assertThat(closed.getCause()).isInstanceOf(IOException.class);
    }
  }

  @Test
  void add_oldNotTheCosignedSize_is409WithTlogSize() {
    Log log = Log.register(TestNode.get().stores());
    List<Hash> tree = leaves("a", 5);
    assertThat(post(TestNode.base(), body(0, tree, signed(log.key(), tree))).statusCode()).isEqualTo(200);
    List<Hash> bigger = leaves("a", 9);
    for (long old : new long[] {0, 3, 7}) {
      HttpResponse<String> r = post(TestNode.base(), body(old, bigger, signed(log.key(), bigger)));
      assertThat(r.statusCode()).isEqualTo(409);
      assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/x.tlog.size");
      assertThat(r.body()).isEqualTo("5\n");
    }
  }

  @Test
  void add_proofOfAnotherHistory_is422AndNotCosigned() {
    Log log = Log.register(TestNode.get().stores());
    List<Hash> tree = leaves("a", 5);
    assertThat(post(TestNode.base(), body(0, tree, signed(log.key(), tree))).statusCode()).isEqualTo(200);
    List<Hash> forged = new ArrayList<>(leaves("a", 2));
    forged.addAll(leaves("forged", 9).subList(2, 9));
    assertThat(post(TestNode.base(), body(5, forged, signed(log.key(), forged))).statusCode()).isEqualTo(422);
    // a real extension with a junk proof: 422, and not a fork
    List<Hash> real = leaves("a", 9);
    assertThat(post(TestNode.base(), new AddCheckpoint(5, List.of(real.get(0)), signed(log.key(), real)).format()).statusCode())
        .isEqualTo(422);
    assertThat(post(TestNode.base(), body(5, real, signed(log.key(), real))).statusCode()).isEqualTo(200);
  }

  @Test
  void add_sameSizeOtherRoot_is409AndRecordedAsForkEvidence() {
    Stores stores = TestNode.get().stores();
    Log log = Log.register(stores);
    List<Hash> tree = leaves("a", 4);
    assertThat(post(TestNode.base(), body(0, tree, signed(log.key(), tree))).statusCode()).isEqualTo(200);
    List<Hash> other = leaves("b", 4);
    HttpResponse<String> r = post(TestNode.base(), body(4, other, signed(log.key(), other)));
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(r.body()).isEqualTo("4\n");
    List<EvidenceStore.Recorded> found = new EvidenceStore(stores.db()).list().stream().filter(e -> log.peer().equals(e.peer())).toList();
    assertThat(found).hasSize(1);
    assertThat(found.get(0).evidence().check(log.key().verifierKey())).isEmpty();
    assertThat(stores.peers().isForked(log.peer())).isTrue();
    // a later contact does not clear the state: sync stays stopped until an operator accepts the fork
    stores.peers().state(log.peer(), "ok", null);
    assertThat(stores.peers().isForked(log.peer())).isTrue();
    assertThat(TestNode.get("/metrics", TestNode.admin()).raw().body()).contains("parley_peer_forks{peer=\"" + log.peer() + "\"} 1");
    // to anyone else, how many, not whose: the names are the operator's own for its peers
    assertThat(TestNode.get("/metrics", null).raw().body()).contains("parley_forks ").doesNotContain(log.peer());
    // shared with peers: the evidence (complete, checkable with the key) and the checkpoint held of the log
    List<ForkEvidence> served = EvidenceJson.read(
        TestNode.get("/witness/evidence", null).raw().body().getBytes(StandardCharsets.UTF_8));
    assertThat(served.stream().filter(e -> e.origin().equals(log.origin()))).singleElement()
        .satisfies(e -> assertThat(e.check(log.key().verifierKey())).isEmpty())
        // where each note came from, by its kind only: not the operator's name for the peer, nor who posted it (hostile run 10p)
        .satisfies(e -> assertThat(e.from()).containsExactly("cosigned earlier by this node's witness", "posted to this node's witness"));
    assertThat(TestNode.get("/witness/evidence", null).raw().body()).doesNotContain("127.0.0.1").doesNotContain("from peer");
    assertThat(TestNode.get("/witness/checkpoints", null).raw().body()).contains("\"origin\":\"" + log.origin() + "\"")
        .contains("\"held\":\"cosigned\"");
  }

  @Test
  void add_concurrentSubmissionsForOneOrigin_onlyOneAdvances() throws Exception {
    Log log = Log.register(TestNode.get().stores());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int n = 1; n <= 16; n++) {
        List<Hash> tree = leaves("a", n);
        String body = body(0, tree, signed(log.key(), tree));
        tasks.add(() -> post(TestNode.base(), body).statusCode());
      }
      List<Integer> codes = new ArrayList<>();
      for (Future<Integer> f : pool.invokeAll(tasks)) codes.add(f.get());
      assertThat(codes.stream().filter(c -> c == 200)).hasSize(1);
      assertThat(codes.stream().filter(c -> c == 409)).hasSize(15);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void witness_restartedBetweenSubmissions_keepsItsState() throws Exception {
    Path dir = Files.createTempDirectory("parley-witness-restart");
    NodeConfig config = NodeConfig.defaults().withDataDir(dir).withName("w").withListen("127.0.0.1", 0)
        .withWitnessInterval(Duration.ofSeconds(60));
    Log log;
    VerifierKey before;
    List<Hash> tree = leaves("a", 6);
    try (Node node = Node.start(config)) {
      log = Log.register(node.stores());
      String base = "http://127.0.0.1:" + node.port();
      before = witnessKey(base);
      assertThat(post(base, body(0, tree, signed(log.key(), tree))).statusCode()).isEqualTo(200);
    }
    try (Node node = Node.start(config)) {
      String base = "http://127.0.0.1:" + node.port();
      assertThat(witnessKey(base)).isEqualTo(before);
      assertThat(post(base, body(0, tree, signed(log.key(), tree))).body()).isEqualTo("6\n");
      List<Hash> bigger = leaves("a", 10);
      assertThat(post(base, body(6, bigger, signed(log.key(), bigger))).statusCode()).isEqualTo(200);
    }
    assertThat(Files.getPosixFilePermissions(dir.resolve("witness.key"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }
}
