package dev.parley.bench.witness;

import dev.parley.node.Node;
import dev.parley.node.NodeConfig;
import dev.parley.store.Stores;
import dev.parley.tlog.checkpoint.Checkpoint;
import dev.parley.tlog.checkpoint.Checkpoints;
import dev.parley.tlog.note.SignerKey;
import dev.parley.tlog.tree.Hash;
import dev.parley.tlog.tree.Hashes;
import dev.parley.tlog.tree.MerkleTree;
import dev.parley.tlog.tree.NodeReader;
import dev.parley.tlog.tree.TreeSize;
import dev.parley.tlog.witness.AddCheckpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The witness under load (issue 11): {@code origins} peer logs registered on a running node, each
 * growing by a few leaves per checkpoint; client threads submit their origins' checkpoints in order
 * to {@code POST /witness/add-checkpoint} (old size, consistency proof, signed note: the witness
 * verifies the signature and the proof and persists atomically), over keep-alive HTTP/1.1 on
 * loopback, and count 200s per second. The baseline, in the same run and with the same threads, is
 * {@code GET /log/checkpoint} (an in-memory read). Bodies are made before the clock starts.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.parley.bench.witness.WitnessLoad [origins] [threads] [seconds]
 * </pre>
 */
public final class WitnessLoad {
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  public static void main(String[] args) throws Exception {
    int origins = args.length > 0 ? Integer.parseInt(args[0]) : 64;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 10;
    new WitnessLoad().run(origins, threads, seconds);
  }

  /** One log: its key and its checkpoints' request bodies, in order. */
  private record Log(SignerKey key, List<String> bodies) {}

  private void run(int origins, int threads, double seconds) throws Exception {
    System.out.printf("machine: %d cores, %d MB max heap, Java %s; load average %s%n", Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"), Files.readString(Path.of("/proc/loadavg")).strip());
    int perOrigin = (int) Math.ceil(seconds * 2500 / origins) + 20; // more than this machine can use (then the run stops early)
    Path data = Files.createTempDirectory("parley-witness-load");
    try (Node node = Node.start(NodeConfig.defaults().withDataDir(data).withListen("127.0.0.1", 0)
        .withWitnessInterval(Duration.ofSeconds(3600)))) {
      String base = "http://127.0.0.1:" + node.port();
      Stores stores = node.stores();
      long m0 = System.nanoTime();
      List<Log> logs = new ArrayList<>();
      for (int o = 0; o < origins; o++) {
        SignerKey key = SignerKey.generate("bench-" + o + ".example/log");
        stores.peers().put("bench-" + o, "http://127.0.0.1:1/api1/", null, key.verifierKey().encode(), stores.accounts());
        logs.add(new Log(key, bodies(key, perOrigin, 1 + o % 7)));
      }
      System.out.printf("made %,d signed requests with consistency proofs in %.1f s%n", (long) origins * perOrigin,
          (System.nanoTime() - m0) / 1e9);
      for (int round = 0; round < 2; round++) {
        double get = measure(threads, seconds / 2, i -> get(base + "/log/checkpoint"), null);
        System.out.printf("round %d  GET /log/checkpoint (baseline): %,.0f requests/s%n", round + 1, get);
      }
      // the ceiling the JDK's Ed25519 sets: one signature verified and one cosignature made per request
      SignerKey cosigner = SignerKey.generateCosigner("bench/witness");
      List<String> notes = new ArrayList<>();
      for (Log log : logs) notes.add(log.bodies().get(0).substring(log.bodies().get(0).indexOf("\n\n") + 2));
      double crypto = measure(threads, seconds / 2, i -> {
        int o = (int) (Thread.currentThread().getId() % logs.size());
        String note = notes.get(o);
        Checkpoints.open(note, logs.get(o).key().verifierKey());
        cosigner.cosign(dev.parley.tlog.note.Note.parse(note).text(), System.currentTimeMillis() / 1000);
        return true;
      }, null);
      System.out.printf("Ed25519 alone (verify the log's signature + make a cosignature, no HTTP, no database): %,.0f/s%n", crypto);
      double add = measure(threads, seconds, null, new Submitter(base, logs, threads));
      System.out.printf("POST /witness/add-checkpoint: %,.0f cosigned checkpoints/s (%d origins, %d threads)%n", add, origins, threads);
      double get = measure(threads, seconds / 2, i -> get(base + "/log/checkpoint"), null);
      System.out.printf("GET /log/checkpoint (baseline, after): %,.0f requests/s; ratio add-checkpoint/GET %.2f,"
          + " add-checkpoint/Ed25519 alone %.2f%n", get, add / get, add / crypto);
    }
  }

  /** Bodies of checkpoints of sizes step, 2 step, ... each from the previous size. */
  private static List<String> bodies(SignerKey key, int count, int step) {
    List<Hash> leaves = new ArrayList<>();
    Map<Long, Hash> memo = new HashMap<>();
    NodeReader nodes = new NodeReader() {
      @Override
      public Hash node(int level, long index) {
        long k = (long) level << 48 | index;
        Hash h = memo.get(k);
        if (h == null) {
          h = level == 0 ? leaves.get((int) index) : Hashes.node(node(level - 1, 2 * index), node(level - 1, 2 * index + 1));
          memo.put(k, h);
        }
        return h;
      }
    };
    List<String> out = new ArrayList<>();
    long previous = 0;
    for (int i = 1; i <= count; i++) {
      for (int j = 0; j < step; j++) leaves.add(Hashes.leaf((key.name() + leaves.size()).getBytes(StandardCharsets.UTF_8)));
      TreeSize size = TreeSize.of(leaves.size());
      Checkpoint cp = Checkpoint.of(key.name(), size, MerkleTree.root(nodes, size));
      List<Hash> proof = previous == 0 ? List.of() : MerkleTree.consistencyProof(nodes, TreeSize.of(previous), size).path();
      out.add(new AddCheckpoint(previous, proof, Checkpoints.sign(cp, key)).format());
      previous = size.value();
    }
    return out;
  }

  /** Each thread owns the origins t, t + threads, ... and sends their checkpoints in order. */
  private final class Submitter {
    final String url;
    final List<Log> logs;
    final int threads;
    final int[] next;

    Submitter(String base, List<Log> logs, int threads) {
      this.url = base + "/witness/add-checkpoint";
      this.logs = logs;
      this.threads = threads;
      this.next = new int[logs.size()];
    }

    boolean send(int thread, long turn) {
      int mine = (logs.size() + threads - 1 - thread) / threads;
      if (mine == 0) return false;
      int o = thread + threads * (int) (turn % mine);
      Log log = logs.get(o);
      if (next[o] >= log.bodies().size()) return false;
      HttpResponse<String> r = post(url, log.bodies().get(next[o]));
      if (r.statusCode() == 429) return false; // the origin's rate limit: counted as not done
      if (r.statusCode() != 200) throw new IllegalStateException("origin " + o + " checkpoint " + next[o] + ": " + r.statusCode() + " " + r.body());
      next[o]++;
      return true;
    }
  }

  private interface Call {
    boolean call(int thread) throws Exception;
  }

  private double measure(int threads, double seconds, Call call, Submitter submitter) throws Exception {
    AtomicLong done = new AtomicLong();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    List<Thread> workers = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread w = new Thread(() -> {
        long turn = 0;
        try {
          while (System.nanoTime() < end) {
            boolean ok = submitter != null ? submitter.send(thread, turn++) : call.call(thread);
            if (ok) done.incrementAndGet();
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      w.start();
      workers.add(w);
    }
    for (Thread w : workers) w.join();
    return done.get() / ((System.nanoTime() - t0) / 1e9);
  }

  private boolean get(String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> post(String url, String body) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
