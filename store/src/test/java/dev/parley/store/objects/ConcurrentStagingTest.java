package dev.parley.store.objects;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Json;
import dev.parley.store.Database;
import dev.parley.store.collections.Collection;
import dev.parley.store.collections.CollectionStore;
import dev.parley.store.testing.TestDatabases;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two writers storing many of the same new objects at the same moment, as two detection runs do
 * with the SCOs of their sightings: neither fails, and each object is stored once.
 */
class ConcurrentStagingTest {
  private static final int OBJECTS = 1500;
  private static final int ROUNDS = 12;

  private final Database db = TestDatabases.fresh();
  private final ObjectStore store = new ObjectStore(db, WriteHook.NONE);
  private final UUID c = UUID.randomUUID();
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  ConcurrentStagingTest() {
    new CollectionStore(db).create(new Collection(c, "api1", "t", null, null));
  }

  @AfterEach
  void close() {
    pool.shutdownNow();
    db.close();
  }

  private static NewObject address(String id, int i) {
    try {
      return NewObject.of((ObjectNode) Json.mapper().readTree(
          "{\"type\":\"ipv4-addr\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"value\":\"10.0." + (i >> 8) + "." + (i & 255) + "\"}"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void add_sameNewObjectsInOppositeOrdersAtOnce_bothSucceedEachStoredOnce() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      List<NewObject> forward = new ArrayList<>(OBJECTS);
      for (int i = 0; i < OBJECTS; i++) forward.add(address("ipv4-addr--" + UUID.randomUUID(), i));
      List<NewObject> backward = new ArrayList<>(forward);
      Collections.reverse(backward);
      CyclicBarrier start = new CyclicBarrier(2);
      List<Future<List<AddOutcome>>> writers = new ArrayList<>();
      for (List<NewObject> batch : List.of(forward, backward)) {
        writers.add(pool.submit(() -> {
          start.await();
          return store.add(c, batch);
        }));
      }
      long stored = 0;
      for (Future<List<AddOutcome>> w : writers) {
        stored += w.get().stream().filter(o -> o.kind() == AddOutcome.Kind.STORED).count();
      }
      assertThat(stored).as("round %d", round).isEqualTo(OBJECTS);
    }
    assertThat(store.count(c)).isEqualTo((long) OBJECTS * ROUNDS);
  }
}
