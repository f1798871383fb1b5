package dev.parley.store.cursors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.store.Database;
import dev.parley.store.testing.TestDatabases;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The cursor key: made once per database, then the same for every process that opens it. */
class CursorKeysTest {

  @Test
  void load_freshDatabase_makesOneKeyThatStays() {
    try (Database db = TestDatabases.fresh()) {
      byte[] first = CursorKeys.load(db);
      assertThat(first).hasSize(32);
      assertThat(CursorKeys.load(db)).isEqualTo(first);
      try (Database reopened = TestDatabases.reopen(db)) {
        assertThat(CursorKeys.load(reopened)).as("a restarted node, or another node of the database").isEqualTo(first);
      }
    }
  }

  @Test
  void load_nodesStartingTogether_allGetTheSameKey() throws Exception {
    try (Database db = TestDatabases.fresh()) {
      List<Database> nodes = new ArrayList<>();
      for (int i = 0; i < 4; i++) nodes.add(TestDatabases.reopen(db));
      ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
      try {
        List<Future<byte[]>> keys = new ArrayList<>();
        for (Database node : nodes) keys.add(pool.submit(() -> CursorKeys.load(node)));
        byte[] first = keys.get(0).get();
        for (Future<byte[]> k : keys) assertThat(k.get()).isEqualTo(first);
        assertThat(CursorKeys.load(db)).isEqualTo(first);
      } finally {
        pool.shutdownNow();
        nodes.forEach(Database::close);
      }
    }
  }
}
