package dev.parley.cli;

import static dev.parley.cli.TestCli.file;
import static dev.parley.cli.TestCli.newCollection;
import static dev.parley.cli.TestCli.newId;
import static dev.parley.cli.TestCli.run;
import static dev.parley.cli.TestCli.stores;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Json;
import dev.parley.store.objects.ObjectQuery;
import dev.parley.store.objects.ObjectRow;
import dev.parley.store.objects.VersionFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code parley agreement set/show} and {@code parley policy explain} on a data folder. */
class AgreementCommandTest {
  private static final String GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
  private static final String AMBER = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421";

  private static String peer() {
    String name = "p" + UUID.randomUUID().toString().substring(0, 8);
    TestCli.Result r = run("peer", "add", name, "--url", "http://127.0.0.1:1/api1/");
    assertThat(r.code()).as(r.err()).isZero();
    return name;
  }

  private static String marked(String id, String marking) {
    return TestCli.indicator(id, "2020-01-01T00:00:00.000Z").replace("{\"type\"", "{\"object_marking_refs\":[\"" + marking + "\"],\"type\"");
  }

  @Test
  void set_validFile_installsVersionsAndGivesExactlyItsRights() throws Exception {
    String peer = peer();
    String c = newCollection();
    var f = file(peer + ".json", "{\"share\":[{\"collection\":\"" + c + "\",\"max_tlp\":\"green\"}],\"accept\":[{\"collection\":\"" + c + "\"}]}");
    TestCli.Result r = run("agreement", "set", peer, f.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("installed version 1");
    assertThat(run("agreement", "set", peer, f.toString()).out()).contains("unchanged: version 1");
    JsonNode shown = Json.mapper().readTree(run("agreement", "show", peer, "--format", "json").out());
    assertThat(shown.get("version").asInt()).isEqualTo(1);
    assertThat(shown.get("sha256").asText()).hasSize(64);
    String id = stores().collections().resolve(c).orElseThrow().id().toString();
    assertThat(shown.get("agreement").get("share").get(0).get("collection").asText()).isEqualTo(id);
    var account = stores().accounts().list().stream().filter(a -> a.name().equals(peer)).findFirst().orElseThrow();
    assertThat(account.rights()).containsOnlyKeys(id);
    assertThat(account.canRead(id)).isTrue();
    assertThat(account.canWrite(id)).isTrue();
    // the text form prints the canonical form whose SHA-256 it names (it printed indented JSON)
    String text = run("agreement", "show", peer).out();
    String canonical = text.lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(canonical.getBytes(StandardCharsets.UTF_8)))).isEqualTo(shown.get("sha256").asText());
  }

  /**
   * {@code agreement set} returns once the peer's feed follows the new version: what the peer reads
   * then (its feed, as TAXII serves it) is what {@code policy explain} lists, with no publisher run
   * in between (hostile run 10ac read 856 of 17,208 objects while a node's own publisher rebuilt them).
   */
  @Test
  void set_returnsWithThePeersFeedBuilt() throws Exception {
    String peer = peer();
    String c = newCollection();
    String green = newId("indicator");
    String amber = newId("indicator");
    assertThat(run("import", file(peer + "-m.jsonl", marked(green, GREEN) + "\n" + marked(amber, AMBER) + "\n").toString(),
        "--collection", c, "--quiet").code()).isZero();
    TestCli.Result r = run("agreement", "set", peer,
        file(peer + ".json", "{\"share\":[{\"collection\":\"" + c + "\",\"max_tlp\":\"green\"}]}").toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("every peer's feed follows it");
    int peerId = stores().peers().find(peer).orElseThrow().id();
    UUID collection = stores().collections().resolve(c).orElseThrow().id();
    var q = new ObjectQuery(collection, 0, null, 100, List.of(), List.of(),
        VersionFilter.ALL, ObjectQuery.ANY_SPEC_VERSION, false, peerId);
    assertThat(stores().objects().page(q).rows()).extracting(ObjectRow::stixId).containsExactly(green);
  }

  /**
   * {@code peer remove} ends the agreement (an empty version, logged): a peer added again under the
   * name starts with nothing, {@code policy explain} agrees with its rights, and installing the old
   * file again gives them back. Before, the old terms stayed "in force" while the new account had
   * no rights, and the same file was "unchanged" (found by an independent three-node run).
   */
  @Test
  void peerRemovedAndAddedAgain_startsWithNothing_oldFileInstallsAgain() throws Exception {
    String peer = peer();
    String c = newCollection();
    String green = newId("indicator");
    assertThat(run("import", file(peer + "-g.jsonl", marked(green, GREEN) + "\n").toString(), "--collection", c, "--quiet").code())
        .isZero();
    var f = file(peer + ".json", "{\"share\":[{\"collection\":\"" + c + "\",\"max_tlp\":\"green\"}]}");
    assertThat(run("agreement", "set", peer, f.toString()).code()).isZero();
    TestCli.Result removed = run("peer", "remove", peer);
    assertThat(removed.out()).as(removed.err()).contains("ended its agreement");
    assertThat(run("peer", "add", peer, "--url", "http://127.0.0.1:1/api1/").code()).isZero();

    JsonNode shown = Json.mapper().readTree(run("agreement", "show", peer, "--format", "json").out());
    assertThat(shown.get("version").asInt()).isEqualTo(2);
    assertThat(shown.get("agreement").get("share")).isEmpty();
    JsonNode explained = Json.mapper().readTree(run("policy", "explain", "--peer", peer, "--format", "json").out());
    assertThat(explained.get("served")).isEmpty();
    var account = stores().accounts().list().stream().filter(a -> a.name().equals(peer)).findFirst().orElseThrow();
    assertThat(account.rights()).isEmpty();

    TestCli.Result again = run("agreement", "set", peer, f.toString());
    assertThat(again.out()).contains("installed version 3");
    String id = stores().collections().resolve(c).orElseThrow().id().toString();
    account = stores().accounts().list().stream().filter(a -> a.name().equals(peer)).findFirst().orElseThrow();
    assertThat(account.canRead(id)).isTrue();
    explained = Json.mapper().readTree(run("policy", "explain", "--peer", peer, "--format", "json").out());
    assertThat(explained.get("served")).extracting(o -> o.get("id").asText()).containsExactly(green);
  }

  /**
   * The feedback collection holds every peer's feedback: shared, it would be judged by the share
   * rules instead of by whose indicator each sighting is of (an independent run found a peer then
   * read nothing of its own; a looser share could serve it others'). Refused, located.
   */
  @Test
  void set_sharesTheFeedbackCollection_refusedAndTheAgreementInForceStays() {
    String peer = peer();
    String c = newCollection();
    assertThat(run("agreement", "set", peer, file(peer + "-ok.json", "{\"share\":[{\"collection\":\"" + c + "\",\"max_tlp\":\"green\"}],"
        + "\"feedback\":[\"sighting\"]}").toString()).code()).isZero();
    if (stores().collections().resolve("feedback").isEmpty()) {
      assertThat(run("collection", "create", "--title", "Feedback", "--alias", "feedback").code()).isZero();
    }
    TestCli.Result r = run("agreement", "set", peer, file(peer + "-fb.json", "{\"share\":[{\"collection\":\"" + c
        + "\",\"max_tlp\":\"green\"},{\"collection\":\"feedback\",\"max_tlp\":\"amber\"}],\"feedback\":[\"sighting\"]}").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("/share/1/collection").contains("never shared").contains("stays");
    assertThat(run("agreement", "show", peer).out()).contains("version 1");
    // nor does a peer write there: a hostile run had peer C post a forged sighting of B's indicator into
    // it (accept), which B then read as this node's report
    TestCli.Result accept = run("agreement", "set", peer, file(peer + "-acc.json", "{\"accept\":[{\"collection\":\"" + c
        + "\"},{\"collection\":\"feedback\"}]}").toString());
    assertThat(accept.code()).isEqualTo(1);
    assertThat(accept.err()).contains("/accept/1/collection").contains("takes no peer's objects");
    TestCli.Result into = run("agreement", "set", peer, file(peer + "-into.json", "{\"receive\":[{\"collection\":\"theirs\","
        + "\"into\":\"feedback\"}]}").toString());
    assertThat(into.code()).isEqualTo(1);
    assertThat(into.err()).contains("/receive/0/into");
    // every such entry is named, not only the first (a hostile run read the accept one alone)
    TestCli.Result both = run("agreement", "set", peer, file(peer + "-both.json", "{\"accept\":[{\"collection\":\"feedback\"}],"
        + "\"receive\":[{\"collection\":\"r\",\"into\":\"feedback\"}]}").toString());
    assertThat(both.code()).isEqualTo(1);
    assertThat(both.err()).contains("/accept/0/collection").contains("/receive/0/into").contains("(2 problems)");
    assertThat(run("agreement", "show", peer).out()).contains("version 1");
  }

  /**
   * The sightings collection is never shared: its observed-data and SCOs are the evidence of every
   * sighting, whoever's indicator matched, and name no sighting, so the share rules, which withhold the
   * sighting of an indicator the peer may not read, would serve its evidence, and with it the
   * indicator's value (hostile run 12ah: a third peer's indicator, given without relay, read so).
   * Refused, located, by its alias or its id; the agreement in force stays.
   */
  @Test
  void set_sharesTheSightingsCollection_refusedAndTheAgreementInForceStays() {
    String peer = peer();
    String c = newCollection();
    assertThat(run("agreement", "set", peer, file(peer + "-ok.json", "{\"share\":[{\"collection\":\"" + c + "\",\"max_tlp\":\"green\"}],"
        + "\"feedback\":[\"sighting\"]}").toString()).code()).isZero();
    if (stores().collections().resolve("sightings").isEmpty()) {
      assertThat(run("collection", "create", "--title", "Sightings", "--alias", "sightings").code()).isZero();
    }
    String id = stores().collections().resolve("sightings").orElseThrow().id().toString();
    for (String named : List.of("sightings", id)) {
      TestCli.Result r = run("agreement", "set", peer, file(peer + "-s.json", "{\"share\":[{\"collection\":\"" + c
          + "\",\"max_tlp\":\"green\"},{\"collection\":\"" + named + "\",\"max_tlp\":\"amber\",\"unmarked\":\"amber\"}]}").toString());
      assertThat(r.code()).as(named).isEqualTo(1);
      assertThat(r.err()).as(named).contains("/share/1/collection").contains("'sightings' is never shared").contains("evidence")
          .contains("\"feedback\": [\"sighting\"]").contains("stays");
    }
    // nor pushed, nor written by a peer (hostile run 12ai: a peer's forged sighting stored there under this node's identity)
    TestCli.Result writes = run("agreement", "set", peer, file(peer + "-w.json", "{\"accept\":[{\"collection\":\"sightings\"}],"
        + "\"receive\":[{\"collection\":\"theirs\",\"into\":\"sightings\"}],\"push\":[{\"collection\":\"sightings\",\"to\":\"theirs\"}]}")
        .toString());
    assertThat(writes.code()).isEqualTo(1);
    assertThat(writes.err()).contains("/accept/0/collection").contains("/receive/0/into").contains("/push/0/collection")
        .contains("(3 problems)");
    assertThat(run("agreement", "show", peer).out()).contains("version 1");
  }

  @Test
  void set_badFile_everyProblemLocatedAndTheAgreementInForceStays() {
    String peer = peer();
    String c = newCollection();
    assertThat(run("agreement", "set", peer, file(peer + "-ok.json", "{\"share\":[{\"collection\":\"" + c + "\",\"max_tlp\":\"green\"}]}")
        .toString()).code()).isZero();
    TestCli.Result r = run("agreement", "set", peer, file(peer + "-bad.json",
        "{\"share\":[{\"collection\":\"no-such\",\"max_tlp\":\"red\"}],\"relai\":true}").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("/share/0/collection").contains("/share/0/max_tlp").contains("/relai").contains("stays");
    assertThat(run("agreement", "show", peer).out()).contains("version 1");
    // a file past the bound is refused before it is parsed (one of 24 MB took 16 s and 790 MB)
    String types = "\"x-t\"," .repeat(60_000);
    TestCli.Result big = run("agreement", "set", peer, file(peer + "-big.json", "{\"share\":[{\"collection\":\"" + c
        + "\",\"max_tlp\":\"green\",\"types\":[" + types + "\"indicator\"]}]}").toString());
    assertThat(big.code()).isEqualTo(1);
    assertThat(big.err()).contains("at most 256 KiB").contains("stays");
    assertThat(run("agreement", "show", peer).out()).contains("version 1");
    assertThat(run("agreement", "set", "no-such-peer", file("x.json", "{}").toString()).code()).isEqualTo(1);
    // RFC 8259 §8.1: UTF-8 only; a byte that is not is refused where it is, never replaced (a hostile run's 0xFF was installed as U+FFFD)
    Path latin = file(peer + "-latin.json", "");
    try {
      Files.write(latin, ("{\"share\":[{\"collection\":\"" + c + "\",\"max_tlp\":\"green\"}],\n\"push\":[{\"collection\":\""
          + c + "\",\"to\":\"x").getBytes(StandardCharsets.UTF_8));
      Files.write(latin, new byte[] {(byte) 0xff, 'y', '"', '}', ']', '}'}, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TestCli.Result notUtf8 = run("agreement", "set", peer, latin.toString());
    assertThat(notUtf8.code()).isEqualTo(1);
    assertThat(notUtf8.err()).contains("line 2, column " + (("\"push\":[{\"collection\":\"" + c + "\",\"to\":\"x").length() + 1))
        .contains("byte 0xFF is not UTF-8").contains("stays");
    assertThat(run("agreement", "show", peer).out()).contains("version 1");
  }

  @Test
  void explain_servedAndWithheldWithTheirRules() throws Exception {
    String peer = peer();
    String c = newCollection();
    String other = newCollection();
    String green = newId("indicator");
    String amber = newId("indicator");
    String hidden = newId("indicator");
    assertThat(run("import", file(peer + ".jsonl", marked(green, GREEN) + "\n" + marked(amber, AMBER) + "\n").toString(),
        "--collection", c, "--quiet").code()).isZero();
    assertThat(run("import", file(peer + "-o.jsonl", marked(hidden, GREEN) + "\n").toString(), "--collection", other, "--quiet")
        .code()).isZero();
    run("agreement", "set", peer, file(peer + "-a.json", "{\"share\":[{\"collection\":\"" + c + "\",\"max_tlp\":\"green\"}]}").toString());
    TestCli.Result r = run("policy", "explain", "--peer", peer);
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode e = Json.mapper().readTree(r.out());
    assertThat(e.get("peer").asText()).isEqualTo(peer);
    assertThat(ids(e.get("served"))).containsExactly(green);
    List<String> withheld = new ArrayList<>();
    for (JsonNode w : e.get("withheld")) withheld.add(w.get("id").asText() + " " + w.get("rule").asText());
    assertThat(withheld).contains(amber + " tlp", hidden + " collection");
    // an --object that is no identifier is a usage error, not an empty answer
    TestCli.Result notAnId = run("policy", "explain", "--peer", peer, "--object", "not-an-id");
    assertThat(notAnId.code()).isEqualTo(2);
    assertThat(notAnId.err()).contains("STIX identifier");
    JsonNode narrowed = Json.mapper().readTree(run("policy", "explain", "--peer", peer, "--collection", c, "--object", amber).out());
    assertThat(narrowed.get("served")).isEmpty();
    assertThat(ids(narrowed.get("withheld"))).containsExactly(amber);
  }

  private static List<String> ids(JsonNode list) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : list) out.add(n.get("id").asText());
    return out;
  }
}
