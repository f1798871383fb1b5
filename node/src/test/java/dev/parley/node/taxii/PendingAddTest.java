package dev.parley.node.taxii;

import static dev.parley.node.TestNode.TAXII;
import static dev.parley.node.TestNode.basic;
import static dev.parley.node.TestNode.envelope;
import static dev.parley.node.TestNode.indicator;
import static dev.parley.node.TestNode.newId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.Node;
import dev.parley.node.NodeConfig;
import dev.parley.stix.Json;
import dev.parley.store.accounts.Right;
import dev.parley.store.collections.Collection;
import dev.parley.store.status.Status;
import dev.parley.store.status.StatusDetail;
import dev.parley.store.testing.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Adds that answer before the objects are stored (TAXII 2.1 §4.3, §5.5: the status resource with
 * pending objects), on a node of its own that does not wait ({@code --add-wait 0}).
 */
class PendingAddTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static Node start(Path dir, String schema) {
    return Node.start(NodeConfig.defaults().withDataDir(dir).withListen("127.0.0.1", 0)
        .withDatabase(TestDatabases.url(), schema).withAddWait(Duration.ZERO));
  }

  private static JsonNode send(Node node, HttpRequest.Builder b) throws Exception {
    String token = Files.readString(node.config().dataDir().resolve("admin.token")).trim();
    HttpResponse<String> r = HTTP.send(b.header("Accept", TAXII).header("Authorization", basic("admin", token)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 202);
    return Json.mapper().readTree(r.body());
  }

  @Test
  void post_noWait_pendingThenCompleteWithEveryObject() throws Exception {
    Path dir = Files.createTempDirectory("parley-pending");
    try (Node node = start(dir, "pending_" + ProcessHandle.current().pid())) {
      UUID c = UUID.randomUUID();
      node.stores().collections().create(new Collection(c, "api1", "pending", null, null));
      List<String> objects = new ArrayList<>();
      for (int i = 0; i < 3000; i++) objects.add(indicator(newId("indicator"), "2020-01-01T00:00:00.000Z"));
      objects.add("{\"type\":\"indicator\",\"id\":\"indicator--bad\"}");
      String base = "http://127.0.0.1:" + node.port() + "/api1/";
      JsonNode first = send(node, HttpRequest.newBuilder(URI.create(base + "collections/" + c + "/objects/"))
          .header("Content-Type", TAXII).POST(HttpRequest.BodyPublishers.ofString(envelope(objects.toArray(String[]::new)))));
      // answered before 3,001 objects could be validated and stored
      assertThat(first.get("status").asText()).isEqualTo("pending");
      assertThat(first.get("pending_count").asInt()).isPositive();
      assertThat(first.get("success_count").asInt() + first.get("failure_count").asInt() + first.get("pending_count").asInt())
          .isEqualTo(3001);
      assertThat(first.get("pendings").get(0).get("version").asText()).isEqualTo("2020-01-01T00:00:00.000Z");

      JsonNode status = first;
      for (int i = 0; i < 600 && status.get("status").asText().equals("pending"); i++) {
        Thread.sleep(100);
        status = send(node, HttpRequest.newBuilder(URI.create(base + "status/" + first.get("id").asText() + "/")).GET());
      }
      assertThat(status.get("status").asText()).isEqualTo("complete");
      assertThat(status.get("success_count").asInt()).isEqualTo(3000);
      assertThat(status.get("failure_count").asInt()).isEqualTo(1);
      assertThat(status.get("failures").get(0).get("id").asText()).isEqualTo("indicator--bad");
      assertThat(status.get("failures").get(0).get("version").asText()).as("required even without modified (§4.3.1)").isNotEmpty();
      assertThat(node.stores().objects().count(c)).isEqualTo(3000);
    }
  }

  @Test
  void start_statusLeftPending_failedWithReason() throws Exception {
    Path dir = Files.createTempDirectory("parley-pending");
    String schema = "pending_restart_" + ProcessHandle.current().pid();
    UUID status = UUID.randomUUID();
    try (Node node = start(dir, schema)) {
      node.stores().statuses().create(new Status(status, UUID.randomUUID(), "admin", Instant.now(), List.of(), List.of(),
          List.of(new StatusDetail(newId("indicator"), "2020-01-01T00:00:00.000Z", null))));
    }
    try (Node node = start(dir, schema)) {
      Status s = node.stores().statuses().find(status).orElseThrow();
      assertThat(s.state()).isEqualTo("complete");
      assertThat(s.failures()).singleElement().satisfies(f -> assertThat(f.message()).contains("node stopped before storing"));
    }
  }

  /**
   * Hostile run 10l: a peer that may write one inbox sent 20 adds at once, took the node's 16, and
   * the administrator's POST got 503 (which also told the peer that others were writing). Each
   * account has four of its own: its fifth is refused, saying so, and another account's is taken.
   */
  @Test
  void post_oneAccountsAddsPastItsFour_itsNext503AnotherAccountsTaken() throws Exception {
    Path dir = Files.createTempDirectory("parley-pending");
    try (Node node = start(dir, "pending_busy_" + ProcessHandle.current().pid())) {
      UUID inbox = UUID.randomUUID();
      UUID other = UUID.randomUUID();
      node.stores().collections().create(new Collection(inbox, "api1", "inbox", null, null));
      node.stores().collections().create(new Collection(other, "api1", "other", null, null));
      // may write the inbox, not read it: answered at once, its objects stored behind the answer
      String writer = basic("writer", node.stores().accounts().create("writer", false,
          Map.of(inbox.toString(), new Right(false, true))));
      String base = "http://127.0.0.1:" + node.port() + "/api1/collections/";
      HttpResponse<String> busy = null;
      int taken = 0;
      while (busy == null && taken < 40) {
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < 3000; i++) objects.add(indicator(newId("indicator"), "2020-01-01T00:00:00.000Z"));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + inbox + "/objects/")).header("Accept", TAXII)
            .header("Content-Type", TAXII).header("Authorization", writer)
            .POST(HttpRequest.BodyPublishers.ofString(envelope(objects.toArray(String[]::new)))).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 503) busy = r;
        else assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        if (busy == null) taken++;
      }
      assertThat(busy).as("the writer's adds past its four").isNotNull();
      assertThat(taken).isGreaterThanOrEqualTo(4);
      assertThat(busy.headers().firstValue("Retry-After")).isPresent();
      assertThat(Json.mapper().readTree(busy.body()).get("description").asText()).contains("this account's 4 add requests");
      JsonNode admins = send(node, HttpRequest.newBuilder(URI.create(base + other + "/objects/")).header("Content-Type", TAXII)
          .POST(HttpRequest.BodyPublishers.ofString(envelope(indicator(newId("indicator"), "2020-01-01T00:00:00.000Z")))));
      assertThat(admins.get("total_count").asInt()).isEqualTo(1);
    }
  }
}
