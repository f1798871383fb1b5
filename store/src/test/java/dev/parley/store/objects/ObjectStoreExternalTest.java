package dev.parley.store.objects;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Json;
import dev.parley.store.Database;
import dev.parley.store.collections.Collection;
import dev.parley.store.collections.CollectionStore;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store in external mode, against the PostgreSQL server on 127.0.0.1:5432 (database test), in a fresh schema. */
class ObjectStoreExternalTest {
  static final String URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  static final String SCHEMA = "parley_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  static Database db;
  static final List<String> hooked = new ArrayList<>();

  @BeforeAll
  static void open() {
    db = Database.external(URL, SCHEMA);
  }

  @AfterAll
  static void dropSchema() throws Exception {
    db.close();
    try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
      s.execute("drop schema " + SCHEMA + " cascade");
    }
  }

  private static NewObject malware(String id, String modified) throws Exception {
    ObjectNode o = (ObjectNode) Json.mapper().readTree("{\"type\":\"malware\",\"spec_version\":\"2.1\",\"id\":\"" + id
        + "\",\"created\":\"2016-01-01T00:00:00.000Z\",\"modified\":\"" + modified + "\",\"name\":\"m\",\"is_family\":false}");
    return NewObject.of(o);
  }

  private static UUID collection() {
    UUID id = UUID.randomUUID();
    new CollectionStore(db).create(new Collection(id, "api1", "t", null, null));
    return id;
  }

  @Test
  void add_thenPage_keysetWalksAllInOrder() throws Exception {
    UUID c = collection();
    ObjectStore store = new ObjectStore(db, WriteHook.NONE);
    List<NewObject> batch = new ArrayList<>();
    for (int i = 0; i < 25; i++) batch.add(malware("malware--" + UUID.randomUUID(), "2020-01-01T00:00:00.000Z"));
    assertThat(store.add(c, batch)).allMatch(o -> o.kind() == AddOutcome.Kind.STORED);
    long seq = 0;
    List<String> seen = new ArrayList<>();
    while (true) {
      Page p = store.page(new ObjectQuery(c, seq, null, 10, List.of(), List.of(), VersionFilter.LAST, List.of(), true));
      p.rows().forEach(r -> seen.add(r.stixId()));
      seq = p.lastSeq(seq);
      if (!p.more()) break;
    }
    assertThat(seen).isEqualTo(batch.stream().map(NewObject::stixId).toList());
  }

  @Test
  void add_again_duplicateAndConflict() throws Exception {
    UUID c = collection();
    ObjectStore store = new ObjectStore(db, WriteHook.NONE);
    String id = "malware--" + UUID.randomUUID();
    store.add(c, List.of(malware(id, "2020-01-01T00:00:00.000Z")));
    assertThat(store.add(c, List.of(malware(id, "2020-01-01T00:00:00.000Z"))).get(0).kind()).isEqualTo(AddOutcome.Kind.DUPLICATE);
    NewObject changed = NewObject.of((ObjectNode) Json.mapper().readTree(new String(malware(id, "2020-01-01T00:00:00.000Z").body(), StandardCharsets.UTF_8).replace("\"m\"", "\"n\"")));
    assertThat(store.add(c, List.of(changed)).get(0).kind()).isEqualTo(AddOutcome.Kind.CONFLICT);
    assertThat(store.count(c)).isEqualTo(1);
  }

  @Test
  void add_hookFails_nothingWritten() throws Exception {
    UUID c = collection();
    ObjectStore store = new ObjectStore(db, new WriteHook() {
      @Override
      public void stored(Connection tx, UUID collection, List<StoredVersion> versions) {
        hooked.add("stored " + versions.size());
        throw new IllegalStateException("log unavailable");
      }

      @Override
      public void deleted(Connection tx, UUID collection, List<StoredVersion> versions) {}
    });
    try {
      store.add(c, List.of(malware("malware--" + UUID.randomUUID(), "2020-01-01T00:00:00.000Z")));
    } catch (IllegalStateException expected) {
      // the whole transaction rolls back
    }
    assertThat(hooked).contains("stored 1");
    assertThat(new ObjectStore(db, WriteHook.NONE).count(c)).isZero();
  }
}
