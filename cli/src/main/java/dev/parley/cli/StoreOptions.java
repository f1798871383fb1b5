package dev.parley.cli;

import dev.parley.store.StoreConfig;
import dev.parley.store.StoreException;
import dev.parley.store.Stores;
import dev.parley.store.objects.WriteHook;
import dev.parley.store.log.LogKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that name a node's store: its data folder, or an external database. */
final class StoreOptions {
  @Option(names = "--data", paramLabel = "DIR", description = "The node's data folder (default: ${DEFAULT-VALUE}).", defaultValue = "parley-data")
  Path data;

  @Option(names = "--db", paramLabel = "JDBC_URL", description = {"An external PostgreSQL database by JDBC URL, e.g.", "jdbc:postgresql://db:5432/parley?user=parley"})
  String db;

  StoreConfig apply(StoreConfig config) {
    return config.withDataDir(data).withDatabase(db, null);
  }

  /** Opens the store with its transparency log, for commands that store or delete objects. */
  Stores openWithLog() {
    try {
      StoreConfig config = apply(StoreConfig.defaults());
      Path keyFile = data.resolve(LogKeys.FILE);
      // the log's origin is the node's name, which its key file records once the node has started
      if (Files.exists(keyFile)) config = config.withName(LogKeys.load(keyFile).name());
      return Stores.open(config);
    } catch (RuntimeException e) {
      throw new CommandFailure(ExitCodes.INVALID, e.getMessage());
    }
  }

  /** Opens the store without the log, for commands that store no objects. */
  Stores open() {
    try {
      return Stores.open(apply(StoreConfig.defaults()), WriteHook.NONE);
    } catch (StoreException e) {
      throw new CommandFailure(ExitCodes.INVALID, e.getMessage());
    }
  }
}
