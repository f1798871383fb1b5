package dev.parley.node;

import static dev.parley.node.TestNode.TAXII;
import static dev.parley.node.TestNode.basic;
import static dev.parley.node.TestNode.envelope;
import static dev.parley.node.TestNode.indicator;
import static dev.parley.node.TestNode.malware;
import static dev.parley.node.TestNode.newId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Json;
import dev.parley.store.collections.Collection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A node in external mode ({@code --db}) against the PostgreSQL server on 127.0.0.1:5432 (database
 * test, trust auth), in a schema of its own: TAXII over real HTTP, and what it stored still there
 * after a restart.
 */
class ExternalDatabaseTest {
  static final String URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  static final String SCHEMA = "parley_node_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @AfterAll
  static void dropSchema() throws Exception {
    try (var c = DriverManager.getConnection(URL); var s = c.createStatement()) {
      s.execute("drop schema if exists " + SCHEMA + " cascade");
    }
  }

  private static HttpResponse<String> send(Node node, String path, HttpRequest.Builder b) throws Exception {
    String token = Files.readString(node.config().dataDir().resolve("admin.token")).trim();
    return HTTP.send(b.uri(URI.create("http://127.0.0.1:" + node.port() + path.replace("[", "%5B").replace("]", "%5D")))
        .header("Accept", TAXII).header("Authorization", basic("admin", token)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void serve_externalDatabase_taxiiWorksAndSurvivesRestart() throws Exception {
    Path dir = Files.createTempDirectory("parley-external");
    NodeConfig config = NodeConfig.defaults().withDataDir(dir).withListen("127.0.0.1", 0).withDatabase(URL, SCHEMA);
    UUID c = UUID.randomUUID();
    String indicator = newId("indicator");
    String objects = "/api1/collections/" + c + "/objects/";
    String next;
    try (Node node = Node.start(config)) {
      assertThat(node.stores().db().description()).contains("127.0.0.1:5432");
      node.stores().collections().create(new Collection(c, "api1", "external", null, null));
      assertThat(send(node, "/taxii2/", HttpRequest.newBuilder().GET()).statusCode()).isEqualTo(200);
      HttpResponse<String> added = send(node, objects, HttpRequest.newBuilder().header("Content-Type", TAXII)
          .POST(HttpRequest.BodyPublishers.ofString(envelope(indicator(indicator, "2020-01-01T00:00:00.000Z"),
              indicator(indicator, "2021-01-01T00:00:00.000Z"), malware(newId("malware"))))));
      assertThat(added.statusCode()).isEqualTo(202);
      JsonNode status = Json.mapper().readTree(added.body());
      assertThat(status.get("status").asText()).isEqualTo("complete");
      assertThat(status.get("success_count").asInt()).isEqualTo(3);
      assertThat(send(node, "/api1/status/" + status.get("id").asText() + "/", HttpRequest.newBuilder().GET()).statusCode()).isEqualTo(200);

      JsonNode page = Json.mapper().readTree(send(node, objects + "?limit=1&match[version]=all", HttpRequest.newBuilder().GET()).body());
      assertThat(page.get("objects")).hasSize(1);
      assertThat(page.get("more").asBoolean()).isTrue();
      next = page.get("next").asText();
      JsonNode versions = Json.mapper().readTree(send(node, objects + indicator + "/versions/", HttpRequest.newBuilder().GET()).body());
      assertThat(versions.get("versions")).hasSize(2);
    }
    try (Node node = Node.start(config)) {
      // the same cursor continues where it stopped: it names a position, not server state
      JsonNode rest = Json.mapper().readTree(send(node, objects + "?limit=10&match[version]=all&next=" + next,
          HttpRequest.newBuilder().GET()).body());
      assertThat(rest.get("objects")).hasSize(2);
      assertThat(rest.get("more").asBoolean()).isFalse();
      assertThat(send(node, objects + indicator + "/", HttpRequest.newBuilder().DELETE()).statusCode()).isEqualTo(200);
      assertThat(send(node, objects + indicator + "/", HttpRequest.newBuilder().GET()).statusCode()).isEqualTo(404);
    }
  }
}
