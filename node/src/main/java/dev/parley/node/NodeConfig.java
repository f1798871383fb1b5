package dev.parley.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to run a node.
 *
 * @param jdbcUrl an external database, or null for the embedded one in {@code dataDir}
 * @param dbSchema the schema in the external database, or null for its default
 * @param port 0 for any free port
 * @param tlsCert PEM certificate chain for HTTPS, or null for plain HTTP (with {@code tlsKey})
 * @param maxContentLength the largest request body accepted, in bytes (413 beyond)
 * @param maxPageSize the most objects one response holds, whatever {@code limit} asks
 * @param apiRoots the names of the API roots; the first is the default
 * @param addWait how long a POST of objects waits for them to be stored before it answers with a
 *     status that may still be pending (the objects go on being stored)
 */
public record NodeConfig(Path dataDir, String host, int port, String jdbcUrl, String dbSchema, String name,
    Path tlsCert, Path tlsKey, long maxContentLength, int maxPageSize, List<String> apiRoots, Duration addWait) {
  public NodeConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(name, "name");
    apiRoots = List.copyOf(apiRoots);
    if (apiRoots.isEmpty()) throw new IllegalArgumentException("a node needs at least one API root");
    for (String r : apiRoots) {
      if (!r.matches("[a-z0-9][a-z0-9-]{0,62}") || r.equals("taxii2") || r.equals("log") || r.equals("metrics") || r.equals("healthz")) {
        throw new IllegalArgumentException("an API root name is lower-case letters, digits and '-', not a reserved path: " + r);
      }
    }
    if ((tlsCert == null) != (tlsKey == null)) throw new IllegalArgumentException("HTTPS needs both --tls-cert and --tls-key");
    if (maxContentLength < 1024) throw new IllegalArgumentException("maxContentLength must be at least 1024 bytes");
    if (maxPageSize < 1) throw new IllegalArgumentException("maxPageSize must be positive");
    Objects.requireNonNull(addWait, "addWait");
    if (addWait.isNegative()) throw new IllegalArgumentException("addWait must not be negative");
  }

  /** The defaults of {@code parley serve}: ./parley-data, 127.0.0.1:8080, embedded database. */
  public static NodeConfig defaults() {
    return new NodeConfig(Path.of("parley-data"), "127.0.0.1", 8080, null, null, "parley", null, null,
        100L * 1024 * 1024, 1000, List.of("api1"), Duration.ofSeconds(10));
  }

  public NodeConfig withDataDir(Path d) {
    return new NodeConfig(d, host, port, jdbcUrl, dbSchema, name, tlsCert, tlsKey, maxContentLength, maxPageSize, apiRoots, addWait);
  }

  public NodeConfig withListen(String h, int p) {
    return new NodeConfig(dataDir, h, p, jdbcUrl, dbSchema, name, tlsCert, tlsKey, maxContentLength, maxPageSize, apiRoots, addWait);
  }

  public NodeConfig withDatabase(String url, String schema) {
    return new NodeConfig(dataDir, host, port, url, schema, name, tlsCert, tlsKey, maxContentLength, maxPageSize, apiRoots, addWait);
  }

  public NodeConfig withName(String n) {
    return new NodeConfig(dataDir, host, port, jdbcUrl, dbSchema, n, tlsCert, tlsKey, maxContentLength, maxPageSize, apiRoots, addWait);
  }

  public NodeConfig withTls(Path cert, Path key) {
    return new NodeConfig(dataDir, host, port, jdbcUrl, dbSchema, name, cert, key, maxContentLength, maxPageSize, apiRoots, addWait);
  }

  public NodeConfig withLimits(long contentLength, int pageSize) {
    return new NodeConfig(dataDir, host, port, jdbcUrl, dbSchema, name, tlsCert, tlsKey, contentLength, pageSize, apiRoots, addWait);
  }

  public NodeConfig withApiRoots(List<String> roots) {
    return new NodeConfig(dataDir, host, port, jdbcUrl, dbSchema, name, tlsCert, tlsKey, maxContentLength, maxPageSize, roots, addWait);
  }

  public NodeConfig withAddWait(Duration wait) {
    return new NodeConfig(dataDir, host, port, jdbcUrl, dbSchema, name, tlsCert, tlsKey, maxContentLength, maxPageSize, apiRoots, wait);
  }
}
