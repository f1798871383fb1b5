package dev.parley.bench.egress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.bench.load.Machine;
import dev.parley.bench.stix.Corpus;
import dev.parley.cli.Parley;
import dev.parley.node.Node;
import dev.parley.node.NodeConfig;
import dev.parley.policy.agreement.Agreement;
import dev.parley.policy.agreement.Parsed;
import dev.parley.stix.Json;
import dev.parley.store.Stores;
import dev.parley.store.collections.Collection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Egress under load (issue 10): imports N generated objects into a collection of a running node,
 * installs an agreement that shares it with a peer, times the publisher building the peer's feed
 * (members decided per second), then times TAXII pages of 100 read by the peer's account (its feed)
 * against the same pages read by the administrator, first and last page, in alternating rounds of
 * one run. The administrator's pages are the baseline; the target is a ratio within 1.5.
 *
 * <pre>
 * java -XX:+UseParallelGC -Xmx4g -cp bench/target/benchmarks.jar dev.parley.bench.egress.PeerPagesLoad [objects] [seconds]
 * </pre>
 */
public final class PeerPagesLoad {
  private static final String TAXII = "application/taxii+json;version=2.1";
  /**
   * Client threads reading at once (-Dclients=N, default 2): two leave a quarter of the machine
   * idle between round trips (the client, the server and PostgreSQL wait on each other), more
   * measure what the node serves when its readers keep it busy.
   */
  private static final int CLIENTS = Integer.getInteger("clients", 2);
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private String base;

  public static void main(String[] args) throws Exception {
    int objects = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 6;
    new PeerPagesLoad().run(objects, seconds);
  }

  private void run(int objects, double seconds) throws Exception {
    System.out.println(Machine.describe());
    System.out.printf("client threads: %d%n", CLIENTS);
    Path data = Files.createTempDirectory("parley-peer-pages");
    Path file = data.resolve("corpus.jsonl");
    Corpus.writeLines(file, 1, objects);
    try (Node node = Node.start(NodeConfig.defaults().withDataDir(data).withListen("127.0.0.1", 0))) {
      base = "http://127.0.0.1:" + node.port();
      Stores stores = node.stores();
      UUID id = UUID.randomUUID();
      stores.collections().create(new Collection(id, "api1", "egress load", null, "egress"));
      long t0 = System.nanoTime();
      int code = Parley.run("import", file.toString(), "--collection", "egress", "--data", data.toString(), "--quiet");
      System.out.printf("import: %,d objects in %.1f s (exit %d)%n", objects, (System.nanoTime() - t0) / 1e9, code);

      String token = stores.peers().put("b", "http://127.0.0.1:1/api1/", null, null, stores.accounts()).accountToken();
      Parsed p = Agreement.parse("{\"share\":[{\"collection\":\"" + id + "\",\"max_tlp\":\"amber\",\"unmarked\":\"green\","
          + "\"dangling_refs\":\"serve\"}]}", Optional::of);
      long p0 = System.nanoTime();
      stores.agreements().install("b", ((Parsed.Valid) p).agreement(), stores.log().appender());
      long decided = stores.publisher().publish("b");
      double publish = (System.nanoTime() - p0) / 1e9;
      // the node's feed loop decides batches of the same peer between this call's (they take turns under the
      // peer's lock): the members decided by both are the publisher's work over that time
      long all = stores.db().withConnection(c -> {
        try (Statement s = c.createStatement();
            ResultSet r = s.executeQuery("select count(*) from peer_decision d join peer p on p.id = d.peer where p.name = 'b'")) {
          r.next();
          return r.getLong(1);
        }
      });
      System.out.printf("publisher: %,d members decided for one peer in %.1f s (this call %,d) = %,.0f members/s%n", all, publish, decided,
          all / publish);

      String admin = "Basic " + Base64.getEncoder().encodeToString(("admin:" + Files.readString(data.resolve("admin.token")).trim())
          .getBytes(StandardCharsets.UTF_8));
      String peer = "Basic " + Base64.getEncoder().encodeToString(("b:" + token).getBytes(StandardCharsets.UTF_8));
      String path = "/api1/collections/" + id + "/objects/?limit=100";
      String[] adminPages = {path, path + "&next=" + lastCursor(path, admin)};
      String[] peerPages = {path, path + "&next=" + lastCursor(path, peer)};
      for (int i = 0; i < 2; i++) {
        hammer(adminPages[i], admin, seconds / 2);
        hammer(peerPages[i], peer, seconds / 2);
      }
      String[] names = {"first", "last"};
      for (int i = 0; i < 2; i++) {
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
          a.add(hammer(adminPages[i], admin, seconds));
          b.add(hammer(peerPages[i], peer, seconds));
        }
        a.sort(null);
        b.sort(null);
        System.out.printf("%s page of 100: administrator %,.0f pages/s, peer %,.0f pages/s, ratio %.2f (rounds: admin %s, peer %s)%n",
            names[i], a.get(1), b.get(1), a.get(1) / b.get(1), a, b);
      }
    }
  }

  /** Walks every page and returns the cursor of the last. */
  private String lastCursor(String path, String auth) throws Exception {
    String next = null;
    String last = null;
    long seen = 0;
    while (true) {
      JsonNode page = Json.mapper().readTree(get(path + (next == null ? "" : "&next=" + next), auth));
      seen += page.path("objects").size();
      last = next;
      if (!page.path("more").asBoolean()) break;
      next = page.get("next").asText();
    }
    System.out.printf("walked %,d objects as %s%n", seen, auth.length() > 60 ? "admin" : "peer");
    return last;
  }

  private String get(String path, String auth) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", TAXII)
        .header("Authorization", auth).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) throw new IllegalStateException("GET " + path + ": " + r.statusCode() + " " + r.body());
    return r.body();
  }

  private double hammer(String path, String auth, double seconds) throws InterruptedException {
    AtomicLong done = new AtomicLong();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long start = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < CLIENTS; t++) {
      Thread th = new Thread(() -> {
        try {
          while (System.nanoTime() < end) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", TAXII)
                .header("Authorization", auth).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) throw new IllegalStateException("GET " + path + ": " + r.statusCode());
            done.incrementAndGet();
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      th.start();
      threads.add(th);
    }
    for (Thread th : threads) th.join();
    return done.get() / ((System.nanoTime() - start) / 1e9);
  }
}
