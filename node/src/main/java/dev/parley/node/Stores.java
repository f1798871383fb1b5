package dev.parley.node;

import dev.parley.store.Database;
import dev.parley.store.accounts.AccountStore;
import dev.parley.store.collections.CollectionStore;
import dev.parley.store.objects.ObjectStore;
import dev.parley.store.objects.WriteHook;
import dev.parley.store.status.StatusStore;

/** The node's database and the stores over it, opened from a config. Close it to release the database. */
public record Stores(Database db, CollectionStore collections, ObjectStore objects, AccountStore accounts, StatusStore statuses)
    implements AutoCloseable {

  /** Opens the embedded database in the data folder, or the external one when a JDBC URL is set. */
  public static Stores open(NodeConfig config, WriteHook hook) {
    Database db = config.jdbcUrl() == null ? Database.embedded(config.dataDir()) : Database.external(config.jdbcUrl(), config.dbSchema());
    return new Stores(db, new CollectionStore(db), new ObjectStore(db, hook), new AccountStore(db), new StatusStore(db));
  }

  @Override
  public void close() {
    db.close();
  }
}
