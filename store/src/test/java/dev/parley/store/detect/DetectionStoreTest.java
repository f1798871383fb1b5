package dev.parley.store.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.store.Database;
import dev.parley.store.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 12, "Idempotent": counted records are remembered per source for 24 hours, then pruned; followed files' positions. */
class DetectionStoreTest {
  private final Database db = TestDatabases.fresh();
  private final DetectionStore store = new DetectionStore(db);
  private final Instant now = Instant.parse("2026-12-02T12:00:00Z");

  @Test
  void counted_perSourceWithinTheWindow() {
    store.countedNow("a", List.of("d1", "d2"), now);
    store.countedNow("b", List.of("d3"), now);
    assertThat(store.counted("a", now.plus(Duration.ofHours(23))).keySet()).containsExactlyInAnyOrder("d1", "d2");
    assertThat(store.counted("b", now).keySet()).containsExactly("d3");
    assertThat(store.counted("c", now)).isEmpty();
    // 24 hours later the memory no longer refuses them
    assertThat(store.counted("a", now.plus(DetectionStore.REPEAT_WINDOW))).isEmpty();
  }

  @Test
  void countedNow_prunesRowsOlderThanTheWindow_andARepeatRefreshesItsTime() {
    store.countedNow("a", List.of("old", "again"), now);
    Instant later = now.plus(Duration.ofHours(25));
    store.countedNow("a", List.of("again"), later);
    assertThat(store.counted("a", later).keySet()).containsExactly("again");
    long rows = db.withConnection(c -> {
      try (var s = c.prepareStatement("select count(*) from detect_counted"); var r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    });
    assertThat(rows).isEqualTo(1); // "old" was deleted, not only hidden
  }

  @Test
  void countedNow_aDigestTwiceInOneRun_storedOnce() {
    // a run may count a record again once its detector forgot it (event time past the window): one
    // upsert statement may not touch a row twice
    store.countedNow("a", List.of("d1", "d2", "d1"), now);
    assertThat(store.counted("a", now).keySet()).containsExactlyInAnyOrder("d1", "d2");
  }

  @Test
  void position_savedAndReadBack_identityKeptOnce() {
    assertThat(store.position("/x/eve.json")).isEmpty();
    store.savePosition("/x/eve.json", new DetectionStore.Position(100, 3));
    store.savePosition("/x/eve.json", new DetectionStore.Position(250, 7));
    assertThat(store.position("/x/eve.json")).contains(new DetectionStore.Position(250, 7));
    String first = store.identity("identity--11111111-1111-4111-8111-111111111111");
    assertThat(store.identity("identity--22222222-2222-4222-8222-222222222222")).isEqualTo(first);
  }
}
