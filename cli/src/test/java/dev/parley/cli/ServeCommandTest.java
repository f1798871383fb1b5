package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code parley serve} in a child JVM: an object whose status says success survives SIGKILL of the
 * node and of its embedded database (TAXII status is only written in the transaction that stores).
 */
class ServeCommandTest {
  private static final String TAXII = "application/taxii+json;version=2.1";
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;

  /** A node in a child process and the port it listens on. */
  private record Child(Process process, int port) {}

  private Child serve() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.parley.cli.Parley", "serve",
        "--data", dir.toString(), "--port", "0").redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    for (String line = out.readLine(); line != null && System.nanoTime() < deadline; line = out.readLine()) {
      int at = line.indexOf("TAXII discovery: http://127.0.0.1:");
      if (at >= 0) {
        String rest = line.substring(at + "TAXII discovery: http://127.0.0.1:".length());
        int port = Integer.parseInt(rest.substring(0, rest.indexOf('/')));
        Thread drain = new Thread(() -> out.lines().forEach(l -> {})); // keep the child's pipe from filling
        drain.setDaemon(true);
        drain.start();
        return new Child(p, port);
      }
    }
    p.destroyForcibly();
    throw new AssertionError("the node did not start");
  }

  private HttpResponse<String> send(int port, String auth, String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Accept", TAXII)
        .header("Authorization", auth).timeout(Duration.ofSeconds(60));
    if (body == null) b.GET();
    else b.header("Content-Type", TAXII).method(method, HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Kills every process of the embedded database with SIGKILL, as a power cut would. */
  private void killDatabase() throws Exception {
    Path pid = dir.resolve("postgres/postmaster.pid");
    if (!Files.exists(pid)) return;
    long postmaster = Long.parseLong(Files.readAllLines(pid).get(0).trim());
    ProcessHandle.of(postmaster).ifPresent(h -> {
      List<ProcessHandle> all = new ArrayList<>(h.descendants().toList());
      all.add(h);
      all.forEach(ProcessHandle::destroyForcibly);
      all.forEach(x -> x.onExit().join());
    });
  }

  /**
   * Regression: a second {@code serve} on the folder of a running node started silently, and once the
   * first stopped it answered 503 forever. Commands keep working beside the node.
   */
  @Test
  void serve_folderHeldByRunningNode_secondRefusedNamingPidAndPortWhileCommandsWork() throws Exception {
    Child first = serve();
    try {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process second = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.parley.cli.Parley", "serve",
          "--data", dir.toString(), "--port", "0").redirectErrorStream(true).start();
      String out = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(second.exitValue()).as(out).isEqualTo(ExitCodes.INVALID);
      assertThat(out).contains("PID " + first.process().pid()).contains("port " + first.port()).doesNotContain("TAXII discovery");

      TestCli.Result created = TestCli.runExactly("collection", "create", "--title", "beside", "--alias", "beside", "--data", dir.toString());
      assertThat(created.code()).as(created.err()).isZero();
      Path bundle = Files.writeString(dir.resolve("in.json"), TestCli.indicator("indicator--" + UUID.randomUUID(), "2020-01-01T00:00:00.000Z"));
      TestCli.Result imported = TestCli.runExactly("import", bundle.toString(), "--collection", "beside", "--data", dir.toString());
      assertThat(imported.code()).as(imported.err()).isZero();
      TestCli.Result tokens = TestCli.runExactly("token", "list", "--data", dir.toString());
      assertThat(tokens.code()).as(tokens.err()).isZero();
      assertThat(tokens.out()).contains("admin");
      String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + Files.readString(dir.resolve("admin.token")).trim())
          .getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> page = send(first.port(), auth, "GET", "/api1/collections/beside/objects/", null);
      assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
      assertThat(Json.mapper().readTree(page.body()).get("objects")).hasSize(1);

      long postmaster = Long.parseLong(Files.readAllLines(dir.resolve("postgres/postmaster.pid")).get(0).trim());
      first.process().destroy(); // SIGTERM: the node stops, and its database with it
      assertThat(first.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    } finally {
      first.process().destroyForcibly();
    }
  }

  @Test
  void serve_sigkillAfterSuccess_everyStoredObjectIsBackAfterRestart() throws Exception {
    Child first = serve();
    Set<String> stored = new HashSet<>();
    try {
      String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + Files.readString(dir.resolve("admin.token")).trim())
          .getBytes(StandardCharsets.UTF_8));
      UUID collection = UUID.randomUUID();
      TestCli.Result created = TestCli.runExactly("collection", "create", "--title", "durable", "--id", collection.toString(),
          "--data", dir.toString());
      assertThat(created.code()).as(created.err()).isZero();
      String objects = "/api1/collections/" + collection + "/objects/";
      for (int round = 0; round < 3; round++) {
        StringBuilder envelope = new StringBuilder("{\"objects\":[");
        for (int i = 0; i < 300; i++) {
          if (i > 0) envelope.append(',');
          envelope.append(TestCli.indicator("indicator--" + UUID.randomUUID(), "2022-02-02T00:00:00.000Z"));
        }
        HttpResponse<String> r = send(first.port(), auth, "POST", objects, envelope.append("]}").toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode status = Json.mapper().readTree(r.body());
        assertThat(status.get("status").asText()).isEqualTo("complete");
        status.get("successes").forEach(s -> stored.add(s.get("id").asText()));
      }
      assertThat(stored).hasSize(900);

      first.process().destroyForcibly(); // SIGKILL: no shutdown hook runs
      assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
      killDatabase();

      Child second = serve();
      try {
        Set<String> back = new HashSet<>();
        String next = null;
        do {
          HttpResponse<String> page = send(second.port(), auth, "GET", objects + "?limit=500" + (next == null ? "" : "&next=" + next), null);
          assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
          JsonNode envelope = Json.mapper().readTree(page.body());
          envelope.path("objects").forEach(o -> back.add(o.get("id").asText()));
          next = envelope.path("more").asBoolean() ? envelope.get("next").asText() : null;
        } while (next != null);
        assertThat(back).isEqualTo(stored);
      } finally {
        second.process().destroy();
        second.process().waitFor(60, TimeUnit.SECONDS);
      }
    } finally {
      first.process().destroyForcibly();
    }
  }
}
