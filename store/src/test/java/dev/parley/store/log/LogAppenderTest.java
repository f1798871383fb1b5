package dev.parley.store.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.store.Database;
import dev.parley.store.StoreException;
import dev.parley.store.testing.TestDatabases;
import dev.parley.tlog.entry.LogEntry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LogAppenderTest {
  private Database db;
  private final LogAppender appender = new LogAppender();
  private final UUID collection = UUID.randomUUID();

  @BeforeEach
  void open() {
    db = TestDatabases.fresh();
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void append_concurrentWriters_indicesDenseAndDistinct() throws Exception {
    int threads = 8;
    int txPerThread = 40;
    int batch = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    ConcurrentLinkedQueue<Long> firsts = new ConcurrentLinkedQueue<>();
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      done.add(pool.submit(() -> {
        for (int i = 0; i < txPerThread; i++) {
          firsts.add(db.inTransaction(tx -> appender.append(tx, leaves(batch))));
        }
        return null;
      }));
    }
    for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
    pool.shutdown();
    long total = (long) threads * txPerThread * batch;
    assertThat(firsts).hasSize(threads * txPerThread).doesNotHaveDuplicates().allMatch(f -> f % batch == 0);
    assertThat(query("select count(*), min(idx), max(idx), count(distinct idx) from log_entry"))
        .containsExactly(total, 0L, total - 1, total);
    assertThat(query("select size from log_head")).containsExactly(total);
    assertThat(query("select count(*) from log_salt")).containsExactly(total);
    // the entries' times follow their order: a writer takes its time once the indices are its own (hostile
    // run 10n: an entry read 6 ms before the one logged ahead of it, whose time was taken before it waited)
    List<Instant> times = db.withConnection(c -> {
      List<Instant> out = new ArrayList<>();
      try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select entry from log_entry order by idx")) {
        while (r.next()) out.add(LogEntry.parse(r.getBytes(1)).time());
      }
      return out;
    });
    assertThat(times).hasSize((int) total).isSorted();
  }

  @Test
  void append_rolledBack_leavesNoGap() {
    assertThatThrownBy(() -> db.inTransaction(tx -> {
      appender.append(tx, leaves(10));
      throw new IllegalStateException("the object write failed");
    })).isInstanceOf(IllegalStateException.class);
    long first = db.inTransaction(tx -> appender.append(tx, leaves(3)));
    assertThat(first).isZero();
    assertThat(query("select count(*), max(idx) from log_entry")).containsExactly(3L, 2L);
  }

  @Test
  void append_writerKilledWhileHoldingTheHead_nextWriterContinuesWithoutGap() throws Exception {
    long before = db.inTransaction(tx -> appender.append(tx, leaves(5)));
    assertThat(before).isZero();
    String url = TestDatabases.url() + "&currentSchema=" + TestDatabases.schemaOf(db);
    Connection victim = DriverManager.getConnection(url);
    victim.setAutoCommit(false);
    appender.append(victim, leaves(7)); // holds log_head, never commits
    int pid;
    try (Statement s = victim.createStatement(); ResultSet r = s.executeQuery("select pg_backend_pid()")) {
      r.next();
      pid = r.getInt(1);
    }
    ExecutorService other = Executors.newSingleThreadExecutor();
    Future<Long> waiting = other.submit(() -> db.inTransaction(tx -> appender.append(tx, leaves(2))));
    Thread.sleep(200);
    assertThat(waiting).isNotDone(); // blocked on the head row
    // the server-side equivalent of SIGKILL for the client: its backend dies mid-transaction
    db.withConnection(c -> {
      try (Statement s = c.createStatement()) {
        s.execute("select pg_terminate_backend(" + pid + ")");
      }
      return null;
    });
    assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(5L);
    other.shutdown();
    victim.close();
    assertThat(query("select count(*), max(idx) from log_entry")).containsExactly(7L, 6L);
  }

  @Test
  void updateOrDelete_ofALogRow_refusedByTrigger() {
    db.inTransaction(tx -> appender.append(tx, leaves(2)));
    for (String sql : List.of("update log_entry set entry = entry where idx = 0", "delete from log_entry where idx = 1",
        "truncate log_entry cascade", "delete from log_salt", "update log_salt set salt = salt")) {
      assertThatThrownBy(() -> db.withConnection(c -> c.createStatement().execute(sql)))
          .as(sql).isInstanceOf(StoreException.class).hasMessageContaining("append-only");
    }
    assertThat(query("select count(*) from log_entry")).containsExactly(2L);
  }

  @Test
  void append_autoCommitConnection_refused() {
    assertThatThrownBy(() -> db.withConnection(c -> appender.append(c, leaves(1))))
        .isInstanceOf(IllegalStateException.class);
  }

  private List<Leaf> leaves(int n) {
    List<Leaf> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = "indicator--" + UUID.randomUUID();
      out.add(Leaf.stored(collection, id, ("{\"id\":\"" + id + "\"}").getBytes(), "2024-01-01T00:00:00.000Z"));
    }
    return out;
  }

  private List<Long> query(String sql) {
    return db.withConnection(c -> {
      try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
        r.next();
        List<Long> out = new ArrayList<>();
        for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) out.add(r.getLong(i));
        return out;
      }
    });
  }
}
