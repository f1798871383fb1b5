package dev.parley.store.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Json;
import dev.parley.store.Database;
import dev.parley.store.Foreground;
import dev.parley.store.collections.Collection;
import dev.parley.store.collections.CollectionStore;
import dev.parley.store.peers.PullPosition;
import dev.parley.store.peers.SyncPositions;
import dev.parley.store.status.StatusStore;
import dev.parley.store.testing.TestDatabases;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A pull's pages through one bulk load ({@link BulkLoad#submitPage}): each page one batch whose
 * transaction saves the position after it, in order, also a page whose every object was refused;
 * a page that fails to be judged stops the load: what is stored then and the position saved agree
 * (the page before it may or may not have been committed by then), and nothing of it or after it
 * is stored.
 */
class BulkLoadPagesTest {
  private final Database db = TestDatabases.fresh();
  private final ObjectStore store = new ObjectStore(db, WriteHook.NONE);
  private final SyncPositions positions = new SyncPositions(db);
  private final ExecutorService judges = Executors.newFixedThreadPool(2);
  private final UUID c = UUID.randomUUID();

  BulkLoadPagesTest() {
    new CollectionStore(db).create(new Collection(c, "api1", "t", null, null));
    db.inTransaction(tx -> {
      try (Statement s = tx.createStatement()) {
        s.execute("insert into peer (id, name, url) values (7, 'a', 'https://127.0.0.1:1/')");
      }
      return null;
    });
  }

  @AfterEach
  void close() {
    judges.shutdownNow();
    db.close();
  }

  private static NewObject malware(String id) {
    try {
      return NewObject.of((ObjectNode) Json.mapper().readTree("{\"type\":\"malware\",\"spec_version\":\"2.1\",\"id\":\"" + id
          + "\",\"created\":\"2016-01-01T00:00:00.000Z\",\"modified\":\"2016-01-01T00:00:00.000Z\",\"name\":\"m\",\"is_family\":false}"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static BulkLoad.Judged<String> admitted(int n) {
    List<NewObject> objects = new ArrayList<>();
    long[] tags = new long[n];
    for (int i = 0; i < n; i++) {
      objects.add(malware("malware--" + UUID.randomUUID()));
      tags[i] = i;
    }
    return new BulkLoad.Judged<>(objects, tags, List.of());
  }

  private PullPosition after(String page) {
    return new PullPosition(7, "remote", c, page);
  }

  private BulkLoad<String> load(List<String> refusals) {
    return new BulkLoad<>(db, store, new StatusStore(db), null, c, new AddMode(ConflictPolicy.KEEP, 7), 1000, judges,
        new BulkLoad.Listener<>() {
          @Override
          public void refused(String refusal) {
            refusals.add(refusal);
          }
        });
  }

  @Test
  void submitPage_pagesOneRefusedWhole_storedInOrderPositionOfTheLastPage() {
    List<String> refusals = new ArrayList<>();
    try (BulkLoad<String> load = load(refusals)) {
      load.submitPage(() -> admitted(300), after("2026-01-01T00:00:01.000Z"));
      load.submitPage(() -> new BulkLoad.Judged<>(List.of(), new long[0], List.of("bad 1", "bad 2")), after("2026-01-01T00:00:02.000Z"));
      load.submitPage(() -> admitted(5), after("2026-01-01T00:00:03.000Z"));
      load.submitPage(() -> new BulkLoad.Judged<>(List.of(), new long[0], List.of("bad 3")), after("2026-01-01T00:00:04.000Z"));
      load.finish();
    }
    assertThat(store.count(c)).isEqualTo(305);
    assertThat(refusals).containsExactly("bad 1", "bad 2", "bad 3");
    assertThat(positions.pull(7, "remote", c).addedAfter()).isEqualTo("2026-01-01T00:00:04.000Z");
  }

  @Test
  void submitPage_bulkPage_marksTheForegroundSmallBatchDoesNot() {
    try (BulkLoad<String> load = load(new ArrayList<>())) {
      load.submitPage(() -> admitted(5), after("2026-01-01T00:00:01.000Z"));
      load.finish();
    }
    assertThat(db.foreground().marks()).isZero();
    try (BulkLoad<String> load = load(new ArrayList<>())) {
      load.submitPage(() -> admitted(Foreground.BULK), after("2026-01-01T00:00:02.000Z"));
      load.finish();
    }
    assertThat(db.foreground().marks()).isEqualTo(1);
  }

  /**
   * A load's members and versions are analyzed by the load itself, behind it, once a thousand are
   * stored: right after an import, a peer's page of a feed planned without them read every member of
   * the collection (672 ms a page of 1,000 at 200,000; a pull ran at 2,500-3,500 objects/s). None
   * before; the analysis is the node's own (counted apart from autovacuum's).
   */
  @Test
  void submitPage_aThousandStored_membersAndVersionsAnalyzed() throws Exception {
    try (BulkLoad<String> load = load(new ArrayList<>())) {
      load.submitPage(() -> admitted(500), after("2026-01-01T00:00:01.000Z"));
      load.finish();
    }
    Thread.sleep(1000);
    assertThat(analyses("collection_object")).as("none before a thousand").isZero();
    try (BulkLoad<String> load = load(new ArrayList<>())) {
      load.submitPage(() -> admitted(500), after("2026-01-01T00:00:02.000Z"));
      load.finish();
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while ((analyses("collection_object") == 0 || analyses("object_version") == 0) && System.nanoTime() < deadline) Thread.sleep(50);
    assertThat(analyses("collection_object")).isEqualTo(1);
    assertThat(analyses("object_version")).isEqualTo(1);
    long planned = db.withConnection(x -> {
      try (var s = x.createStatement(); var r = s.executeQuery("select reltuples::bigint from pg_class where oid = 'collection_object'::regclass")) {
        r.next();
        return r.getLong(1);
      }
    });
    assertThat(planned).isEqualTo(1000);
  }

  private long analyses(String table) {
    return db.withConnection(x -> {
      try (var s = x.createStatement(); var r = s.executeQuery("select analyze_count from pg_stat_user_tables where relid = '" + table + "'::regclass")) {
        return r.next() ? r.getLong(1) : 0L;
      }
    });
  }

  @Test
  void submitPage_aPageFailsToBeJudged_storedAndPositionAgreeNothingOfItOrAfter() {
    List<String> refusals = new ArrayList<>();
    try (BulkLoad<String> load = load(refusals)) {
      load.submitPage(() -> admitted(20), after("2026-01-01T00:00:01.000Z"));
      load.submitPage(() -> {
        throw new IllegalStateException("judge failed");
      }, after("2026-01-01T00:00:02.000Z"));
      assertThatThrownBy(() -> {
        load.submitPage(() -> admitted(20), after("2026-01-01T00:00:03.000Z"));
        load.finish();
      }).hasMessageContaining("judge failed");
    }
    long stored = store.count(c);
    assertThat(stored).isIn(0L, 20L);
    assertThat(positions.pull(7, "remote", c).addedAfter()).isEqualTo(stored == 0 ? null : "2026-01-01T00:00:01.000Z");
  }
}
