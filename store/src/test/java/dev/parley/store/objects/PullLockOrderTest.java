package dev.parley.store.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Json;
import dev.parley.store.Database;
import dev.parley.store.collections.Collection;
import dev.parley.store.collections.CollectionStore;
import dev.parley.store.peers.PullPosition;
import dev.parley.store.peers.SyncPositions;
import dev.parley.store.status.StatusStore;
import dev.parley.store.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lock order of a pulled page's transaction (hostile run 10k: {@code agreement set} and a
 * {@code parley sync} pulling from that peer ended in "deadlock detected"). An agreement's install
 * (and a peer's removal) takes the peer's row, then appends to the log; the page's transaction
 * appended to the log (the write hook, {@code log_head}) and then counted what it pulled on the
 * peer's row: each held what the other waited for. The page now takes the peer's row first, so it
 * waits for the install holding nothing, and both commit.
 */
class PullLockOrderTest {
  private static final int PEER = 7;
  private final Database db = TestDatabases.fresh();
  /** Appends to the log's head as the transparency log's hook does: the same row lock. */
  private final ObjectStore store = new ObjectStore(db, new WriteHook() {
    @Override
    public void stored(Connection tx, UUID collection, List<StoredVersion> versions) throws SQLException {
      try (Statement s = tx.createStatement()) {
        s.executeUpdate("update log_head set size = size + " + versions.size());
      }
    }

    @Override
    public void deleted(Connection tx, UUID collection, List<StoredVersion> versions) {}
  });
  private final ExecutorService judges = Executors.newFixedThreadPool(2);
  private final UUID c = UUID.randomUUID();

  PullLockOrderTest() {
    new CollectionStore(db).create(new Collection(c, "api1", "t", null, null));
    sql("insert into peer (id, name, url) values (" + PEER + ", 'a', 'https://127.0.0.1:1/')");
  }

  @AfterEach
  void close() {
    judges.shutdownNow();
    db.close();
  }

  private void sql(String statement) {
    db.inTransaction(tx -> {
      try (Statement s = tx.createStatement()) {
        s.execute(statement);
      }
      return null;
    });
  }

  private long number(String query) {
    return db.withConnection(tx -> {
      try (Statement s = tx.createStatement(); ResultSet r = s.executeQuery(query)) {
        r.next();
        return r.getLong(1);
      }
    });
  }

  private static BulkLoad.Judged<String> admitted(int n) {
    List<NewObject> objects = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      try {
        objects.add(NewObject.of((ObjectNode) Json.mapper().readTree("{\"type\":\"malware\",\"spec_version\":\"2.1\",\"id\":\"malware--"
            + UUID.randomUUID() + "\",\"created\":\"2016-01-01T00:00:00.000Z\",\"modified\":\"2016-01-01T00:00:00.000Z\",\"name\":\"m\","
            + "\"is_family\":false}")));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return new BulkLoad.Judged<>(objects, new long[n], List.of());
  }

  /**
   * A transaction that takes the peer's row, as an install does, and once another transaction waits
   * for a lock runs {@code then} and commits; returns when the row is held.
   */
  private CompletableFuture<Void> holdingThePeer(String then) throws InterruptedException {
    CountDownLatch peerHeld = new CountDownLatch(1);
    CompletableFuture<Void> done = CompletableFuture.runAsync(() -> db.inTransaction(tx -> {
      try (Statement s = tx.createStatement()) {
        s.executeQuery("select 1 from peer where id = " + PEER + " for update").close();
        peerHeld.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (number("select count(*) from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()") == 0) {
          if (System.nanoTime() > deadline) throw new AssertionError("the other transaction never waited");
          Thread.sleep(10);
        }
        s.executeUpdate(then);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return null;
    }));
    peerHeld.await();
    return done;
  }

  @Test
  void page_whileAnInstallHoldsThePeerAndAppends_bothCommit() throws Exception {
    long logBefore = number("select size from log_head");
    // as AgreementStore.install: the peer's row, then (once the page's transaction waits) the log
    CompletableFuture<Void> install = holdingThePeer("update log_head set size = size + 1");
    try (BulkLoad<String> load = new BulkLoad<>(db, store, new StatusStore(db), null, c, new AddMode(ConflictPolicy.KEEP, PEER), 1000,
        judges, new BulkLoad.Listener<>() {})) {
      load.submitPage(() -> admitted(50), new PullPosition(PEER, "remote", c, "2026-01-01T00:00:01.000Z"));
      load.finish();
    }
    install.get(60, TimeUnit.SECONDS);
    assertThat(store.count(c)).isEqualTo(50);
    assertThat(number("select pulled from peer where id = " + PEER)).isEqualTo(50);
    assertThat(new SyncPositions(db).pull(PEER, "remote", c).addedAfter()).isEqualTo("2026-01-01T00:00:01.000Z");
    assertThat(number("select size from log_head")).isEqualTo(logBefore + 51);
  }

  /**
   * A peer's write (a push: no page) is judged by the terms in force when it commits: an install that
   * withdraws {@code accept} while the write waits for the peer's row leaves it refused, nothing of it
   * stored; before the install, the same write is stored (hostile run 10n: a push in flight was stored
   * 24 ms after the new terms' install time).
   */
  @Test
  void push_whileAnInstallWithdrawsAccept_judgedByTheNewTermsNothingStored() throws Exception {
    sql("insert into account (name, token_sha256) values ('a', '\\x01')");
    sql("insert into account_right (account, collection, can_read, can_write) values ('a', '" + c + "', false, true)");
    try (BulkLoad<String> load = new BulkLoad<>(db, store, new StatusStore(db), null, c, new AddMode(ConflictPolicy.KEEP, PEER), 1000,
        judges, new BulkLoad.Listener<>() {})) {
      load.submit(() -> admitted(3));
      load.finish();
    }
    assertThat(store.count(c)).isEqualTo(3);

    // as AgreementStore.install: the peer's row, then the account's rights, committed while the write waits
    CompletableFuture<Void> install = holdingThePeer("delete from account_right where account = 'a'");
    assertThatThrownBy(() -> {
      try (BulkLoad<String> load = new BulkLoad<>(db, store, new StatusStore(db), null, c, new AddMode(ConflictPolicy.KEEP, PEER), 1000,
          judges, new BulkLoad.Listener<>() {})) {
        load.submit(() -> admitted(5));
        load.finish();
      }
    }).isInstanceOf(BulkLoad.NoLongerAccepted.class).hasMessageContaining("no longer accepts writes");
    install.get(60, TimeUnit.SECONDS);
    assertThat(store.count(c)).isEqualTo(3);
  }

  @Test
  void page_afterThePeerWasRemoved_notStoredLoadFails() {
    sql("delete from peer where id = " + PEER);
    assertThatThrownBy(() -> {
      try (BulkLoad<String> load = new BulkLoad<>(db, store, new StatusStore(db), null, c, new AddMode(ConflictPolicy.KEEP, PEER), 1000,
          judges, new BulkLoad.Listener<>() {})) {
        load.submitPage(() -> admitted(5), new PullPosition(PEER, "remote", c, "2026-01-01T00:00:01.000Z"));
        load.finish();
      }
    }).hasMessageContaining("peer was removed");
    assertThat(store.count(c)).isZero();
    assertThat(new SyncPositions(db).pull(PEER, "remote", c).addedAfter()).isNull();
  }
}
