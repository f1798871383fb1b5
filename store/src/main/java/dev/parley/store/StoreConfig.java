package dev.parley.store;

import dev.parley.tlog.note.KeyNames;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a node's data lives: its data folder (the embedded database, the log's key, the first
 * administrator's token) and, when not embedded, the external database.
 *
 * @param dataDir the node's data folder; it holds the log key also when the database is external
 * @param jdbcUrl an external database, or null for the embedded one in {@code dataDir}
 * @param dbSchema the schema in the external database, or null for its default
 * @param name the node's name, which is its log's origin and key name
 * @throws IllegalArgumentException when the name cannot be a key name or the URL is not PostgreSQL's
 */
public record StoreConfig(Path dataDir, String jdbcUrl, String dbSchema, String name) {
  public StoreConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(name, "name");
    // checked here, before anything is made: the name becomes the log key's name and the log's origin
    if (!KeyNames.isValid(name)) throw new IllegalArgumentException("a node's name is non-empty, without spaces or '+': '" + name + "'");
    if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db): " + jdbcUrl);
    }
  }

  /** The defaults: ./parley-data, the embedded database, the name {@code parley}. */
  public static StoreConfig defaults() {
    return new StoreConfig(Path.of("parley-data"), null, null, "parley");
  }

  public StoreConfig withDataDir(Path d) {
    return new StoreConfig(d, jdbcUrl, dbSchema, name);
  }

  public StoreConfig withDatabase(String url, String schema) {
    return new StoreConfig(dataDir, url, schema, name);
  }

  public StoreConfig withName(String n) {
    return new StoreConfig(dataDir, jdbcUrl, dbSchema, n);
  }
}
