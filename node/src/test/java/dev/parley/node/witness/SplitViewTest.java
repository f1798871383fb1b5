package dev.parley.node.witness;

import static dev.parley.node.witness.WitnessRoutesTest.body;
import static dev.parley.node.witness.WitnessRoutesTest.leaves;
import static dev.parley.node.witness.WitnessRoutesTest.post;
import static dev.parley.node.witness.WitnessRoutesTest.signed;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.parley.node.TestNode;
import dev.parley.node.detect.RecordingLog;
import dev.parley.store.Stores;
import dev.parley.store.witness.EvidenceStore;
import dev.parley.store.witness.Forks;
import dev.parley.store.witness.MonitorStore;
import dev.parley.store.witness.Seen;
import dev.parley.tlog.checkpoint.Checkpoint;
import dev.parley.tlog.note.SignerKey;
import dev.parley.tlog.tiles.TileAppender;
import dev.parley.tlog.tree.Hash;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * A split view (issue 11, "Monitoring and gossip"): a log submits one history to this node's witness
 * and serves another, rewritten one (with its tiles) at its own {@code /log/} — the node's monitor
 * proves the fork from the log's own tiles and records evidence that checks with the key alone.
 */
class SplitViewTest {
  @Test
  void logShowingTheWitnessOneHistoryAndServingAnother_isAForkWithEvidence() throws Exception {
    Stores stores = TestNode.get().stores();
    String peer = "sv" + UUID.randomUUID().toString().substring(0, 8);
    SignerKey key = SignerKey.generate(peer + ".example/log");
    List<Hash> shown = leaves("a", 6);
    List<Hash> served = new ArrayList<>(leaves("a", 3));
    served.addAll(leaves("z", 9).subList(3, 9));

    HttpServer server = serve(key, served);
    try {
      stores.peers().put(peer, "http://127.0.0.1:" + server.getAddress().getPort() + "/api1/", null,
          key.verifierKey().encode(), stores.accounts());
      assertThat(post(TestNode.base(), body(0, shown, signed(key, shown))).statusCode()).isEqualTo(200);
      EvidenceStore evidence = new EvidenceStore(stores.db());
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (evidence.list().stream().noneMatch(e -> peer.equals(e.peer()))) {
        if (System.nanoTime() > deadline) throw new AssertionError("the split view was not detected");
        Thread.sleep(200);
      }
      EvidenceStore.Recorded found = evidence.list().stream().filter(e -> peer.equals(e.peer())).findFirst().orElseThrow();
      assertThat(found.evidence().check(key.verifierKey())).isEmpty();
      assertThat(found.evidence().notes().get(0)).isEqualTo(signed(key, shown));
      assertThat(found.evidence().from().get(1)).contains("/log/checkpoint");
      assertThat(stores.peers().isForked(peer)).isTrue();
    } finally {
      server.stop(0);
    }
  }

  /** A log on loopback serving {@code leaves} (tiles and checkpoint) under {@code key}. */
  private static HttpServer serve(SignerKey key, List<Hash> leaves) throws Exception {
    Map<String, byte[]> files = new ConcurrentHashMap<>();
    publish(files, key, leaves);
    return serve(files);
  }

  /** What a log of {@code leaves} under {@code key} serves, in place of what {@code files} held. */
  private static void publish(Map<String, byte[]> files, SignerKey key, List<Hash> leaves) {
    files.clear();
    TileAppender.empty().append(leaves).tiles().forEach(t -> files.put("/log/" + t.path().toPath(), t.data()));
    files.put("/log/checkpoint", signed(key, leaves).getBytes(StandardCharsets.UTF_8));
  }

  /** A log on loopback serving {@code files} as they are at each request. */
  private static HttpServer serve(Map<String, byte[]> files) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", x -> {
      byte[] body = files.get(x.getRequestURI().getPath());
      x.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
      if (body != null) x.getResponseBody().write(body);
      x.close();
    });
    server.start();
    return server;
  }

  /**
   * Two honest logs under one origin (two nodes started with one name; or a peer that named its key
   * after another's log) are two logs: the witness cosigns each at one size with another root, and
   * the monitor keeps each one's checkpoint by its key; neither is a fork, and no evidence is made of
   * notes signed by two keys (hostile run 10o: three nodes named "parley" marked honest peers forked,
   * with permanent evidence that did not verify under one key).
   */
  @Test
  void twoLogsUnderOneOrigin_neitherForkedNoEvidence() throws Exception {
    Stores stores = TestNode.get().stores();
    String origin = "tw" + UUID.randomUUID().toString().substring(0, 8) + ".example/log";
    SignerKey b = SignerKey.generate(origin);
    SignerKey c = SignerKey.generate(origin);
    List<Hash> ofB = leaves("b", 5);
    List<Hash> ofC = leaves("c", 5);
    HttpServer sb = serve(b, ofB);
    HttpServer sc = serve(c, ofC);
    String pb = "twb" + UUID.randomUUID().toString().substring(0, 6);
    String pc = "twc" + UUID.randomUUID().toString().substring(0, 6);
    try {
      stores.peers().put(pb, "http://127.0.0.1:" + sb.getAddress().getPort() + "/api1/", null, b.verifierKey().encode(), stores.accounts());
      stores.peers().put(pc, "http://127.0.0.1:" + sc.getAddress().getPort() + "/api1/", null, c.verifierKey().encode(), stores.accounts());
      assertThat(post(TestNode.base(), body(0, ofB, signed(b, ofB))).statusCode()).isEqualTo(200);
      assertThat(post(TestNode.base(), body(0, ofC, signed(c, ofC))).statusCode()).isEqualTo(200);
      assertThat(post(TestNode.base(), body(5, ofB, signed(b, ofB))).statusCode()).isEqualTo(200);
      MonitorStore monitored = new MonitorStore(stores.db());
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (monitored.latest(b.verifierKey().encode()).isEmpty() || monitored.latest(c.verifierKey().encode()).isEmpty()) {
        if (System.nanoTime() > deadline) throw new AssertionError("the monitor did not see both logs");
        Thread.sleep(200);
      }
      assertThat(monitored.latest(c.verifierKey().encode()).orElseThrow().note()).isEqualTo(signed(c, ofC));
      assertThat(new EvidenceStore(stores.db()).list()).noneMatch(e -> e.peer().equals(pb) || e.peer().equals(pc));
      assertThat(stores.peers().isForked(pb)).isFalse();
      assertThat(stores.peers().isForked(pc)).isFalse();
    } finally {
      sb.stop(0);
      sc.stop(0);
      stores.peers().remove(pb, stores.accounts(), null);
      stores.peers().remove(pc, stores.accounts(), null);
    }
  }

  /**
   * Hostile run 10p: a peer's log restored from a backup served a checkpoint smaller than one it had
   * signed, and was shown "ok" without a word. Its own checkpoint smaller than the largest known is
   * warned once, though its tiles (of the smaller tree only) cannot prove the two consistent; it is
   * no fork; once it signs past the old size on the same history the warning is over, and a new
   * going back is warned again.
   */
  @Test
  void logRestoredToASmallerTree_warnedOnceNoForkWarnedAgainAfterItGrewPast() throws Exception {
    Stores stores = TestNode.get().stores();
    String peer = "rb" + UUID.randomUUID().toString().substring(0, 8);
    SignerKey key = SignerKey.generate(peer + ".example/log");
    List<Hash> history = leaves("r", 10);
    Map<String, byte[]> files = new ConcurrentHashMap<>();
    publish(files, key, history.subList(0, 6));
    HttpServer server = serve(files);
    RecordingLog said = new RecordingLog();
    try {
      stores.peers().put(peer, "http://127.0.0.1:" + server.getAddress().getPort() + "/api1/", null, key.verifierKey().encode(),
          stores.accounts());
      Monitor monitor = new Monitor(new PeerLogs(stores.peers()), new MonitorStore(stores.db()),
          new Forks(new EvidenceStore(stores.db()), stores.peers()), new Http(), said);
      monitor.round();
      publish(files, key, history.subList(0, 3)); // restored: the checkpoint and tiles of 3 entries
      monitor.round();
      monitor.round();
      assertThat(said.lines(org.slf4j.event.Level.WARN, peer)).singleElement().asString()
          .contains("serves a checkpoint of size 3, smaller than the 6 its log signed before: its log went back");
      publish(files, key, history); // grew past 6 on the same history
      monitor.round();
      publish(files, key, history.subList(0, 4));
      monitor.round();
      assertThat(said.lines(org.slf4j.event.Level.WARN, peer)).hasSize(2).last().asString()
          .contains("size 4, smaller than the 10");
      assertThat(stores.peers().isForked(peer)).isFalse();
      assertThat(new EvidenceStore(stores.db()).list()).noneMatch(e -> peer.equals(e.peer()));
    } finally {
      server.stop(0);
      stores.peers().remove(peer, stores.accounts(), null);
    }
  }

  /**
   * Two nodes under one log key serving two branches (a copy of a node's data folder): the monitor
   * judges the smaller checkpoint with the tiles of the peer that served the larger one, so the fork
   * is found and every name of the key is forked; after an operator accepted one branch and it grew,
   * the other branch served again is forked again, without a new record (hostile run 10r: judged by
   * its own tiles, of the smaller tree only, it was "a log that went back", and synced).
   */
  @Test
  void twoNodesUnderOneKey_otherBranchForkedAlsoAfterTheAcceptedOneGrew() throws Exception {
    Stores stores = TestNode.get().stores();
    String p1 = "br1" + UUID.randomUUID().toString().substring(0, 8);
    String p2 = "br2" + UUID.randomUUID().toString().substring(0, 8);
    SignerKey key = SignerKey.generate(p1 + ".example/log");
    List<Hash> accepted = leaves("acc", 20);
    List<Hash> other = new ArrayList<>(accepted.subList(0, 2));
    other.addAll(leaves("oth", 4).subList(2, 4));
    Map<String, byte[]> files1 = new ConcurrentHashMap<>();
    Map<String, byte[]> files2 = new ConcurrentHashMap<>();
    publish(files1, key, accepted.subList(0, 10));
    publish(files2, key, other);
    HttpServer s1 = serve(files1);
    HttpServer s2 = serve(files2);
    RecordingLog said = new RecordingLog();
    EvidenceStore evidence = new EvidenceStore(stores.db());
    MonitorStore monitored = new MonitorStore(stores.db());
    try {
      stores.peers().put(p1, "http://127.0.0.1:" + s1.getAddress().getPort() + "/api1/", null, key.verifierKey().encode(), stores.accounts());
      Monitor monitor = new Monitor(new PeerLogs(stores.peers()), monitored,
          new Forks(evidence, stores.peers()), new Http(), said);
      monitor.round();
      stores.peers().put(p2, "http://127.0.0.1:" + s2.getAddress().getPort() + "/api1/", null, key.verifierKey().encode(), stores.accounts());
      Thread.sleep(1_100); // the monitor reads the peers again once a second
      monitor.round();
      assertThat(stores.peers().isForked(p2)).isTrue();
      assertThat(stores.peers().isForked(p1)).isTrue();
      assertThat(evidence.list().stream().filter(e -> p2.equals(e.peer()))).hasSize(1);

      // the operator accepts p1's branch (parley peer trust: the monitor starts again from it), and it grows
      String now = signed(key, accepted.subList(0, 10));
      monitored.reset(new Seen(Checkpoint.parse(now.substring(0, now.indexOf("\n\n") + 1)),
          now, "accepted by an operator (parley peer trust)", Instant.now()), key.verifierKey().encode());
      assertThat(stores.peers().acceptFork(p1, "accepted")).isTrue();
      publish(files1, key, accepted);
      monitor.round();
      monitor.round();
      assertThat(stores.peers().isForked(p2)).as("the other branch, served again").isTrue();
      assertThat(evidence.list().stream().filter(e -> p2.equals(e.peer()))).hasSize(1);
    } finally {
      s1.stop(0);
      s2.stop(0);
      stores.peers().remove(p1, stores.accounts(), null);
      stores.peers().remove(p2, stores.accounts(), null);
    }
  }
}
