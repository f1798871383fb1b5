package dev.parley.cli;

import static dev.parley.cli.TestCli.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Json;
import dev.parley.store.objects.ObjectQuery;
import dev.parley.store.objects.VersionFilter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 12, "Matching and sightings": {@code parley detect --data DIR --collection C [--store]}, and "Idempotent". */
class DetectWithNodeTest {

  private static String indicator(String id, String modified, String pattern, boolean revoked) {
    return "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"created\":\"2016-01-01T00:00:00.000Z\","
        + "\"modified\":\"" + modified + "\",\"name\":\"x\",\"pattern\":\"" + pattern + "\","
        + "\"pattern_type\":\"stix\",\"valid_from\":\"2016-01-01T00:00:00Z\"" + (revoked ? ",\"revoked\":true" : "") + "}";
  }

  /** ECS documents: {@code hits} connections to 198.51.100.7 and one elsewhere, each a distinct record. */
  private static Path telemetry(String name, int hits) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < hits; i++) {
      b.append("{\"@timestamp\":\"2025-11-30T10:00:0").append(i).append("Z\",\"source\":{\"ip\":\"10.0.0.5\",\"port\":").append(40000 + i)
          .append("},\"destination\":{\"ip\":\"198.51.100.7\",\"port\":443}}\n");
    }
    b.append("{\"@timestamp\":\"2025-11-30T10:00:09Z\",\"source\":{\"ip\":\"10.0.0.5\"},\"destination\":{\"ip\":\"192.0.2.1\"}}\n");
    return file(name, b.toString());
  }

  private static String importIndicators(String... objects) {
    String c = newCollection();
    Result r = run("import", file(c + ".jsonl", String.join("\n", objects) + "\n").toString(), "--collection", c, "--quiet");
    assertThat(r.code()).as(r.err()).isZero();
    return c;
  }

  private static long sightingsStored() {
    var c = stores().collections().resolve("sightings");
    if (c.isEmpty()) return 0;
    return stores().objects().page(new ObjectQuery(c.get().id(), 0, null, 10_000, List.of(), List.of("sighting"), VersionFilter.ALL,
        ObjectQuery.ANY_SPEC_VERSION, false)).rows().size();
  }

  @Test
  void detect_dataAndStore_countsFromCollectionsStoresAndResendCountsZero() throws Exception {
    String id = newId("indicator");
    String c = importIndicators(indicator(id, "2020-01-01T00:00:00.000Z", "[ipv4-addr:value = '198.51.100.7']", false));
    Path log = telemetry("resend-" + c + ".ndjson", 3);
    long before = sightingsStored();

    Result first = run("detect", "--telemetry", log.toString(), "--telemetry-format", "ecs", "--collection", c, "--store", "--format", "jsonl");
    assertThat(first.code()).as(first.err()).isZero();
    List<JsonNode> objects = new ArrayList<>();
    for (String line : first.out().split("\n")) objects.add(Json.mapper().readTree(line));
    JsonNode sighting = objects.stream().filter(o -> o.get("type").asText().equals("sighting")).findFirst().orElseThrow();
    assertThat(sighting.get("sighting_of_ref").asText()).isEqualTo(id);
    assertThat(sighting.get("count").asInt()).isEqualTo(3);
    assertThat(sighting.get("first_seen").asText()).isEqualTo("2025-11-30T10:00:00Z");
    assertThat(sighting.get("last_seen").asText()).isEqualTo("2025-11-30T10:00:02Z");
    assertThat(first.err()).contains("records read: 4, malformed: 0, repeated: 0").contains("sightings: 1").contains("refused: 0");
    assertThat(sightingsStored()).isEqualTo(before + 1);

    // the same file again: every record was counted within 24 hours, so nothing counts
    Result again = run("detect", "--telemetry", log.toString(), "--telemetry-format", "ecs", "--collection", c, "--store", "--format", "text");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).isBlank();
    assertThat(again.err()).contains("records read: 4, malformed: 0, repeated: 3").contains("sightings: 0");
    assertThat(sightingsStored()).isEqualTo(before + 1);
  }

  /**
   * Idempotency is per record and indicator: the file sent again after a new indicator arrived counts
   * for the new one the records it matches, and for the old one nothing (a hostile run's retro-hunt
   * found no sighting of the new indicator: its records had counted for another).
   */
  @Test
  void detect_store_newIndicatorAfterARun_countsTheSameRecordsForIt_notAgainForTheOld() {
    String old = newId("indicator");
    String c = importIndicators(indicator(old, "2020-01-01T00:00:00.000Z", "[ipv4-addr:value = '198.51.100.7']", false));
    Path log = telemetry("retro-" + c + ".ndjson", 3);
    Result first = run("detect", "--telemetry", log.toString(), "--telemetry-format", "ecs", "--collection", c, "--store", "--format", "text");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("count=3 ");

    String added = newId("indicator");
    Result imported = run("import", file("retro-new-" + c + ".jsonl",
        indicator(added, "2020-01-01T00:00:00.000Z", "[network-traffic:dst_port = 443]", false) + "\n").toString(), "--collection", c, "--quiet");
    assertThat(imported.code()).as(imported.err()).isZero();
    Result again = run("detect", "--telemetry", log.toString(), "--telemetry-format", "ecs", "--collection", c, "--store", "--format", "text");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out().strip().split("\n")).hasSize(1);
    assertThat(again.out()).contains(added).contains("count=3 ").doesNotContain(old);
    assertThat(again.err()).contains("repeated: 0");

    Result third = run("detect", "--telemetry", log.toString(), "--telemetry-format", "ecs", "--collection", c, "--store", "--format", "text");
    assertThat(third.out()).isBlank();
    assertThat(third.err()).contains("repeated: 3");
  }

  /**
   * The same addresses in telemetry of another TLP: the SCOs (ids fixed by their values, no version)
   * are held already under the first run's marking; the second run keeps them, stores its sighting
   * and exits 0 (a hostile run saw "12 sighting objects were refused by the store" and exit 1).
   */
  @Test
  void detect_store_sameValuesUnderAnotherTlp_scosHeldKept_exit0() {
    String c = importIndicators(indicator(newId("indicator"), "2020-01-01T00:00:00.000Z", "[ipv4-addr:value = '198.51.100.7']", false));
    long before = sightingsStored();
    Result green = run("detect", "--telemetry", telemetry("tlp-green-" + c + ".ndjson", 2).toString(), "--telemetry-format", "ecs",
        "--collection", c, "--store", "--tlp", "green", "--format", "text");
    assertThat(green.code()).as(green.err()).isZero();
    Path red = file("tlp-red-" + c + ".ndjson", "{\"@timestamp\":\"2025-12-01T10:00:00Z\",\"source\":{\"ip\":\"10.0.0.5\",\"port\":50000},"
        + "\"destination\":{\"ip\":\"198.51.100.7\",\"port\":443}}\n");
    Result again = run("detect", "--telemetry", red.toString(), "--telemetry-format", "ecs", "--collection", c, "--store", "--tlp", "red",
        "--format", "text");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains("count=1 ").contains("tlp=red");
    assertThat(again.err()).contains("refused: 0").doesNotContain("refused by the store");
    assertThat(sightingsStored()).isEqualTo(before + 2);
  }

  /**
   * "where_sighted_refs (the node's identity …), created_by_ref": the bundle a run over a node writes
   * holds that identity, as stored in the node's sightings collection, with or without {@code --store}
   * (hostile run 12aq D1: a consumer of the bundle could not resolve either reference).
   */
  @Test
  void detect_dataBundle_holdsTheNodesIdentityItsSightingsName() throws Exception {
    String c = importIndicators(indicator(newId("indicator"), "2020-01-01T00:00:00.000Z", "[ipv4-addr:value = '198.51.100.7']", false));
    Path log = telemetry("identity-" + c + ".ndjson", 2);
    for (boolean store : new boolean[] {false, true}) {
      List<String> args = new ArrayList<>(List.of("detect", "--telemetry", log.toString(), "--telemetry-format", "ecs", "--collection", c));
      if (store) args.add("--store");
      Result r = run(args.toArray(String[]::new));
      assertThat(r.code()).as(r.err()).isZero();
      List<JsonNode> objects = new ArrayList<>();
      Json.mapper().readTree(r.out()).get("objects").forEach(objects::add);
      JsonNode sighting = objects.stream().filter(o -> o.get("type").asText().equals("sighting")).findFirst().orElseThrow();
      String who = sighting.get("where_sighted_refs").get(0).asText();
      assertThat(sighting.get("created_by_ref").asText()).isEqualTo(who);
      List<JsonNode> identities = objects.stream().filter(o -> o.get("type").asText().equals("identity")).toList();
      assertThat(identities).as("store " + store).hasSize(1);
      assertThat(identities.get(0).get("id").asText()).isEqualTo(who);
      if (store) {
        var sightings = stores().collections().resolve("sightings").orElseThrow().id();
        var held = stores().objects().page(new ObjectQuery(sightings, 0, null, 1, List.of(who), List.of(), VersionFilter.LAST,
            ObjectQuery.ANY_SPEC_VERSION, true)).rows();
        assertThat(held).hasSize(1);
        assertThat(Json.mapper().readTree(held.get(0).body())).isEqualTo(identities.get(0));
      }
    }
  }

  @Test
  void detect_dataWithoutStore_isADryRunThatRemembersNothing() {
    String c = importIndicators(indicator(newId("indicator"), "2020-01-01T00:00:00.000Z", "[ipv4-addr:value = '198.51.100.7']", false));
    Path log = telemetry("dry-" + c + ".ndjson", 2);
    for (int i = 0; i < 2; i++) {
      Result r = run("detect", "--telemetry", log.toString(), "--telemetry-format", "ecs", "--collection", c, "--format", "text");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("count=2 ");
    }
  }

  /**
   * With a node's indicators, as without: hits dropped past a bound are said with the indicator, and
   * a REPEATS no bounded state could reach is skipped and named (issue 12, a hostile run).
   */
  @Test
  void detect_data_hitsPastTheBoundSaid_uncountableRepeatsSkipped() {
    String chain = newId("indicator");
    String huge = newId("indicator");
    String c = importIndicators(
        indicator(chain, "2020-01-01T00:00:00.000Z",
            "[ipv4-addr:value = '198.51.100.7'] FOLLOWEDBY [domain-name:value = 'x.example'] FOLLOWEDBY [url:value = 'http://x.example/']", false),
        indicator(huge, "2020-01-01T00:00:00.000Z", "[ipv4-addr:value = '198.51.100.7'] REPEATS 70000 TIMES", false));
    StringBuilder b = new StringBuilder();
    Instant t0 = Instant.parse("2025-11-30T10:00:00Z");
    for (int i = 0; i < 1030; i++) {
      b.append("{\"@timestamp\":\"").append(t0.plusSeconds(i)).append("\",\"source\":{\"ip\":\"10.0.0.5\",\"port\":").append(1000 + i)
          .append("},\"destination\":{\"ip\":\"198.51.100.7\",\"port\":443}}\n");
    }
    Result r = run("detect", "--telemetry", file("bound-" + c + ".ndjson", b.toString()).toString(), "--telemetry-format", "ecs",
        "--collection", c, "--format", "text");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("parley: indicator " + huge + ": skipped: REPEATS 70000 TIMES")
        .contains("indicators active: 1, skipped: 1 (other pattern types: 0, invalid: 0, REPEATS too large to count: 1, over their source's automaton states: 0)")
        .contains("parley: hits dropped past the per-indicator limit: 6, counts of 1 indicators may be low (" + chain + ";");
  }

  @Test
  void detect_latestVersionRevoked_noSighting() {
    String id = newId("indicator");
    String c = importIndicators(indicator(id, "2020-01-01T00:00:00.000Z", "[ipv4-addr:value = '198.51.100.7']", false),
        indicator(id, "2021-01-01T00:00:00.000Z", "[ipv4-addr:value = '198.51.100.7']", true));
    Result r = run("detect", "--telemetry", telemetry("revoked-" + c + ".ndjson", 2).toString(), "--telemetry-format", "ecs",
        "--collection", c, "--format", "text");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isBlank();
    assertThat(r.err()).contains("indicators active: 0").contains("revoked: 1");
  }

  @Test
  void detect_unknownCollection_exits1NamingIt() {
    Result r = run("detect", "--telemetry", telemetry("unknown.ndjson", 1).toString(), "--telemetry-format", "ecs", "--collection", "no-such");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("no collection with id or alias no-such").doesNotContain("Exception");
  }

  @Test
  void detect_usageErrors_exit2() {
    Path log = telemetry("usage.ndjson", 1);
    Path indicators = file("usage-indicators.json", indicator(newId("indicator"), "2020-01-01T00:00:00.000Z", "[ipv4-addr:value = '1.2.3.4']", false));
    // --store without --data
    assertThat(runExactly("detect", "--telemetry", log.toString(), "--telemetry-format", "ecs", "--indicators", indicators.toString(), "--store").code())
        .isEqualTo(2);
    // both --indicators and --data
    Result both = run("detect", "--telemetry", log.toString(), "--telemetry-format", "ecs", "--indicators", indicators.toString(), "--collection", "x");
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("not both");
    // neither
    assertThat(runExactly("detect", "--telemetry", log.toString(), "--telemetry-format", "ecs").code()).isEqualTo(2);
    // --data without --collection
    assertThat(run("detect", "--telemetry", log.toString(), "--telemetry-format", "ecs").code()).isEqualTo(2);
    // --collection without --data
    assertThat(runExactly("detect", "--telemetry", log.toString(), "--telemetry-format", "ecs", "--indicators", indicators.toString(),
        "--collection", "x").code()).isEqualTo(2);
  }
}
