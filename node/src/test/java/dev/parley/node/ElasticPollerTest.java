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
import dev.parley.store.accounts.Right;
import dev.parley.store.collections.Collection;
import dev.parley.store.log.LogKeys;
import dev.parley.store.testing.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A poller that sends its filters on the first page only and then follows {@code next} with
 * {@code limit} alone, as Elastic's TAXII integration does: it gets the filtered sequence, whole and
 * in order, from another node of the same database and from a node that restarted in between.
 */
class ElasticPollerTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static NodeConfig config() throws Exception {
    String schema = "elastic_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    return NodeConfig.defaults().withDataDir(Files.createTempDirectory("parley-elastic")).withListen("127.0.0.1", 0)
        .withDatabase(TestDatabases.url(), schema).withLimits(64 * 1024, 50);
  }

  private static JsonNode get(Node node, String path, String auth) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port()
        + path.replace("[", "%5B").replace("]", "%5D"))).header("Accept", TAXII).header("Authorization", auth).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return Json.mapper().readTree(r.body());
  }

  private static List<String> ids(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.path("objects").forEach(o -> out.add(o.get("id").asText()));
    return out;
  }

  @Test
  void poller_nextAndLimitOnly_sameFilteredSequenceOnOtherNodeAndAfterRestart() throws Exception {
    NodeConfig config = config();
    UUID c = UUID.randomUUID();
    String objects = "/api1/collections/" + c + "/objects/";
    List<String> indicators = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    String auth;
    String next;
    try (Node first = Node.start(config)) {
      first.stores().collections().create(new Collection(c, "api1", "feed", null, null));
      String name = "poller";
      auth = basic(name, first.stores().accounts().create(name, false, Map.of(c.toString(), new Right(true, false))));
      List<String> objs = new ArrayList<>();
      for (int i = 0; i < 9; i++) {
        String id = newId("indicator");
        indicators.add(id);
        objs.add(indicator(id, "2020-01-01T00:00:00.000Z"));
        objs.add(malware(newId("malware")));
      }
      String admin = basic("admin", Files.readString(config.dataDir().resolve("admin.token")).trim());
      HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + first.port() + objects))
          .header("Accept", TAXII).header("Content-Type", TAXII).header("Authorization", admin)
          .POST(HttpRequest.BodyPublishers.ofString(envelope(objs.toArray(String[]::new)))).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(Json.mapper().readTree(posted.body()).get("success_count").asInt()).isEqualTo(18);

      JsonNode page = get(first, objects + "?match[type]=indicator&added_after=2000-01-01T00:00:00.000000Z&limit=3", auth);
      seen.addAll(ids(page));
      next = page.get("next").asText();
      // another node of the database: its own folder, the log's signing key copied (a log's key never changes)
      NodeConfig other = config.withDataDir(Files.createTempDirectory("parley-elastic-2"));
      Files.copy(config.dataDir().resolve(LogKeys.FILE), other.dataDir().resolve(LogKeys.FILE));
      try (Node second = Node.start(other)) {
        page = get(second, objects + "?next=" + next + "&limit=3", auth);
        seen.addAll(ids(page));
        next = page.get("next").asText();
      }
    }
    try (Node restarted = Node.start(config)) {
      while (next != null) {
        JsonNode page = get(restarted, objects + "?next=" + next + "&limit=3", auth);
        seen.addAll(ids(page));
        next = page.path("more").asBoolean() ? page.get("next").asText() : null;
      }
    }
    assertThat(seen).isEqualTo(indicators);
  }
}
