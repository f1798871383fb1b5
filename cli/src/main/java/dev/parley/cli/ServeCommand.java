package dev.parley.cli;

import dev.parley.node.DetectionConfig;
import dev.parley.node.Node;
import dev.parley.node.NodeConfig;
import dev.parley.node.NodeConfigException;
import dev.parley.node.NodeException;
import dev.parley.policy.Tlp;
import dev.parley.store.StoreConfig;
import dev.parley.store.StoreException;
import dev.parley.store.log.LogKeys;
import dev.parley.sync.Sync;
import dev.parley.sync.SyncLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code parley serve}: runs a node until SIGTERM or SIGINT. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Runs a Parley node: a TAXII 2.1 server over an embedded (or external) PostgreSQL.",
    footer = {"", "Example:", "  parley serve --data ./parley-data --port 8080 --name cert-a",
        "  curl -u admin:$(cat parley-data/admin.token) \\",
        "      -H 'Accept: application/taxii+json;version=2.1' \\",
        "      http://127.0.0.1:8080/taxii2/"})
final class ServeCommand implements Runnable {
  @Spec CommandSpec spec;
  @Mixin StoreOptions store;

  @Option(names = "--host", paramLabel = "H", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", paramLabel = "P", defaultValue = "8080", description = "Port to listen on; 0 for any free port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--name", paramLabel = "NODE_NAME",
      description = "The node's name, its log's origin, fixed at its first start (default: the name it has, or, for a new node, parley- and 8 random hex digits).")
  String name;

  @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate chain for HTTPS.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key (PKCS#8) for HTTPS.")
  Path tlsKey;

  @Option(names = "--max-content-length", paramLabel = "BYTES", defaultValue = "104857600", description = "Largest TAXII request body accepted, the API roots' max_content_length (default: ${DEFAULT-VALUE});"
      + " larger ones get 413. POST /telemetry streams its body line by line and is not bound by it.")
  long maxContentLength;

  @Option(names = "--max-page-size", paramLabel = "N", defaultValue = "1000", description = "Most objects in one response (default: ${DEFAULT-VALUE}).")
  int maxPageSize;

  @Option(names = "--api-root", paramLabel = "NAME", split = ",", description = "API root names; the first is the default (default: api1).")
  List<String> apiRoots = List.of("api1");

  @Option(names = "--add-wait", paramLabel = "SECONDS", defaultValue = "10",
      description = "How long a POST of objects waits for them to be stored before it answers with a status that may still be pending"
          + " (default: ${DEFAULT-VALUE}; 0 answers at once).")
  double addWait;

  @Option(names = "--detect-collections", paramLabel = "C", split = ",",
      description = "Collections (ids or aliases) whose indicators detection matches telemetry against (default: every collection);"
          + " one not made yet is followed from when it is made.")
  List<String> detectCollections;

  @Option(names = "--telemetry-dir", paramLabel = "DIR",
      description = "A folder of telemetry files (Zeek, EVE, ECS) to follow: every file that appears or grows is matched, resuming after a restart.")
  Path telemetryDir;

  @Option(names = "--telemetry-tlp", paramLabel = "LEVEL", defaultValue = "amber",
      description = "The TLP of the followed folder's telemetry: clear, green, amber, amber+strict or red, in any case (default:"
          + " ${DEFAULT-VALUE}). A sighting carries the stricter of this and its indicator's.")
  String telemetryTlp;

  @Option(names = "--sighting-budget", paramLabel = "N", defaultValue = "10000",
      description = "Sightings that one group of indicators (a peer's, a local account's) may write at once, earned back at N/100 a second;"
          + " past it, hits are held and merged, written later (default: ${DEFAULT-VALUE}).")
  int sightingBudget;

  @Option(names = "--sync-interval", paramLabel = "SECONDS", defaultValue = "60",
      description = "Seconds between sync passes with every peer, as 'parley sync' runs them (default: ${DEFAULT-VALUE}; 0 turns it off).")
  long syncInterval;

  @Option(names = "--witness-interval", paramLabel = "SECONDS", defaultValue = "10",
      description = "How often, at most, the newest checkpoint goes to the peers' witnesses and their logs are checked"
          + " (default: ${DEFAULT-VALUE}).")
  double witnessInterval;

  /**
   * The node's name: {@code --name}; else the name its log key has; else, for a new node, a name of
   * its own ("parley-" and 8 random hex digits): every node once named "parley" by default, and peers'
   * logs under one origin were told apart by nothing but their keys (hostile run 10o).
   */
  private String name() {
    if (name != null) return name;
    Path keyFile = store.data.resolve(LogKeys.FILE);
    if (Files.exists(keyFile)) {
      try {
        return LogKeys.load(keyFile).name();
      } catch (RuntimeException e) {
        return "parley"; // the node's start says what is wrong with the key, where
      }
    }
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    return "parley-" + HexFormat.of().formatHex(random);
  }

  @Override
  public void run() {
    NodeConfig config;
    if (telemetryDir != null && !Files.isDirectory(telemetryDir)) throw new CommandFailure(ExitCodes.USAGE, "--telemetry-dir " + telemetryDir + " is not a folder");
    DetectionConfig detect;
    try {
      if (sightingBudget < 100 || sightingBudget > DetectionConfig.MAX_SIGHTING_BUDGET) {
        throw new IllegalArgumentException("--sighting-budget is a number of sightings, 100 to "
            + DetectionConfig.MAX_SIGHTING_BUDGET + ": " + sightingBudget);
      }
      Tlp folderTlp = Tlp.parseLoosely(telemetryTlp).orElseThrow(() -> new CommandFailure(
          ExitCodes.USAGE, "--telemetry-tlp must be clear, green, amber, amber+strict or red, not '" + telemetryTlp + "'"));
      detect = DetectionConfig.defaults().withCollections(detectCollections).withTelemetryDir(telemetryDir)
          .withTelemetryTlp(folderTlp).withSightingBudget(sightingBudget);
      // the node's own checks name its settings, not the options that set them
      if (maxContentLength < 1024) throw new IllegalArgumentException("--max-content-length is a number of bytes, 1024 or more: " + maxContentLength);
      if (maxPageSize < 1) throw new IllegalArgumentException("--max-page-size is a number of objects, 1 or more: " + maxPageSize);
      if (syncInterval < 0) throw new IllegalArgumentException("--sync-interval is a number of seconds, 0 or more: " + syncInterval);
      if (!Double.isFinite(addWait) || addWait < 0) throw new IllegalArgumentException("--add-wait is a number of seconds, 0 or more: " + addWait);
      if (!Double.isFinite(witnessInterval) || witnessInterval < 0.1 || witnessInterval > 86400) {
        throw new IllegalArgumentException("--witness-interval is a number of seconds, 0.1 to 86400: " + witnessInterval);
      }
      if (Files.exists(store.data) && !Files.isDirectory(store.data)) throw new IllegalArgumentException("--data " + store.data + " is not a folder");
      config = NodeConfig.defaults().withStore(store.apply(StoreConfig.defaults())).withListen(host, port).withName(name())
          .withTls(tlsCert, tlsKey)
          .withLimits(maxContentLength, maxPageSize).withApiRoots(apiRoots)
          .withAddWait(Duration.ofMillis(Math.round(addWait * 1000)))
          .withWitnessInterval(Duration.ofMillis(Math.round(witnessInterval * 1000)));
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
    }
    Node node;
    try {
      node = Node.start(config, detect);
    } catch (NodeConfigException e) {
      throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
    } catch (NodeException | StoreException e) {
      throw new CommandFailure(ExitCodes.INVALID, e.getMessage());
    } catch (RuntimeException e) {
      throw new CommandFailure(ExitCodes.INVALID, "cannot start the node: " + e.getMessage());
    }
    var out = spec.commandLine().getOut();
    node.firstAdminToken().ifPresent(token -> {
      out.println("Created the administrator account 'admin'. Its token is shown only this once:");
      out.println("  " + token);
      out.println("It is also in " + config.dataDir().resolve("admin.token") + " (mode 0600).");
    });
    out.println("TAXII discovery: " + node.discoveryUrl());
    out.flush();
    SyncLoop sync = syncInterval == 0 ? null
        : SyncLoop.start(new Sync(node.stores(), Sync.Settings.defaults()), Duration.ofSeconds(syncInterval));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        if (sync != null) sync.close();
        node.close();
      } finally {
        stopped.countDown();
      }
    }, "parley-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
