package dev.parley.node;

import dev.parley.store.StoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to run a node: where its data is ({@link StoreConfig}) and how it serves HTTP.
 *
 * @param port 0 for any free port
 * @param tlsCert PEM certificate chain for HTTPS, or null for plain HTTP (with {@code tlsKey})
 * @param maxContentLength the largest request body accepted, in bytes (413 beyond)
 * @param maxPageSize the most objects one response holds, whatever {@code limit} asks
 * @param apiRoots the names of the API roots; the first is the default
 * @param addWait how long a POST of objects waits for them to be stored before it answers with a
 *     status that may still be pending (the objects go on being stored)
 * @param witnessInterval how often, at most, the node submits its newest checkpoint to its peers'
 *     witnesses and checks their logs (issue 11)
 */
public record NodeConfig(StoreConfig store, String host, int port, Path tlsCert, Path tlsKey, long maxContentLength,
    int maxPageSize, List<String> apiRoots, Duration addWait, Duration witnessInterval) {
  public NodeConfig {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("a port is 0 to 65535 (0: any free port), not " + port);
    apiRoots = List.copyOf(apiRoots);
    if (apiRoots.isEmpty()) throw new IllegalArgumentException("a node needs at least one API root");
    for (String r : apiRoots) {
      if (!r.matches("[a-z0-9][a-z0-9-]{0,62}") || r.equals("taxii2") || r.equals("log") || r.equals("metrics") || r.equals("healthz") || r.equals("telemetry")) {
        throw new IllegalArgumentException("an API root name is lower-case letters, digits and '-', not a reserved path: " + r);
      }
    }
    if ((tlsCert == null) != (tlsKey == null)) throw new IllegalArgumentException("HTTPS needs both --tls-cert and --tls-key");
    if (maxContentLength < 1024) throw new IllegalArgumentException("maxContentLength must be at least 1024 bytes");
    if (maxPageSize < 1) throw new IllegalArgumentException("maxPageSize must be positive");
    Objects.requireNonNull(addWait, "addWait");
    if (addWait.isNegative()) throw new IllegalArgumentException("addWait must not be negative");
    Objects.requireNonNull(witnessInterval, "witnessInterval");
    if (witnessInterval.compareTo(Duration.ofMillis(100)) < 0) throw new IllegalArgumentException("witnessInterval must be at least 0.1 s");
  }

  /** As the canonical constructor, with the default witness interval (10 s). */
  public NodeConfig(StoreConfig store, String host, int port, Path tlsCert, Path tlsKey, long maxContentLength,
      int maxPageSize, List<String> apiRoots, Duration addWait) {
    this(store, host, port, tlsCert, tlsKey, maxContentLength, maxPageSize, apiRoots, addWait, Duration.ofSeconds(10));
  }

  public NodeConfig withWitnessInterval(Duration interval) {
    return new NodeConfig(store, host, port, tlsCert, tlsKey, maxContentLength, maxPageSize, apiRoots, addWait, interval);
  }

  /** The defaults of {@code parley serve}: ./parley-data, 127.0.0.1:8080, embedded database. */
  public static NodeConfig defaults() {
    return new NodeConfig(StoreConfig.defaults(), "127.0.0.1", 8080, null, null, 100L * 1024 * 1024, 1000, List.of("api1"),
        Duration.ofSeconds(10));
  }

  /** The node's data folder. */
  public Path dataDir() {
    return store.dataDir();
  }

  /** The node's name: its log's origin. */
  public String name() {
    return store.name();
  }

  public NodeConfig withStore(StoreConfig s) {
    return new NodeConfig(s, host, port, tlsCert, tlsKey, maxContentLength, maxPageSize, apiRoots, addWait, witnessInterval);
  }

  public NodeConfig withDataDir(Path d) {
    return withStore(store.withDataDir(d));
  }

  public NodeConfig withDatabase(String url, String schema) {
    return withStore(store.withDatabase(url, schema));
  }

  public NodeConfig withName(String n) {
    return withStore(store.withName(n));
  }

  public NodeConfig withListen(String h, int p) {
    return new NodeConfig(store, h, p, tlsCert, tlsKey, maxContentLength, maxPageSize, apiRoots, addWait, witnessInterval);
  }

  public NodeConfig withTls(Path cert, Path key) {
    return new NodeConfig(store, host, port, cert, key, maxContentLength, maxPageSize, apiRoots, addWait, witnessInterval);
  }

  public NodeConfig withLimits(long contentLength, int pageSize) {
    return new NodeConfig(store, host, port, tlsCert, tlsKey, contentLength, pageSize, apiRoots, addWait, witnessInterval);
  }

  public NodeConfig withApiRoots(List<String> roots) {
    return new NodeConfig(store, host, port, tlsCert, tlsKey, maxContentLength, maxPageSize, roots, addWait, witnessInterval);
  }

  public NodeConfig withAddWait(Duration wait) {
    return new NodeConfig(store, host, port, tlsCert, tlsKey, maxContentLength, maxPageSize, apiRoots, wait, witnessInterval);
  }
}
