package dev.parley.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Json;
import dev.parley.stix.validate.ScoIds;
import dev.parley.store.accounts.Right;
import dev.parley.store.collections.Collection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One real node per test JVM: embedded PostgreSQL in a temporary folder, HTTP on a random loopback
 * port; tests share it and isolate themselves by creating their own collections and accounts.
 */
public final class TestNode {
  public static final String TAXII = "application/taxii+json;version=2.1";
  private static Node node;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private TestNode() {}

  public static synchronized Node get() {
    if (node == null) {
      try {
        Path dir = Files.createTempDirectory("parley-node-test");
        node = Node.start(NodeConfig.defaults().withDataDir(dir).withListen("127.0.0.1", 0)
            .withLimits(64 * 1024, 50).withApiRoots(List.of("api1", "other")));
        Runtime.getRuntime().addShutdownHook(new Thread(node::close));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return node;
  }

  public static String adminToken() {
    try {
      return Files.readString(get().config().dataDir().resolve("admin.token")).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String base() {
    return "http://127.0.0.1:" + get().port();
  }

  public static UUID newCollection() {
    UUID id = UUID.randomUUID();
    get().stores().collections().create(new Collection(id, "api1", "test " + id, null, null));
    return id;
  }

  /** A fresh account with the given rights; returns its Basic authorization header. */
  public static String account(Map<String, Right> rights) {
    String name = "u" + UUID.randomUUID().toString().substring(0, 8);
    return basic(name, get().stores().accounts().create(name, false, rights));
  }

  /**
   * {@code GET /log/receipt} of the object's newest logged version as {@code auth}, asked again for
   * up to 5 s while the version is not in a signed checkpoint yet (about 0.1 s after its commit).
   */
  public static Reply receipt(UUID collection, String id, String auth) throws InterruptedException {
    Reply r = null;
    for (int i = 0; i < 50; i++) {
      r = get("/log/receipt?collection=" + collection + "&object=" + id, auth);
      if (r.status() == 200) break;
      Thread.sleep(100);
    }
    return r;
  }

  /** How many entries the node's log has, committed (signed checkpoints follow about 0.1 s later). */
  public static long logSize() {
    return get().stores().db().withConnection(c -> {
      try (var s = c.createStatement(); var r = s.executeQuery("select size from log_head")) {
        r.next();
        return r.getLong(1);
      }
    });
  }

  public static String admin() {
    return basic("admin", adminToken());
  }

  public static String basic(String user, String token) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + token).getBytes());
  }

  /** A response with its JSON body parsed (null when empty or not JSON). */
  public record Reply(int status, HttpResponse<String> raw) {
    public JsonNode json() {
      try {
        return raw.body().isEmpty() ? null : Json.mapper().readTree(raw.body());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  /** A GET with the TAXII Accept header, and {@code auth} as Authorization unless it is null. */
  public static Reply get(String path, String auth) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Accept", TAXII).GET();
    if (auth != null) b.header("Authorization", auth);
    return send(b);
  }

  public static Reply post(String path, String auth, String body) {
    return send(HttpRequest.newBuilder(uri(path)).header("Accept", TAXII).header("Content-Type", TAXII)
        .header("Authorization", auth).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public static Reply delete(String path, String auth) {
    return send(HttpRequest.newBuilder(uri(path)).header("Accept", TAXII).header("Authorization", auth).DELETE());
  }

  public static URI uri(String path) {
    return URI.create(base() + path.replace("[", "%5B").replace("]", "%5D"));
  }

  public static Reply send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A response read off the socket as it came, for what an HTTP client hides: a HEAD response's body
   * bytes. Header names are lower case; {@code body} is everything after the header block.
   */
  public record RawReply(int status, Map<String, List<String>> headers, byte[] body) {
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? null : values.get(0);
    }
  }

  /** Sends {@code method path} over a fresh connection that the server closes after its answer. */
  public static RawReply raw(String method, String path, String authorization, String accept) {
    try (Socket socket = new Socket("127.0.0.1", get().port())) {
      socket.setSoTimeout(30_000);
      StringBuilder request = new StringBuilder(method + " " + path.replace("[", "%5B").replace("]", "%5D") + " HTTP/1.1\r\n"
          + "Host: 127.0.0.1\r\nConnection: close\r\n");
      if (authorization != null) request.append("Authorization: ").append(authorization).append("\r\n");
      if (accept != null) request.append("Accept: ").append(accept).append("\r\n");
      socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      byte[] all = socket.getInputStream().readAllBytes();
      String text = new String(all, StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      String[] lines = text.substring(0, end).split("\r\n");
      Map<String, List<String>> headers = new TreeMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(lines[i].substring(colon + 1).trim());
      }
      return new RawReply(Integer.parseInt(lines[0].split(" ")[1]), headers, Arrays.copyOfRange(all, end + 4, all.length));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An indicator with this id and modified time, valid STIX 2.1. */
  public static String indicator(String id, String modified) {
    return "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"created\":\"2016-01-01T00:00:00.000Z\","
        + "\"modified\":\"" + modified + "\",\"name\":\"x\",\"pattern\":\"[ipv4-addr:value = '10.0.0.1']\","
        + "\"pattern_type\":\"stix\",\"valid_from\":\"2016-01-01T00:00:00Z\"}";
  }

  public static String malware(String id) {
    return "{\"type\":\"malware\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"created\":\"2016-01-01T00:00:00.000Z\","
        + "\"modified\":\"2016-01-01T00:00:00.000Z\",\"name\":\"m\",\"is_family\":false}";
  }

  /** An ipv4-addr SCO with its deterministic id (STIX 2.1 §3.4), with {@code extra} members (JSON, or empty). */
  public static String ipv4(String value, String extra) {
    com.fasterxml.jackson.databind.node.ObjectNode o = Json.mapper().createObjectNode()
        .put("type", "ipv4-addr").put("spec_version", "2.1").put("value", value);
    o.put("id", ScoIds.deterministicId(o).orElseThrow());
    String json = o.toString();
    return extra.isEmpty() ? json : json.substring(0, json.length() - 1) + "," + extra + "}";
  }

  /** POSTs one object as {@code auth} and follows the add's status until nothing is pending. */
  public static JsonNode settle(UUID collection, String auth, String object) {
    Reply r = post("/api1/collections/" + collection + "/objects/", auth, envelope(object));
    if (r.status() != 202) throw new AssertionError("POST answered " + r.status() + ": " + r.raw().body());
    String id = r.json().get("id").asText();
    for (int i = 0; i < 200; i++) {
      JsonNode s = get("/api1/status/" + id + "/", auth).json();
      if (s.get("pending_count").asInt() == 0) return s;
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("status " + id + " stayed pending");
  }

  /** What a status says, without what differs from request to request (its id and time, the objects' ids and versions). */
  public static String statusShape(JsonNode status) {
    com.fasterxml.jackson.databind.node.ObjectNode s = status.deepCopy();
    s.remove("id");
    s.remove("request_timestamp");
    for (String list : new String[] {"successes", "failures", "pendings"}) {
      if (s.has(list)) for (JsonNode d : s.get(list)) ((com.fasterxml.jackson.databind.node.ObjectNode) d).remove(List.of("id", "version"));
    }
    return s.toString();
  }

  public static String envelope(String... objects) {
    return "{\"objects\":[" + String.join(",", objects) + "]}";
  }

  public static String newId(String type) {
    return type + "--" + UUID.randomUUID();
  }
}
