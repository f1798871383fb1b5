package dev.parley.store.objects;

import dev.parley.stix.Timestamps;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Json;
import dev.parley.store.Database;
import dev.parley.store.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Versions are judged by each collection's own members (ARCHITECTURE.md, "Versions are judged per
 * collection"): what another collection holds never refuses an object nor shows in an outcome, and
 * a conflicting body in the same collection is kept out or replaces the member, as asked.
 * Regression tests for the existence oracle (an outcome that named another collection's version)
 * and for corrected ATT&CK releases that could not be loaded.
 */
class PerCollectionVersionsTest {
  private final Database db = TestDatabases.fresh();
  private final List<String> hooked = new ArrayList<>();
  private final ObjectStore store = new ObjectStore(db, new WriteHook() {
    @Override
    public void stored(Connection tx, UUID c, List<StoredVersion> v) {
      for (StoredVersion s : v) hooked.add("stored " + s.stixId() + "@" + Timestamps.formatVersion(s.version()) + " seq " + s.seq());
    }

    @Override
    public void deleted(Connection tx, UUID c, List<StoredVersion> v) {
      for (StoredVersion s : v) hooked.add("deleted " + s.stixId() + "@" + Timestamps.formatVersion(s.version()) + " seq " + s.seq());
    }
  });

  @AfterEach
  void close() {
    db.close();
  }

  private UUID collection() {
    return TestDatabases.collection(db);
  }

  private static NewObject malware(String id, String modified, String name) {
    return of("{\"type\":\"malware\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"created\":\"2016-01-01T00:00:00.000Z\","
        + "\"modified\":\"" + modified + "\",\"name\":\"" + name + "\",\"is_family\":false}");
  }

  private static NewObject ipv4(String value, String extra) {
    return of("{\"type\":\"ipv4-addr\",\"spec_version\":\"2.1\",\"id\":\"ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd\","
        + "\"value\":\"" + value + "\"" + extra + "}");
  }

  private static NewObject of(String json) {
    try {
      return NewObject.of((ObjectNode) Json.mapper().readTree(json));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private List<String> bodies(UUID c) {
    return store.page(new ObjectQuery(c, 0, null, 100, List.of(), List.of(), VersionFilter.ALL, ObjectQuery.ANY_SPEC_VERSION, true))
        .rows().stream().map(r -> new String(r.body(), StandardCharsets.UTF_8).replaceAll(".*\"name\":\"([^\"]*)\".*", "$1"))
        .toList();
  }

  @Test
  void add_otherBodyHeldByAnotherCollection_storedAndOutcomeNamesNothingOfIt() {
    UUID a = collection();
    UUID b = collection();
    String id = "malware--" + UUID.randomUUID();
    store.add(a, List.of(malware(id, "2020-01-01T00:00:00.000Z", "first")));
    List<AddOutcome> out = store.add(b, List.of(malware(id, "2020-01-01T00:00:00.000Z", "second")));
    assertThat(out).extracting(AddOutcome::kind).containsExactly(AddOutcome.Kind.STORED);
    assertThat(out.get(0).message()).isNull();
    assertThat(bodies(a)).containsExactly("first");
    assertThat(bodies(b)).containsExactly("second");
  }

  @Test
  void add_sameBodyHeldByAnotherCollection_storedNotDuplicate() {
    UUID a = collection();
    UUID b = collection();
    String id = "malware--" + UUID.randomUUID();
    store.add(a, List.of(malware(id, "2020-01-01T00:00:00.000Z", "same")));
    assertThat(store.add(b, List.of(malware(id, "2020-01-01T00:00:00.000Z", "same")))).extracting(AddOutcome::kind)
        .containsExactly(AddOutcome.Kind.STORED);
  }

  @Test
  void add_versionlessObjectHeldElsewhere_versionIsThisCollectionsDateAdded() throws Exception {
    UUID a = collection();
    UUID b = collection();
    AddOutcome first = store.add(a, List.of(ipv4("198.51.100.7", ""))).get(0);
    Thread.sleep(20);
    AddOutcome inB = store.add(b, List.of(ipv4("198.51.100.7", ",\"x_note\":\"other\""))).get(0);
    assertThat(inB.kind()).isEqualTo(AddOutcome.Kind.STORED);
    assertThat(inB.version()).isAfter(first.version());
    assertThat(inB.versioned()).isFalse();
    AddOutcome again = store.add(b, List.of(ipv4("198.51.100.7", ",\"x_note\":\"other\""))).get(0);
    assertThat(again.kind()).isEqualTo(AddOutcome.Kind.DUPLICATE);
    assertThat(again.version()).isEqualTo(inB.version());
  }

  @Test
  void add_otherBodySameCollectionKeep_conflictKeepsMember() {
    UUID a = collection();
    String id = "malware--" + UUID.randomUUID();
    store.add(a, List.of(malware(id, "2020-01-01T00:00:00.000Z", "first")));
    List<AddOutcome> out = store.add(a, List.of(malware(id, "2020-01-01T00:00:00.000Z", "second")), ConflictPolicy.KEEP);
    assertThat(out.get(0).kind()).isEqualTo(AddOutcome.Kind.CONFLICT);
    assertThat(out.get(0).message()).contains("--on-conflict replace").contains("modified");
    assertThat(bodies(a)).containsExactly("first");
  }

  @Test
  void add_otherBodySameCollectionReplace_memberReplacedAndBothInTheLog() {
    UUID a = collection();
    String id = "malware--" + UUID.randomUUID();
    store.add(a, List.of(malware(id, "2020-01-01T00:00:00.000Z", "first")));
    List<AddOutcome> out = store.add(a, List.of(malware(id, "2020-01-01T00:00:00.000Z", "second")), ConflictPolicy.REPLACE);
    assertThat(out.get(0).kind()).isEqualTo(AddOutcome.Kind.REPLACED);
    assertThat(bodies(a)).containsExactly("second");
    assertThat(hooked).containsExactly("stored " + id + "@2020-01-01T00:00:00.000Z seq 1", "deleted " + id + "@2020-01-01T00:00:00.000Z seq 1",
        "stored " + id + "@2020-01-01T00:00:00.000Z seq 2");
    assertThat(latest(a)).containsExactly(id + "@2020-01-01T00:00:00.000Z");
  }

  @Test
  void add_replaceOlderVersion_newerStaysLatest() {
    UUID a = collection();
    String id = "malware--" + UUID.randomUUID();
    store.add(a, List.of(malware(id, "2020-01-01T00:00:00.000Z", "old"), malware(id, "2021-01-01T00:00:00.000Z", "new")));
    store.add(a, List.of(malware(id, "2020-01-01T00:00:00.000Z", "old-corrected")), ConflictPolicy.REPLACE);
    assertThat(latest(a)).containsExactly(id + "@2021-01-01T00:00:00.000Z");
    assertThat(bodies(a)).containsExactly("new", "old-corrected");
  }

  @Test
  void add_twoBodiesOfOneSlotInOneBatch_keepRefusesSecondReplaceKeepsSecond() {
    UUID a = collection();
    UUID b = collection();
    String id = "malware--" + UUID.randomUUID();
    List<NewObject> batch = List.of(malware(id, "2020-01-01T00:00:00.000Z", "one"), malware(id, "2020-01-01T00:00:00.000Z", "two"));
    assertThat(store.add(a, batch, ConflictPolicy.KEEP)).extracting(AddOutcome::kind)
        .containsExactly(AddOutcome.Kind.STORED, AddOutcome.Kind.CONFLICT);
    assertThat(bodies(a)).containsExactly("one");
    assertThat(store.add(b, batch, ConflictPolicy.REPLACE)).extracting(AddOutcome::kind)
        .containsExactly(AddOutcome.Kind.STORED, AddOutcome.Kind.REPLACED);
    assertThat(bodies(b)).containsExactly("two");
    assertThat(latest(b)).containsExactly(id + "@2020-01-01T00:00:00.000Z");
  }

  @Test
  void bulkLoad_replacesAcrossBatches_recentMemoryDoesNotHideThem() {
    UUID a = collection();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 30; i++) ids.add("malware--" + UUID.randomUUID());
    List<NewObject> first = new ArrayList<>();
    for (String id : ids) first.add(malware(id, "2020-01-01T00:00:00.000Z", "v1"));
    RecentMembers recent = new RecentMembers(a);
    for (int i = 0; i < 3; i++) {
      StagedBatch s = store.stage(a, first.subList(i * 10, i * 10 + 10));
      db.inTransaction(tx -> store.add(tx, s, AddMode.of(ConflictPolicy.REPLACE), recent));
      recent.committed();
    }
    List<NewObject> corrected = new ArrayList<>();
    for (String id : ids) corrected.add(malware(id, "2020-01-01T00:00:00.000Z", "v2"));
    List<AddOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      StagedBatch s = store.stage(a, corrected.subList(i * 10, i * 10 + 10));
      outcomes.addAll(db.inTransaction(tx -> store.add(tx, s, AddMode.of(ConflictPolicy.REPLACE), recent)));
      recent.committed();
    }
    assertThat(outcomes).extracting(AddOutcome::kind).containsOnly(AddOutcome.Kind.REPLACED);
    assertThat(bodies(a)).hasSize(30).containsOnly("v2");
    StagedBatch again = store.stage(a, corrected.subList(0, 10));
    List<AddOutcome> repeated = db.inTransaction(tx -> store.add(tx, again, AddMode.of(ConflictPolicy.REPLACE), recent));
    assertThat(repeated).extracting(AddOutcome::kind).containsOnly(AddOutcome.Kind.DUPLICATE);
  }

  private List<String> latest(UUID c) {
    return store.page(new ObjectQuery(c, 0, null, 100, List.of(), List.of(), VersionFilter.LAST, List.of(), false))
        .rows().stream().map(r -> r.stixId() + "@" + Timestamps.formatVersion(r.version())).toList();
  }
}
