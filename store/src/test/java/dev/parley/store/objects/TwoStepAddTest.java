package dev.parley.store.objects;

import dev.parley.stix.Timestamps;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Json;
import dev.parley.store.Database;
import dev.parley.store.collections.Collection;
import dev.parley.store.collections.CollectionStore;
import dev.parley.store.testing.TestDatabases;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The two steps of an add with other writers in between: a batch staged before another writer's
 * members, deletes or versions still sees them when it is added, also when its writer remembers
 * its own recent batches ({@link RecentMembers}).
 */
public class TwoStepAddTest {
  private final Database db = TestDatabases.fresh();
  private final ObjectStore store = new ObjectStore(db, WriteHook.NONE);
  private final UUID c = UUID.randomUUID();

  TwoStepAddTest() {
    new CollectionStore(db).create(new Collection(c, "api1", "t", null, null));
  }

  @AfterEach
  void close() {
    db.close();
  }

  /** A malware version (also used by other tests of the package). */
  public static NewObject malware(String id, String modified) {
    try {
      return NewObject.of((ObjectNode) Json.mapper().readTree("{\"type\":\"malware\",\"spec_version\":\"2.1\",\"id\":\"" + id
          + "\",\"created\":\"2016-01-01T00:00:00.000Z\",\"modified\":\"" + modified + "\",\"name\":\"m\",\"is_family\":false}"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private List<AddOutcome> add(StagedBatch batch, RecentMembers recent) {
    List<AddOutcome> out = db.inTransaction(tx -> store.add(tx, batch, AddMode.KEEP, recent));
    recent.committed();
    return out;
  }

  private List<String> latest() {
    return store.page(new ObjectQuery(c, 0, null, 100, List.of(), List.of(), VersionFilter.LAST, List.of(), false))
        .rows().stream().map(r -> r.stixId() + "@" + Timestamps.formatVersion(r.version())).toList();
  }

  @Test
  void add_memberAddedByAnotherWriterAfterStaging_seenAndSuperseded() {
    RecentMembers recent = new RecentMembers(c);
    String x = "malware--" + UUID.randomUUID();
    add(store.stage(c, List.of(malware("malware--" + UUID.randomUUID(), "2020-01-01T00:00:00.000Z"))), recent);
    StagedBatch mine = store.stage(c, List.of(malware(x, "2021-01-01T00:00:00.000Z")));
    store.add(c, List.of(malware(x, "2020-01-01T00:00:00.000Z"))); // another writer, after the stage
    assertThat(add(mine, recent)).extracting(AddOutcome::kind).containsExactly(AddOutcome.Kind.STORED);
    assertThat(latest()).contains(x + "@2021-01-01T00:00:00.000Z").doesNotContain(x + "@2020-01-01T00:00:00.000Z");
  }

  @Test
  void add_sameVersionAddedByAnotherWriterAfterStaging_duplicate() {
    RecentMembers recent = new RecentMembers(c);
    String x = "malware--" + UUID.randomUUID();
    StagedBatch mine = store.stage(c, List.of(malware(x, "2020-01-01T00:00:00.000Z")));
    store.add(c, List.of(malware(x, "2020-01-01T00:00:00.000Z")));
    assertThat(add(mine, recent)).extracting(AddOutcome::kind).containsExactly(AddOutcome.Kind.DUPLICATE);
    assertThat(store.count(c)).isEqualTo(1);
  }

  @Test
  void add_ownRecentBatch_rememberedNotReadBack() {
    RecentMembers recent = new RecentMembers(c);
    String x = "malware--" + UUID.randomUUID();
    StagedBatch first = store.stage(c, List.of(malware(x, "2020-01-01T00:00:00.000Z")));
    StagedBatch second = store.stage(c, List.of(malware(x, "2020-01-01T00:00:00.000Z"), malware(x, "2022-01-01T00:00:00.000Z")));
    assertThat(add(first, recent)).extracting(AddOutcome::kind).containsExactly(AddOutcome.Kind.STORED);
    // staged before the first was added: the first batch's member is known from memory
    assertThat(add(second, recent)).extracting(AddOutcome::kind).containsExactly(AddOutcome.Kind.DUPLICATE, AddOutcome.Kind.STORED);
    assertThat(latest()).containsExactly(x + "@2022-01-01T00:00:00.000Z");
  }

  @Test
  void add_ownMemberDeletedMeanwhile_storedAgain() {
    RecentMembers recent = new RecentMembers(c);
    String x = "malware--" + UUID.randomUUID();
    StagedBatch first = store.stage(c, List.of(malware(x, "2020-01-01T00:00:00.000Z")));
    StagedBatch second = store.stage(c, List.of(malware(x, "2020-01-01T00:00:00.000Z")));
    add(first, recent);
    assertThat(store.delete(c, x, VersionFilter.ALL, ObjectQuery.ANY_SPEC_VERSION)).isEqualTo(1);
    // memory says "a member"; the delete since says otherwise, and the database is asked
    assertThat(add(second, recent)).extracting(AddOutcome::kind).containsExactly(AddOutcome.Kind.STORED);
    assertThat(store.count(c)).isEqualTo(1);
  }
}
