package dev.parley.store.objects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.stix.Timestamps;
import dev.parley.store.Database;
import dev.parley.store.testing.TestDatabases;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A page asked by id (TAXII {@code match[id]}, an object by id, a receipt's admission) probes the id
 * index once per id: the rows are those of the ids asked, in this collection only, each once
 * however often its id is asked, with the version and type filters applied as for any page.
 */
class LookupByIdTest {
  private static final String A = "malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";
  private static final String B = "malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b";
  private static final String C = "malware--6a2b0b8c-b0c5-4a0b-8d7e-5c1a4fd6a6f1";
  private final Database db = TestDatabases.fresh();
  private final ObjectStore store = new ObjectStore(db, WriteHook.NONE);

  @AfterEach
  void close() {
    db.close();
  }

  private UUID collection() {
    return TestDatabases.collection(db);
  }

  private static NewObject malware(String id, String modified) {
    return TwoStepAddTest.malware(id, modified);
  }

  private List<String> page(UUID c, List<String> ids, VersionFilter versions, long after, int limit) {
    return store.page(new ObjectQuery(c, after, null, limit, ids, List.of(), versions, List.of(), false)).rows().stream()
        .map(r -> r.stixId().substring(0, 9) + "@" + Timestamps.formatVersion(r.version()).substring(0, 4)).toList();
  }

  @Test
  void page_byIds_eachRowOnceInInsertionOrderOfThisCollectionOnly() {
    UUID c = collection();
    UUID other = collection();
    store.add(c, List.of(malware(A, "2020-01-01T00:00:00.000Z"), malware(B, "2020-01-01T00:00:00.000Z")));
    store.add(c, List.of(malware(A, "2021-01-01T00:00:00.000Z")));
    store.add(other, List.of(malware(C, "2020-01-01T00:00:00.000Z"), malware(B, "2022-01-01T00:00:00.000Z")));
    assertThat(page(c, List.of(A, A, B, A), VersionFilter.ALL, 0, 100)).containsExactly("malware--@2020", "malware--@2020", "malware--@2021");
    assertThat(page(c, List.of(B, A), VersionFilter.LAST, 0, 100)).containsExactly("malware--@2020", "malware--@2021");
    assertThat(page(c, List.of(C), VersionFilter.ALL, 0, 100)).isEmpty();
    assertThat(page(other, List.of(B, A), VersionFilter.ALL, 0, 100)).containsExactly("malware--@2022");
    // keyset: after the first row, and a limit of one with more to come
    assertThat(page(c, List.of(A), VersionFilter.ALL, 1, 100)).containsExactly("malware--@2021");
    Page first = store.page(new ObjectQuery(c, 0, null, 1, List.of(A, B), List.of(), VersionFilter.ALL, List.of(), false));
    assertThat(first.rows()).hasSize(1);
    assertThat(first.more()).isTrue();
  }
}
