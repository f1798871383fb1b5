package dev.parley.store.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.store.Database;
import dev.parley.store.StoreException;
import dev.parley.store.testing.TestDatabases;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The life of a status (TAXII 2.1 §4.3.1): created pending, settled object by object, failed when its writer is gone. */
class StatusStoreTest {
  private final Database db = TestDatabases.fresh();
  private final StatusStore statuses = new StatusStore(db);
  private final Instant at = Instant.parse("2026-01-02T03:04:05.123456Z");

  @AfterEach
  void close() {
    db.close();
  }

  private UUID pending(int n) {
    UUID id = UUID.randomUUID();
    List<StatusDetail> details = IntStream.range(0, n)
        .mapToObj(i -> new StatusDetail("indicator--" + UUID.randomUUID(), "2020-01-01T00:00:00.000Z", null)).toList();
    statuses.create(new Status(id, UUID.randomUUID(), "admin", at, List.of(), List.of(), details));
    return id;
  }

  @Test
  void find_byOwner_onlyTheOwnersStatus() {
    UUID id = pending(2);
    assertThat(statuses.find(id, "admin")).isPresent();
    assertThat(statuses.find(id, null)).isPresent();
    assertThat(statuses.find(id, "someone-else")).isEmpty();
    assertThat(statuses.find(UUID.randomUUID(), "admin")).isEmpty();
  }

  @Test
  void create_allPending_pendingState() {
    UUID id = pending(3);
    Status s = statuses.find(id).orElseThrow();
    assertThat(s.state()).isEqualTo("pending");
    assertThat(s.pendings()).hasSize(3);
    assertThat(s.total()).isEqualTo(3);
    assertThat(s.requestTimestamp()).isEqualTo(at);
  }

  @Test
  void settle_someThenAll_movesByPlaceAndCompletes() {
    UUID id = pending(3);
    List<StatusDetail> before = statuses.find(id).orElseThrow().pendings();
    statuses.settle(id, List.of(new Settled(1, true, before.get(1))));
    Status half = statuses.find(id).orElseThrow();
    assertThat(half.successes()).containsExactly(before.get(1));
    assertThat(half.pendings()).containsExactly(before.get(0), before.get(2));
    assertThat(half.state()).isEqualTo("pending");

    StatusDetail refused = new StatusDetail(before.get(2).id(), before.get(2).version(), "/pattern: required-property: missing");
    statuses.settle(id, List.of(new Settled(0, true, before.get(0)), new Settled(2, false, refused)));
    Status done = statuses.find(id).orElseThrow();
    assertThat(done.state()).isEqualTo("complete");
    assertThat(done.successes()).containsExactly(before.get(0), before.get(1));
    assertThat(done.failures()).containsExactly(refused);
    assertThat(done.total()).isEqualTo(3);
  }

  @Test
  void settle_objectNotPending_refusedWholly() {
    UUID id = pending(2);
    StatusDetail d = statuses.find(id).orElseThrow().pendings().get(0);
    statuses.settle(id, List.of(new Settled(0, true, d)));
    assertThatThrownBy(() -> statuses.settle(id, List.of(new Settled(0, false, d), new Settled(1, true, d))))
        .isInstanceOf(StoreException.class).hasMessageContaining("not pending");
    assertThat(statuses.find(id).orElseThrow().pendings()).hasSize(1); // the whole settle rolled back
  }

  @Test
  void failPending_oneStatus_failsOnlyItsPendings() {
    UUID mine = pending(2);
    UUID other = pending(1);
    StatusDetail d = statuses.find(mine).orElseThrow().pendings().get(0);
    statuses.settle(mine, List.of(new Settled(0, true, d)));
    statuses.failPending(mine, "not stored: stopped");
    Status s = statuses.find(mine).orElseThrow();
    assertThat(s.state()).isEqualTo("complete");
    assertThat(s.successes()).hasSize(1);
    assertThat(s.failures()).singleElement().satisfies(f -> assertThat(f.message()).isEqualTo("not stored: stopped"));
    assertThat(statuses.find(other).orElseThrow().pendings()).hasSize(1);
  }

  @Test
  void failPending_ofRunningNode_leftAlone_ofStoppedNode_failed() {
    // two nodes on one database: a node that starts fails only what a node that is gone left pending
    Database otherDb = TestDatabases.reopen(db);
    StatusStore other = new StatusStore(otherDb);
    other.startWorker();
    UUID theirs = UUID.randomUUID();
    other.create(new Status(theirs, UUID.randomUUID(), "admin", at, List.of(), List.of(),
        List.of(new StatusDetail("indicator--" + UUID.randomUUID(), "2020-01-01T00:00:00.000Z", null))));
    statuses.startWorker();
    assertThat(statuses.failPending("restarted")).isZero();
    assertThat(statuses.find(theirs).orElseThrow().state()).isEqualTo("pending");

    otherDb.close(); // the other node stops: its lock goes with its connection
    // the server lets go of the lock when it has seen the connection close, a moment later: until
    // then the node still looks alive, and failing nothing is right
    int failed = 0;
    for (int i = 0; i < 100 && failed == 0; i++) {
      failed = statuses.failPending("restarted");
      if (failed == 0) sleep(50);
    }
    assertThat(failed).isEqualTo(1);
    assertThat(statuses.find(theirs).orElseThrow().failures()).singleElement()
        .satisfies(f -> assertThat(f.message()).isEqualTo("restarted"));
  }

  @Test
  void failPending_all_atStartNothingStaysPending() {
    UUID a = pending(2);
    UUID b = pending(1);
    assertThat(statuses.failPending("restarted")).isEqualTo(3);
    assertThat(statuses.find(a).orElseThrow().failures()).hasSize(2);
    assertThat(statuses.find(b).orElseThrow().state()).isEqualTo("complete");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
