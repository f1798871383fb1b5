package dev.parley.cli;

import static dev.parley.cli.TestCli.run;
import static dev.parley.cli.TestCli.stores;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.parley.stix.Json;
import dev.parley.store.ConflictException;
import dev.parley.store.accounts.Account;
import dev.parley.store.accounts.Right;
import dev.parley.store.peers.SyncPositions;
import dev.parley.tlog.note.SignerKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code parley peer}: the bootstrap in three steps, pinning of log keys, list and remove. */
class PeerCommandTest {
  private static String name() {
    return "peer-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A loopback URL where nothing listens. */
  private static String closedUrl() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + s.getLocalPort() + "/api1/";
    }
  }

  @Test
  void add_newPeerUnreachable_makesAccountPrintsTokenOnceStateUnreachable() throws Exception {
    String name = name();
    TestCli.Result r = run("peer", "add", name, "--url", closedUrl());
    assertThat(r.code()).as(r.err()).isZero();
    String token = r.out().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(stores().accounts().authenticate(token)).get().extracting(a -> a.name()).isEqualTo(name);
    assertThat(r.out()).contains("not pinned yet");
    JsonNode listed = peer(name);
    assertThat(listed.get("state").asText()).isEqualTo("unreachable");
    assertThat(listed.get("key").isNull()).isTrue();

    TestCli.Result again = run("peer", "add", name, "--url", closedUrl(), "--token", "their-token");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains("updated peer").contains("existing account").doesNotContain(token);
    assertThat(stores().peers().find(name).orElseThrow().token()).isEqualTo("their-token");
    assertThat(stores().accounts().authenticate(token)).isPresent();
  }

  @Test
  void add_accountMadeBefore_becomesThePeersAndKeepsItsToken() throws Exception {
    String name = name();
    String token = run("token", "create", "--name", name).out().strip();
    TestCli.Result r = run("peer", "add", name, "--url", closedUrl(), "--format", "json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Json.mapper().readTree(r.out()).get("account_token").isNull()).isTrue();
    assertThat(stores().accounts().authenticate(token)).isPresent();
  }

  /**
   * A peer's account has exactly the rights of its agreement (issue 10), whatever it had before: a
   * hostile run made an administrator's account a peer's and kept its rights (it made another
   * administrator through the web interface), kept the rights of an account made before the peer,
   * and made an administrator under a peer's name after revoking its token.
   */
  @Test
  void add_accountsRightsAreTheAgreementsOnly_adminRefused_peerNameNotReusable() throws Exception {
    String admin = name();
    String adminToken = run("token", "create", "--name", admin, "--admin").out().strip();
    TestCli.Result refused = run("peer", "add", admin, "--url", closedUrl());
    assertThat(refused.code()).isNotZero();
    assertThat(refused.err()).contains("is an administrator");
    assertThat(stores().peers().find(admin)).isEmpty();
    assertThat(stores().accounts().authenticate(adminToken).orElseThrow().admin()).isTrue();

    String rich = name();
    String collection = run("collection", "create", "--title", "t-" + rich, "--alias", "c-" + rich).out().strip();
    String richToken = run("token", "create", "--name", rich, "--read", collection, "--write", collection, "--telemetry").out().strip();
    assertThat(run("peer", "add", rich, "--url", closedUrl()).code()).isZero();
    Account made = stores().accounts().authenticate(richToken).orElseThrow();
    assertThat(made.rights()).isEmpty();
    assertThat(made.telemetry()).isFalse();
    assertThat(made.admin()).isFalse();

    String peer = name();
    String peerToken = run("peer", "add", peer, "--url", closedUrl()).out().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(run("token", "revoke", peer).code()).isZero();
    assertThat(stores().accounts().authenticate(peerToken)).isEmpty();
    TestCli.Result again = run("token", "create", "--name", peer, "--admin");
    assertThat(again.code()).isNotZero();
    assertThat(again.err()).contains("is a peer");
    // nor does the web interface's rights form (AccountStore.changeRights) reach a peer's account
    assertThatThrownBy(() -> stores().accounts().changeRights(rich, Map.of("*",
        new Right(true, true)))).isInstanceOf(ConflictException.class)
        .hasMessageContaining("is a peer");
    // peer add makes its account again, with a new token and the agreement's rights
    TestCli.Result readded = run("peer", "add", peer, "--url", closedUrl());
    assertThat(readded.code()).isZero();
    String newToken = readded.out().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(stores().accounts().authenticate(newToken).orElseThrow().admin()).isFalse();
  }

  /** A node on loopback that serves {@code key} at /log/key, started. */
  private static HttpServer servingKey(String key) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/log/key", x -> {
      byte[] body = (key + "\n").getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(200, body.length);
      x.getResponseBody().write(body);
      x.close();
    });
    server.start();
    return server;
  }

  @Test
  void add_reachablePeer_fetchesPrintsAndPinsItsLogKey() throws Exception {
    String key = SignerKey.generate("node-b.example").verifierKey().encode();
    HttpServer server = servingKey(key);
    try {
      String name = name();
      TestCli.Result r = run("peer", "add", name, "--url", "http://127.0.0.1:" + server.getAddress().getPort() + "/api1/");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("pinned its log key").contains(key);
      assertThat(peer(name).get("key").asText()).isEqualTo(key);
      assertThat(peer(name).get("state").asText()).isEqualTo("ok");

      // issue 10: "Running peer add again for a known peer updates what it is given (URL, token, key)"
      String replacement = SignerKey.generate("node-b.example").verifierKey().encode();
      stores().peers().state(name, "key-mismatch", "the node serves another key");
      TestCli.Result other = run("peer", "add", name, "--url", "http://127.0.0.1:1/api1/", "--key", replacement);
      assertThat(other.code()).as(other.err()).isZero();
      assertThat(other.out()).contains("replaced the log key pinned for peer " + name + " (was " + key + ")").contains("updated peer");
      assertThat(peer(name).get("key").asText()).isEqualTo(replacement);
      assertThat(peer(name).get("state").asText()).isEqualTo("unreachable"); // asked at once: nothing listens there
      assertThat(peer(name).get("url").asText()).isEqualTo("http://127.0.0.1:1/api1/");
      // with --format json, the replacement is a member of the one JSON object printed (a hostile run read a sentence before it)
      String third = SignerKey.generate("node-b.example").verifierKey().encode();
      TestCli.Result json = run("peer", "add", name, "--url", "http://127.0.0.1:1/api1/", "--key", third, "--format", "json");
      assertThat(json.code()).as(json.err()).isZero();
      JsonNode said = Json.mapper().readTree(json.out());
      assertThat(said.get("replaced_key").asText()).isEqualTo(replacement);
      assertThat(said.get("key").asText()).isEqualTo(third);
      // a malformed replacement is refused and the pinned key stays
      TestCli.Result garbage = run("peer", "add", name, "--url", "http://127.0.0.1:1/api1/", "--key", "not+a+key");
      assertThat(garbage.code()).isEqualTo(2);
      assertThat(garbage.err()).doesNotContain("Exception");
      assertThat(peer(name).get("key").asText()).isEqualTo(third);

      // a peer given its key is asked at once (a hostile run: one never asked was listed "unreachable")
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/api1/";
      String given = name();
      TestCli.Result right = run("peer", "add", given, "--url", url, "--key", key);
      assertThat(right.code()).as(right.err()).isZero();
      assertThat(right.out()).contains("it serves the log key given (--key)");
      assertThat(peer(given).get("state").asText()).isEqualTo("ok");
      TestCli.Result wrong = run("peer", "add", given, "--url", url, "--key", third);
      assertThat(wrong.code()).as(wrong.err()).isZero();
      assertThat(wrong.out()).contains("it serves another log key than the log key given (--key): " + key);
      assertThat(peer(given).get("state").asText()).isEqualTo("key-mismatch");
    } finally {
      server.stop(0);
    }
  }

  /**
   * Hostile run 10q: a node added under its own URL pinned its own log key, and sync pulled its objects
   * back as received from a peer. Its own key, served at the URL or given with --key, is refused:
   * exit 1, nothing added.
   */
  @Test
  void add_thisNodesOwnLogKey_refusedNothingAdded() throws Exception {
    String own = run("log", "key").out().strip();
    HttpServer server = servingKey(own);
    try {
      String name = name();
      TestCli.Result served = run("peer", "add", name, "--url", "http://127.0.0.1:" + server.getAddress().getPort() + "/api1/");
      assertThat(served.code()).isEqualTo(1);
      assertThat(served.err()).contains("serves a log key that is this node's own").contains("a node is not its own peer")
          .doesNotContain("Exception");
      TestCli.Result given = run("peer", "add", name, "--url", closedUrl(), "--key", own);
      assertThat(given.code()).isEqualTo(1);
      assertThat(given.err()).contains("the log key given (--key) is this node's own");
      assertThat(stores().peers().find(name)).isEmpty();
      // hostile run 10r: wrapped in blanks or a line end, the key is the key, and refused alike
      assertThat(run("peer", "add", name, "--url", closedUrl(), "--key", " " + own + "\n").code()).isEqualTo(1);
      assertThat(stores().peers().find(name)).isEmpty();
      // another node's key given, at this node's URL; and a known peer moved to this node's URL
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/api1/";
      String other = SignerKey.generate("node-b.example").verifierKey().encode();
      TestCli.Result withOther = run("peer", "add", name, "--url", url, "--key", " " + other);
      assertThat(withOther.code()).isEqualTo(1);
      assertThat(withOther.err()).contains("serves this node's own log key").contains("nothing was added");
      assertThat(stores().peers().find(name)).isEmpty();
      String known = name();
      assertThat(run("peer", "add", known, "--url", closedUrl(), "--key", other + "\n").code()).isZero();
      assertThat(peer(known).get("key").asText()).isEqualTo(other); // kept without the line end
      String before = peer(known).get("url").asText();
      TestCli.Result moved = run("peer", "add", known, "--url", url);
      assertThat(moved.code()).isEqualTo(1);
      assertThat(moved.err()).contains("serves this node's own log key").contains("nothing was changed");
      assertThat(peer(known).get("url").asText()).isEqualTo(before);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void add_badInput_usageErrorsAndNothingStored() throws Exception {
    String name = name();
    assertThat(run("peer", "add", name, "--url", "ftp://x/").code()).isEqualTo(2);
    assertThat(run("peer", "add", name, "--url", "not a url").code()).isEqualTo(2);
    assertThat(run("peer", "add", "bad name", "--url", closedUrl()).code()).isEqualTo(2);
    assertThat(run("peer", "add", name, "--url", closedUrl(), "--key", "garbage").code()).isEqualTo(2);
    // a password in the URL would be shown by peer list and in messages
    TestCli.Result userInfo = run("peer", "add", name, "--url", "http://user:secret@127.0.0.1:1/api1/");
    assertThat(userInfo.code()).isEqualTo(2);
    assertThat(userInfo.err()).contains("--token").doesNotContain("secret");
    // a missing --cacert file is named with why, in the words every command uses (a hostile run read NoSuchFileException)
    TestCli.Result noFile = run("peer", "add", name, "--url", "https://127.0.0.1:1/api1/", "--cacert", "/nonexistent/peer.pem");
    assertThat(noFile.code()).isEqualTo(1);
    assertThat(noFile.err()).contains("--cacert /nonexistent/peer.pem: cannot read it: no such file").doesNotContain("Exception");
    assertThat(stores().peers().find(name)).isEmpty();
  }

  /** A database that cannot be reached is said so, exit 1 (a hostile run read "cannot migrate the database schema"). */
  @Test
  void list_unreachableDatabase_saysItCannotConnect() {
    TestCli.Result r = TestCli.runExactly("peer", "list", "--db", "jdbc:postgresql://127.0.0.1:1/parley");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("cannot connect to the database").doesNotContain("migrate").doesNotContain("\tat ");
  }

  /**
   * Hostile run be D6: {@code sync --db URL} alone was told to point at a node "with --data DIR or
   * --db JDBC_URL", though it had given --db; what it lacks is the folder of the node's log key.
   */
  @Test
  void sync_dbWithoutTheFolderOfTheLogKey_saysToGiveIt() throws Exception {
    Path none = Files.createTempDirectory("parley-no-key").resolve("absent");
    TestCli.Result r = TestCli.runExactly("sync", "--db", "jdbc:postgresql://127.0.0.1:1/parley", "--data", none.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("it holds no log key").contains("With --db, give also --data DIR, the folder that holds the log key")
        .doesNotContain("or --db JDBC_URL").doesNotContain("\tat ");
    assertThat(none).doesNotExist();
  }

  @Test
  void remove_revokesTheAccount() throws Exception {
    String name = name();
    TestCli.Result r = run("peer", "add", name, "--url", closedUrl());
    String token = r.out().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(run("peer", "remove", name).code()).isZero();
    assertThat(stores().peers().find(name)).isEmpty();
    assertThat(stores().accounts().authenticate(token)).isEmpty();
    assertThat(run("peer", "remove", name).code()).isEqualTo(1);
  }

  /**
   * A removed peer added again is added, not updated: a hostile run read "updated peer B" beside "made
   * the account B for it", as if the old agreement and token still held. It comes back with its
   * identity (the same log key), and its counters, which describe its registration, count from 0.
   */
  @Test
  void add_afterRemove_saysAddedAndThatItCameBack_countersFromZero() throws Exception {
    String name = name();
    String key = SignerKey.generate("node-" + name + ".example").verifierKey().encode();
    assertThat(run("peer", "add", name, "--url", closedUrl(), "--key", key).code()).isZero();
    int id = stores().peers().find(name).orElseThrow().id();
    stores().db().inTransaction(c -> {
      SyncPositions.pulled(c, id, 7);
      return null;
    });
    assertThat(peer(name).get("pulled").asLong()).isEqualTo(7);
    assertThat(run("peer", "remove", name).code()).isZero();

    TestCli.Result again = run("peer", "add", name, "--url", closedUrl());
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).startsWith("added peer " + name + " at ").doesNotContain("updated peer")
        .contains("comes back as the peer removed under this name").contains("parley agreement set " + name + " FILE")
        .contains("made the account " + name + " for it");
    assertThat(stores().peers().find(name).orElseThrow().id()).isEqualTo(id);
    assertThat(peer(name).get("key").asText()).isEqualTo(key);
    assertThat(peer(name).get("pulled").asLong()).isZero();

    // added again with another key, it is another node: added, and not said to come back
    assertThat(run("peer", "remove", name).code()).isZero();
    String other = SignerKey.generate("node-" + name + ".example").verifierKey().encode();
    JsonNode json = Json.mapper().readTree(run("peer", "add", name, "--url", closedUrl(), "--key", other, "--format", "json").out());
    assertThat(json.get("created").asBoolean()).isTrue();
    assertThat(json.get("returned").asBoolean()).isFalse();
    assertThat(stores().peers().find(name).orElseThrow().id()).isNotEqualTo(id);

    // that one, added by mistake, removed again: the node with the first key, added back, is the first
    // identity still (a hostile run's mistaken add overwrote it, and what the real peer sent stayed withheld)
    assertThat(run("peer", "remove", name).code()).isZero();
    JsonNode back = Json.mapper().readTree(run("peer", "add", name, "--url", closedUrl(), "--key", key, "--format", "json").out());
    assertThat(back.get("returned").asBoolean()).isTrue();
    assertThat(stores().peers().find(name).orElseThrow().id()).isEqualTo(id);
  }

  /**
   * An account made under a removed peer's name is judged as for a new peer when the peer comes
   * back: an administrator's is refused (the returning peer was taken for a known one, and an
   * administrator's account became the peer's), another becomes the peer's without its rights.
   */
  @Test
  void add_afterRemove_accountMadeSince_judgedAsForANewPeer() throws Exception {
    String name = name();
    assertThat(run("peer", "add", name, "--url", closedUrl()).code()).isZero();
    assertThat(run("peer", "remove", name).code()).isZero();
    String adminToken = run("token", "create", "--name", name, "--admin").out().strip();
    TestCli.Result refused = run("peer", "add", name, "--url", closedUrl());
    assertThat(refused.code()).isNotZero();
    assertThat(refused.err()).contains("is an administrator");
    assertThat(stores().peers().find(name)).isEmpty();
    assertThat(stores().accounts().authenticate(adminToken).orElseThrow().admin()).isTrue();

    assertThat(run("token", "revoke", name).code()).isZero();
    String collection = run("collection", "create", "--title", "t-" + name, "--alias", "c-" + name).out().strip();
    String token = run("token", "create", "--name", name, "--read", collection, "--write", collection, "--telemetry").out().strip();
    TestCli.Result again = run("peer", "add", name, "--url", closedUrl());
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).startsWith("added peer " + name).contains("comes back as the peer removed under this name")
        .contains("the existing account " + name);
    Account account = stores().accounts().authenticate(token).orElseThrow();
    assertThat(account.isPeer()).isTrue();
    assertThat(account.rights()).isEmpty();
    assertThat(account.telemetry()).isFalse();
  }

  private static JsonNode peer(String name) throws Exception {
    for (JsonNode p : Json.mapper().readTree(run("peer", "list", "--format", "json").out())) {
      if (p.get("name").asText().equals(name)) return p;
    }
    throw new AssertionError("no peer " + name + " listed");
  }
}
