package dev.parley.bench.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.node.Node;
import dev.parley.node.NodeConfig;
import dev.parley.stix.Json;
import dev.parley.store.browse.BrowseStore;
import dev.parley.store.collections.Collection;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web interface's list page at scale (issue 13: "a list page of 100 objects renders in under
 * 300 ms on the server at 1,000,000 objects"): a node whose collection holds {@code N} generated
 * indicators (written by SQL, not through the log: this measures reads), then the median time of
 * whole HTTP requests for pages of 100 over loopback: the first page, a deep keyset page, a common and
 * a rare type filter (one object in 10,000 is a malware), a common and a rare TLP filter (one in
 * 10,000 is TLP:AMBER+STRICT), a rare and a common text search, and the dashboard with its chart.
 * Baseline in the same run: {@code /healthz}.
 *
 * <p>With {@code attack}, the node also holds content shaped like an enterprise ATT&CK release
 * ({@link AttackShaped}, about 25,000 objects) in a collection of its own, stored through TAXII as
 * a user would load it, and the program times that collection's pages too: a custom type, a search
 * by ATT&CK id and by alias, and the page and graph of the technique that a thousand objects use.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.parley.bench.web.ListPageLoad [N] [attack]}
 */
public final class ListPageLoad {
  private ListPageLoad() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    boolean attack = Arrays.asList(args).contains("attack");
    boolean explain = Arrays.asList(args).contains("explain");
    Path dir = Files.createTempDirectory("parley-web-bench");
    try (Node node = Node.start(NodeConfig.defaults().withDataDir(dir).withListen("127.0.0.1", 0))) {
      UUID col = UUID.randomUUID();
      node.stores().collections().create(new Collection(col, "api1", "bench", null, null));
      long t0 = System.nanoTime();
      node.stores().db().withConnection(c -> {
        try (Statement s = c.createStatement()) {
          s.execute("drop index object_search_text");
          // one object in 10,000 is a malware, and another one in 10,000 is marked TLP:AMBER+STRICT: the rare filters
          s.execute("insert into object_version (stix_id, type, vkey, version, spec_version, sha256, body)"
              + " select t || '--' || md5(g::text)::uuid, t, now(), now(), '2.1', sha256(g::text::bytea),"
              + " json_build_object('type', t, 'spec_version', '2.1', 'id', t || '--' || md5(g::text)::uuid,"
              + " 'name', 'generated indicator ' || g, 'description', 'an indicator made for the list page benchmark, number ' || g,"
              + " 'pattern', '[ipv4-addr:value = ''10.' || (g / 65536) % 256 || '.' || (g / 256) % 256 || '.' || g % 256 || ''']',"
              + " 'pattern_type', 'stix', 'object_marking_refs', json_build_array(case when g % 10000 = 7"
              + " then 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003' else case g % 4"
              + " when 0 then 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487'"
              + " when 1 then 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb'"
              + " when 2 then 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421'"
              + " else 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1' end end))::text"
              + " from (select g, case when g % 10000 = 5 then 'malware' else 'indicator' end t"
              + " from generate_series(1, " + n + ") g) x");
          s.execute("insert into collection_object (collection_id, seq, object_pk, stix_id, type, version, spec_version, date_added)"
              + " select '" + col + "', row_number() over (order by pk), pk, stix_id, type, version, spec_version, now() from object_version"
              + " where type in ('indicator', 'malware')");
          s.execute("update collection set last_seq = " + n + " where id = '" + col + "'");
        }
        return null;
      });
      String base = "http://127.0.0.1:" + node.port();
      String token = Files.readString(dir.resolve("admin.token")).trim();
      AttackShaped content = null;
      UUID attackCol = UUID.randomUUID();
      if (attack) {
        node.stores().collections().create(new Collection(attackCol, "api1", "Enterprise (ATT&CK-shaped)", null, "enterprise"));
        content = AttackShaped.generate(13);
        long a0 = System.nanoTime();
        store(base, token, "enterprise", content.objects());
        System.out.printf("stored %,d ATT&CK-shaped objects through TAXII in %.1f s%n", content.objects().size(), (System.nanoTime() - a0) / 1e9);
      }
      BrowseStore browse = new BrowseStore(node.stores().db());
      while (browse.indexSearch(200_000) > 0) {
        // the node's indexer's work, done at once
      }
      node.stores().db().withConnection(c -> {
        try (Statement s = c.createStatement()) {
          s.execute("create index object_search_text on object_search using gin (text public.gin_trgm_ops)");
          s.execute("analyze");
        }
        return null;
      });
      System.out.printf("filled %,d objects in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
      HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
      HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(base + "/ui/signin")).build(), HttpResponse.BodyHandlers.ofString());
      Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form.body());
      m.find();
      String csrf = m.group(1);
      String signinCookie = form.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("parley_signin=")).findFirst().orElseThrow().split(";")[0];
      HttpResponse<String> in = http.send(HttpRequest.newBuilder(URI.create(base + "/ui/signin")).header("Cookie", signinCookie)
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("csrf=" + csrf + "&token=" + token)).build(), HttpResponse.BodyHandlers.ofString());
      String session = in.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("parley_session=")).findFirst().orElseThrow().split(";")[0];
      String page = "/ui/c/" + col;
      measure(http, base, session, "baseline /healthz", "/healthz");
      measure(http, base, session, "first page of 100", page);
      measure(http, base, session, "keyset page deep in the collection", page + "?after=" + (n - 1000));
      measure(http, base, session, "type filter", page + "?type=indicator");
      measure(http, base, session, "type filter, rare (1 in 10,000)", page + "?type=malware");
      measure(http, base, session, "TLP filter (red)", page + "?tlp=red");
      measure(http, base, session, "TLP filter, rare (amber+strict, 1 in 10,000)", page + "?tlp=amber%2Bstrict");
      measure(http, base, session, "text search, rare (one object)", page + "?q=10.3.2.1%27");
      measure(http, base, session, "text search, common (every object)", page + "?q=benchmark");
      measure(http, base, session, "text search, absent", page + "?q=nothing-holds-this");
      if (explain) explainRareTlp(node, col);
      // bulk search: 100 pasted addresses, half of them held (each generated indicator's pattern holds one), half not
      StringBuilder pasted = new StringBuilder();
      for (int i = 0; i < 50; i++) {
        int g = 1 + (int) ((long) i * 7919 % n);
        pasted.append("10.").append((g / 65536) % 256).append('.').append((g / 256) % 256).append('.').append(g % 256).append('\n');
        pasted.append("192.0.2.").append(i).append('\n');
      }
      Matcher bm = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(http.send(HttpRequest.newBuilder(URI.create(base + "/ui/bulk"))
          .header("Cookie", session).build(), HttpResponse.BodyHandlers.ofString()).body());
      bm.find();
      String bulkForm = "csrf=" + URLEncoder.encode(bm.group(1), StandardCharsets.UTF_8)
          + "&values=" + URLEncoder.encode(pasted.toString(), StandardCharsets.UTF_8);
      long[] bulk = new long[5];
      for (int i = -1; i < bulk.length; i++) {
        long t = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/ui/bulk")).header("Cookie", session)
            .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(bulkForm)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException("bulk search answered " + r.statusCode());
        if (i >= 0) bulk[i] = (System.nanoTime() - t) / 1_000_000;
      }
      Arrays.sort(bulk);
      System.out.printf("%-40s median %4d ms, max %4d ms%n", "bulk search, 100 values (50 held)", bulk[2], bulk[4]);
      measure(http, base, session, "dashboard", "/ui");
      measure(http, base, session, "dashboard's chart data", "/ui/chart");
      if (content != null) {
        String kb = "/ui/c/enterprise";
        measure(http, base, session, "ATT&CK: first page", kb);
        measure(http, base, session, "ATT&CK: type filter x-mitre-tactic", kb + "?type=x-mitre-tactic");
        measure(http, base, session, "ATT&CK: search by id (T1059)", kb + "?q=T1059");
        measure(http, base, session, "ATT&CK: search by alias", kb + "?q=ALIAS-17");
        measure(http, base, session, "ATT&CK: the hub technique's page", kb + "/o/" + content.hub);
        measure(http, base, session, "ATT&CK: the hub technique's graph data", kb + "/graph?id=" + content.hub);
        measure(http, base, session, "ATT&CK: a group's page", kb + "/o/" + content.firstGroup);
        measure(http, base, session, "ATT&CK: a group's graph data", kb + "/graph?id=" + content.firstGroup);
      }
    }
  }

  /** Stores the objects through TAXII, 1,000 to a request, as the administrator, and waits for every status to end. */
  private static void store(String base, String token, String collection, List<ObjectNode> objects) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String media = "application/taxii+json;version=2.1";
    for (int from = 0; from < objects.size(); from += 1000) {
      ObjectNode envelope = Json.mapper().createObjectNode();
      envelope.putArray("objects").addAll(objects.subList(from, Math.min(objects.size(), from + 1000)));
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api1/collections/" + collection + "/objects/"))
          .header("Authorization", "Bearer " + token).header("Accept", media).header("Content-Type", media)
          .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(envelope))).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 202) throw new IllegalStateException("POST answered " + r.statusCode() + ": " + r.body());
      JsonNode status = Json.mapper().readTree(r.body());
      while (status.path("status").asText().equals("pending")) {
        Thread.sleep(200);
        status = Json.mapper().readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api1/status/" + status.get("id").asText() + "/"))
            .header("Authorization", "Bearer " + token).header("Accept", media).build(), HttpResponse.BodyHandlers.ofString()).body());
      }
      if (status.path("failure_count").asLong() > 0) throw new IllegalStateException("objects refused: " + status);
    }
  }

  /** The plan of the rare TLP filter's page, as the list runs it. */
  private static void explainRareTlp(Node node, UUID col) {
    node.stores().db().withConnection(c -> {
      try (Statement s = c.createStatement()) {
        s.execute("set plan_cache_mode = force_custom_plan");
        try (ResultSet r = s.executeQuery("explain (analyze, buffers) select c.seq, c.date_added, c.stix_id, c.type, c.version, v.body"
            + " from collection_object c join object_version v on v.pk = c.object_pk join object_search s on s.pk = v.pk"
            + " where c.collection_id = '" + col + "' and c.latest and c.seq > 0"
            + " and s.markings && array['marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003'] order by c.seq limit 101")) {
          while (r.next()) System.out.println("  " + r.getString(1));
        }
      }
      return null;
    });
  }

  private static void measure(HttpClient http, String base, String session, String what, String path) throws Exception {
    long[] ms = new long[15];
    long first = 0;
    for (int i = -3; i < ms.length; i++) {
      long t = System.nanoTime();
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", session).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) throw new IllegalStateException(path + " answered " + r.statusCode());
      long took = (System.nanoTime() - t) / 1_000_000;
      if (i == -3) first = took;
      if (i >= 0) ms[i] = took;
    }
    Arrays.sort(ms);
    System.out.printf("%-40s median %4d ms, max %4d ms (first request %d ms)%n", what, ms[ms.length / 2], ms[ms.length - 1], first);
  }
}
