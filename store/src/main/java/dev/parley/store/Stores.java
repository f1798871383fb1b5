package dev.parley.store;

import dev.parley.store.accounts.AccountStore;
import dev.parley.store.collections.CollectionStore;
import dev.parley.store.log.LogKeys;
import dev.parley.store.log.TransparencyLog;
import dev.parley.store.objects.ObjectStore;
import dev.parley.store.peers.PeerStore;
import dev.parley.store.objects.WriteHook;
import dev.parley.store.status.StatusStore;
import dev.parley.tlog.note.SignerKey;

/**
 * The node's database and the stores over it, opened from a config. Close it to release the
 * database.
 *
 * @param log the transparency log that every stored and deleted version is appended to in its own
 *     transaction, or null for a read-only tool that writes no objects
 */
public record Stores(Database db, CollectionStore collections, ObjectStore objects, AccountStore accounts,
    StatusStore statuses, PeerStore peers, TransparencyLog log) implements AutoCloseable {

  /**
   * Opens the database and its transparency log: the signing key is {@code log.key} in the data
   * folder (created on first use, named after the node), also when the database is external.
   */
  public static Stores open(StoreConfig config) {
    Database db = database(config);
    try {
      SignerKey key = LogKeys.loadOrCreate(config.dataDir().resolve(LogKeys.FILE), config.name());
      TransparencyLog log = TransparencyLog.open(db, key);
      return new Stores(db, new CollectionStore(db), new ObjectStore(db, log.writeHook()), new AccountStore(db),
          new StatusStore(db), new PeerStore(db), log);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** Opens the database without the log, for tools that store no objects, with {@code hook} in the write path. */
  public static Stores open(StoreConfig config, WriteHook hook) {
    Database db = database(config);
    return new Stores(db, new CollectionStore(db), new ObjectStore(db, hook), new AccountStore(db), new StatusStore(db),
        new PeerStore(db), null);
  }

  private static Database database(StoreConfig config) {
    return config.jdbcUrl() == null ? Database.embedded(config.dataDir()) : Database.external(config.jdbcUrl(), config.dbSchema());
  }

  @Override
  public void close() {
    try {
      if (log != null) log.close();
    } finally {
      db.close();
    }
  }
}
