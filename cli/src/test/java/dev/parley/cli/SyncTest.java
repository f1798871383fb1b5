package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.parley.node.Node;
import dev.parley.node.NodeConfig;
import dev.parley.stix.Json;
import dev.parley.stix.Timestamps;
import dev.parley.store.collections.Collection;
import dev.parley.store.log.Leaf;
import dev.parley.store.objects.ObjectQuery;
import dev.parley.store.objects.ObjectRow;
import dev.parley.store.objects.Page;
import dev.parley.store.objects.VersionFilter;
import dev.parley.store.peers.ReceiptStore;
import dev.parley.store.witness.EvidenceStore;
import dev.parley.store.witness.MonitorStore;
import dev.parley.store.witness.Seen;
import dev.parley.sync.PeerReport;
import dev.parley.sync.ReceiptVerifier;
import dev.parley.sync.Sync;
import dev.parley.sync.SyncLoop;
import dev.parley.tlog.checkpoint.Checkpoint;
import dev.parley.tlog.checkpoint.Checkpoints;
import dev.parley.tlog.entry.EntryKind;
import dev.parley.tlog.entry.LogEntry;
import dev.parley.tlog.entry.Salt;
import dev.parley.tlog.note.SignerKey;
import dev.parley.tlog.tree.Hash;
import dev.parley.tlog.tree.Hashes;
import dev.parley.tlog.tree.TreeSize;
import dev.parley.tlog.verify.Receipt;
import dev.parley.tlog.witness.ForkEvidence;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, "Sync" and "Receipts": nodes on loopback, each with its own data folder and embedded
 * database, configured only through the commands (collection, peer, agreement, import, sync,
 * receipt). A and B trade both ways; the hostile peers are a fake server answering garbage and a
 * node whose log key is not the one pinned; the receiver is killed with SIGKILL mid-pull.
 */
class SyncTest {
  private static Node a;
  private static Node b;
  /** A's token at B and B's token at A. */
  private static String aAtB;
  private static String bAtA;

  @BeforeAll
  static void twoNodes() throws Exception {
    a = start("node-a");
    b = start("node-b");
    for (Node n : List.of(a, b)) {
      for (String alias : List.of("out", "mixed", "inbox", "closed", "big", "quarantine", "bigout")) cli(n, "collection", "create", "--title", alias, "--alias", alias);
    }
    // the bootstrap of issue 10 in three steps: A adds B, B adds A with A's token, A adds B again with B's
    bAtA = lastLine(cli(a, "peer", "add", "b", "--url", url(b)).out());
    aAtB = lastLine(cli(b, "peer", "add", "a", "--url", url(a), "--token", bAtA).out());
    cli(a, "peer", "add", "b", "--url", url(b), "--token", aAtB);
    agree(a, "b", "{\"share\":[{\"collection\":\"out\",\"max_tlp\":\"green\",\"unmarked\":\"clear\"},"
        + "{\"collection\":\"big\",\"max_tlp\":\"green\",\"unmarked\":\"clear\"}],\"accept\":[{\"collection\":\"inbox\"}]}");
    agree(b, "a", "{\"share\":[{\"collection\":\"mixed\",\"max_tlp\":\"green\",\"unmarked\":\"clear\"}],"
        + "\"receive\":[{\"collection\":\"out\",\"into\":\"mixed\"}],\"push\":[{\"collection\":\"mixed\",\"to\":\"inbox\"}]}");
  }

  @AfterAll
  static void stop() {
    for (Node n : new Node[] {a, b}) {
      if (n != null) n.close();
    }
  }

  @Test
  void pullPushReceipts_twoNodes_resyncChangesNothingNoEchoReceiptsVerifyOffline() throws Exception {
    publish(a, "b");
    cli(b, 0, "sync", "--peer", "a"); // what other tests left on A
    List<String> left = ids(b, "mixed");
    List<String> fromA = List.of(newId(), newId(), newId());
    importObjects(a, "out", fromA);
    String own = newId();
    importObjects(b, "mixed", List.of(own));
    publish(a, "b");

    TestCli.Result first = cli(b, 0, "sync", "--peer", "a");
    assertThat(first.out()).contains("a: ok, pulled 3").contains("pushed 1");
    List<String> expected = new ArrayList<>(left);
    expected.addAll(List.of(fromA.get(0), fromA.get(1), fromA.get(2), own));
    assertThat(ids(b, "mixed")).containsExactlyInAnyOrderElementsOf(expected);
    // push lands in the accepted collection only, and nothing that came from A goes back to it
    assertThat(ids(a, "inbox")).contains(own).doesNotContainAnyElementsOf(fromA);
    assertThat(ids(a, "closed")).isEmpty();

    TestCli.Result again = cli(b, 0, "sync", "--peer", "a");
    assertThat(again.out()).contains("a: ok, pulled 0").contains("pushed 0");
    assertThat(ids(b, "mixed")).contains(own).containsAll(fromA);
    assertThat(ids(a, "inbox")).containsOnlyOnce(own).doesNotContainAnyElementsOf(fromA);

    JsonNode peer = peer(b, "a");
    assertThat(peer.get("state").asText()).isEqualTo("ok");
    assertThat(peer.get("pulled").asLong()).isGreaterThanOrEqualTo(3);
    assertThat(peer.get("last_sync").isNull()).isFalse();

    // "Receipts": every version pulled has the sender's receipt, checked offline against A's key
    TestCli.Result shown = receiptShown(fromA.get(0));
    assertThat(shown.code()).as(shown.out() + shown.err()).isZero();
    JsonNode receipts = Json.mapper().readTree(shown.out());
    assertThat(receipts).hasSize(1);
    assertThat(receipts.get(0).get("peer").asText()).isEqualTo("a");
    assertThat(receipts.get(0).get("verified").asBoolean()).isTrue();
    assertThat(receipts.get(0).get("origin").asText()).isEqualTo("node-a");
    assertThat(receipts.get(0).get("receipt").get("checkpoint").asText()).startsWith("node-a\n");
    // and a third party given the object, the receipt and A's key checks it with verify-receipt
    Path receipt = Files.writeString(Files.createTempFile("receipt", ".json"), receipts.get(0).get("receipt").toString());
    Path object = Files.writeString(Files.createTempFile("object", ".json"), TestCli.indicator(fromA.get(0), "2020-01-01T00:00:00.000Z"));
    String keyOfA = peer(b, "a").get("key").asText();
    TestCli.Result offline = TestCli.runExactly("log", "verify-receipt", receipt.toString(), "--key", keyOfA, "--object", object.toString());
    assertThat(offline.code()).as(offline.err()).isZero();
    // receipt show's own output, as it is written, is a receipt verify-receipt takes (hostile run 10at D1)
    Path whole = Files.writeString(Files.createTempFile("shown", ".json"), shown.out());
    TestCli.Result asShown = TestCli.runExactly("log", "verify-receipt", whole.toString(), "--key", keyOfA, "--object", object.toString());
    assertThat(asShown.code()).as(asShown.err()).isZero();
    // a file of several receipts is refused, naming how many, not verified as the first of them
    Path two = Files.writeString(Files.createTempFile("shown", ".json"), "[" + receipts.get(0) + "," + receipts.get(0) + "]");
    TestCli.Result both = TestCli.runExactly("log", "verify-receipt", two.toString(), "--key", keyOfA, "--object", object.toString());
    assertThat(both.code()).isEqualTo(1);
    assertThat(both.err()).contains("holds 2 receipts");
    // a distrustful holder probing the check: another object, another body, another key each fail, naming why
    String text = receipts.get(0).get("receipt").toString();
    var key = new ReceiptStore.Key(receipts.get(0).get("remote_collection").asText(), fromA.get(0),
        Timestamps.parse(receipts.get(0).get("version").asText()));
    byte[] body = TestCli.indicator(fromA.get(0), "2020-01-01T00:00:00.000Z").getBytes(StandardCharsets.UTF_8);
    assertThat(ReceiptVerifier.check(text, keyOfA, key, body).holds()).isTrue();
    assertThat(ReceiptVerifier.check(text, keyOfA, new ReceiptStore.Key(key.remoteCollection(),
        fromA.get(1), key.version()), body).reason()).contains("the receipt is for " + fromA.get(0));
    assertThat(ReceiptVerifier.check(text, keyOfA, key,
        new String(body, StandardCharsets.UTF_8).replace("\"name\":\"x\"", "\"name\":\"y\"").getBytes(StandardCharsets.UTF_8)).reason())
        .startsWith("commitment");
    assertThat(ReceiptVerifier.check(text, SignerKey.generate("node-a").verifierKey().encode(), key, body).reason())
        .startsWith("checkpoint");
    // B's own object was not pulled from anyone: no receipt, exit 1
    assertThat(cli(b, 1, "receipt", "show", own).err()).contains("no receipt held");

    // what B pushed, A can prove B sent: B's push names the collection it came from, A asks B for the
    // receipt in its own pass with B (it pulls nothing from B), and it verifies against B's key
    TestCli.Result pushed = receiptShown(a, "b", own);
    assertThat(pushed.code()).as(pushed.out() + pushed.err()).isZero();
    JsonNode held = Json.mapper().readTree(pushed.out());
    assertThat(held).hasSize(1);
    assertThat(held.get(0).get("peer").asText()).isEqualTo("b");
    assertThat(held.get(0).get("verified").asBoolean()).isTrue();
    assertThat(held.get(0).get("remote_collection").asText()).isEqualTo(collection(b, "mixed").id().toString());
    assertThat(held.get(0).get("receipt").get("checkpoint").asText()).startsWith("node-b\n");
  }

  @Test
  void sync_anotherPassWithThePeerRunning_skippedAsBusyExit0NothingPulledNothingRecorded() throws Exception {
    String fresh = newId();
    importObjects(a, "out", List.of(fresh));
    publish(a, "b");
    JsonNode before = peer(b, "a");
    // the pass of another process on B's database (the node's loop, another parley sync): its session holds the peer's lock
    AutoCloseable running = b.stores().peers().holdPass("a").orElseThrow();
    try {
      TestCli.Result r = cli(b, 0, "sync", "--peer", "a");
      assertThat(r.out()).contains("a: busy, skipped: another sync pass with this peer is running");
      assertThat(r.err()).doesNotContain("parley: peer a");
      JsonNode report = Json.mapper().readTree(cli(b, 0, "sync", "--peer", "a", "--format", "json").out()).get(0);
      assertThat(report.get("state").asText()).isEqualTo("busy");
      assertThat(report.get("detail").asText()).contains("another sync pass");
      assertThat(report.get("pulled").asLong()).isZero();
      assertThat(ids(b, "mixed")).doesNotContain(fresh);
      JsonNode listed = peer(b, "a");
      assertThat(listed.get("state")).isEqualTo(before.get("state"));
      assertThat(listed.get("last_sync")).isEqualTo(before.get("last_sync"));
      assertThat(b.stores().peers().holdPass("a")).as("held in this process too").isEmpty();
    } finally {
      running.close();
    }
    // let go, the next pass runs, and lets go of the lock in turn
    assertThat(cli(b, 0, "sync", "--peer", "a").out()).contains("a: ok");
    assertThat(ids(b, "mixed")).contains(fresh);
    b.stores().peers().holdPass("a").orElseThrow().close();
  }

  @Test
  void push_toACollectionTheAgreementDoesNotAccept_refusedHeldBackStoresNothing_peerStillOk() throws Exception {
    Node c = start("node-c");
    try {
      cli(c, "collection", "create", "--title", "x", "--alias", "x");
      String cAtA = lastLine(cli(a, "peer", "add", "c3", "--url", url(c)).out());
      cli(c, "peer", "add", "a", "--url", url(a), "--token", cAtA);
      agree(a, "c3", "{\"accept\":[{\"collection\":\"inbox\"}]}");
      agree(c, "a", "{\"share\":[{\"collection\":\"x\",\"max_tlp\":\"clear\",\"unmarked\":\"clear\"}],"
          + "\"push\":[{\"collection\":\"x\",\"to\":\"closed\"}]}");
      String id = newId();
      importObjects(c, "x", List.of(id));
      // the peer answered, and refused: not a peer down (a hostile run saw it reported unreachable, and
      // the push tried every pass with no back-off)
      TestCli.Result r = cli(c, 0, "sync");
      assertThat(r.out()).contains("a: ok");
      assertThat(r.err()).contains("peer a: pushes to its collection closed are refused").contains("tried again after 60 s");
      assertThat(ids(a, "closed")).doesNotContain(id);
      assertThat(peer(c, "a").get("state").asText()).isEqualTo("ok");
      assertThat(peer(c, "a").get("detail").asText()).contains("pushes to its collection closed are refused");
    } finally {
      c.close();
    }
  }

  /**
   * A receive entry for a collection the peer does not share (404: it narrowed its share) is that
   * entry's refusal, not a peer down: the entries after it are pulled, the peer stays ok with the
   * refusal in its detail, and the pass exits 0 (a hostile run saw one such entry stop every pull and
   * push with the peer, pass after pass, the peer shown unreachable).
   */
  @Test
  void pull_oneReceiveEntryNoLongerShared_othersPulled_peerOkWithDetail() throws Exception {
    String name = "narrowed" + UUID.randomUUID().toString().substring(0, 6);
    String alias = "n" + UUID.randomUUID().toString().substring(0, 8);
    cli(b, "collection", "create", "--title", "from " + name, "--alias", alias);
    String fresh = newId();
    importObjects(a, "out", List.of(fresh));
    publish(a, "b");
    cli(b, "peer", "add", name, "--url", url(a), "--token", bAtA);
    try {
      agree(b, name, "{\"receive\":[{\"collection\":\"closed\",\"into\":\"" + alias + "\"},"
          + "{\"collection\":\"out\",\"into\":\"" + alias + "\"}]}");
      TestCli.Result r = cli(b, 0, "sync", "--peer", name);
      assertThat(r.out()).contains(name + ": ok, pulled ");
      assertThat(r.err()).contains("its collection closed cannot be read here").contains("HTTP 404");
      assertThat(ids(b, alias)).contains(fresh);
      JsonNode listed = peer(b, name);
      assertThat(listed.get("state").asText()).isEqualTo("ok");
      assertThat(listed.get("detail").asText()).contains("its collection closed cannot be read here");
    } finally {
      cli(b, "peer", "remove", name);
    }
  }

  /**
   * A peer whose node refuses this node's credential (HTTP 401) is not asked again with it every
   * pass: the loop waits 30 s, then twice as long each time, and the peer's detail says so, without
   * the answer's error_id (hostile run 10n: a peer refusing the token at an interval of a second drew
   * a request and a warning every second, each message new by its error_id). A new token is tried at
   * once.
   */
  @Test
  void sync_peerRefusingTheCredential_notAskedAgainUntilItsWaitOrANewToken() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    AtomicReference<String> sent = new AtomicReference<>();
    try (FakePeer refusing = new FakePeer(b, "refusing", (x, path) -> {
      asked.incrementAndGet();
      sent.set(x.getRequestHeaders().getFirst("Authorization"));
      FakePeer.reply(x, 401, "{\"title\":\"Unauthorized\",\"description\":\"the credential sent was refused\",\"error_id\":\""
          + UUID.randomUUID() + "\",\"http_status\":\"401\"}");
    })) {
      String name = refusing.name;
      agree(b, name, "{\"receive\":[{\"collection\":\"theirs\",\"into\":\"closed\"}]}");
      try (Sync sync = new Sync(b.stores(), Sync.Settings.defaults())) {
        PeerReport first = sync.pass(Optional.of(name)).get(0);
        assertThat(first.state()).isEqualTo("unreachable");
        assertThat(first.detail()).contains("HTTP 401: Unauthorized: the credential sent was refused")
            .contains("asked again after 30 s").doesNotContain("error_id");
        int once = asked.get();
        assertThat(once).isPositive();
        PeerReport second = sync.pass(Optional.of(name)).get(0);
        assertThat(second.detail()).isEqualTo(first.detail());
        assertThat(asked.get()).as("not asked again with the credential it refused").isEqualTo(once);
        assertThat(peer(b, name).get("detail").asText()).isEqualTo(first.detail());

        cli(b, "peer", "add", name, "--url", peer(b, name).get("url").asText(), "--token", "t2");
        sync.pass(Optional.of(name));
        assertThat(asked.get()).as("a new token is tried at once").isGreaterThan(once);
        assertThat(sent.get()).contains("t2");
      }
    }
  }

  @Test
  void sync_peerAnsweringGarbage_reportedUnreachableWithWhereAndOthersStillSynced() throws Exception {
    try (FakePeer hostile = new FakePeer(b, "hostile", (x, path) -> FakePeer.reply(x, 200,
        path.endsWith("/objects/") ? "{\"objects\": 5, \"more\": \"yes\"}"
            : path.contains("/collections/") ? FakePeer.collection(UUID.randomUUID(), false) : "{"))) {
      String name = hostile.name;
      agree(b, name, "{\"receive\":[{\"collection\":\"theirs\",\"into\":\"inbox\"}]}");
      String fresh = newId();
      importObjects(a, "out", List.of(fresh));
      publish(a, "b");

      TestCli.Result r = cli(b, 1, "sync");
      assertThat(r.err()).contains("peer " + name + " unreachable").contains("malformed answer").contains("objects is not an array");
      assertThat(r.out()).contains("a: ok");
      assertThat(ids(b, "mixed")).contains(fresh);
      JsonNode listed = peer(b, name);
      assertThat(listed.get("state").asText()).isEqualTo("unreachable");
      assertThat(listed.get("detail").asText()).contains("malformed answer");
    }
  }

  /**
   * Hostile run 10o: a peer's pages of invalid objects wrote a WARN an object (166,001 lines in 30 s).
   * A pass names the first 10 refused objects (Pull.REFUSALS_LOGGED) of a collection, each
   * located (page, place, id, why), then one line counts them all; the peer's detail says so too.
   */
  @Test
  void pull_pageOfInvalidObjects_firstRefusalsNamedThenOneCount() throws Exception {
    StringBuilder page = new StringBuilder("{\"more\":false,\"objects\":[");
    int invalid = 25;
    for (int i = 0; i < invalid; i++) {
      // an indicator without its pattern: refused by the rules every write passes
      page.append(i == 0 ? "" : ",").append(TestCli.indicator(newId(), "2020-01-01T00:00:00.000Z").replaceFirst(",\"pattern\":\"[^\"]*\"", ""));
    }
    page.append("]}");
    try (FakePeer fake = onePage("invalid", page.toString(), 7)) {
      List<String> lines = syncLogged(fake).lines().filter(l -> l.contains("peer " + fake.name + ": ")).toList();
      List<String> named = lines.stream().filter(l -> l.contains(" refused: ")).toList();
      assertThat(named).hasSize(10);
      assertThat(named.get(0)).contains("page 1 objects[0] indicator--").contains("pattern");
      assertThat(lines.stream().filter(l -> l.contains("objects of its collection")).toList()).singleElement().asString()
          .contains(invalid + " objects of its collection").contains("refused in this pass; the first 10 are named above");
      assertThat(peer(b, fake.name).get("detail").asText()).contains(String.valueOf(invalid));
    }
  }

  /**
   * A hostile peer's page holding an entry of {@code [[],[],…]} (a JSON value in three bytes): read
   * whole as one tree, a page of the 64 MiB a pull takes was a gigabyte of heap. The entry is refused
   * and named without being made a tree; the page's other objects are stored.
   */
  @Test
  void pull_pageEntryDenserThanStixObjects_refusedOthersStored() throws Exception {
    String kept = newId();
    StringBuilder dense = new StringBuilder("{\"type\":\"indicator\",\"id\":\"indicator--" + UUID.randomUUID() + "\",\"x\":[");
    for (int i = 0; i < 20_000; i++) dense.append(i == 0 ? "" : ",").append("[]");
    dense.append("]}");
    String page = "{\"more\":false,\"objects\":[" + dense + "," + TestCli.indicator(kept, "2020-01-01T00:00:00.000Z") + "]}";
    try (FakePeer fake = onePage("dense", page, 8)) {
      assertThat(syncLogged(fake).lines().filter(l -> l.contains(" refused: ")).toList()).singleElement().asString()
          .contains("page 1 objects[0] indicator--").contains("refused: 20,004 JSON values in 60,");
      assertThat(ids(b, "quarantine")).contains(kept);
    }
  }

  /**
   * A fake peer whose collection (its id made of {@code seed}) is {@code page}, one page, received
   * into B's {@code quarantine} by B's agreement with it.
   */
  private static FakePeer onePage(String prefix, String page, int seed) throws Exception {
    FakePeer fake = new FakePeer(b, prefix, (x, path) -> {
      if (path.endsWith("/objects/")) FakePeer.reply(x, 200, page, FakePeer.dated("2020-01-01T00:00:00.000Z"));
      else if (path.contains("/collections/")) FakePeer.reply(x, 200, FakePeer.collection(UUID.nameUUIDFromBytes(new byte[] {(byte) seed}), false));
      else FakePeer.reply(x, 404, "{\"title\":\"Not found\"}");
    });
    agree(b, fake.name, "{\"receive\":[{\"collection\":\"theirs\",\"into\":\"quarantine\"}]}");
    return fake;
  }

  /** What {@code parley sync --peer} with the fake logs (the command line's log writes to standard error). */
  private static String syncLogged(FakePeer fake) {
    PrintStream systemErr = System.err;
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
    try {
      TestCli.runExactly("sync", "--peer", fake.name, "--data", b.config().dataDir().toString());
    } finally {
      System.setErr(systemErr);
    }
    return logged.toString(StandardCharsets.UTF_8);
  }

  /**
   * Hostile run 10am: a page whose X-TAXII-Date-Added-Last was decades ahead was stored and the date
   * taken as the pull's position, so the objects the peer added later were never pulled, the peer
   * shown ok. TAXII 2.1 §3.4.4: the header is the date_added of the newest object of the page, which
   * cannot be after the peer's answer (its Date): malformed, nothing of the page is stored, the
   * position stays, and the next honest page is pulled from where the pull stood.
   */
  @Test
  void pull_pageAddedAfterThePeerAnswered_malformedAndThePositionStays() throws Exception {
    String early = newId();
    String later = newId();
    AtomicBoolean honest = new AtomicBoolean();
    List<String> asked = new CopyOnWriteArrayList<>();
    try (FakePeer fake = new FakePeer(b, "future", (x, path) -> {
      if (path.endsWith("/objects/")) {
        asked.add(String.valueOf(x.getRequestURI().getQuery()));
        if (honest.get()) {
          FakePeer.reply(x, 200, "{\"more\":false,\"objects\":[" + TestCli.indicator(later, "2020-01-02T00:00:00.000Z") + "]}",
              FakePeer.dated("2020-01-02T00:00:00.000Z"));
        } else {
          FakePeer.reply(x, 200, "{\"more\":false,\"objects\":[" + TestCli.indicator(early, "2020-01-01T00:00:00.000Z") + "]}",
              FakePeer.dated("2099-01-01T00:00:00.000Z"));
        }
      } else if (path.contains("/collections/")) {
        FakePeer.reply(x, 200, FakePeer.collection(UUID.nameUUIDFromBytes(new byte[] {9}), false));
      } else {
        FakePeer.reply(x, 404, "{\"title\":\"Not found\"}");
      }
    })) {
      agree(b, fake.name, "{\"receive\":[{\"collection\":\"theirs\",\"into\":\"quarantine\"}]}");
      TestCli.Result r = cli(b, 1, "sync", "--peer", fake.name);
      assertThat(r.err()).contains("malformed answer").contains("X-TAXII-Date-Added-Last 2099-01-01T00:00:00.000Z is later than the"
          + " moment it answered (its Date, ").contains("the pull does not move past it");
      assertThat(peer(b, fake.name).get("state").asText()).isEqualTo("unreachable");
      assertThat(ids(b, "quarantine")).doesNotContain(early);

      honest.set(true);
      cli(b, "sync", "--peer", fake.name);
      assertThat(ids(b, "quarantine")).contains(later);
      assertThat(asked).allSatisfy(q -> assertThat(q).doesNotContain("added_after"));
      assertThat(peer(b, fake.name).get("state").asText()).isEqualTo("ok");
    }
  }

  /**
   * Hostile run 10am D2: a peer answers as many objects as asked whatever their size, and a page of
   * 1,000 large objects passed the bound on a body (64 MiB), so every pass failed and nothing of the
   * collection ever arrived. The pull asks again with a tenth as many objects while the body is too
   * large, and keeps the smaller limit for the pass.
   */
  @Test
  void pull_pageLargerThanABodyMayBe_askedAgainWithFewerObjects() throws Exception {
    String first = newId();
    String second = newId();
    List<Integer> limits = new CopyOnWriteArrayList<>();
    try (FakePeer fake = new FakePeer(b, "large", (x, path) -> {
      if (path.endsWith("/objects/")) {
        String query = x.getRequestURI().getQuery();
        Matcher m = Pattern.compile("limit=(\\d+)").matcher(query);
        int limit = m.find() ? Integer.parseInt(m.group(1)) : 0;
        limits.add(limit);
        if (limit > 10) {
          byte[] huge = new byte[65 * 1024 * 1024];
          Arrays.fill(huge, (byte) ' ');
          x.getResponseHeaders().add("Content-Type", FakePeer.TAXII);
          x.sendResponseHeaders(200, huge.length);
          x.getResponseBody().write(huge);
        } else if (!query.contains("next=")) {
          FakePeer.reply(x, 200, "{\"more\":true,\"next\":\"n2\",\"objects\":[" + TestCli.indicator(first, "2020-01-01T00:00:00.000Z")
              + "]}", FakePeer.dated("2020-01-01T00:00:00.000Z"));
        } else {
          FakePeer.reply(x, 200, "{\"more\":false,\"objects\":[" + TestCli.indicator(second, "2020-01-01T00:00:00.000Z") + "]}",
              FakePeer.dated("2020-01-02T00:00:00.000Z"));
        }
      } else if (path.contains("/collections/")) {
        FakePeer.reply(x, 200, FakePeer.collection(UUID.nameUUIDFromBytes(new byte[] {10}), false));
      } else {
        FakePeer.reply(x, 404, "{\"title\":\"Not found\"}");
      }
    })) {
      agree(b, fake.name, "{\"receive\":[{\"collection\":\"theirs\",\"into\":\"quarantine\"}]}");
      cli(b, "sync", "--peer", fake.name);
      assertThat(ids(b, "quarantine")).contains(first, second);
      assertThat(limits).containsExactly(1000, 100, 10, 10);
      assertThat(peer(b, fake.name).get("state").asText()).isEqualTo("ok");
    }
  }

  /**
   * Hostile run 10am D3 and D4. A later page is asked with next and the first page's query (TAXII
   * 2.1 §3.4, "along with the same original query options"): every version, and added_after. And a
   * pass broken after a page whose newest objects share their date_added with the objects of the
   * next pages (one envelope, one moment) goes on from just before that date, since added_after is
   * strictly after: the objects after the boundary were never pulled, the peer shown ok.
   */
  @Test
  void pull_passBrokenInsideATieOfDates_resumesBeforeTheTieAndLaterPagesCarryTheQuery() throws Exception {
    String tie = "2020-01-01T00:00:00.000000Z";
    List<String> objects = List.of(newId(), newId(), newId());
    AtomicBoolean failed = new AtomicBoolean();
    List<String> asked = new CopyOnWriteArrayList<>();
    try (FakePeer fake = new FakePeer(b, "tie", (x, path) -> {
      if (path.endsWith("/objects/")) {
        String query = x.getRequestURI().getRawQuery();
        asked.add(query);
        int at = query.contains("next=p2") ? 1 : query.contains("next=p3") ? 2 : 0;
        if (at == 1 && failed.compareAndSet(false, true)) {
          FakePeer.reply(x, 500, "{\"title\":\"Busy\"}");
          return;
        }
        String more = at < 2 ? "\"more\":true,\"next\":\"p" + (at + 2) + "\"" : "\"more\":false";
        FakePeer.reply(x, 200, "{" + more + ",\"objects\":[" + TestCli.indicator(objects.get(at), "2020-01-01T00:00:00.000Z") + "]}",
            FakePeer.dated(tie));
      } else if (path.contains("/collections/")) {
        FakePeer.reply(x, 200, FakePeer.collection(UUID.nameUUIDFromBytes(new byte[] {11}), false));
      } else {
        FakePeer.reply(x, 404, "{\"title\":\"Not found\"}");
      }
    })) {
      agree(b, fake.name, "{\"receive\":[{\"collection\":\"theirs\",\"into\":\"quarantine\"}]}");
      cli(b, 1, "sync", "--peer", fake.name);
      assertThat(ids(b, "quarantine")).contains(objects.get(0)).doesNotContain(objects.get(1), objects.get(2));
      asked.clear();
      cli(b, "sync", "--peer", fake.name);
      assertThat(ids(b, "quarantine")).containsAll(objects);
      assertThat(asked).hasSize(3).allSatisfy(q -> assertThat(q).contains("match%5Bversion%5D=all")
          .contains("added_after=2019-12-31T23%3A59%3A59.999999Z"));
      assertThat(asked.get(1)).contains("&next=p2&");
      // read to its end, the pull goes on after the tie, not before it again
      asked.clear();
      cli(b, "sync", "--peer", fake.name);
      assertThat(asked.get(0)).contains("added_after=2020-01-01T00%3A00%3A00.000000Z");
    }
  }

  /**
   * A last page without objects after a page that said more (a server may end so): the pull has read
   * to the end, and its next pass asks after the newest object given, not a microsecond before it
   * again at every pass.
   */
  @Test
  void pull_emptyLastPageAfterMore_nextPassAsksAfterTheNewestObject() throws Exception {
    String added = "2020-03-01T00:00:00.000000Z";
    List<String> asked = new CopyOnWriteArrayList<>();
    try (FakePeer fake = new FakePeer(b, "emptylast", (x, path) -> {
      if (path.endsWith("/objects/")) {
        String query = x.getRequestURI().getRawQuery();
        asked.add(query);
        if (query.contains("next=end")) FakePeer.reply(x, 200, "{\"more\":false}");
        else FakePeer.reply(x, 200, "{\"more\":true,\"next\":\"end\",\"objects\":[" + TestCli.indicator(newId(), "2020-01-01T00:00:00.000Z")
            + "]}", FakePeer.dated(added));
      } else if (path.contains("/collections/")) {
        FakePeer.reply(x, 200, FakePeer.collection(UUID.nameUUIDFromBytes(new byte[] {13}), false));
      } else {
        FakePeer.reply(x, 404, "{\"title\":\"Not found\"}");
      }
    })) {
      agree(b, fake.name, "{\"receive\":[{\"collection\":\"theirs\",\"into\":\"quarantine\"}]}");
      cli(b, "sync", "--peer", fake.name);
      asked.clear();
      cli(b, "sync", "--peer", fake.name);
      assertThat(asked.get(0)).contains("added_after=2020-03-01T00%3A00%3A00.000000Z");
    }
  }

  /**
   * A peer behind a proxy that answers its pages with an HTML page and 200 (a login page, a proxy's
   * error): malformed, and the message names the media type it got rather than the first character
   * the JSON reader could not read.
   */
  @Test
  void sync_peerAnsweringHtml_reportedMalformedByItsMediaType() throws Exception {
    try (FakePeer proxy = new FakePeer(b, "proxied", (x, path) -> {
      if (path.contains("/collections/") && !path.endsWith("/objects/")) {
        FakePeer.reply(x, 200, FakePeer.collection(UUID.nameUUIDFromBytes(new byte[] {4}), false));
        return;
      }
      x.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
      FakePeer.reply(x, 200, "<html><body>Please sign in</body></html>");
    })) {
      agree(b, proxy.name, "{\"receive\":[{\"collection\":\"theirs\",\"into\":\"quarantine\"}]}");
      TestCli.Result r = cli(b, 1, "sync", "--peer", proxy.name);
      assertThat(r.err()).contains("malformed answer").contains("answered text/html; charset=utf-8 where TAXII JSON was expected")
          .contains("Please sign in");
      assertThat(peer(b, proxy.name).get("state").asText()).isEqualTo("unreachable");
    }
  }

  /**
   * A peer whose pages cycle (next x, then y, then x again, more every time): malformed where a next
   * comes back, and the pass ends (a hostile run's peer kept a pass going for ever, the peer shown ok,
   * every other pass with it skipped as busy).
   */
  @Test
  void sync_peerWhoseNextsCycle_malformedPassEnds() throws Exception {
    String object = TestCli.indicator(newId(), "2020-01-01T00:00:00.000Z");
    AtomicInteger pages = new AtomicInteger();
    try (FakePeer fake = new FakePeer(b, "cycling", (x, path) -> {
      String query = x.getRequestURI().getQuery() == null ? "" : x.getRequestURI().getQuery();
      if (path.endsWith("/objects/")) {
        pages.incrementAndGet();
        String next = query.contains("next=x") ? "y" : "x";
        FakePeer.reply(x, 200, "{\"more\":true,\"next\":\"" + next + "\",\"objects\":[" + object + "]}",
            FakePeer.dated("2020-01-01T00:00:00.000Z"));
      } else {
        FakePeer.reply(x, 200, FakePeer.collection(UUID.nameUUIDFromBytes(new byte[] {5}), false));
      }
    })) {
      agree(b, fake.name, "{\"receive\":[{\"collection\":\"theirs\",\"into\":\"quarantine\"}]}");
      TestCli.Result r = cli(b, 1, "sync", "--peer", fake.name);
      assertThat(r.err()).contains("malformed answer").contains("its pages come back to next=x, given earlier in this pass");
      assertThat(pages.get()).isLessThanOrEqualTo(4); // x, y, x (and the one fetched ahead)
      assertThat(peer(b, fake.name).get("state").asText()).isEqualTo("unreachable");
    }
  }

  /**
   * A fake peer whose pages never end (a valid object, more, and the next it was asked for), and one
   * that answers after a minute. The first is malformed at its second page (a hostile run saw the
   * node ask for the same page 800 times a second, for ever); with the second on the node's sync loop,
   * A's new object still reaches B on the loop's next pass (each peer keeps a schedule of its own;
   * the loop waited for the slow peer's request to time out, 30 s, before every pass).
   */
  @Test
  void sync_peerPagingForeverOrSlow_othersStillSyncedOnTime() throws Exception {
    String object = TestCli.indicator(newId(), "2020-01-01T00:00:00.000Z");
    AtomicBoolean slow = new AtomicBoolean();
    try (FakePeer fake = new FakePeer(b, "looping", (x, path) -> {
      if (slow.get()) Thread.sleep(60_000);
      FakePeer.reply(x, 200, path.endsWith("/objects/") ? "{\"more\":true,\"next\":\"same\",\"objects\":[" + object + "]}"
          : path.contains("/collections/") ? FakePeer.collection(UUID.randomUUID(), false) : "{", FakePeer.dated("2020-01-01T00:00:00.000Z"));
    })) {
      String name = fake.name;
      agree(b, name, "{\"receive\":[{\"collection\":\"theirs\",\"into\":\"quarantine\"}]}");
      TestCli.Result r = cli(b, 1, "sync");
      assertThat(r.err()).contains("peer " + name).contains("malformed answer").contains("its pages do not advance");
      assertThat(r.out()).contains("a: ok");

      slow.set(true);
      try (SyncLoop loop = SyncLoop.start(new Sync(b.stores(),
          Sync.Settings.defaults()), Duration.ofSeconds(1))) {
        Thread.sleep(2_000); // the loop's first passes: A's is done, the fake's waits
        String fresh = newId();
        importObjects(a, "out", List.of(fresh));
        publish(a, "b");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!ids(b, "mixed").contains(fresh) && System.nanoTime() < deadline) Thread.sleep(100);
        assertThat(ids(b, "mixed")).as("A's object on B while the slow peer's request is pending").contains(fresh);
      }
    }
  }

  /**
   * A peer that answers its headers and then trickles its body, a byte every 200 ms: the pass gives up
   * when the body has not ended within four times the wait for an answer, and reports the peer
   * unreachable (a hostile run's trickling peer held `parley sync` for ever, with the peer shown ok).
   */
  @Test
  void sync_peerTricklingItsBody_passEndsWithinItsBoundAndReportsUnreachable() throws Exception {
    try (FakePeer fake = new FakePeer(b, "trickle", (x, path) -> {
      if (!path.endsWith("/objects/")) {
        FakePeer.reply(x, 200, FakePeer.collection(UUID.nameUUIDFromBytes(new byte[] {2}), false));
        return;
      }
      x.getResponseHeaders().add("Content-Type", FakePeer.TAXII);
      x.sendResponseHeaders(200, 100_000);
      for (int i = 0; i < 100_000; i++) {
        x.getResponseBody().write('{');
        x.getResponseBody().flush();
        Thread.sleep(200);
      }
    })) {
      String name = fake.name;
      agree(b, name, "{\"receive\":[{\"collection\":\"theirs\",\"into\":\"quarantine\"}]}");
      Sync.Settings d = Sync.Settings.defaults();
      Sync.Settings quick = new Sync.Settings(d.connectTimeout(), Duration.ofSeconds(1),
          d.statusDeadline(), d.receiptBudget(), d.pagesPerPass(), d.pushRetryAfter());
      try (Sync sync = new Sync(b.stores(), quick)) {
        long start = System.nanoTime();
        PeerReport report = sync.pass(Optional.of(name)).get(0);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(30);
        assertThat(report.state()).isEqualTo("unreachable");
        assertThat(report.detail()).contains("did not end within 4 s");
      }
    }
  }

  /**
   * A fake peer whose pages never end, each with a new next and a new object: a pass reads at most
   * its cap of pages, ends well (the peer answered), and the next pass goes on from the last page
   * stored, asking for what was added after it (before, such a peer kept its own pass going for
   * ever, and its push and receipts never came).
   */
  @Test
  void sync_peerPagingForeverWithNewNexts_passEndsAtItsCap_nextPassGoesOn() throws Exception {
    AtomicInteger served = new AtomicInteger();
    List<String> addedAfter = Collections.synchronizedList(new ArrayList<>());
    try (FakePeer fake = new FakePeer(b, "endless", (x, path) -> {
      String query = x.getRequestURI().getQuery() == null ? "" : x.getRequestURI().getQuery();
      if (path.startsWith("/log/receipt")) {
        x.sendResponseHeaders(404, -1); // not in its log yet: the receipts stay pending
      } else if (path.endsWith("/objects/")) {
        if (!query.contains("next=")) addedAfter.add(query.contains("added_after=") ? query.replaceAll(".*added_after=([^&]*).*", "$1") : "");
        int n = served.incrementAndGet();
        FakePeer.reply(x, 200, "{\"more\":true,\"next\":\"p" + n + "\",\"objects\":[" + TestCli.indicator(newId(), "2020-01-01T00:00:00.000Z") + "]}",
            FakePeer.dated(Instant.parse("2020-01-01T00:00:00Z").plusSeconds(n) + ""));
      } else {
        FakePeer.reply(x, 200, FakePeer.collection(UUID.nameUUIDFromBytes(new byte[] {1}), false));
      }
    })) {
      String name = fake.name;
      agree(b, name, "{\"receive\":[{\"collection\":\"theirs\",\"into\":\"quarantine\"}]}");
      try (Sync sync = new Sync(b.stores(), Sync.Settings.defaults().withPagesPerPass(7))) {
        PeerReport first = sync.pass(Optional.of(name)).get(0);
        assertThat(first.state()).as(first.detail()).isEqualTo("ok");
        assertThat(first.pulled()).isEqualTo(7);
        assertThat(served.get()).isEqualTo(7);
        PeerReport second = sync.pass(Optional.of(name)).get(0);
        assertThat(second.state()).isEqualTo("ok");
        assertThat(second.pulled()).isEqualTo(7);
      }
      // the second pass asked for what was added from the seventh page's date on (a microsecond before it: more
      // followed, and objects of that date may be on the next page; Pull.resumeAt)
      assertThat(addedAfter).hasSize(2);
      assertThat(URLDecoder.decode(addedAfter.get(1), StandardCharsets.UTF_8)).isEqualTo("2020-01-01T00:00:06.999999Z");
    }
  }

  /** Answers a push's POST of objects. */
  private interface PostAnswer {
    void answer(com.sun.net.httpserver.HttpExchange x) throws Exception;
  }

  /** A fake peer whose collection "theirs" takes pushes as {@code post} answers them; it serves no receipts. */
  private static FakePeer pushTarget(String prefix, PostAnswer post) throws IOException {
    UUID theirs = UUID.randomUUID();
    return new FakePeer(a, prefix, (x, path) -> {
      if (path.endsWith("/objects/") && x.getRequestMethod().equals("POST")) {
        post.answer(x);
      } else if (path.startsWith("/log/receipt")) {
        x.sendResponseHeaders(404, -1);
      } else {
        FakePeer.reply(x, 200, FakePeer.collection(theirs, true));
      }
    });
  }

  /** A new collection of A holding {@code ids}, shared with and pushed to {@code fake}'s "theirs" (A's agreement with it); its alias. */
  private static String pushTo(FakePeer fake, List<String> ids) throws IOException {
    String alias = "p" + UUID.randomUUID().toString().substring(0, 8);
    cli(a, "collection", "create", "--title", "to " + fake.name, "--alias", alias);
    importObjects(a, alias, ids);
    agree(a, fake.name, "{\"share\":[{\"collection\":\"" + alias + "\",\"max_tlp\":\"amber\",\"unmarked\":\"clear\"}],"
        + "\"push\":[{\"collection\":\"" + alias + "\",\"to\":\"theirs\"}]}");
    return alias;
  }

  /**
   * A peer that refuses an envelope for its size (413, past its max_content_length): the envelope goes
   * again in halves, the one object too large for the peer waits as refused, and every other object is
   * taken once (a hostile run saw one large object hold back every push after it, the same envelope
   * posted every pass).
   */
  @Test
  void push_envelopeTooLargeForThePeer_sentInHalves_theLargeObjectWaits() throws Exception {
    List<String> ids = List.of(newId(), newId(), newId(), newId(), newId());
    String large = ids.get(3);
    Map<String, Integer> taken = new ConcurrentHashMap<>();
    try (FakePeer fake = pushTarget("small", x -> {
      List<String> posted = FakePeer.posted(x);
      if (posted.contains(large)) {
        x.sendResponseHeaders(413, -1);
        return;
      }
      for (String id : posted) taken.merge(id, 1, Integer::sum);
      FakePeer.reply(x, 202, "{\"id\":\"" + UUID.randomUUID() + "\",\"status\":\"complete\",\"total_count\":" + posted.size()
          + ",\"success_count\":" + posted.size() + ",\"failure_count\":0,\"pending_count\":0}");
    })) {
      String name = fake.name;
      pushTo(fake, ids);
      try (Sync sync = new Sync(a.stores(), Sync.Settings.defaults())) {
        PeerReport first = sync.pass(Optional.of(name)).get(0);
        assertThat(first.state()).as(first.detail()).isEqualTo("ok");
        assertThat(first.pushed()).isEqualTo(4);
        assertThat(first.pushRefused()).isEqualTo(1);
        int peerId = a.stores().peers().find(name).orElseThrow().id();
        assertThat(a.stores().syncPositions().waitingRetries(peerId)).isEqualTo(1);
      }
      assertThat(taken).containsOnlyKeys(ids.stream().filter(id -> !id.equals(large)).toList()).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    }
  }

  /**
   * Objects a peer refuses in a push's status ("try later") are pushed again in a later pass, from the
   * feed as it is then, until the peer takes them (TAXII 2.1 §5.4: a status lists its failures); a
   * hostile run saw refused objects never sent again. What it took is never sent again, also after a
   * new agreement version rebuilds its feed.
   */
  @Test
  void push_objectsThePeerRefused_pushedAgainInALaterPass() throws Exception {
    Map<String, Integer> tries = new ConcurrentHashMap<>();
    try (FakePeer fake = pushTarget("picky", x -> {
      com.fasterxml.jackson.databind.JsonNode envelope = Json.mapper().readTree(x.getRequestBody().readAllBytes());
      StringBuilder failures = new StringBuilder();
      int ok = 0;
      int failed = 0;
      for (com.fasterxml.jackson.databind.JsonNode o : envelope.get("objects")) {
        String id = o.get("id").asText();
        if (tries.merge(id, 1, Integer::sum) == 1) {
          failures.append(failed++ == 0 ? "" : ",").append("{\"id\":\"").append(id).append("\",\"version\":\"")
              .append(o.get("modified").asText()).append("\",\"message\":\"try later\"}");
        } else {
          ok++;
        }
      }
      FakePeer.reply(x, 202, "{\"id\":\"" + UUID.randomUUID() + "\",\"status\":\"complete\",\"total_count\":" + (ok + failed)
          + ",\"success_count\":" + ok + ",\"failure_count\":" + failed + ",\"pending_count\":0,\"failures\":[" + failures + "]}");
    })) {
      String name = fake.name;
      List<String> ids = List.of(newId(), newId(), newId());
      String alias = pushTo(fake, ids);
      try (Sync sync = new Sync(a.stores(),
          Sync.Settings.defaults().withPushRetryAfter(Duration.ZERO))) {
        PeerReport first = sync.pass(Optional.of(name)).get(0);
        assertThat(first.state()).as(first.detail()).isEqualTo("ok");
        assertThat(first.pushed()).isZero();
        assertThat(first.pushRefused()).isEqualTo(3);
        int peerId = a.stores().peers().find(name).orElseThrow().id();
        assertThat(a.stores().syncPositions().waitingRetries(peerId)).isEqualTo(3);
        JsonNode listed = null;
        for (JsonNode p : Json.mapper().readTree(cli(a, "peer", "list", "--format", "json").out())) if (p.get("name").asText().equals(name)) listed = p;
        assertThat(listed.get("push_retrying").asLong()).isEqualTo(3);
        PeerReport second = sync.pass(Optional.of(name)).get(0);
        assertThat(second.pushed()).isEqualTo(3);
        assertThat(second.pushRefused()).isZero();
        assertThat(a.stores().syncPositions().waitingRetries(peerId)).isZero();
        sync.pass(Optional.of(name));
        // a new agreement version rebuilds the feed: what the peer accepted is not pushed again
        // (every object went again, and counted again in pushed, before)
        agree(a, name, "{\"share\":[{\"collection\":\"" + alias + "\",\"max_tlp\":\"green\",\"unmarked\":\"clear\"}],"
            + "\"push\":[{\"collection\":\"" + alias + "\",\"to\":\"theirs\"}]}");
        PeerReport rebuilt = sync.pass(Optional.of(name)).get(0);
        assertThat(rebuilt.pushed()).isZero();
        assertThat(a.stores().peers().find(name).orElseThrow().pushed()).isEqualTo(3);
      }
      assertThat(tries).containsOnlyKeys(ids).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(2));
    }
  }

  /**
   * A push's status must account for what was sent (TAXII 2.1 §4.3.1): a status that lists its
   * successes and names none of the objects sent ("5 of 5 succeeded", and an id never sent) has
   * them refused, to be pushed again, not counted as taken (hostile run 10ag: all were counted as
   * pushed, never to be pushed again); one that lists nothing and whose counts do not add up to the
   * objects sent is a malformed answer.
   */
  @Test
  void push_statusNamingNoneOfTheObjectsSent_notTakenForAccepted() throws Exception {
    AtomicBoolean countsOnly = new AtomicBoolean();
    try (FakePeer fake = pushTarget("liar", x -> {
      List<String> posted = FakePeer.posted(x);
      FakePeer.reply(x, 202, "{\"id\":\"" + UUID.randomUUID() + "\",\"status\":\"complete\",\"total_count\":" + posted.size()
          + ",\"success_count\":" + (countsOnly.get() ? posted.size() + 1 : posted.size()) + ",\"failure_count\":0,\"pending_count\":0"
          + (countsOnly.get() ? "" : ",\"successes\":[{\"id\":\"" + newId() + "\"}]") + "}");
    })) {
      String name = fake.name;
      pushTo(fake, List.of(newId(), newId(), newId()));
      try (Sync sync = new Sync(a.stores(), Sync.Settings.defaults())) {
        PeerReport first = sync.pass(Optional.of(name)).get(0);
        assertThat(first.pushed()).isZero();
        assertThat(first.pushRefused()).isEqualTo(3);
        int peerId = a.stores().peers().find(name).orElseThrow().id();
        assertThat(a.stores().syncPositions().waitingRetries(peerId)).isEqualTo(3);
        assertThat(a.stores().peers().find(name).orElseThrow().pushed()).isZero();
      }
      // counts alone that do not add up: a malformed answer, nothing taken
      pushTo(fake, List.of(newId()));
      countsOnly.set(true);
      try (Sync sync = new Sync(a.stores(), Sync.Settings.defaults())) {
        PeerReport second = sync.pass(Optional.of(name)).get(0);
        assertThat(second.pushed()).isZero();
        assertThat(second.detail()).contains("counts 2 successes and 0 failures").contains("of 1 objects sent");
      }
      assertThat(a.stores().peers().find(name).orElseThrow().pushed()).isZero();
    }
  }

  /**
   * A peer whose push status stays pending past the deadline answers, and has not settled the
   * envelope: the peer stays ok with that in its detail, nothing is counted as pushed, and the
   * envelope goes again next pass (hostile run 12ai: each pass waited two minutes, and the peer was
   * shown unreachable, though it had answered every request).
   */
  @Test
  void push_statusPendingPastItsDeadline_peerOk_envelopeAgainNextPass() throws Exception {
    AtomicInteger posts = new AtomicInteger();
    String statusId = UUID.randomUUID().toString();
    String pending = "{\"id\":\"" + statusId + "\",\"status\":\"pending\",\"total_count\":2,\"success_count\":0,\"failure_count\":0,"
        + "\"pending_count\":2}";
    try (FakePeer fake = new FakePeer(a, "pending", (x, path) -> {
      if (path.endsWith("/objects/") && x.getRequestMethod().equals("POST")) {
        posts.incrementAndGet();
        FakePeer.posted(x);
        FakePeer.reply(x, 202, pending);
      } else if (path.contains("/status/")) {
        FakePeer.reply(x, 200, pending);
      } else if (path.startsWith("/log/receipt")) {
        x.sendResponseHeaders(404, -1);
      } else {
        FakePeer.reply(x, 200, FakePeer.collection(UUID.randomUUID(), true));
      }
    })) {
      pushTo(fake, List.of(newId(), newId()));
      Sync.Settings d = Sync.Settings.defaults();
      Sync.Settings quick = new Sync.Settings(d.connectTimeout(), d.requestTimeout(),
          Duration.ofSeconds(1), d.receiptBudget(), d.pagesPerPass(), d.pushRetryAfter());
      try (Sync sync = new Sync(a.stores(), quick)) {
        for (int pass = 1; pass <= 2; pass++) {
          PeerReport report = sync.pass(Optional.of(fake.name)).get(0);
          assertThat(report.state()).as(report.detail()).isEqualTo("ok");
          assertThat(report.detail()).contains("still had 2 objects pending after 1 s").contains("pushed again next pass");
          assertThat(report.pushed()).isZero();
          assertThat(posts.get()).isEqualTo(pass);
        }
      }
    }
  }

  /**
   * A peer fetches the agreement that applies to it with its receipt (/log/agreement) and checks it
   * offline with parley log verify-receipt and the node's key alone: the answer as it came holds, an
   * agreement changed in it does not (a hostile run found no way to check it but code of its own).
   */
  @Test
  void agreementReceipt_fetchedByThePeer_verifiesOffline_tamperedFails() throws Exception {
    HttpResponse<String> got = null;
    for (int i = 0; i < 50 && (got == null || got.statusCode() != 200); i++) {
      if (got != null) Thread.sleep(200); // until the agreement's entry is in a signed checkpoint
      got = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + a.port() + "/log/agreement")).header("Authorization", "Bearer " + bAtA).build(),
          HttpResponse.BodyHandlers.ofString());
    }
    assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
    Path answer = Files.writeString(Files.createTempFile("agreement", ".json"), got.body());
    String key = cli(a, "log", "key").out().strip();
    TestCli.Result ok = TestCli.runExactly("log", "verify-receipt", answer.toString(), "--key", key);
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).startsWith("OK agreement:b").doesNotContain("in collection"); // an agreement is in none

    com.fasterxml.jackson.databind.node.ObjectNode tampered = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(got.body());
    ((com.fasterxml.jackson.databind.node.ObjectNode) tampered.get("agreement").get("share").get(0)).put("max_tlp", "amber");
    tampered.remove("sha256");
    Path changed = Files.writeString(Files.createTempFile("agreement", ".json"), tampered.toString());
    TestCli.Result bad = TestCli.runExactly("log", "verify-receipt", changed.toString(), "--key", key);
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).contains("commitment");
    // the answer's own peer and version must be its receipt's (a hostile run changed them and read OK)
    for (String[] edit : new String[][] {{"peer", "c"}, {"version", "99"}}) {
      com.fasterxml.jackson.databind.node.ObjectNode other = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(got.body());
      if (edit[0].equals("version")) other.put("version", 99);
      else other.put("peer", edit[1]);
      Path f = Files.writeString(Files.createTempFile("agreement", ".json"), other.toString());
      TestCli.Result r = TestCli.runExactly("log", "verify-receipt", f.toString(), "--key", key);
      assertThat(r.code()).as(edit[0]).isEqualTo(1);
    }
  }

  @Test
  void receipts_peerGivingAReceiptItsKeyDidNotSign_failedAlarmOnMetricsAndReceiptShowExits1() throws Exception {
    // a real receipt of A's, for an object of A's, passed off by a peer with a key of its own: in a batch of
    // receipts, and by a peer that answers POST /log/receipts with what is no batch, so that each is asked on its own
    String real = newId();
    importObjects(a, "out", List.of(real));
    UUID outOfA = a.stores().collections().resolve("out").orElseThrow().id();
    String adminOfA = Files.readString(a.config().dataDir().resolve("admin.token")).strip();
    HttpResponse<String> got = null;
    for (int i = 0; i < 50 && (got == null || got.statusCode() != 200); i++) {
      if (got != null) Thread.sleep(200); // until A's log takes the version into a signed checkpoint
      got = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + a.port() + "/log/receipt?collection=" + outOfA + "&object=" + real))
          .header("Authorization", "Bearer " + adminOfA).build(), HttpResponse.BodyHandlers.ofString());
    }
    assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
    String stolen = got.body();
    for (boolean batches : new boolean[] {true, false}) {
      String theirs = UUID.randomUUID().toString();
      String id = newId();
      String object = TestCli.indicator(id, "2020-01-01T00:00:00.000Z");
      com.fasterxml.jackson.databind.node.ObjectNode forged = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(stolen);
      forged.put("collection", theirs).put("id", id).put("version", "2020-01-01T00:00:00.000Z");
      List<String> asked = Collections.synchronizedList(new ArrayList<>());
      try (FakePeer liar = new FakePeer(b, "liar", (x, path) -> {
        asked.add(x.getRequestMethod() + " " + path);
        FakePeer.reply(x, 200, path.equals("/log/receipt") ? forged.toString()
            : path.equals("/log/receipts") && batches ? "{\"items\":[{\"status\":200,\"receipt\":" + forged + "}]}"
            : path.endsWith("/objects/") ? "{\"more\":false,\"objects\":[" + object + "]}"
            : FakePeer.collection(UUID.fromString(theirs), false), FakePeer.dated("2021-01-01T00:00:00.000000Z"));
      })) {
        String name = liar.name;
        agree(b, name, "{\"receive\":[{\"collection\":\"theirs\",\"into\":\"quarantine\"}]}");
        TestCli.Result r = cli(b, 0, "sync", "--peer", name);
        assertThat(r.out()).as("batches " + batches).contains("pulled 1").contains("1 failed");
        assertThat(asked).contains("POST /log/receipts");
        if (batches) assertThat(asked).doesNotContain("GET /log/receipt");
        else assertThat(asked).contains("GET /log/receipt");
        TestCli.Result shown = cli(b, 1, "receipt", "show", id);
        assertThat(shown.out()).contains("does NOT verify").contains("checkpoint");
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + b.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).containsPattern("parley_sync_receipts_failed [1-9]");
        // an alarm, not a silent retry: the next pass does not ask again
        assertThat(cli(b, 0, "sync", "--peer", name).out()).contains("0 verified, 0 pending, 0 failed");
      }
    }
  }

  /**
   * A sender that proves each object against a tree of its own: every receipt verifies alone, but two
   * signed roots for one tree size are a fork (a hostile run's peer did so for 60 receipts, all
   * verified, and its log was never found forked). The second receipt fails, the evidence is
   * recorded, the peer is forked and sync with it stops.
   */
  @Test
  void receipts_eachAgainstATreeOfItsOwn_forkRecordedPeerForked() throws Exception {
    String theirs = UUID.randomUUID().toString();
    List<String> ids = List.of(newId(), newId());
    Map<String, String> objects = new HashMap<>();
    for (String id : ids) objects.put(id, TestCli.indicator(id, "2020-01-01T00:00:00.000Z"));
    FakePeer[] self = new FakePeer[1];
    try (FakePeer forking = new FakePeer(b, "forking", true, (x, path) -> {
      if (path.equals("/log/receipts")) {
        FakePeer.reply(x, 404, "{}");
      } else if (path.equals("/log/checkpoint")) {
        // the log as it is now, which the witness and the monitor start again from when the fork is accepted
        x.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        FakePeer.reply(x, 200, Checkpoints.sign(Checkpoint.of(
            self[0].signer.verifierKey().name(), TreeSize.of(0), Hashes.emptyRoot()), self[0].signer));
      } else if (path.equals("/log/receipt")) {
        String query = x.getRequestURI().getQuery();
        String id = ids.stream().filter(query::contains).findFirst().orElseThrow();
        com.fasterxml.jackson.databind.node.ObjectNode object = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(objects.get(id));
        Salt salt = Salt.random();
        byte[] entry = LogEntry.of(EntryKind.STORE, Instant.now(), salt,
            Leaf.stored(UUID.fromString(theirs), object, "2020-01-01T00:00:00.000Z").canonical()).encode();
        // a tree of one leaf: its root is the leaf's hash, a root for size 1 of its own for each object
        Checkpoint checkpoint = Checkpoint.of(self[0].signer.verifierKey().name(),
            TreeSize.of(1), Hashes.leaf(entry));
        String note = Checkpoints.sign(checkpoint, self[0].signer);
        com.fasterxml.jackson.databind.node.ObjectNode receipt = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(
            new Receipt(0, salt, entry, List.of(), note).toJson());
        receipt.put("collection", theirs).put("id", id).put("version", "2020-01-01T00:00:00.000Z");
        FakePeer.reply(x, 200, receipt.toString());
      } else {
        FakePeer.reply(x, 200, path.endsWith("/objects/") ? "{\"more\":false,\"objects\":[" + String.join(",", objects.values()) + "]}"
            : FakePeer.collection(UUID.fromString(theirs), false), FakePeer.dated("2021-01-01T00:00:00.000000Z"));
      }
    })) {
      self[0] = forking;
      String name = forking.name;
      agree(b, name, "{\"receive\":[{\"collection\":\"theirs\",\"into\":\"quarantine\"}]}");
      TestCli.Result r = cli(b, 0, "sync", "--peer", name);
      assertThat(r.out()).contains("pulled 2").contains("1 verified").contains("1 failed");
      assertThat(peer(b, name).get("state").asText()).isEqualTo("forked");
      TestCli.Result evidence = cli(b, 0, "log", "evidence");
      assertThat(evidence.out()).contains(forking.signer.verifierKey().name());
      // the receipt that verified has the checkpoint of the recorded fork: said, and not exit 0 (hostile run 10w)
      String shown = cli(b, 1, "receipt", "show", ids.get(0)).out() + cli(b, 1, "receipt", "show", ids.get(1)).out();
      assertThat(shown).contains("receipt verifies").contains("its checkpoint is one of a recorded fork");
      assertThat(cli(b, 1, "sync", "--peer", name).out()).contains("forked");
      cli(b, "peer", "trust", name, "--accept-fork");
    }
  }

  /**
   * Hostile run 10u: a name whose key is pinned at first contact inside a pass, a key whose log is
   * forked, moves nothing: the pass stops before a page is read (it pulled the forked log's objects,
   * and the name was forked only after).
   */
  @Test
  void firstContactInAPass_keyOfAForkedLog_nothingPulled() throws Exception {
    String theirs = UUID.randomUUID().toString();
    String id = newId();
    try (FakePeer fake = new FakePeer(b, "refork", (x, path) -> FakePeer.reply(x, 200, path.endsWith("/objects/")
        ? "{\"more\":false,\"objects\":[" + TestCli.indicator(id, "2020-01-01T00:00:00.000Z") + "]}"
        : FakePeer.collection(UUID.fromString(theirs), false), FakePeer.dated("2021-01-01T00:00:00.000000Z")))) {
      String fakeUrl = peer(b, fake.name).get("url").asText();
      b.stores().peers().markForked(fake.name, "its log refork.example forked");
      String late = "late" + fake.name;
      b.stores().peers().put(late, fakeUrl, "t", null, b.stores().accounts()); // no key yet: pinned at its first contact
      agree(b, late, "{\"receive\":[{\"collection\":\"theirs\",\"into\":\"quarantine\"}]}");
      TestCli.Result r = cli(b, 1, "sync", "--peer", late);
      assertThat(r.out()).contains("forked");
      assertThat(peer(b, late).get("state").asText()).isEqualTo("forked");
      assertThat(ids(b, "quarantine")).doesNotContain(id);
      b.stores().peers().acceptFork(late, "accepted by the test");
      cli(b, "peer", "remove", late);
    }
  }

  /**
   * A forked peer whose node now serves another log key: its state says both, since accepting the
   * fork (which peer trust refuses then) is no remedy, and pinning the new key is (hostile run 10ay
   * L2: shown forked alone, the key said only in a warning of the monitor).
   */
  @Test
  void forkedPeerWhoseKeyChanged_bothSaid() throws Exception {
    try (FakePeer fake = new FakePeer(b, "rekeyed", (x, path) -> FakePeer.reply(x, 404, "{}"))) {
      String pinned = SignerKey.generate("before.example").verifierKey().encode();
      cli(b, "peer", "add", fake.name, "--url", peer(b, fake.name).get("url").asText(), "--key", pinned);
      b.stores().peers().markForked(fake.name, "its log before.example forked");
      TestCli.Result r = cli(b, 1, "sync", "--peer", fake.name);
      assertThat(r.out()).contains("forked");
      JsonNode listed = peer(b, fake.name);
      assertThat(listed.get("state").asText()).isEqualTo("forked");
      assertThat(listed.get("detail").asText()).startsWith("its log before.example forked; besides, its node now serves")
          .contains("another log key, " + fake.signer.verifierKey().encode() + ", not the pinned " + pinned)
          .contains("parley peer add " + fake.name + " --url URL --key NEW_KEY");
    }
  }

  private static Hash leaf(String text) {
    return Hashes.leaf(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A node whose log, under {@code signer}, holds {@code leaves} (two or three): it serves their
   * checkpoint and the tile that proves it, and a collection of one indicator, {@code id}.
   */
  private static FakePeer branch(SignerKey signer, List<Hash> leaves, String id) throws IOException {
    return branch(signer, leaves, id, null, null);
  }

  /** As above; its tile is answered once {@code gate} opens, having said so by {@code asked} (both null: at once). */
  private static FakePeer branch(SignerKey signer, List<Hash> leaves, String id,
      CountDownLatch asked, CountDownLatch gate) throws IOException {
    return branch(signer, leaves, id, asked, gate, new AtomicBoolean(true));
  }

  /** As above; its tile is served while {@code tiles} holds true, else 404. */
  private static FakePeer branch(SignerKey signer, List<Hash> leaves, String id,
      CountDownLatch asked, CountDownLatch gate,
      AtomicBoolean tiles) throws IOException {
    UUID theirs = UUID.randomUUID();
    Hash two = Hashes.node(leaves.get(0), leaves.get(1));
    Hash root = leaves.size() == 2 ? two : Hashes.node(two, leaves.get(2));
    String note = Checkpoints.sign(Checkpoint.of(signer.verifierKey().name(),
        TreeSize.of(leaves.size()), root), signer);
    return new FakePeer(b, "branch", signer, (ex, path) -> {
      if (path.equals("/log/checkpoint")) {
        ex.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        FakePeer.reply(ex, 200, note);
      } else if (path.equals("/log/tile/0/000.p/" + leaves.size()) && tiles.get()) {
        if (asked != null) asked.countDown();
        if (gate != null) gate.await();
        byte[] tile = new byte[32 * leaves.size()];
        for (int i = 0; i < leaves.size(); i++) System.arraycopy(leaves.get(i).bytes(), 0, tile, 32 * i, 32);
        ex.sendResponseHeaders(200, tile.length);
        ex.getResponseBody().write(tile);
      } else if (path.startsWith("/log/")) {
        FakePeer.reply(ex, 404, "{}");
      } else {
        FakePeer.reply(ex, 200, path.endsWith("/objects/") ? "{\"more\":false,\"objects\":[" + TestCli.indicator(id, "2020-01-01T00:00:00.000Z") + "]}"
            : FakePeer.collection(theirs, false), FakePeer.dated("2021-01-01T00:00:00.000000Z"));
      }
    });
  }

  /** B pins {@code signer}'s key for {@code peer} and holds, as the log's history, its checkpoint of size 1 with the leaf {@code leaf}. */
  private static void holdsOneLeaf(FakePeer peer, SignerKey signer, Hash leaf) {
    String key = signer.verifierKey().encode();
    b.stores().peers().pinKey(peer.name, key);
    Checkpoint one = Checkpoint.of(signer.verifierKey().name(),
        TreeSize.of(1), leaf);
    new MonitorStore(b.stores().db()).reset(new Seen(one,
        Checkpoints.sign(one, signer), "an earlier /log/checkpoint", Instant.now()), key);
  }

  /**
   * A second name of a key whose log this node holds at one checkpoint, serving a larger checkpoint
   * of another history, is judged before a page is read: its own tiles prove the two cannot both be
   * true, the fork is recorded and the name forked, and nothing is pulled (a pass pulled such a
   * name's objects, and the monitor's next round recorded the fork after). Here the node holds size 1
   * with the leaf z; the name serves size 2 with the leaves x and y, and the tile that proves it.
   */
  @Test
  void secondNameServingAnotherHistory_forkRecordedBeforeAPageIsRead() throws Exception {
    String id = newId();
    SignerKey signer = SignerKey.generate("branch.example");
    try (FakePeer other = branch(signer, List.of(leaf("x"), leaf("y")), id)) {
      holdsOneLeaf(other, signer, leaf("z"));
      agree(b, other.name, "{\"receive\":[{\"collection\":\"theirs\",\"into\":\"quarantine\"}]}");
      assertThat(cli(b, 1, "sync", "--peer", other.name).out()).contains("forked");
      assertThat(peer(b, other.name).get("state").asText()).isEqualTo("forked");
      assertThat(ids(b, "quarantine")).doesNotContain(id);
      assertThat(cli(b, 0, "log", "evidence").out()).contains(signer.verifierKey().name());
      b.stores().peers().acceptFork(other.name, "accepted by the test");
    }
  }

  /**
   * A peer whose log serves a checkpoint that its pinned key does not sign is unreachable from the
   * first contact on, nothing pulled (hostile run 10am D5: with no checkpoint of the log held yet,
   * such a peer was pulled from at every pass and shown ok, sync exit 0).
   */
  @Test
  void checkpointNotSignedByThePinnedKey_unreachableFromTheFirstContact() throws Exception {
    String id = newId();
    SignerKey other = SignerKey.generate("garbage.example");
    String forged = Checkpoints.sign(Checkpoint.of(other.verifierKey().name(),
        TreeSize.of(1), leaf("x")), other);
    try (FakePeer fake = new FakePeer(b, "unsigned", true, (x, path) -> {
      if (path.equals("/log/checkpoint")) {
        x.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        FakePeer.reply(x, 200, forged);
      } else if (path.startsWith("/log/")) {
        FakePeer.reply(x, 404, "{}");
      } else {
        FakePeer.reply(x, 200, path.endsWith("/objects/") ? "{\"more\":false,\"objects\":[" + TestCli.indicator(id, "2020-01-01T00:00:00.000Z")
            + "]}" : FakePeer.collection(UUID.nameUUIDFromBytes(new byte[] {12}), false), FakePeer.dated("2021-01-01T00:00:00.000000Z"));
      }
    })) {
      agree(b, fake.name, "{\"receive\":[{\"collection\":\"theirs\",\"into\":\"quarantine\"}]}");
      assertThat(cli(b, 1, "sync", "--peer", fake.name).out()).contains(fake.name + ": unreachable");
      assertThat(peer(b, fake.name).get("detail").asText()).contains("its log's checkpoint does not verify with its pinned key");
      assertThat(ids(b, "quarantine")).doesNotContain(id);
    }
  }

  /**
   * Fail-closed: once this node holds a checkpoint of a peer's log, a larger one that the peer's tiles
   * do not show to extend it (here: no tile served) may be a fork no tile has shown yet, and nothing is
   * pulled from the peer in that pass: it is unreachable, its detail saying why, and the pass exits 1,
   * as for any garbage answer (hostile run 10aj: shown ok, exit 0). Once its tile proves the larger
   * checkpoint an extension, the next pass pulls (hostile run 10af: a peer serving no tiles was
   * pulled from at each new checkpoint).
   */
  @Test
  void largerCheckpointTheTilesDoNotProve_nothingPulledUntilTheyDo() throws Exception {
    String id = newId();
    SignerKey signer = SignerKey.generate("tileless.example");
    AtomicBoolean tiles = new AtomicBoolean(false);
    try (FakePeer peer = branch(signer, List.of(leaf("x"), leaf("y")), id, null, null, tiles)) {
      holdsOneLeaf(peer, signer, leaf("x"));
      agree(b, peer.name, "{\"receive\":[{\"collection\":\"theirs\",\"into\":\"quarantine\"}]}");
      assertThat(cli(b, 1, "sync", "--peer", peer.name).out()).contains(peer.name + ": unreachable");
      assertThat(ids(b, "quarantine")).doesNotContain(id);
      JsonNode listed = peer(b, peer.name);
      assertThat(listed.get("state").asText()).isEqualTo("unreachable");
      assertThat(listed.get("detail").asText()).contains("checkpoint of size 2 is not shown to extend the one of size 1")
          .contains("nothing is pulled from it until its log's checkpoint verifies and extends the one held here");
      assertThat(b.stores().peers().isForked(peer.name)).isFalse();

      tiles.set(true);
      assertThat(cli(b, 0, "sync", "--peer", peer.name).out()).contains(peer.name + ": ok");
      assertThat(ids(b, "quarantine")).contains(id);
      assertThat(peer(b, peer.name).path("detail").asText("")).doesNotContain("not shown to extend");
    }
  }

  /**
   * Hostile run be D0: a peer whose log went back (its data folder restored from a copy) and logged
   * other objects at the places of those lost was pulled from, and their receipts verified, on
   * another history than the one held here. A smaller checkpoint that its tiles do not show to be of
   * the history held is not pulled from: here B holds size 3 (x y z) and the peer serves size 2 (x w).
   */
  @Test
  void smallerCheckpointOfAnotherHistory_nothingPulled() throws Exception {
    String id = newId();
    SignerKey signer = SignerKey.generate("rewound.example");
    try (FakePeer peer = branch(signer, List.of(leaf("x"), leaf("w")), id)) {
      String key = signer.verifierKey().encode();
      b.stores().peers().pinKey(peer.name, key);
      Checkpoint three = Checkpoint.of(signer.verifierKey().name(), TreeSize.of(3),
          Hashes.node(Hashes.node(leaf("x"), leaf("y")), leaf("z")));
      new MonitorStore(b.stores().db()).reset(new Seen(three, Checkpoints.sign(three, signer), "an earlier /log/checkpoint", Instant.now()), key);
      agree(b, peer.name, "{\"receive\":[{\"collection\":\"theirs\",\"into\":\"quarantine\"}]}");
      assertThat(cli(b, 1, "sync", "--peer", peer.name).out()).contains(peer.name + ": unreachable");
      assertThat(ids(b, "quarantine")).doesNotContain(id);
      assertThat(peer(b, peer.name).get("detail").asText()).contains("its log went back: its checkpoint of size 2 is smaller than the one of"
          + " size 3 held here");
    }
  }

  /**
   * Hostile run 10w: two names of one key, two nodes each serving its own branch, and nothing of the
   * log held here yet. The first pass's checkpoint is the history held; the other name's is judged
   * against it, whichever comes first, in one pass or two, and its branch is not pulled: read from the
   * first name's tiles when the held checkpoint is the larger (x y z against x w).
   */
  @Test
  void twoNamesOfAForkedLog_nothingHeldYet_theSecondBranchNeverPulled() throws Exception {
    for (boolean largerFirst : new boolean[] {false, true}) {
      SignerKey signer = SignerKey.generate("twin" + (largerFirst ? "1" : "0") + ".example");
      String first = newId();
      String second = newId();
      List<Hash> larger = List.of(leaf("x"), leaf("y"), leaf("z"));
      List<Hash> smaller = List.of(leaf("x"), leaf("w"));
      // the second name is made a peer only once the first's pass has ended: B's monitor reads every
      // peer's checkpoint at its own rounds, and would otherwise hold whichever it read first
      try (FakePeer one = branch(signer, largerFirst ? larger : smaller, first)) {
        agree(b, one.name, "{\"receive\":[{\"collection\":\"theirs\",\"into\":\"quarantine\"}]}");
        assertThat(cli(b, 0, "sync", "--peer", one.name).out()).contains(one.name + ": ok");
        try (FakePeer two = branch(signer, largerFirst ? smaller : larger, second)) {
          agree(b, two.name, "{\"receive\":[{\"collection\":\"theirs\",\"into\":\"quarantine\"}]}");
          assertThat(cli(b, 1, "sync", "--peer", two.name).out()).contains(two.name + ": forked");
          assertThat(ids(b, "quarantine")).as("larger first: %s", largerFirst).contains(first).doesNotContain(second);
          assertThat(peer(b, one.name).get("state").asText()).isEqualTo("forked"); // a fork is of the log, every name of it
          // each name told what showed the fork, and its own command (hostile run 10w: the other name's words and command)
          assertThat(peer(b, one.name).get("detail").asText()).contains("shown through peer " + two.name).doesNotContain("peer trust " + two.name);
          // and /metrics' parley_peer_forks counts it for each name, not only the one that showed it
          Map<String, Long> counts = new EvidenceStore(b.stores().db()).countsByPeer();
          assertThat(counts.get(one.name)).isEqualTo(1L);
          assertThat(counts.get(two.name)).isEqualTo(1L);
          assertThat(cli(b, 0, "log", "evidence").out()).contains(signer.verifierKey().name());
          b.stores().peers().acceptFork(two.name, "accepted by the test");
        }
      }
    }
  }

  /**
   * A peer's push that another body under a version held keeps out is answered "accepted", as every
   * add of a writer that may not read is; the node's log names it for its operator, as a pulled one
   * is named (hostile run 10w: receipt show pointed to the log, where no line named it).
   */
  @Test
  void peerPushKeptOutByAConflict_namedInTheNodesLog() throws Exception {
    String id = newId();
    HttpClient http = HttpClient.newHttpClient();
    PrintStream systemErr = System.err;
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8)); // the node's log writes to standard error
    try {
      for (String name : List.of("first", "second")) {
        String body = "{\"objects\":[" + TestCli.indicator(id, "2020-01-01T00:00:00.000Z").replace("\"name\":\"x\"", "\"name\":\"" + name + "\"") + "]}";
        var r = http.send(HttpRequest.newBuilder(URI.create(url(a) + "collections/inbox/objects/"))
            .header("Authorization", "Bearer " + bAtA).header("Content-Type", "application/taxii+json;version=2.1")
            .header("Accept", "application/taxii+json;version=2.1").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      }
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!logged.toString(StandardCharsets.UTF_8).contains(id) && System.nanoTime() < until) Thread.sleep(50);
    } finally {
      System.setErr(systemErr);
    }
    assertThat(logged.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(id)).toList()).singleElement().asString()
        .contains("account b: " + id).contains("kept out of collection").contains("different object under this id and version");

    // while its log is forked here, the peer's pushes are refused, not stored without a receipt to be had (hostile run 10w)
    a.stores().peers().markForked("b", "its log forked (a test)");
    try {
      String fresh = newId();
      var r = http.send(HttpRequest.newBuilder(URI.create(url(a) + "collections/inbox/objects/"))
          .header("Authorization", "Bearer " + bAtA).header("Content-Type", "application/taxii+json;version=2.1")
          .header("Accept", "application/taxii+json;version=2.1").POST(HttpRequest.BodyPublishers.ofString(
              "{\"objects\":[" + TestCli.indicator(fresh, "2020-01-01T00:00:00.000Z") + "]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(r.body()).contains("forked").contains("peer trust b --accept-fork");
      assertThat(ids(a, "inbox")).doesNotContain(fresh);
    } finally {
      a.stores().peers().acceptFork("b", "accepted by the test");
    }
  }

  /**
   * Hostile run 10y: a name whose tiles are slow holds no other name of its key: the judgment takes
   * its lock for no request to a peer. While one name's pass waits for its tile, another name's pass
   * of the same key ends (it waited for the first's, without end, behind the lock).
   */
  @Test
  void slowNameOfAKey_anotherNameOfItStillSynced() throws Exception {
    SignerKey signer = SignerKey.generate("slow.example");
    CountDownLatch asked = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    List<Hash> leaves = List.of(leaf("x"), leaf("y"), leaf("z"));
    try (FakePeer fast = branch(signer, leaves.subList(0, 2), newId()); FakePeer slow = branch(signer, leaves, newId(), asked, gate)) {
      for (FakePeer f : List.of(fast, slow)) agree(b, f.name, "{\"receive\":[{\"collection\":\"theirs\",\"into\":\"quarantine\"}]}");
      assertThat(cli(b, 0, "sync", "--peer", fast.name).out()).contains(fast.name + ": ok"); // size 2 held
      // the slow name's pass through the node's own stores (the command line runs one command at a time)
      Sync sync = new Sync(b.stores(), Sync.Settings.defaults());
      CompletableFuture<PeerReport> waiting = CompletableFuture.supplyAsync(() ->
          sync.passWith(slow.name).orElseThrow());
      assertThat(asked.await(30, TimeUnit.SECONDS)).isTrue(); // the slow name's pass waits for its tile
      org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
          assertThat(cli(b, 0, "sync", "--peer", fast.name).out()).contains(fast.name + ": ok"));
      gate.countDown();
      assertThat(waiting.get(60, TimeUnit.SECONDS).state()).isEqualTo("ok"); // x y z grew from x y: consistent
      sync.close();
    } finally {
      gate.countDown();
    }
  }

  /**
   * Hostile run 10y: an older checkpoint of the history an operator accepted is one of the fork's
   * notes in evidence, and no other branch: proved consistent with the history held, with the tiles
   * of the name that served it, the name serving it syncs (it and the accepted name were forked).
   */
  @Test
  void olderCheckpointOfTheAcceptedHistory_inEvidence_notForked() throws Exception {
    SignerKey signer = SignerKey.generate("accepted.example");
    String key = signer.verifierKey().encode();
    String origin = signer.verifierKey().name();
    List<Hash> accepted = List.of(leaf("x"), leaf("y"), leaf("z"));
    String old = newId();
    try (FakePeer now = branch(signer, accepted, newId()); FakePeer older = branch(signer, accepted.subList(0, 2), old)) {
      for (FakePeer f : List.of(now, older)) agree(b, f.name, "{\"receive\":[{\"collection\":\"theirs\",\"into\":\"quarantine\"}]}");
      b.stores().peers().pinKey(now.name, key);
      b.stores().peers().pinKey(older.name, key);
      // on record: the accepted history at size 2 (x y) against another (x w); held: size 3 (x y z), served by the accepted name
      Checkpoint two = Checkpoint.of(origin, TreeSize.of(2),
          Hashes.node(leaf("x"), leaf("y")));
      Checkpoint other = Checkpoint.of(origin, TreeSize.of(2),
          Hashes.node(leaf("x"), leaf("w")));
      new EvidenceStore(b.stores().db()).record(new ForkEvidence(origin,
          List.of(Checkpoints.sign(two, signer), Checkpoints.sign(other, signer)),
          List.of(), List.of("a", "b"), List.of(Instant.EPOCH, Instant.EPOCH)), now.name);
      Checkpoint three = Checkpoint.of(origin, TreeSize.of(3),
          Hashes.node(Hashes.node(leaf("x"), leaf("y")), leaf("z")));
      String nowUrl = URI.create(peer(b, now.name).get("url").asText()).resolve("/log/checkpoint").toString();
      new MonitorStore(b.stores().db()).reset(new Seen(three,
          Checkpoints.sign(three, signer), nowUrl, Instant.now()), key);
      TestCli.Result r = cli(b, 0, "sync", "--peer", older.name);
      assertThat(r.out()).contains(older.name + ": ok");
      assertThat(ids(b, "quarantine")).contains(old);
      assertThat(peer(b, now.name).get("state").asText()).isNotEqualTo("forked");
    }
  }

  /**
   * A peer that sends an object and never gives its receipt (its log does not hold it: 404 every
   * time) is asked again each pass; an hour after the object was received that is an alarm: the
   * pass's line and JSON count it overdue, the log says ALARM (an error), {@code /metrics} counts it for
   * anyone, and {@code receipt show} says so and exits 1 (a hostile run's peer kept it pending, asked
   * every pass, with no alarm anywhere). The hour passes here by moving the receipt's receipt time back.
   */
  @Test
  void receipts_peerNeverGivingOne_overdueAfterAnHourIsAnAlarm() throws Exception {
    String id = newId();
    String theirs = UUID.randomUUID().toString();
    try (FakePeer silent = new FakePeer(b, "silent", (x, path) -> {
      if (path.startsWith("/log/receipt")) {
        x.sendResponseHeaders(404, -1);
      } else if (path.endsWith("/objects/")) {
        FakePeer.reply(x, 200, "{\"more\":false,\"objects\":[" + TestCli.indicator(id, "2020-01-01T00:00:00.000Z") + "]}",
            FakePeer.dated("2021-01-01T00:00:00.000000Z"));
      } else {
        FakePeer.reply(x, 200, FakePeer.collection(UUID.fromString(theirs), false));
      }
    })) {
      agree(b, silent.name, "{\"receive\":[{\"collection\":\"theirs\",\"into\":\"quarantine\"}]}");
      assertThat(cli(b, 0, "sync", "--peer", silent.name).out()).contains("pulled 1").contains("0 verified, 1 pending, 0 failed")
          .doesNotContain("overdue");
      // pending is said as pending, not as a receipt that does not verify (hostile run 10w)
      TestCli.Result pending = cli(b, 1, "receipt", "show", id);
      assertThat(pending.out()).contains("  no receipt fetched yet").doesNotContain("does NOT verify");
      assertThat(pending.err()).contains("1 not fetched yet");
      int moved = b.stores().db().withConnection(c -> {
        try (PreparedStatement s = c.prepareStatement("update sync_receipt set received = received - interval '2 hours'"
            + " where stix_id = ? and state = 'pending'")) {
          s.setString(1, id);
          return s.executeUpdate();
        }
      });
      assertThat(moved).isEqualTo(1);
      TestCli.Result r = cli(b, 0, "sync", "--peer", silent.name, "--format", "json");
      assertThat(Json.mapper().readTree(r.out()).get(0).get("receipts").get("overdue").asLong()).isEqualTo(1);
      assertThat(cli(b, 0, "sync", "--peer", silent.name).out()).contains("1 pending, 0 failed, 1 overdue");
      String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + b.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
      assertThat(metrics).containsPattern("parley_sync_receipts_overdue [1-9]");
      TestCli.Result shown = cli(b, 1, "receipt", "show", id);
      assertThat(shown.out()).contains("ALARM: no receipt given, 2 h after it was received");
      // an id of no STIX form is a usage error (2), as for policy explain --object, not "no receipt held" (1)
      assertThat(cli(b, 2, "receipt", "show", "notanid").err()).contains("ID must be a STIX identifier (type--UUID), not 'notanid'");
    }
  }

  /**
   * Rule 3 and "No loops" across a peer's removal: B pulls A's objects from a peer registration of
   * A's node, which is removed and added again under its name (same URL, same key). The peer is the
   * same node: what came from it is still withheld from it by echo, and a pull changes nothing (a
   * hostile run saw the re-added peer served, and pull back, its own objects: it had a new identity).
   * A different node under the name (another key) is another peer.
   */
  @Test
  void peerRemovedAndAddedAgain_sameNode_echoStillHolds() throws Exception {
    String name = "again" + UUID.randomUUID().toString().substring(0, 6);
    String alias = "g" + UUID.randomUUID().toString().substring(0, 8);
    cli(b, "collection", "create", "--title", "from " + name, "--alias", alias);
    String fresh = newId();
    importObjects(a, "out", List.of(fresh));
    publish(a, "b");
    String agreement = "{\"share\":[{\"collection\":\"" + alias + "\",\"max_tlp\":\"amber\",\"unmarked\":\"clear\"}],"
        + "\"receive\":[{\"collection\":\"out\",\"into\":\"" + alias + "\"}]}";
    cli(b, "peer", "add", name, "--url", url(a), "--token", bAtA);
    agree(b, name, agreement);
    assertThat(cli(b, 0, "sync", "--peer", name).out()).contains(name + ": ok");
    assertThat(ids(b, alias)).contains(fresh);
    JsonNode before = Json.mapper().readTree(cli(b, "policy", "explain", "--peer", name, "--collection", alias, "--format", "json").out());
    assertThat(before.get("served")).isEmpty();
    assertThat(before.get("withheld").findValuesAsText("rule")).isNotEmpty().containsOnly("echo");

    cli(b, "peer", "remove", name);
    cli(b, "peer", "add", name, "--url", url(a), "--token", bAtA);
    agree(b, name, agreement);
    JsonNode after = Json.mapper().readTree(cli(b, "policy", "explain", "--peer", name, "--collection", alias, "--format", "json").out());
    assertThat(after.get("served")).as("served to the node it came from").isEmpty();
    assertThat(after.get("withheld").findValuesAsText("rule")).hasSameSizeAs(before.get("withheld").findValuesAsText("rule")).containsOnly("echo");
    // its pull position came back with it: the pass pulls nothing it holds already
    assertThat(cli(b, 0, "sync", "--peer", name).out()).contains(name + ": ok, pulled 0");

    // another node under the name (a key of its own) is another peer: what came from the first is not
    // its echo, but a relay from a source that is no longer a peer (unmarked, so not CLEAR: withheld)
    cli(b, "peer", "remove", name);
    String other = SignerKey.generate("node-x").verifierKey().encode();
    cli(b, "peer", "add", name, "--url", url(a), "--token", bAtA, "--key", other);
    agree(b, name, agreement);
    JsonNode stranger = Json.mapper().readTree(cli(b, "policy", "explain", "--peer", name, "--collection", alias, "--format", "json").out());
    assertThat(stranger.get("withheld").findValuesAsText("rule")).as(stranger.toString()).isNotEmpty().containsOnly("relay");
    cli(b, "peer", "remove", name);
  }

  /**
   * Rule 3 judges the node, by its log key: B adds A's node under two more names, one that may relay
   * and sends, one that reads what the first sent, the operator giving each A's key. The reader is
   * not served it (hostile run 10n: one node added under two names read back through one what it had
   * sent under the other).
   */
  @Test
  void oneNodeUnderTwoNames_whatOneNameSentNotServedToTheOther() throws Exception {
    String sender = "send" + UUID.randomUUID().toString().substring(0, 6);
    String reader = "read" + UUID.randomUUID().toString().substring(0, 6);
    String alias = "t" + UUID.randomUUID().toString().substring(0, 8);
    cli(b, "collection", "create", "--title", "from " + sender, "--alias", alias);
    String fresh = newId();
    importObjects(a, "out", List.of(fresh));
    publish(a, "b");
    String keyOfA = peer(b, "a").get("key").asText();
    cli(b, "peer", "add", sender, "--url", url(a), "--token", bAtA, "--key", keyOfA);
    agree(b, sender, "{\"relay\":true,\"receive\":[{\"collection\":\"out\",\"into\":\"" + alias + "\"}]}");
    cli(b, "peer", "add", reader, "--url", url(a), "--token", bAtA, "--key", keyOfA);
    agree(b, reader, "{\"share\":[{\"collection\":\"" + alias + "\",\"max_tlp\":\"amber\",\"unmarked\":\"clear\"}]}");
    assertThat(cli(b, 0, "sync", "--peer", reader).out()).contains(reader + ": ok");
    assertThat(cli(b, 0, "sync", "--peer", sender).out()).contains(sender + ": ok");
    assertThat(peer(b, reader).get("key").asText()).isEqualTo(peer(b, sender).get("key").asText());
    assertThat(ids(b, alias)).contains(fresh);
    JsonNode explained = Json.mapper().readTree(cli(b, "policy", "explain", "--peer", reader, "--collection", alias, "--format", "json").out());
    assertThat(explained.get("served")).as(explained.toString()).isEmpty();
    assertThat(explained.get("withheld").findValuesAsText("rule")).isNotEmpty().containsOnly("echo");
    // asked of the name that did not send it, receipt show says which did, and that a refused version has no receipt
    assertThat(cli(b, 1, "receipt", "show", fresh, "--peer", reader).err()).contains("no receipt held for " + fresh + " from peer " + reader)
        .contains("a version refused").contains("it was received from peer " + sender);
    cli(b, "peer", "remove", sender);
    cli(b, "peer", "remove", reader);
  }

  /**
   * Issue 12: a sighting of an indicator that a peer sent goes back to it, pushed, when the agreement
   * lists "feedback": ["sighting"] (hostile run 12am D6: it reached the peer only if the peer pulled
   * the feedback collection, or with a push entry written for it). B pulls A's collection, detects a
   * hit of A's indicator, and its next pass pushes the sighting and B's sighting identity into the
   * collection it pulls from, which A's agreement accepts; nothing of the telemetry goes with them.
   */
  @Test
  void feedback_sightingOfAPeersIndicator_pushedIntoTheCollectionItCameFrom() throws Exception {
    String source = "fbsrc" + UUID.randomUUID().toString().substring(0, 6);
    String shared = "fb" + UUID.randomUUID().toString().substring(0, 6);
    String into = shared + "in";
    cli(a, "collection", "create", "--title", shared, "--alias", shared);
    cli(b, "collection", "create", "--title", into, "--alias", into);
    String original = "{\"share\":[{\"collection\":\"out\",\"max_tlp\":\"green\",\"unmarked\":\"clear\"},"
        + "{\"collection\":\"big\",\"max_tlp\":\"green\",\"unmarked\":\"clear\"}],\"accept\":[{\"collection\":\"inbox\"}]}";
    agree(a, "b", original.replace("],\"accept\":[", ",{\"collection\":\"" + shared + "\",\"max_tlp\":\"green\",\"unmarked\":\"clear\"}],"
        + "\"accept\":[{\"collection\":\"" + shared + "\"},"));
    try {
      String indicator = newId();
      importObjects(a, shared, List.of(indicator));
      publish(a, "b");
      cli(b, "peer", "add", source, "--url", url(a), "--token", bAtA, "--key", peer(b, "a").get("key").asText());
      agree(b, source, "{\"receive\":[{\"collection\":\"" + shared + "\",\"into\":\"" + into + "\"}],\"feedback\":[\"sighting\"]}");
      assertThat(cli(b, 0, "sync", "--peer", source).out()).contains(source + ": ok");
      assertThat(ids(b, into)).contains(indicator);

      Path flow = Files.writeString(Files.createTempFile("flow", ".json"), "{\"timestamp\":\"2026-06-01T10:00:00.000000+0000\","
          + "\"event_type\":\"flow\",\"src_ip\":\"192.0.2.9\",\"src_port\":40000,\"dest_ip\":\"10.0.0.1\",\"dest_port\":443,"
          + "\"proto\":\"TCP\"}\n");
      cli(b, "detect", "--telemetry", flow.toString(), "--telemetry-format", "eve", "--collection", into, "--store", "--format", "jsonl");
      String pushed = cli(b, 0, "sync", "--peer", source).out();
      List<String> back = ids(a, shared);
      assertThat(pushed).as(back.toString()).contains(source + ": ok").doesNotContain("pushed 0");
      assertThat(back).filteredOn(id -> id.startsWith("sighting--")).hasSize(1);
      assertThat(back).filteredOn(id -> id.startsWith("identity--")).hasSize(1);
      assertThat(back).allMatch(id -> id.equals(indicator) || id.startsWith("sighting--") || id.startsWith("identity--"));
      List<ObjectRow> rows = a.stores().objects().page(new ObjectQuery(
          collection(a, shared).id(), 0, null, 10, List.of(), List.of("sighting"), VersionFilter.ALL,
          ObjectQuery.ANY_SPEC_VERSION, true)).rows();
      JsonNode sighting = Json.readTree(rows.get(0).body());
      assertThat(sighting.get("sighting_of_ref").asText()).isEqualTo(indicator);
      assertThat(sighting.has("observed_data_refs")).isFalse();
      assertThat(cli(b, 0, "sync", "--peer", source).out()).contains("pushed 0");
    } finally {
      agree(a, "b", original);
      cli(b, "peer", "remove", source);
    }
  }

  @Test
  void sync_peerWhoseLogKeyChanged_keyMismatchAndNothingPulled() throws Exception {
    String name = "changed" + UUID.randomUUID().toString().substring(0, 6);
    String other = SignerKey.generate("node-a").verifierKey().encode();
    cli(b, "peer", "add", name, "--url", url(a), "--token", bAtA, "--key", other);
    agree(b, name, "{\"receive\":[{\"collection\":\"out\",\"into\":\"closed\"}]}");
    importObjects(a, "out", List.of(newId()));
    publish(a, "b");

    TestCli.Result r = cli(b, 1, "sync", "--peer", name);
    assertThat(r.err()).contains("key-mismatch").contains("not the pinned");
    assertThat(peer(b, name).get("state").asText()).isEqualTo("key-mismatch");
    assertThat(ids(b, "closed")).isEmpty();
    cli(b, "peer", "remove", name);
  }

  @Test
  void pull_receiverKilledMidPull_rerunNeitherLosesNorDuplicates() throws Exception {
    int total = 3000;
    Path bundle = Files.createTempFile("big", ".jsonl");
    List<String> lines = new ArrayList<>(total);
    for (int i = 0; i < total; i++) lines.add(TestCli.indicator(newId(), "2020-01-01T00:00:00.000Z"));
    Files.write(bundle, lines);
    cli(a, "import", bundle.toString(), "--collection", "big");
    publish(a, "b");
    String name = "a-big";
    cli(b, "peer", "add", name, "--url", url(a), "--token", bAtA);
    agree(b, name, "{\"receive\":[{\"collection\":\"big\",\"into\":\"big\"}]}");

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.parley.cli.Parley", "sync", "--peer", name,
        "--data", b.config().dataDir().toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      long held = 0;
      while (child.isAlive() && (held = count(b, "big")) < 1000) Thread.sleep(20);
      child.destroyForcibly(); // SIGKILL, mid-pull: some pages stored, others not
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(held).as("the child stored pages before it was killed").isGreaterThan(0);
    } finally {
      child.destroyForcibly();
    }
    awaitPassLockFree(name);
    long afterKill = count(b, "big");
    TestCli.Result rerun = cli(b, 0, "sync", "--peer", name);
    assertThat(rerun.out()).contains("pulled " + (total - afterKill));
    List<String> ids = ids(b, "big");
    assertThat(ids).hasSize(total);
    assertThat(new HashSet<>(ids)).hasSize(total);
    assertThat(new HashSet<>(ids)).isEqualTo(new HashSet<>(ids(a, "big")));
    // every version pulled has its receipt row, written with its page: none lost to the kill, none twice
    var receipts = b.stores().receipts().counts(b.stores().peers().find(name).orElseThrow().id());
    assertThat(receipts.pending() + receipts.verified()).isEqualTo(total);
    assertThat(receipts.failed()).isZero();
    // peer list counts what the killed pass stored too, with its pages (a hostile run found 10,500 of 20,500)
    assertThat(peer(b, name).get("pulled").asLong()).isEqualTo(total);
    cli(b, "peer", "remove", name);
  }

  @Test
  void push_senderKilledMidPush_rerunNeitherLosesNorDuplicates() throws Exception {
    int total = 3000;
    List<String> sent = new ArrayList<>(total);
    for (int i = 0; i < total; i++) sent.add(newId());
    importObjects(b, "bigout", sent);
    String name = "a-push";
    cli(b, "peer", "add", name, "--url", url(a), "--token", bAtA);
    agree(b, name, "{\"share\":[{\"collection\":\"bigout\",\"max_tlp\":\"clear\",\"unmarked\":\"clear\"}],"
        + "\"push\":[{\"collection\":\"bigout\",\"to\":\"inbox\"}]}");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.parley.cli.Parley", "sync", "--peer", name,
        "--data", b.config().dataDir().toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      while (child.isAlive() && ids(a, "inbox").stream().filter(new HashSet<>(sent)::contains).count() < 500) Thread.sleep(20);
      child.destroyForcibly(); // SIGKILL, mid-push: some envelopes settled, others not
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    awaitPassLockFree(name);
    cli(b, 0, "sync", "--peer", name);
    List<String> landed = ids(a, "inbox").stream().filter(new HashSet<>(sent)::contains).toList();
    assertThat(landed).hasSize(total);
    assertThat(new HashSet<>(landed)).hasSize(total);
    cli(b, "peer", "remove", name);
  }

  // --- set-up -----------------------------------------------------------------------------------

  private static Node start(String name) throws IOException {
    Path dir = Files.createTempDirectory("parley-sync-" + name);
    return Node.start(NodeConfig.defaults().withDataDir(dir).withListen("127.0.0.1", 0).withName(name));
  }

  /** Waits until the database has let go of the pass lock a killed process held (its session ends when the server sees the socket close). */
  private static void awaitPassLockFree(String peer) throws Exception {
    for (int i = 0; i < 200; i++) {
      var held = b.stores().peers().holdPass(peer);
      if (held.isPresent()) {
        held.get().close();
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the pass lock of peer " + peer + " is still held after its process was killed");
  }

  private static String url(Node n) {
    return "http://127.0.0.1:" + n.port() + "/api1/";
  }

  private static TestCli.Result cli(Node n, String... args) {
    return cli(n, 0, args);
  }

  private static TestCli.Result cli(Node n, int expected, String... args) {
    return TestCli.expect(expected, n.config().dataDir(), args);
  }

  private static void agree(Node n, String peer, String json) throws IOException {
    Path f = Files.writeString(Files.createTempFile("agreement", ".json"), json);
    cli(n, "agreement", "set", peer, f.toString());
  }

  /** Decides the peer's feed now, as the node does every 200 ms: {@code policy explain} publishes first. */
  private static void publish(Node n, String peer) {
    cli(n, "policy", "explain", "--peer", peer);
  }

  private static void importObjects(Node n, String collection, List<String> ids) throws IOException {
    List<String> lines = ids.stream().map(id -> TestCli.indicator(id, "2020-01-01T00:00:00.000Z")).toList();
    Path f = Files.write(Files.createTempFile("objects", ".jsonl"), lines);
    cli(n, "import", f.toString(), "--collection", collection);
  }

  private static String newId() {
    return "indicator--" + UUID.randomUUID();
  }

  private static String lastLine(String text) {
    return text.strip().lines().reduce((x, y) -> y).orElseThrow();
  }

  private TestCli.Result receiptShown(String id) throws Exception {
    return receiptShown(b, "a", id);
  }

  /** {@code receipt show} of what node {@code at} received from {@code peer}, syncing with it until the receipt is in. */
  private static TestCli.Result receiptShown(Node at, String peer, String id) throws Exception {
    // the sender's log takes a version into a signed checkpoint within a moment: until then the receipt is pending
    TestCli.Result r = null;
    for (int i = 0; i < 50; i++) {
      r = TestCli.runExactly("receipt", "show", id, "--peer", peer, "--format", "json", "--data", at.config().dataDir().toString());
      if (r.code() == 0) return r;
      Thread.sleep(200);
      cli(at, 0, "sync", "--peer", peer);
    }
    return r;
  }

  private static JsonNode peer(Node n, String name) throws IOException {
    for (JsonNode p : Json.mapper().readTree(cli(n, "peer", "list", "--format", "json").out())) {
      if (p.get("name").asText().equals(name)) return p;
    }
    throw new AssertionError("no peer " + name);
  }

  private static Collection collection(Node n, String alias) {
    return n.stores().collections().resolve(alias).orElseThrow();
  }

  private static long count(Node n, String alias) {
    return n.stores().objects().count(collection(n, alias).id());
  }

  /** Every object id of the collection, one per member. */
  private static List<String> ids(Node n, String alias) {
    List<String> out = new ArrayList<>();
    long after = 0;
    while (true) {
      Page p = n.stores().objects().page(new ObjectQuery(collection(n, alias).id(), after, null, 1000, List.of(), List.of(), VersionFilter.ALL,
          ObjectQuery.ANY_SPEC_VERSION, false));
      for (ObjectRow r : p.rows()) out.add(r.stixId());
      if (p.rows().isEmpty() || !p.more()) return out;
      after = p.rows().get(p.rows().size() - 1).seq();
    }
  }

  /**
   * A peer written by hand, on loopback, registered on a node under a fresh name (parley peer add,
   * its key fetched on first contact): it answers {@code /log/key} with a key of its own and every
   * other request through its handler, each on a thread of its own, so that a slow answer holds up no
   * other. {@link #close} stops it and removes the peer, and with it its account, from the node.
   */
  private static final class FakePeer implements AutoCloseable {
    static final String TAXII = "application/taxii+json;version=2.1";

    /** Answers one request; an I/O error or an interrupt means the node hung up, and ends the answer quietly. */
    interface Handler {
      void handle(com.sun.net.httpserver.HttpExchange x, String path) throws Exception;
    }

    final String name;
    /** The key the fake's log signs with (served at /log/key). */
    final SignerKey signer;
    private final Node node;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    FakePeer(Node node, String prefix, Handler handler) throws IOException {
      this(node, prefix, false, handler);
    }

    /**
     * As above; with {@code log}, {@code handler} answers {@code /log/checkpoint} too, else the fake
     * answers it 404, as a peer whose log cannot be read: its pages alone are judged (a checkpoint
     * read that its key does not sign makes a peer unreachable, Sync.judgeLog).
     */
    FakePeer(Node node, String prefix, boolean log, Handler handler) throws IOException {
      this(node, prefix, SignerKey.generate(prefix + ".example"), log, handler);
    }

    /** A fake whose log signs with {@code signer}: two fakes of one signer are two nodes of one log; {@code handler} answers its checkpoint. */
    FakePeer(Node node, String prefix, SignerKey signer, Handler handler) throws IOException {
      this(node, prefix, signer, true, handler);
    }

    private FakePeer(Node node, String prefix, SignerKey signer, boolean log, Handler handler) throws IOException {
      this.node = node;
      this.name = prefix + UUID.randomUUID().toString().substring(0, 6);
      this.signer = signer;
      String key = signer.verifierKey().encode();
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/", x -> {
        try {
          String path = x.getRequestURI().getPath();
          if (path.equals("/log/key")) reply(x, 200, key + "\n");
          else if (!log && path.equals("/log/checkpoint")) reply(x, 404, "{}");
          else handler.handle(x, path);
        } catch (IOException | InterruptedException gone) {
          // the node hung up, or the test is over
        } catch (Exception e) {
          throw new IOException(e);
        } finally {
          x.close();
        }
      });
      server.setExecutor(threads);
      server.start();
      cli(node, "peer", "add", name, "--url", "http://127.0.0.1:" + server.getAddress().getPort() + "/api1/", "--token", "t");
    }

    /** Answers {@code body} as TAXII JSON, with the headers given as name, value, name, value. */
    static void reply(com.sun.net.httpserver.HttpExchange x, int code, String body, String... headers) throws IOException {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      if (x.getResponseHeaders().getFirst("Content-Type") == null) x.getResponseHeaders().add("Content-Type", TAXII);
      for (int i = 0; i + 1 < headers.length; i += 2) x.getResponseHeaders().add(headers[i], headers[i + 1]);
      x.sendResponseHeaders(code, bytes.length);
      x.getResponseBody().write(bytes);
    }

    /** The date headers of a page whose objects were all added at {@code added}. */
    static String[] dated(String added) {
      return new String[] {"X-TAXII-Date-Added-First", added, "X-TAXII-Date-Added-Last", added};
    }

    /** A collection resource. */
    static String collection(UUID id, boolean canWrite) {
      return "{\"id\":\"" + id + "\",\"title\":\"t\",\"can_read\":true,\"can_write\":" + canWrite + "}";
    }

    /** The ids of the objects of a POSTed envelope. */
    static List<String> posted(com.sun.net.httpserver.HttpExchange x) throws IOException {
      List<String> ids = new ArrayList<>();
      for (JsonNode o : Json.mapper().readTree(x.getRequestBody().readAllBytes()).get("objects")) ids.add(o.get("id").asText());
      return ids;
    }

    @Override
    public void close() {
      server.stop(0);
      threads.shutdownNow();
      cli(node, "peer", "remove", name);
    }
  }
}
