package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.store.testing.TestDatabases;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Database#inTransactionRetrying}: a transaction that PostgreSQL ends as a deadlock's victim
 * runs again and succeeds (hostile run 10k: {@code agreement set} failed on a deadlock with a
 * concurrent {@code parley sync}, leaving the old terms in force); other errors are not retried.
 */
class DeadlockRetryTest {
  private final Database db = TestDatabases.fresh();

  @AfterEach
  void close() {
    db.close();
  }

  private void sql(String statement) {
    db.inTransaction(c -> {
      try (Statement s = c.createStatement()) {
        s.execute(statement);
      }
      return null;
    });
  }

  /** Whether a session of this test's database waits for a lock to update row 1 now (the retrying one). */
  private boolean someoneWaits() {
    return db.withConnection(c -> {
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
              + " and datname = current_database() and query like '%v + 10 where id = 1%'")) {
        r.next();
        return r.getInt(1) > 0;
      }
    });
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out");
      Thread.sleep(10);
    }
  }

  @Test
  void inTransactionRetrying_victimOfADeadlock_runsAgainAndCommits() throws Exception {
    sql("create table retry_rows (id int primary key, v int not null)");
    sql("insert into retry_rows values (1, 0), (2, 0)");
    CountDownLatch firstHeld = new CountDownLatch(1);
    CountDownLatch secondHeld = new CountDownLatch(1);
    int[] attempts = {0};
    // the plain one takes row 1, and row 2 once the retrying one waits for row 1: the retrying one's deadlock check
    // finds the cycle and it is the victim; the plain one checks only after 30 s (on a machine loaded to 20 the
    // retrying one's check, due first, ran after the plain one's, and the plain one was the victim)
    CompletableFuture<Void> plain = CompletableFuture.runAsync(() -> db.inTransaction(c -> {
      try (Statement s = c.createStatement()) {
        s.execute("set local deadlock_timeout = '30s'");
        s.executeUpdate("update retry_rows set v = v + 1 where id = 1");
        firstHeld.countDown();
        try {
          secondHeld.await();
          await(this::someoneWaits);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        s.executeUpdate("update retry_rows set v = v + 1 where id = 2");
      }
      return null;
    }));
    firstHeld.await();
    int v = db.inTransactionRetrying(c -> {
      attempts[0]++;
      try (Statement s = c.createStatement()) {
        s.executeUpdate("update retry_rows set v = v + 10 where id = 2");
        secondHeld.countDown();
        s.executeUpdate("update retry_rows set v = v + 10 where id = 1");
        try (ResultSet r = s.executeQuery("select sum(v) from retry_rows")) {
          r.next();
          return r.getInt(1);
        }
      }
    });
    plain.get(60, TimeUnit.SECONDS);
    assertThat(attempts[0]).isEqualTo(2);
    assertThat(v).isEqualTo(22); // both committed, each once
  }

  @Test
  void inTransactionRetrying_otherErrors_notRetried() {
    int[] attempts = {0};
    assertThatThrownBy(() -> db.inTransactionRetrying(c -> {
      attempts[0]++;
      try (Statement s = c.createStatement()) {
        s.execute("select * from no_such_table");
      }
      return null;
    })).isInstanceOf(StoreException.class);
    assertThat(attempts[0]).isEqualTo(1);
  }
}
