package dev.parley.node.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.Node;
import dev.parley.node.NodeConfig;
import dev.parley.node.TestNode;
import dev.parley.policy.agreement.Agreement;
import dev.parley.policy.agreement.Parsed;
import dev.parley.stix.Json;
import dev.parley.store.accounts.Right;
import dev.parley.store.browse.BrowseStore;
import dev.parley.store.collections.Collection;
import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web interface's pages, read as HTML over HTTP, on content shaped like MITRE ATT&CK (issue 13):
 * custom {@code x-mitre-*} objects and {@code x_mitre_*} properties, a statement marking on every
 * object, revoked and deprecated techniques, and relationships of every kind ATT&CK uses. The
 * fixture {@code attack-shaped.json} is our own (invented names and ids), written after trying real
 * ATT&CK releases on a node: what broke there is pinned here.
 */
class AttackContentPagesTest {
  static Node node;
  static String base;
  static String admin;
  static UUID kb;
  static JsonNode fixture;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("parley-attack-pages");
    node = Node.start(NodeConfig.defaults().withDataDir(dir).withListen("127.0.0.1", 0));
    base = "http://127.0.0.1:" + node.port();
    admin = Files.readString(dir.resolve("admin.token")).trim();
    kb = UUID.randomUUID();
    node.stores().collections().create(new Collection(kb, "api1", "Example KB", null, "kb"));
    node.stores().collections().create(new Collection(UUID.randomUUID(), "api1", "Hidden", null, "secret-kb"));
    String bundle;
    try (InputStream in = AttackContentPagesTest.class.getResourceAsStream("attack-shaped.json")) {
      bundle = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    fixture = Json.mapper().readTree(bundle);
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api1/collections/kb/objects/"))
        .header("Accept", TestNode.TAXII).header("Content-Type", TestNode.TAXII).header("Authorization", "Bearer " + admin)
        .POST(HttpRequest.BodyPublishers.ofString("{\"objects\":" + fixture.get("objects") + "}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    // every object, custom types and properties included, is accepted
    assertThat(r.body()).contains("\"status\":\"complete\"").contains("\"failure_count\":0")
        .contains("\"success_count\":" + fixture.get("objects").size());
    BrowseStore browse = new BrowseStore(node.stores().db());
    while (browse.indexSearch(100_000) > 0) {
      // until every member is indexed
    }
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  /** A client signed in with {@code token}: the sign-in form's CSRF token, then the session cookie. */
  static HttpClient signedIn(String token) throws Exception {
    HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    String form = get(client, "/ui/signin").body();
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form);
    assertThat(m.find()).isTrue();
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/ui/signin"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("csrf=" + enc(m.group(1)) + "&token=" + enc(token))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(303);
    return client;
  }

  static HttpResponse<String> get(HttpClient client, String path) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  static String page(HttpClient client, String path) throws Exception {
    HttpResponse<String> r = get(client, path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return r.body();
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The fixture's object of this type whose name is {@code name}. */
  static String id(String type, String name) {
    for (JsonNode o : fixture.get("objects")) {
      if (o.path("type").asText().equals(type) && o.path("name").asText().equals(name)) return o.get("id").asText();
    }
    throw new AssertionError("no " + type + " named " + name);
  }

  /** The rows of a list page, one string of HTML each. */
  static List<String> rows(String html) {
    List<String> rows = new ArrayList<>();
    Matcher m = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL).matcher(html.substring(html.indexOf("<tbody>")));
    while (m.find()) rows.add(m.group(1));
    return rows;
  }

  static String row(List<String> rows, String containing) {
    return rows.stream().filter(r -> r.contains(containing)).findFirst().orElseThrow(() -> new AssertionError("no row with " + containing));
  }

  /** Regression: ATT&CK ids (T0828) and a group's other names found nothing; they are not in names or descriptions. */
  @Test
  void search_externalIdAndAlias_findTheObjects() throws Exception {
    HttpClient c = signedIn(admin);
    String byId = page(c, "/ui/c/" + kb + "?q=T9101");
    assertThat(rows(byId)).anyMatch(r -> r.contains(">Valve Tampering<")).anyMatch(r -> r.contains(">Setpoint Override<"));
    assertThat(rows(page(c, "/ui/c/" + kb + "?q=t9101.001"))).singleElement().asString().contains(">Setpoint Override<");
    assertThat(rows(page(c, "/ui/c/" + kb + "?q=MUDLARK"))).singleElement().asString().contains(">Harbor Heron<");
    assertThat(rows(page(c, "/ui/c/" + kb + "?q=SALTMARSH"))).singleElement().asString().contains(">Tidewater<");
  }

  /** Regression: the type filter offered the STIX types only, so ATT&CK's x-mitre-* objects could not be picked. */
  @Test
  void typeFilter_offersTheCustomTypesTheCollectionHolds() throws Exception {
    HttpClient c = signedIn(admin);
    String html = page(c, "/ui/c/" + kb);
    assertThat(html).contains("<option value=\"x-mitre-tactic\"").contains("<option value=\"x-mitre-data-component\"")
        .contains("<option value=\"attack-pattern\"");
    assertThat(rows(page(c, "/ui/c/" + kb + "?type=x-mitre-tactic"))).singleElement().asString().contains(">Disruption<");
  }

  /**
   * Seen as a peer, the type filter offers only the custom types of what that peer is served
   * (issue 10, egress): the name of a type the peer may not read would tell it what the collection
   * holds beyond its agreement, and a pick of such a type lists nothing.
   */
  @Test
  void typeFilter_seenAsPeer_offersOnlyTheTypesThePeerIsServed() throws Exception {
    String name = "peer-" + UUID.randomUUID().toString().substring(0, 6);
    node.stores().peers().put(name, "http://127.0.0.1:1/api1/", null, null, node.stores().accounts());
    Parsed p = Agreement.parse("{\"share\":[{\"collection\":\"" + kb + "\",\"max_tlp\":\"clear\",\"unmarked\":\"clear\","
        + "\"types\":[\"x-mitre-tactic\",\"identity\",\"marking-definition\"]}]}", Optional::of);
    node.stores().agreements().install(name, ((Parsed.Valid) p).agreement(), node.stores().log().appender());
    node.stores().publisher().publishAll();
    HttpClient c = signedIn(admin);
    String asPeer = page(c, "/ui/c/" + kb + "?as=" + name);
    assertThat(asPeer).contains("Seen as peer <strong>" + name + "</strong>").contains("<option value=\"x-mitre-tactic\"")
        .doesNotContain("x-mitre-data-component").doesNotContain("x-mitre-asset").doesNotContain("x-mitre-matrix");
    assertThat(rows(asPeer)).noneMatch(r -> r.contains("Valve Tampering"));
    assertThat(rows(page(c, "/ui/c/" + kb + "?as=" + name + "&type=x-mitre-tactic"))).singleElement().asString().contains(">Disruption<");
    assertThat(rows(page(c, "/ui/c/" + kb + "?as=" + name + "&type=x-mitre-asset"))).isEmpty();
    // the store's answer for the peer is a subset of the administrator's, never more
    BrowseStore browse = new BrowseStore(node.stores().db());
    Integer feed = node.stores().peers().find(name).orElseThrow().id();
    assertThat(browse.types(kb, feed)).containsExactly("identity", "marking-definition", "x-mitre-tactic");
    assertThat(browse.types(kb, null)).contains("x-mitre-asset", "x-mitre-data-component", "attack-pattern");
  }

  /** A pasted value longer than any indicator is refused with a message: the database would refuse its search as too complex. */
  @Test
  void bulkSearch_hugeValue_refusedWithAMessage() throws Exception {
    HttpClient c = signedIn(admin);
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page(c, "/ui/bulk"));
    assertThat(m.find()).isTrue();
    HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(base + "/ui/bulk"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("csrf=" + enc(m.group(1)) + "&values=" + enc("T9101\n" + "a(".repeat(3000)))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("each at most 2048 characters").doesNotContain("Exception");
  }

  /** Regression: a revoked or deprecated technique listed and shown like any other. */
  @Test
  void revokedAndDeprecated_shownAsSuch_inListsAndOnTheirPage() throws Exception {
    HttpClient c = signedIn(admin);
    List<String> techniques = rows(page(c, "/ui/c/" + kb + "?type=attack-pattern"));
    assertThat(row(techniques, ">Old Valve Trick<")).contains("class=\"status status-revoked\">revoked<");
    assertThat(row(techniques, ">Manual Valve Turning<")).contains("class=\"status status-deprecated\">deprecated<");
    assertThat(row(techniques, ">Valve Tampering<")).doesNotContain("status-");
    assertThat(page(c, "/ui/c/" + kb + "/o/" + id("attack-pattern", "Old Valve Trick"))).contains("class=\"status status-revoked\">revoked<");
  }

  /** Regression: relationships were listed as "attack-pattern--… uses x-mitre-asset--…" although both ends were held. */
  @Test
  void relationships_listedByTheNamesOfTheirEnds() throws Exception {
    HttpClient c = signedIn(admin);
    List<String> rels = rows(page(c, "/ui/c/" + kb + "?type=relationship"));
    assertThat(rels).anyMatch(r -> r.contains(">Harbor Heron uses Valve Tampering<"))
        .anyMatch(r -> r.contains(">Setpoint Override subtechnique-of Valve Tampering<"))
        .anyMatch(r -> r.contains(">Old Valve Trick revoked-by Valve Tampering<"))
        .anyMatch(r -> r.contains(">Detection of Valve Tampering detects Valve Tampering<"))
        .anyMatch(r -> r.contains(">Valve Interlocks mitigates Valve Tampering<"))
        .anyMatch(r -> r.contains(">Valve Tampering targets Pump Station Controller<"));
  }

  /** A reader of the collection sees names only of what it reads: an end in a collection it may not read keeps its id. */
  @Test
  void relationships_endsTheViewerCannotRead_keepTheirIds() throws Exception {
    UUID other = UUID.randomUUID();
    node.stores().collections().create(new Collection(other, "api1", "Other", null, null));
    String group = id("intrusion-set", "Harbor Heron");
    String rel = "{\"type\":\"relationship\",\"spec_version\":\"2.1\",\"id\":\"relationship--" + UUID.randomUUID() + "\","
        + "\"created\":\"2024-01-01T00:00:00.000Z\",\"modified\":\"2024-01-01T00:00:00.000Z\",\"relationship_type\":\"uses\","
        + "\"source_ref\":\"" + group + "\",\"target_ref\":\"tool--" + UUID.randomUUID() + "\"}";
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api1/collections/" + other + "/objects/"))
        .header("Accept", TestNode.TAXII).header("Content-Type", TestNode.TAXII).header("Authorization", "Bearer " + admin)
        .POST(HttpRequest.BodyPublishers.ofString("{\"objects\":[" + rel + "]}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.body()).contains("\"status\":\"complete\"");
    BrowseStore browse = new BrowseStore(node.stores().db());
    while (browse.indexSearch(100_000) > 0) {
      // until every member is indexed
    }
    String reader = node.stores().accounts().create("other" + UUID.randomUUID().toString().substring(0, 6), false,
        Map.of(other.toString(), new Right(true, false)));
    String row = rows(page(signedIn(reader), "/ui/c/" + other)).get(0);
    assertThat(row).contains(">" + group + " uses tool--").doesNotContain("Harbor Heron");
  }

  /** Regression: the statement marking showed as its bare id; it shows what it states, escaped. */
  @Test
  void statementMarking_shownByItsText_andDescriptionsEscaped() throws Exception {
    HttpClient c = signedIn(admin);
    String html = page(c, "/ui/c/" + kb + "/o/" + id("attack-pattern", "Valve Tampering"));
    // shortened to 80 characters; the definition's page has it whole
    assertThat(html).contains(">Statement: Copyright 2026, Example Knowledge Base. Shared for testing Parley; not for redis…<")
        .doesNotContain(">marking-definition--");
    // a reference is named by the object it points to, with its id
    assertThat(html).contains(">Example Knowledge Base (" + fixture.get("objects").get(1).get("id").asText() + ")</a>");
    // its public ids under its name
    assertThat(html).contains("<span class=\"external-id\">T9101</span>");
    // external references are links to their sources, with their citations' text
    assertThat(html).contains("<a href=\"https://kb.example.org/techniques/T9101\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">")
        .contains("<span class=\"description\">Example Labs. (2024, May 2). Valves under attack. Retrieved June 1, 2025.</span>");
    // markdown and citations are text; an angle bracket in them is escaped
    assertThat(html).contains("(Citation: Example Report 2024)").contains("&lt;valve id=7&gt;").doesNotContain("<valve");
  }

  @Test
  void graph_ofATechnique_drawsEveryKindOfRelationship() throws Exception {
    HttpClient c = signedIn(admin);
    JsonNode graph = Json.mapper().readTree(page(c, "/ui/c/" + kb + "/graph?id=" + id("attack-pattern", "Valve Tampering")));
    List<String> labels = new ArrayList<>();
    graph.get("edges").forEach(e -> labels.add(e.get("label").asText()));
    assertThat(labels).contains("uses", "mitigates", "subtechnique-of", "revoked-by", "detects", "targets");
  }

  /** Regression: /ui/c/{alias} answered 404 although TAXII URLs take the alias; one the viewer may not read still answers as none. */
  @Test
  void collectionByAlias_readable_andHiddenAsNone() throws Exception {
    HttpClient c = signedIn(admin);
    assertThat(page(c, "/ui/c/kb?q=T9101")).contains(">Valve Tampering<");
    String reader = node.stores().accounts().create("kb" + UUID.randomUUID().toString().substring(0, 6), false,
        Map.of(kb.toString(), new Right(true, false)));
    HttpClient r = signedIn(reader);
    HttpResponse<String> hidden = get(r, "/ui/c/secret-kb");
    HttpResponse<String> none = get(r, "/ui/c/nothing-here");
    assertThat(hidden.statusCode()).isEqualTo(404);
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(hidden.body().replace("secret-kb", "X")).isEqualTo(none.body().replace("nothing-here", "X"));
  }
}
