package dev.parley.store;

import dev.parley.store.accounts.AccountStore;
import dev.parley.store.collections.CollectionStore;
import dev.parley.store.detect.DetectionStore;
import dev.parley.store.egress.AgreementStore;
import dev.parley.store.egress.Publisher;
import dev.parley.store.egress.ServedVersions;
import dev.parley.store.log.LogKeys;
import dev.parley.store.log.TransparencyLog;
import dev.parley.store.objects.ObjectStore;
import dev.parley.store.objects.WriteHook;
import dev.parley.store.peers.PeerStore;
import dev.parley.store.peers.ReceiptStore;
import dev.parley.store.peers.SyncPositions;
import dev.parley.store.status.StatusStore;
import dev.parley.tlog.note.SignerKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The node's database and the stores over it, opened from a config. Close it to release the
 * database (and the data folder, when this process holds it).
 *
 * @param log the transparency log that every stored and deleted version is appended to in its own
 *     transaction, or null for a read-only tool that writes no objects
 * @param folder the data folder's lock when this process holds the folder (see {@link NodeLock}), else null
 */
public record Stores(Database db, CollectionStore collections, ObjectStore objects, AccountStore accounts,
    StatusStore statuses, PeerStore peers, TransparencyLog log, NodeLock folder) implements AutoCloseable {

  /**
   * Opens a node's database and its transparency log, holding the data folder: the folder and its
   * embedded database are made on first use, and the log's signing key is {@code log.key} in the
   * folder (made on first use, named after the node), also when the database is external.
   *
   * @throws FolderInUseException when another process holds the folder
   */
  public static Stores open(StoreConfig config) {
    return withLog(config, DataFolder.forNode(config));
  }

  /** As {@link #open(StoreConfig)}, without the log and with {@code hook} in the write path (for tests of the store alone). */
  public static Stores open(StoreConfig config, WriteHook hook) {
    return withHook(DataFolder.forNode(config), hook);
  }

  /**
   * Opens the database and the log of an existing node, for a command: beside the node that holds
   * the folder, or, while none does, holding it. Makes no folder and no database; with an external
   * database, the folder must hold the node's log key.
   *
   * @throws NoNodeException when there is no node there
   */
  public static Stores openExisting(StoreConfig config) {
    if (config.jdbcUrl() != null && !Files.isRegularFile(config.dataDir().resolve(LogKeys.FILE))) {
      throw new NoNodeException(config.dataDir(), "it holds no log key (" + LogKeys.FILE + "), which a node using the external database keeps there");
    }
    return withLog(config, DataFolder.forCommand(config));
  }

  /** As {@link #openExisting(StoreConfig)}, without the log and with {@code hook} in the write path. */
  public static Stores openExisting(StoreConfig config, WriteHook hook) {
    return withHook(DataFolder.forCommand(config), hook);
  }

  private static Stores withLog(StoreConfig config, DataFolder.Opened opened) {
    Database db = opened.db();
    Path keyFile = config.dataDir().resolve(LogKeys.FILE);
    boolean made = !Files.exists(keyFile);
    try {
      SignerKey key = LogKeys.loadOrCreate(keyFile, config.name());
      TransparencyLog log = TransparencyLog.open(db, key);
      return new Stores(db, new CollectionStore(db), new ObjectStore(db, log.writeHook()), new AccountStore(db),
          new StatusStore(db), new PeerStore(db), log, opened.lock());
    } catch (RuntimeException e) {
      // a key made for a log that refused it (an external database whose log another key signs) can never serve: left
      // behind, every later start on the folder was refused the same way until an operator deleted it (hostile run be D3)
      if (made) {
        try {
          Files.deleteIfExists(keyFile);
        } catch (IOException ignored) {
          // the refusal is what is said; a key left is refused again, by name
        }
      }
      close(db, opened.lock());
      throw e;
    }
  }

  private static Stores withHook(DataFolder.Opened opened, WriteHook hook) {
    Database db = opened.db();
    return new Stores(db, new CollectionStore(db), new ObjectStore(db, hook), new AccountStore(db), new StatusStore(db),
        new PeerStore(db), null, opened.lock());
  }

  /** The agreements with peers. */
  public AgreementStore agreements() {
    return new AgreementStore(db, accounts);
  }

  /** Where sync with each peer stands. */
  public SyncPositions syncPositions() {
    return new SyncPositions(db);
  }

  /** What detection keeps: records counted per source, followed files' positions, the sighting identity. */
  public DetectionStore detection() {
    return new DetectionStore(db);
  }

  /** The receipts of what this node pulled from its peers. */
  public ReceiptStore receipts() {
    return new ReceiptStore(db);
  }

  /** The versions peers were served that their feeds no longer hold: what each may still prove it received. */
  public ServedVersions served() {
    return new ServedVersions(db);
  }

  /** What decides and keeps the peers' feeds. */
  public Publisher publisher() {
    return new Publisher(db);
  }

  @Override
  public void close() {
    try {
      if (log != null) log.close();
    } finally {
      close(db, folder);
    }
  }

  /** The folder is let go only once its database has stopped, so that the next holder finds none running. */
  private static void close(Database db, NodeLock folder) {
    try {
      db.close();
    } finally {
      if (folder != null) folder.close();
    }
  }
}
