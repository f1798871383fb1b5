package dev.parley.cli;

import dev.parley.store.NoNodeException;
import dev.parley.store.StoreConfig;
import dev.parley.store.StoreException;
import dev.parley.store.Stores;
import dev.parley.store.log.LogKeys;
import dev.parley.store.objects.WriteHook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The options that name a node's store: its data folder, or an external database. Only {@code serve}
 * makes a node; the other commands open the store of an existing one and make nothing.
 */
final class StoreOptions {
  @Option(names = "--data", paramLabel = "DIR", description = "The node's data folder (default: ${DEFAULT-VALUE}).", defaultValue = "parley-data")
  Path data;

  @Option(names = "--db", paramLabel = "JDBC_URL", description = "An external PostgreSQL database by JDBC URL, for example:%njdbc:postgresql://db:5432/parley?user=parley")
  String db;

  /** {@code config} with these options; throws {@link IllegalArgumentException} when they cannot work. */
  StoreConfig apply(StoreConfig config) {
    return config.withDataDir(data).withDatabase(db, null);
  }

  /** Opens an existing node's store with its transparency log, for commands that store or delete objects. */
  Stores openWithLog() {
    StoreConfig config = config();
    Path keyFile = data.resolve(LogKeys.FILE);
    return open(config, c -> {
      // the log's origin is the node's name, which its key file records once the node has started
      return Stores.openExisting(Files.exists(keyFile) ? c.withName(LogKeys.load(keyFile).name()) : c);
    });
  }

  /** Opens an existing node's store without the log, for commands that store no objects. */
  Stores open() {
    return open(config(), c -> Stores.openExisting(c, WriteHook.NONE));
  }

  private StoreConfig config() {
    try {
      return apply(StoreConfig.defaults());
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
    }
  }

  private static Stores open(StoreConfig config, Function<StoreConfig, Stores> opener) {
    try {
      return opener.apply(config);
    } catch (NoNodeException e) {
      if (config.jdbcUrl() != null) {
        // with --db the log key is still the folder's: "or --db JDBC_URL" told an operator who had given it to give it
        // (hostile run be D6)
        throw new CommandFailure(ExitCodes.INVALID, e.getMessage() + ". With --db, give also --data DIR, the folder that holds the log key"
            + " of the node serving that database (the folder its 'parley serve --db JDBC_URL --data DIR' names): a command that stores"
            + " objects logs them under that key");
      }
      throw new CommandFailure(ExitCodes.INVALID, e.getMessage() + ". Point at a node with --data DIR (the folder 'parley serve --data DIR'"
          + " made) or --db JDBC_URL; only 'parley serve' makes a node");
    } catch (StoreException e) {
      throw new CommandFailure(ExitCodes.INVALID, e.getMessage());
    }
  }
}
