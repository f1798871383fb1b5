package dev.parley.store.witness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.store.Database;
import dev.parley.store.testing.TestDatabases;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checkpoints of receipts are offered to the monitor (a hostile run's sender proved each object
 * against a tree of its own, and no one compared those roots with the log the monitor sees): each note
 * once, taken once, the earliest first, forgotten with its log's fork.
 */
class MonitorStoreTest {
  private final Database db = TestDatabases.fresh();
  private final MonitorStore store = new MonitorStore(db);

  @Test
  void offer_eachNoteOnce_takenOnceInOrder_forgottenWithItsLog() {
    store.offer("log.example", List.of("note 1", "note 2"), "receipts from peer p");
    store.offer("log.example", List.of("note 2", "note 3"), "receipts from peer p");
    store.offer("other.example", List.of("note 1"), "receipts from peer q");
    List<MonitorStore.Offered> first = store.take(2);
    assertThat(first).extracting(MonitorStore.Offered::note).containsExactly("note 1", "note 2");
    assertThat(first.get(0).source()).isEqualTo("receipts from peer p");
    store.forget("other.example");
    assertThat(store.take(10)).extracting(MonitorStore.Offered::note).containsExactly("note 3");
    assertThat(store.take(10)).isEmpty();
  }

  /** A sender whose receipts each bring a checkpoint of their own fills at most the bound: the rest wait for the next pass. */
  @Test
  void offer_pastTheBound_theRestDropped() {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < MonitorStore.OFFERED_MAX + 5; i++) many.add("note " + i);
    store.offer("log.example", many, "receipts from peer p");
    store.offer("log.example", List.of("one more"), "receipts from peer p");
    int taken = 0;
    for (List<MonitorStore.Offered> got = store.take(5_000); !got.isEmpty(); got = store.take(5_000)) taken += got.size();
    assertThat(taken).isEqualTo(MonitorStore.OFFERED_MAX);
  }
}
