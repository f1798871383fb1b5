package dev.parley.store.browse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Json;
import dev.parley.store.Database;
import dev.parley.store.collections.Collection;
import dev.parley.store.collections.CollectionStore;
import dev.parley.store.objects.NewObject;
import dev.parley.store.objects.ObjectQuery;
import dev.parley.store.objects.ObjectStore;
import dev.parley.store.objects.VersionFilter;
import dev.parley.store.objects.WriteHook;
import dev.parley.store.testing.TestDatabases;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The web interface's collection pages (issue 13): filters by type and TLP find the few objects
 * that match in a large collection from indexes, in insertion order, latest versions only.
 */
class BrowseStoreTest {
  static final String RED = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";
  static final String GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
  private final Database db = TestDatabases.fresh();
  private final BrowseStore browse = new BrowseStore(db);
  private final ObjectStore objects = new ObjectStore(db, WriteHook.NONE);
  private final UUID collection = UUID.randomUUID();

  BrowseStoreTest() {
    new CollectionStore(db).create(new Collection(collection, "api1", "t", null, null));
  }

  private static NewObject object(String type, String id, String modified, String marking) throws Exception {
    String marks = marking == null ? "" : ",\"object_marking_refs\":[\"" + marking + "\"]";
    String extra = type.equals("sighting") ? ",\"sighting_of_ref\":\"indicator--" + UUID.randomUUID() + "\"" : ",\"name\":\"n\",\"is_family\":false";
    ObjectNode o = (ObjectNode) Json.mapper().readTree("{\"type\":\"" + type + "\",\"spec_version\":\"2.1\",\"id\":\"" + id
        + "\",\"created\":\"2020-01-01T00:00:00.000Z\",\"modified\":\"" + modified + "\"" + extra + marks + "}");
    return NewObject.of(o);
  }

  private List<String> ids(List<BrowseStore.Item> items) {
    return items.stream().map(BrowseStore.Item::stixId).toList();
  }

  private void indexAll() {
    while (browse.indexSearch(10_000) > 0) {
      // until every member is indexed
    }
  }

  @Test
  void typeFilter_oneOrSeveralTypes_latestVersionsInInsertionOrder() throws Exception {
    List<NewObject> batch = new ArrayList<>();
    List<String> sightings = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      if (i % 100 == 7) {
        String id = "sighting--" + UUID.randomUUID();
        sightings.add(id);
        batch.add(object("sighting", id, "2020-01-01T00:00:00.000Z", null));
      } else {
        batch.add(object("malware", "malware--" + UUID.randomUUID(), "2020-01-01T00:00:00.000Z", null));
      }
    }
    objects.add(collection, batch);
    // a newer version of the first sighting: only it is listed, in its new place
    objects.add(collection, List.of(object("sighting", sightings.get(0), "2021-01-01T00:00:00.000Z", null)));
    List<String> expected = List.of(sightings.get(1), sightings.get(2), sightings.get(0));

    BrowseStore.Filter one = new BrowseStore.Filter(List.of("sighting"), List.of(), null, null, null);
    assertThat(ids(browse.list(collection, null, 0, 100, one).items())).containsExactlyElementsOf(expected);
    BrowseStore.ItemPage first = browse.list(collection, null, 0, 2, one);
    assertThat(first.more()).isTrue();
    BrowseStore.ItemPage rest = browse.list(collection, null, first.items().get(1).seq(), 2, one);
    assertThat(ids(rest.items())).containsExactly(sightings.get(0));
    assertThat(rest.more()).isFalse();

    BrowseStore.Filter two = new BrowseStore.Filter(List.of("sighting", "indicator"), List.of(), null, null, null);
    assertThat(ids(browse.list(collection, null, 0, 100, two).items())).containsExactlyElementsOf(expected);
    // newest first, latest versions only
    assertThat(ids(browse.recent(collection, null, "sighting", 2))).containsExactly(sightings.get(0), sightings.get(2));
    assertThat(browse.recent(collection, null, "indicator", 10)).isEmpty();
    // the types it holds, for the type filter's choices
    assertThat(browse.types(collection, null)).containsExactly("malware", "sighting");
    assertThat(browse.types(UUID.randomUUID(), null)).isEmpty();
  }

  /**
   * Bulk search's look-up: only whole values count, and the limit applies to holders. Regression:
   * the first 50 objects whose text merely contained the value were read and then checked, so 60
   * objects naming 10.0.0.10 to 10.0.0.169 hid the one that names 10.0.0.1.
   */
  @Test
  void holding_wholeValuesOnly_limitCountsHolders() throws Exception {
    List<NewObject> batch = new ArrayList<>();
    for (int i = 0; i < 60; i++) batch.add(named("seen at 10.0.0.1" + i));
    batch.add(named("seen at 10.0.0.1-staging and a.10.0.0.1 and 10.0.0.1.example"));
    NewObject holder = named("seen at 10.0.0.1. Then left.");
    batch.add(holder);
    batch.add(named("c2 (10.0.0.1)"));
    batch.add(named("path c:\\temp\\x.exe and [brackets]+"));
    objects.add(collection, batch);
    indexAll();
    List<BrowseStore.Item> held = browse.holding(collection, null, "10.0.0.1", 2);
    assertThat(held).hasSize(2);
    assertThat(held.get(0).stixId()).isEqualTo(holder.stixId());
    assertThat(browse.holding(collection, null, "10.0.0.15", 50)).hasSize(1);
    assertThat(browse.holding(collection, null, "0.0.1", 50)).isEmpty();
    // regular-expression characters in a value are matched as themselves
    assertThat(browse.holding(collection, null, "c:\\temp\\x.exe", 50)).hasSize(1);
    assertThat(browse.holding(collection, null, "c:\\temp\\xyexe", 50)).isEmpty();
    assertThat(browse.holding(collection, null, "[brackets]+", 50)).hasSize(1);
    // a pasted value as long as a request allows, every character one a regular expression reads: found nowhere, no error
    String hostile = "(.*)+[^a]{1,9}|\\".repeat(1_000).substring(0, BrowseStore.MAX_HELD_VALUE);
    assertThat(browse.holding(collection, null, hostile, 50)).isEmpty();
    // a longer one is refused before it reaches the database (which would refuse its expression as too complex)
    assertThatThrownBy(() -> browse.holding(collection, null, hostile + "x", 50)).isInstanceOf(IllegalArgumentException.class);
  }

  private static NewObject named(String name) throws Exception {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("type", "malware").put("spec_version", "2.1").put("id", "malware--" + UUID.randomUUID())
        .put("created", "2020-01-01T00:00:00.000Z").put("modified", "2020-01-01T00:00:00.000Z").put("name", name).put("is_family", false);
    return NewObject.of(o);
  }

  /** The dashboard's figures are kept between views, and every add, new version and delete is seen at once. */
  @Test
  void countsAndDays_keptUntilTheCollectionChanges_exactAfterEveryChange() throws Exception {
    String a = "malware--" + UUID.randomUUID();
    objects.add(collection, List.of(object("malware", a, "2020-01-01T00:00:00.000Z", null),
        object("malware", "malware--" + UUID.randomUUID(), "2020-01-01T00:00:00.000Z", null)));
    assertThat(browse.countLatest(collection, null)).isEqualTo(2);
    assertThat(browse.countLatest(collection, null)).isEqualTo(2);
    assertThat(browse.additionsPerDay(collection, null)).singleElement().extracting(BrowseStore.DayCount::count).isEqualTo(2L);
    // a new version: one more member, the same number of latest versions
    objects.add(collection, List.of(object("malware", a, "2021-01-01T00:00:00.000Z", null)));
    assertThat(browse.countLatest(collection, null)).isEqualTo(2);
    assertThat(browse.additionsPerDay(collection, null)).singleElement().extracting(BrowseStore.DayCount::count).isEqualTo(3L);
    objects.add(collection, List.of(object("malware", "malware--" + UUID.randomUUID(), "2020-01-01T00:00:00.000Z", null)));
    assertThat(browse.countLatest(collection, null)).isEqualTo(3);
    objects.delete(collection, a, VersionFilter.ALL, ObjectQuery.ANY_SPEC_VERSION);
    assertThat(browse.countLatest(collection, null)).isEqualTo(2);
    assertThat(browse.additionsPerDay(collection, null)).singleElement().extracting(BrowseStore.DayCount::count).isEqualTo(2L);
    // what another instance counts (no figures kept) agrees
    assertThat(new BrowseStore(db).countLatest(collection, null)).isEqualTo(2);
  }

  @Test
  void tlpFilter_findsMarkedObjectsOnceIndexed() throws Exception {
    List<NewObject> batch = new ArrayList<>();
    List<String> red = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String id = "malware--" + UUID.randomUUID();
      String marking = i % 50 == 3 ? RED : i % 2 == 0 ? GREEN : null;
      if (marking == RED) red.add(id);
      batch.add(object("malware", id, "2020-01-01T00:00:00.000Z", marking));
    }
    objects.add(collection, batch);
    indexAll();
    BrowseStore.Filter onlyRed = new BrowseStore.Filter(List.of(), List.of(RED), null, null, null);
    assertThat(ids(browse.list(collection, null, 0, 100, onlyRed).items())).containsExactlyElementsOf(red);
    BrowseStore.Filter redOrGreen = new BrowseStore.Filter(List.of(), List.of(RED, GREEN), null, null, null);
    assertThat(browse.list(collection, null, 0, 1000, redOrGreen).items()).hasSize(100 + red.size());
    // with a type that nothing has, nothing
    BrowseStore.Filter both = new BrowseStore.Filter(List.of("indicator"), List.of(RED), null, null, null);
    assertThat(browse.list(collection, null, 0, 100, both).items()).isEmpty();
  }

  /** Regression: ATT&CK-shaped content is looked up by its public ids and other names, which V40 did not index. */
  @Test
  void textSearch_externalIdsAndAliases_found() throws Exception {
    String technique = "attack-pattern--" + UUID.randomUUID();
    String group = "intrusion-set--" + UUID.randomUUID();
    String tool = "tool--" + UUID.randomUUID();
    ObjectNode t = (ObjectNode) Json.mapper().readTree("{\"type\":\"attack-pattern\",\"spec_version\":\"2.1\",\"id\":\"" + technique
        + "\",\"created\":\"2020-01-01T00:00:00.000Z\",\"modified\":\"2020-01-01T00:00:00.000Z\",\"name\":\"Valve Tampering\","
        + "\"external_references\":[{\"source_name\":\"example-kb\",\"external_id\":\"T9101\"},\"not an object\",{\"source_name\":\"x\"}]}");
    ObjectNode g = (ObjectNode) Json.mapper().readTree("{\"type\":\"intrusion-set\",\"spec_version\":\"2.1\",\"id\":\"" + group
        + "\",\"created\":\"2020-01-01T00:00:00.000Z\",\"modified\":\"2020-01-01T00:00:00.000Z\",\"name\":\"Harbor Heron\","
        + "\"aliases\":[\"Harbor Heron\",\"MUDLARK\"]}");
    ObjectNode w = (ObjectNode) Json.mapper().readTree("{\"type\":\"tool\",\"spec_version\":\"2.1\",\"id\":\"" + tool
        + "\",\"created\":\"2020-01-01T00:00:00.000Z\",\"modified\":\"2020-01-01T00:00:00.000Z\",\"name\":\"PortPeek\","
        + "\"x_mitre_aliases\":[\"SALTMARSH\"],\"external_references\":\"not a list\"}");
    objects.add(collection, List.of(NewObject.of(t), NewObject.of(g), NewObject.of(w)));
    indexAll();
    assertThat(ids(browse.list(collection, null, 0, 10, text("t9101")).items())).containsExactly(technique);
    assertThat(ids(browse.list(collection, null, 0, 10, text("mudlark")).items())).containsExactly(group);
    assertThat(ids(browse.list(collection, null, 0, 10, text("saltmarsh")).items())).containsExactly(tool);
    // the source name is not an identifier of the object
    assertThat(browse.list(collection, null, 0, 10, text("example-kb")).items()).isEmpty();
  }

  private static BrowseStore.Filter text(String text) {
    return new BrowseStore.Filter(List.of(), List.of(), null, null, text);
  }
}
