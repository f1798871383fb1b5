package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.Node;
import dev.parley.node.NodeConfig;
import dev.parley.stix.Json;
import dev.parley.store.objects.ObjectQuery;
import dev.parley.store.objects.VersionFilter;
import dev.parley.store.peers.PeerTrust;
import dev.parley.store.testing.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, "Sync": a peer served over HTTPS with its own self-signed certificate, as nodes of parties
 * without a common authority are, pinned with {@code peer add --cacert}; a peer "whose TLS certificate
 * ... does not match is reported in peer list" and nothing is pulled from it.
 */
class TlsPeerTest {
  @TempDir static Path dir;
  static TestCertificates.Made right;
  static TestCertificates.Made other;
  static Node a;
  static Node b;

  @BeforeAll
  static void start() throws Exception {
    right = TestCertificates.selfSigned(dir, "tls-a");
    other = TestCertificates.selfSigned(dir, "other");
    a = Node.start(NodeConfig.defaults().withDataDir(dir.resolve("a")).withListen("127.0.0.1", 0).withName("tls-a")
        .withTls(right.cert(), right.key()));
    b = Node.start(NodeConfig.defaults().withDataDir(dir.resolve("b")).withListen("127.0.0.1", 0).withName("tls-b"));
    cli(a, 0, "collection", "create", "--title", "out", "--alias", "out");
    cli(b, 0, "collection", "create", "--title", "in", "--alias", "in");
  }

  @AfterAll
  static void stop() {
    for (Node n : new Node[] {a, b}) {
      if (n != null) n.close();
    }
  }

  @Test
  void pull_pinnedSelfSignedCertificate_keyFetchedObjectsAndReceipts_anotherCertificateRefusedNamedNothingPulled() throws Exception {
    String https = "https://127.0.0.1:" + a.port() + "/api1/";
    // without --cacert the JVM's trust store decides: a self-signed certificate is not in it, and the message says what to do
    TestCli.Result untrusted = cli(b, 0, "peer", "add", "a", "--url", https);
    assertThat(untrusted.out()).contains("not pinned yet").contains("not trusted here").contains("--cacert");
    assertThat(peer("a").get("state").asText()).isEqualTo("unreachable");
    assertThat(peer("a").get("tls_pinned").isNull()).isTrue();

    String bAtA = lastLine(cli(a, 0, "peer", "add", "b", "--url", "http://127.0.0.1:" + b.port() + "/api1/").out());
    TestCli.Result pinned = cli(b, 0, "peer", "add", "a", "--url", https, "--token", bAtA, "--cacert", right.cert().toString());
    String fingerprint = PeerTrust.fingerprint(right.certificate());
    assertThat(pinned.out()).contains("pinned its log key").contains(fingerprint);
    assertThat(peer("a").get("key").asText()).startsWith("tls-a+");
    assertThat(peer("a").get("tls_pinned")).hasSize(1);
    assertThat(peer("a").get("tls_pinned").get(0).asText()).isEqualTo(fingerprint);
    agree(a, "b", "{\"share\":[{\"collection\":\"out\",\"max_tlp\":\"green\",\"unmarked\":\"clear\"}]}");
    agree(b, "a", "{\"receive\":[{\"collection\":\"out\",\"into\":\"in\"}]}");

    List<String> sent = List.of(newId(), newId());
    importObjects(sent);
    cli(a, 0, "policy", "explain", "--peer", "b");
    assertThat(cli(b, 0, "sync", "--peer", "a").out()).contains("a: ok, pulled 2");
    assertThat(ids()).containsAll(sent);
    // the receipts come over the same pinned HTTPS, and verify against A's key
    TestCli.Result receipt = null;
    for (int i = 0; i < 50; i++) {
      receipt = TestCli.runExactly("receipt", "show", sent.get(0), "--peer", "a", "--format", "json", "--data", b.config().dataDir().toString());
      if (receipt.code() == 0) break;
      Thread.sleep(200);
      cli(b, 0, "sync", "--peer", "a");
    }
    assertThat(receipt.code()).as(receipt.out() + receipt.err()).isZero();
    assertThat(Json.mapper().readTree(receipt.out()).get(0).get("verified").asBoolean()).isTrue();

    // pinned to another certificate (what a party in the path would present): said at once, refused, and nothing pulled
    TestCli.Result repinned = cli(b, 0, "peer", "add", "a", "--url", https, "--cacert", other.cert().toString());
    assertThat(repinned.out()).contains("does not match the certificates pinned for it");
    String later = newId();
    importObjects(List.of(later));
    cli(a, 0, "policy", "explain", "--peer", "b");
    TestCli.Result refused = TestCli.runExactly("sync", "--peer", "a", "--data", b.config().dataDir().toString());
    assertThat(refused.code()).as(refused.out() + refused.err()).isNotZero();
    assertThat(peer("a").get("state").asText()).isEqualTo("unreachable");
    assertThat(peer("a").get("detail").asText()).contains("does not match the certificates pinned for it");
    assertThat(ids()).doesNotContain(later);

    // pinned right again: reached, and the pass resumes where it stopped
    assertThat(cli(b, 0, "peer", "add", "a", "--url", https, "--cacert", right.cert().toString()).out())
        .contains("serves the log key pinned for it");
    assertThat(peer("a").get("state").asText()).isEqualTo("ok");
    assertThat(cli(b, 0, "sync", "--peer", "a").out()).contains("a: ok, pulled 1");
    assertThat(ids()).contains(later);
  }

  @Test
  void add_cacertRefusals_namedAndNothingAdded() throws Exception {
    String https = "https://127.0.0.1:" + a.port() + "/api1/";
    TestCli.Result plain = cli(b, 2, "peer", "add", "x1", "--url", "http://127.0.0.1:1/api1/", "--cacert", right.cert().toString());
    assertThat(plain.err()).contains("--cacert").contains("HTTPS");
    Path withKey = Files.writeString(dir.resolve("with-key.pem"), Files.readString(right.cert()) + Files.readString(right.key()));
    TestCli.Result key = cli(b, 1, "peer", "add", "x2", "--url", https, "--cacert", withKey.toString());
    assertThat(key.err()).contains("with-key.pem").contains("block 2").contains("private key").doesNotContain("MII");
    TestCli.Result missing = cli(b, 1, "peer", "add", "x3", "--url", https, "--cacert", dir.resolve("absent.pem").toString());
    assertThat(missing.err()).contains("absent.pem").contains("cannot read");
    Path empty = Files.writeString(dir.resolve("empty.pem"), "");
    assertThat(cli(b, 1, "peer", "add", "x4", "--url", https, "--cacert", empty.toString()).err()).contains("no certificate");
    for (String name : List.of("x1", "x2", "x3", "x4")) assertThat(b.stores().peers().find(name)).isEmpty();

    // a pinned peer is not moved to plain HTTP by a new URL alone (a hostile run: peer list still showed the pin);
    // --no-cacert forgets the pin, and then any URL goes
    cli(b, 0, "peer", "add", "x5", "--url", https, "--cacert", right.cert().toString());
    TestCli.Result toHttp = cli(b, 2, "peer", "add", "x5", "--url", "http://127.0.0.1:1/api1/");
    assertThat(toHttp.err()).contains("certificates pinned").contains("--no-cacert");
    assertThat(b.stores().peers().find("x5").orElseThrow().url()).isEqualTo(https);
    assertThat(cli(b, 2, "peer", "add", "x5", "--url", https, "--cacert", right.cert().toString(), "--no-cacert").err()).contains("give one");
    assertThat(cli(b, 0, "peer", "add", "x5", "--url", "http://127.0.0.1:1/api1/", "--no-cacert").out()).contains("trust store");
    assertThat(b.stores().peers().find("x5").orElseThrow().tlsTrust()).isNull();
    assertThat(peer("x5").get("tls_pinned").isNull()).isTrue();
  }

  private static TestCli.Result cli(Node n, int expected, String... args) {
    return TestCli.expect(expected, n.config().dataDir(), args);
  }

  private static void agree(Node n, String peer, String json) throws IOException {
    cli(n, 0, "agreement", "set", peer, Files.writeString(Files.createTempFile(dir, "agreement", ".json"), json).toString());
  }

  private static void importObjects(List<String> ids) throws IOException {
    Path f = Files.write(Files.createTempFile(dir, "objects", ".jsonl"), ids.stream().map(id -> TestCli.indicator(id, "2020-01-01T00:00:00.000Z")).toList());
    cli(a, 0, "import", f.toString(), "--collection", "out");
  }

  private static JsonNode peer(String name) throws IOException {
    for (JsonNode p : Json.mapper().readTree(cli(b, 0, "peer", "list", "--format", "json").out())) {
      if (p.get("name").asText().equals(name)) return p;
    }
    throw new AssertionError("no peer " + name);
  }

  private static List<String> ids() {
    var in = b.stores().collections().resolve("in").orElseThrow();
    List<String> out = new ArrayList<>();
    for (var row : b.stores().objects().page(new ObjectQuery(in.id(), 0, null, 1000, List.of(), List.of(),
        VersionFilter.ALL, ObjectQuery.ANY_SPEC_VERSION, false)).rows()) {
      out.add(row.stixId());
    }
    return out;
  }

  private static String newId() {
    return "indicator--" + UUID.randomUUID();
  }

  private static String lastLine(String text) {
    return text.strip().lines().reduce((x, y) -> y).orElseThrow();
  }
}
