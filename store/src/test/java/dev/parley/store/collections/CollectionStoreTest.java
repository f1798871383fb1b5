package dev.parley.store.collections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.store.Database;
import dev.parley.store.testing.TestDatabases;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Collections by id or alias, as TAXII 2.1 §5.2.1 lets an alias stand for an id. */
class CollectionStoreTest {
  private final Database db = TestDatabases.fresh();
  private final CollectionStore collections = new CollectionStore(db);

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void resolve_idAliasOrNeither() {
    UUID id = UUID.randomUUID();
    collections.create(new Collection(id, "api1", "t", null, "feed"));
    assertThat(collections.resolve(id.toString()).orElseThrow().id()).isEqualTo(id);
    assertThat(collections.resolve("feed").orElseThrow().id()).isEqualTo(id);
    assertThat(collections.resolve("nope")).isEmpty();
    assertThat(collections.resolve(UUID.randomUUID().toString())).isEmpty();
  }

  @Test
  void resolve_idThatIsAlsoAnotherCollectionsAlias_theIdWins() {
    UUID id = UUID.randomUUID();
    UUID other = UUID.randomUUID();
    collections.create(new Collection(id, "api1", "t", null, null));
    collections.create(new Collection(other, "api1", "t", null, id.toString()));
    assertThat(collections.resolve(id.toString()).orElseThrow().id()).isEqualTo(id);
  }
}
