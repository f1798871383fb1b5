package dev.parley.node.egress;

import static dev.parley.node.TestNode.admin;
import static dev.parley.node.TestNode.basic;
import static dev.parley.node.TestNode.envelope;
import static dev.parley.node.TestNode.get;
import static dev.parley.node.TestNode.newCollection;
import static dev.parley.node.TestNode.newId;
import static dev.parley.node.TestNode.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.TestNode;
import dev.parley.node.TestNode.Reply;
import dev.parley.policy.agreement.Agreement;
import dev.parley.policy.agreement.Parsed;
import dev.parley.store.Stores;
import dev.parley.store.egress.Explanations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The egress rules as a table (issue: "Egress policy: every object, every path, fail-closed", and its
 * test list): every TLP level in its 1.0 and 2.0 form, unmarked objects, unknown and statement
 * markings, granular markings, relationships, reports and creators naming withheld objects, a target
 * that arrives later, and objects relayed from two source peers with relay off and on. Each row says
 * what two readers with different agreements may read; the test reads every page each reader can
 * read over TAXII, compares it with the row, with what {@code policy explain} says, and scans every
 * served body for an identifier the reader may not know.
 */
class EgressTableTest {
  // TLP 1.0 (STIX 2.1 §7.2.1.4) and TLP 2.0 (the OASIS TLP 2.0 marking definitions)
  private static final String W1 = "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9";
  private static final String G1 = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da";
  private static final String A1 = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82";
  private static final String R1 = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed";
  private static final String CLEAR = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487";
  private static final String GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
  private static final String AMBER = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421";
  private static final String STRICT = "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003";
  private static final String RED = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";
  private static final Set<String> TLP = Set.of(W1, G1, A1, R1, CLEAR, GREEN, AMBER, STRICT, RED);
  private static final Pattern ID = Pattern.compile("[a-z0-9-]+--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final String T = "2020-01-01T00:00:00.000Z";

  /** One row: an object and what each reader gets (null: served; else the rule that withholds it). */
  private record Row(String id, UUID collection, Map<String, String> expected) {}

  private final Stores stores = TestNode.get().stores();
  private final Map<String, String> auth = new HashMap<>();
  private final Map<String, String> names = new HashMap<>();
  private final List<Row> rows = new ArrayList<>();

  private String peer(String label) {
    String name = label + "-" + UUID.randomUUID().toString().substring(0, 8);
    String token = stores.peers().put(name, "http://127.0.0.1:1/api1/", null, null, stores.accounts()).accountToken();
    auth.put(label, basic(name, token));
    names.put(label, name);
    return name;
  }

  private void agree(String label, String json) {
    Parsed p = Agreement.parse(json, Optional::of);
    assertThat(p).as(json).isInstanceOf(Parsed.Valid.class);
    stores.agreements().install(names.get(label), ((Parsed.Valid) p).agreement(), stores.log().appender());
  }

  private static String indicator(String id, String extra) {
    return "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"created\":\"" + T + "\",\"modified\":\"" + T + "\","
        + "\"name\":\"row\",\"description\":\"a row\",\"pattern\":\"[ipv4-addr:value = '10.0.0.1']\",\"pattern_type\":\"stix\","
        + "\"valid_from\":\"2016-01-01T00:00:00Z\"" + extra + "}";
  }

  private static String marks(String... markings) {
    return markings.length == 0 ? "" : ",\"object_marking_refs\":[\"" + String.join("\",\"", markings) + "\"]";
  }

  private static Map<String, String> expect(String b, String c) {
    Map<String, String> m = new HashMap<>();
    m.put("b", b);
    m.put("c", c);
    return m;
  }

  private String row(UUID collection, String type, Map<String, String> expected, Function<String, String> body,
      List<String> bodies) {
    String id = newId(type);
    rows.add(new Row(id, collection, expected));
    bodies.add(body.apply(id));
    return id;
  }

  private static void add(UUID collection, String auth, List<String> objects) {
    Reply r = post("/api1/collections/" + collection + "/objects/", auth, envelope(objects.toArray(new String[0])));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(202);
    if (auth.equals(admin())) {
      assertThat(r.json().get("success_count").asInt()).as(r.raw().body()).isEqualTo(objects.size());
      return;
    }
    // a peer never reads back what it sent (echo), so its status stays masked and may answer before the
    // objects are stored: wait until the administrator reads them
    for (String o : objects) {
      String id = o.substring(o.indexOf("\"id\":\"") + 6, o.indexOf('"', o.indexOf("\"id\":\"") + 6));
      for (int i = 0; i < 200 && get("/api1/collections/" + collection + "/objects/" + id + "/", admin()).status() != 200; i++) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
      }
    }
  }

  @Test
  void everyRow_tlpUnmarkedMarkingsReferencesAndRelay_readersGetExactlyTheirRowsAndNoWithheldId() throws Exception {
    UUID shared = newCollection();
    UUID in = newCollection();
    peer("b");
    peer("c");
    peer("d");
    // b: up to green, unmarked withheld; reads what c and d sent in `in` up to amber
    agree("b", "{\"share\":[{\"collection\":\"" + shared + "\",\"max_tlp\":\"green\"},{\"collection\":\"" + in
        + "\",\"max_tlp\":\"amber\"}]}");
    // c: up to amber, unmarked as clear; sends into `in` without relay, and reads `in` too (its own objects are echoes)
    agree("c", "{\"share\":[{\"collection\":\"" + shared + "\",\"max_tlp\":\"amber\",\"unmarked\":\"clear\"},{\"collection\":\"" + in
        + "\",\"max_tlp\":\"amber\"}],\"accept\":[{\"collection\":\"" + in + "\"}],\"relay\":false}");
    // d: sends into `in` with relay on; reads nothing
    agree("d", "{\"accept\":[{\"collection\":\"" + in + "\"}],\"relay\":true}");

    List<String> local = new ArrayList<>();
    String statement = row(shared, "marking-definition", expect(null, null), id -> "{\"type\":\"marking-definition\",\"spec_version\":\"2.1\","
        + "\"id\":\"" + id + "\",\"created\":\"" + T + "\",\"definition_type\":\"statement\",\"definition\":{\"statement\":\"Copyright row\"}"
        + marks(CLEAR) + "}", local);
    row(shared, "indicator", expect(null, null), id -> indicator(id, marks(W1)), local);
    row(shared, "indicator", expect(null, null), id -> indicator(id, marks(G1)), local);
    row(shared, "indicator", expect("tlp", null), id -> indicator(id, marks(A1)), local);
    row(shared, "indicator", expect("tlp", "tlp"), id -> indicator(id, marks(R1)), local);
    row(shared, "indicator", expect(null, null), id -> indicator(id, marks(CLEAR)), local);
    String green = row(shared, "indicator", expect(null, null), id -> indicator(id, marks(GREEN)), local);
    String amber = row(shared, "indicator", expect("tlp", null), id -> indicator(id, marks(AMBER)), local);
    row(shared, "indicator", expect("tlp", "tlp"), id -> indicator(id, marks(STRICT)), local);
    String red = row(shared, "indicator", expect("tlp", "tlp"), id -> indicator(id, marks(RED)), local);
    row(shared, "indicator", expect("tlp", "tlp"), id -> indicator(id, marks(GREEN, RED)), local); // the most restrictive wins
    row(shared, "indicator", expect("unmarked", null), id -> indicator(id, ""), local);
    row(shared, "indicator", expect(null, null), id -> indicator(id, marks(GREEN, statement)), local); // statements don't restrict
    row(shared, "indicator", expect("unknown-marking", "unknown-marking"), id -> indicator(id, marks(GREEN, newId("marking-definition"))),
        local);
    row(shared, "indicator", expect("granular", null), id -> indicator(id, marks(GREEN)
        + ",\"granular_markings\":[{\"marking_ref\":\"" + AMBER + "\",\"selectors\":[\"description\"]}]"), local);
    row(shared, "indicator", expect(null, null), id -> indicator(id, marks(GREEN)
        + ",\"granular_markings\":[{\"marking_ref\":\"" + CLEAR + "\",\"selectors\":[\"description\"]}]"), local);
    row(shared, "relationship", expect("reference", null), id -> "{\"type\":\"relationship\",\"spec_version\":\"2.1\",\"id\":\"" + id
        + "\",\"created\":\"" + T + "\",\"modified\":\"" + T + "\",\"relationship_type\":\"indicates\",\"source_ref\":\"" + green
        + "\",\"target_ref\":\"" + amber + "\"" + marks(GREEN) + "}", local);
    row(shared, "report", expect("reference", "reference"), id -> "{\"type\":\"report\",\"spec_version\":\"2.1\",\"id\":\"" + id
        + "\",\"created\":\"" + T + "\",\"modified\":\"" + T + "\",\"name\":\"r\",\"published\":\"" + T + "\",\"object_refs\":[\"" + green
        + "\",\"" + red + "\"]" + marks(GREEN) + "}", local);
    String creator = row(shared, "identity", expect("tlp", null), id -> "{\"type\":\"identity\",\"spec_version\":\"2.1\",\"id\":\"" + id
        + "\",\"created\":\"" + T + "\",\"modified\":\"" + T + "\",\"name\":\"someone\",\"identity_class\":\"organization\"" + marks(AMBER) + "}",
        local);
    row(shared, "indicator", expect("reference", null), id -> indicator(id, marks(GREEN) + ",\"created_by_ref\":\"" + creator + "\""), local);
    String later = newId("indicator");
    String waiting = row(shared, "report", expect("reference", "reference"), id -> "{\"type\":\"report\",\"spec_version\":\"2.1\",\"id\":\"" + id
        + "\",\"created\":\"" + T + "\",\"modified\":\"" + T + "\",\"name\":\"r\",\"published\":\"" + T + "\",\"object_refs\":[\"" + later
        + "\"]" + marks(GREEN) + "}", local);
    add(shared, admin(), local);

    // what the source peers send: c without relay, d with it
    List<String> fromC = new ArrayList<>();
    row(in, "indicator", expect(null, "echo"), id -> indicator(id, marks(CLEAR)), fromC);
    row(in, "indicator", expect("relay", "echo"), id -> indicator(id, marks(GREEN)), fromC);
    row(in, "indicator", expect("relay", "echo"), id -> indicator(id, marks(AMBER)), fromC);
    add(in, auth.get("c"), fromC);
    List<String> fromD = new ArrayList<>();
    row(in, "indicator", expect(null, null), id -> indicator(id, marks(W1)), fromD);
    row(in, "indicator", expect(null, null), id -> indicator(id, marks(GREEN)), fromD);
    row(in, "indicator", expect("relay", "relay"), id -> indicator(id, marks(AMBER)), fromD);
    add(in, auth.get("d"), fromD);

    stores.publisher().publishAll();
    check("b");
    check("c");

    // the report's target arrives, servable to both: the report becomes visible as a new arrival
    String before = get("/api1/collections/" + shared + "/objects/", auth.get("b")).raw().headers().firstValue("X-TAXII-Date-Added-Last")
        .orElseThrow();
    rows.add(new Row(later, shared, expect(null, null)));
    rows.replaceAll(r -> r.id().equals(waiting) ? new Row(waiting, shared, expect(null, null)) : r);
    add(shared, admin(), List.of(indicator(later, marks(GREEN))));
    stores.publisher().publishAll();
    check("b");
    check("c");
    JsonNode arrivals = get("/api1/collections/" + shared + "/objects/?added_after=" + before, auth.get("b")).json();
    List<String> arrived = new ArrayList<>();
    for (JsonNode o : arrivals.path("objects")) arrived.add(o.get("id").asText());
    assertThat(arrived).containsExactlyInAnyOrder(later, waiting);
  }

  /** Reads every page the reader can read and compares it with the rows, with explain, and for leaks. */
  private void check(String reader) throws Exception {
    Set<UUID> collections = new HashSet<>();
    for (Row r : rows) collections.add(r.collection());
    Map<String, String> expectedWithheld = new LinkedHashMap<>();
    Set<String> expectedServed = new TreeSet<>();
    for (Row r : rows) {
      String rule = r.expected().get(reader);
      if (rule == null) expectedServed.add(r.id());
      else expectedWithheld.put(r.id(), rule);
    }
    Set<String> read = new TreeSet<>();
    List<JsonNode> bodies = new ArrayList<>();
    for (UUID c : collections) {
      String next = null;
      do {
        String path = "/api1/collections/" + c + "/objects/?limit=3" + (next == null ? "" : "&next=" + next);
        Reply page = get(path, auth.get(reader));
        if (page.status() == 403 || page.status() == 404) break; // a collection the reader has no right to
        assertThat(page.status()).as(path).isEqualTo(200);
        JsonNode env = page.json();
        boolean more = env.path("more").asBoolean(false);
        assertThat(!more || env.path("objects").size() > 0).as("a page is never empty while more is true").isTrue();
        for (JsonNode o : env.path("objects")) {
          read.add(o.get("id").asText());
          bodies.add(o);
        }
        next = more ? env.get("next").asText() : null;
      } while (next != null);
    }
    assertThat(read).as(reader + " reads over TAXII").isEqualTo(expectedServed);

    // policy explain: its served list is what TAXII served; each withheld row names its rule
    Set<String> explainedServed = new TreeSet<>();
    Map<String, String> explainedWithheld = new HashMap<>();
    for (UUID c : collections) {
      new Explanations(stores.db()).explain(names.get(reader), c, null, e -> explainedServed.add(e.id()),
          e -> explainedWithheld.put(e.id(), e.rule()));
    }
    assertThat(explainedServed).as(reader + " explain served").isEqualTo(read);
    for (Map.Entry<String, String> e : expectedWithheld.entrySet()) {
      assertThat(explainedWithheld.get(e.getKey())).as(reader + " rule for " + e.getKey()).isEqualTo(e.getValue());
    }

    // no withheld identifier anywhere in what was served
    for (JsonNode body : bodies) {
      Matcher m = ID.matcher(body.toString());
      while (m.find()) {
        String id = m.group();
        assertThat(TLP.contains(id) || read.contains(id)).as(reader + " sees " + id + " in " + body.get("id").asText()).isTrue();
      }
    }

    // a withheld object by id, its versions and the manifest answer as for an object that does not exist
    for (Row r : rows) {
      if (r.expected().get(reader) == null) continue;
      String base = "/api1/collections/" + r.collection() + "/objects/";
      Reply byId = get(base + r.id() + "/", auth.get(reader));
      Reply none = get(base + newId("indicator") + "/", auth.get(reader));
      assertThat(byId.status()).as(r.id()).isEqualTo(none.status());
      assertThat(get(base + r.id() + "/versions/", auth.get(reader)).status()).isEqualTo(
          get(base + newId("indicator") + "/versions/", auth.get(reader)).status());
    }
    for (UUID c : collections) {
      Reply manifest = get("/api1/collections/" + c + "/manifest/", auth.get(reader));
      if (manifest.status() != 200) continue;
      for (JsonNode m : manifest.json().path("objects")) assertThat(read).contains(m.get("id").asText());
    }
  }
}
