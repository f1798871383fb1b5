package dev.parley.node.witness;

import static dev.parley.node.witness.WitnessRoutesTest.body;
import static dev.parley.node.witness.WitnessRoutesTest.leaves;
import static dev.parley.node.witness.WitnessRoutesTest.post;
import static dev.parley.node.witness.WitnessRoutesTest.signed;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.parley.node.TestNode;
import dev.parley.store.Stores;
import dev.parley.store.witness.EvidenceStore;
import dev.parley.tlog.note.SignerKey;
import dev.parley.tlog.tiles.AppendResult;
import dev.parley.tlog.tiles.TileAppender;
import dev.parley.tlog.tree.Hash;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

    Map<String, byte[]> files = new HashMap<>();
    AppendResult tiles = TileAppender.empty().append(served);
    tiles.tiles().forEach(t -> files.put("/log/" + t.path().toPath(), t.data()));
    files.put("/log/checkpoint", signed(key, served).getBytes(StandardCharsets.UTF_8));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", x -> {
      byte[] body = files.get(x.getRequestURI().getPath());
      x.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
      if (body != null) x.getResponseBody().write(body);
      x.close();
    });
    server.start();
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
}
