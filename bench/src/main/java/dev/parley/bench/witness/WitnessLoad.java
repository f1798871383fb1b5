package dev.parley.bench.witness;

import dev.parley.bench.load.KeepAliveClient;
import dev.parley.bench.load.Machine;
import dev.parley.bench.load.PostgresCpu;
import dev.parley.bench.load.ThreadCpu;
import dev.parley.node.Node;
import dev.parley.node.NodeConfig;
import dev.parley.store.Stores;
import dev.parley.tlog.checkpoint.Checkpoint;
import dev.parley.tlog.checkpoint.Checkpoints;
import dev.parley.tlog.note.Note;
import dev.parley.tlog.note.SignerKey;
import dev.parley.tlog.tree.Hash;
import dev.parley.tlog.tree.Hashes;
import dev.parley.tlog.tree.MerkleTree;
import dev.parley.tlog.tree.NodeReader;
import dev.parley.tlog.tree.TreeSize;
import dev.parley.tlog.witness.AddCheckpoint;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
 * verifies the signature and the proof and persists atomically), each thread on its own keep-alive
 * HTTP/1.1 connection on loopback ({@link KeepAliveClient}, so the client costs little), and count
 * 200s per second. Bodies are made before the clock starts. The CPU of the window is split three
 * ways: the client threads (their own CPU time), the rest of the JVM (the witness) and its
 * PostgreSQL (from {@code /proc}). The baseline, in the same run and with the same threads, is
 * {@code GET /log/checkpoint} (an in-memory read).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.parley.bench.witness.WitnessLoad [origins] [threads] [seconds]
 * </pre>
 */
public final class WitnessLoad {
  private final com.sun.management.OperatingSystemMXBean cpu =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  public static void main(String[] args) throws Exception {
    int origins = args.length > 0 ? Integer.parseInt(args[0]) : 64;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 10;
    new WitnessLoad().run(origins, threads, seconds);
  }

  /** One log: its key and its checkpoints' request bodies, in order. */
  private record Log(SignerKey key, List<byte[]> bodies) {}

  private void run(int origins, int threads, double seconds) throws Exception {
    System.out.println(Machine.describe());
    int perOrigin = (int) Math.ceil(seconds * 1.5 * 2500 / origins) + 20; // more than this machine can use (then the run stops early)
    Path data = Files.createTempDirectory("parley-witness-load");
    try (Node node = Node.start(NodeConfig.defaults().withDataDir(data).withListen("127.0.0.1", 0)
        .withWitnessInterval(Duration.ofSeconds(3600)))) {
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
      int port = node.port();
      for (int round = 0; round < 2; round++) {
        double get = measure(port, threads, seconds / 2, (client, thread, turn) -> client.get("/log/checkpoint") != null).rate();
        System.out.printf("round %d  GET /log/checkpoint (baseline): %,.0f requests/s%n", round + 1, get);
      }
      // the ceiling the crypto sets: one signature verified and one cosignature made per request
      SignerKey cosigner = SignerKey.generateCosigner("bench/witness");
      List<String> notes = new ArrayList<>();
      for (Log log : logs) {
        String first = new String(log.bodies().get(0), StandardCharsets.UTF_8);
        notes.add(first.substring(first.indexOf("\n\n") + 2));
      }
      double crypto = measure(-1, threads, seconds / 2, (client, thread, turn) -> {
        int o = thread % logs.size();
        String note = notes.get(o);
        Checkpoints.open(note, logs.get(o).key().verifierKey());
        cosigner.cosign(Note.parse(note).text(), System.currentTimeMillis() / 1000);
        return true;
      }).rate();
      System.out.printf("Ed25519 alone (verify the log's signature + make a cosignature, no HTTP, no database): %,.0f/s%n", crypto);
      Submitter submitter = new Submitter(logs, threads);
      // warm: the same requests' path compiled by the JIT before the clock starts (those checkpoints are not counted)
      Run warm = measure(port, threads, seconds / 2, submitter::send);
      System.out.printf("warm-up: %,d add-checkpoint in %.1f s, not counted%n", warm.done(), warm.seconds());
      long jvm0 = cpu.getProcessCpuTime();
      long db0 = PostgresCpu.ticks(data);
      Map<String, Long> threads0 = ThreadCpu.snapshot();
      Run add = measure(port, threads, seconds, submitter::send);
      double jvmSeconds = (cpu.getProcessCpuTime() - jvm0) / 1e9;
      double dbSeconds = PostgresCpu.seconds(PostgresCpu.ticks(data) - db0);
      Map<String, Double> busiest = ThreadCpu.top(threads0, ThreadCpu.snapshot(), 8);
      double clientSeconds = add.clientCpuSeconds();
      double witnessSeconds = jvmSeconds - clientSeconds + dbSeconds;
      System.out.printf("POST /witness/add-checkpoint: %,.0f cosigned checkpoints/s (%d origins, %d threads, %,d in %.1f s)%n",
          add.rate(), origins, threads, add.done(), add.seconds());
      System.out.printf("  CPU-seconds in that window: JVM %.2f (of which the client threads %.2f), PostgreSQL %.2f;"
          + " the witness (JVM less client, and PostgreSQL) %.2f = %,.0f add-checkpoint per CPU-second of the witness%n",
          jvmSeconds, clientSeconds, dbSeconds, witnessSeconds, add.done() / witnessSeconds);
      System.out.printf("  the JVM's busiest threads in that window (CPU-seconds): %s%n", busiest);
      double get = measure(port, threads, seconds / 2, (client, thread, turn) -> client.get("/log/checkpoint") != null).rate();
      System.out.printf("GET /log/checkpoint (baseline, after): %,.0f requests/s; ratio add-checkpoint/GET %.2f,"
          + " add-checkpoint/Ed25519 alone %.2f%n", get, add.rate() / get, add.rate() / crypto);
      System.out.printf("load average at the end: %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
    }
  }

  /** Bodies of checkpoints of sizes step, 2 step, ... each from the previous size. */
  private static List<byte[]> bodies(SignerKey key, int count, int step) {
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
    List<byte[]> out = new ArrayList<>();
    long previous = 0;
    for (int i = 1; i <= count; i++) {
      for (int j = 0; j < step; j++) leaves.add(Hashes.leaf((key.name() + leaves.size()).getBytes(StandardCharsets.UTF_8)));
      TreeSize size = TreeSize.of(leaves.size());
      Checkpoint cp = Checkpoint.of(key.name(), size, MerkleTree.root(nodes, size));
      List<Hash> proof = previous == 0 ? List.of() : MerkleTree.consistencyProof(nodes, TreeSize.of(previous), size).path();
      out.add(new AddCheckpoint(previous, proof, Checkpoints.sign(cp, key)).format().getBytes(StandardCharsets.UTF_8));
      previous = size.value();
    }
    return out;
  }

  /** Each thread owns the origins t, t + threads, ... and sends their checkpoints in order. */
  private static final class Submitter {
    final List<Log> logs;
    final int threads;
    final int[] next;

    Submitter(List<Log> logs, int threads) {
      this.logs = logs;
      this.threads = threads;
      this.next = new int[logs.size()];
    }

    boolean send(KeepAliveClient client, int thread, long turn) throws Exception {
      int mine = (logs.size() + threads - 1 - thread) / threads;
      if (mine == 0) return false;
      int o = thread + threads * (int) (turn % mine);
      Log log = logs.get(o);
      if (next[o] >= log.bodies().size()) return false;
      KeepAliveClient.Response r = client.post("/witness/add-checkpoint", log.bodies().get(next[o]));
      if (r.status() == 429) return false; // the origin's rate limit: counted as not done
      if (r.status() != 200) throw new IllegalStateException("origin " + o + " checkpoint " + next[o] + ": " + r.status() + " " + r.text());
      next[o]++;
      return true;
    }
  }

  private interface Call {
    boolean call(KeepAliveClient client, int thread, long turn) throws Exception;
  }

  /** What a measurement gave: calls done, the seconds they took, and the CPU the calling threads used. */
  private record Run(long done, double seconds, double clientCpuSeconds) {
    double rate() {
      return done / seconds;
    }
  }

  /** {@code threads} threads, each with its own connection to {@code port} (none if negative), calling until the time is up. */
  private static Run measure(int port, int threads, double seconds, Call call) throws Exception {
    AtomicLong done = new AtomicLong();
    AtomicLong clientCpu = new AtomicLong();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    List<Thread> workers = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread w = new Thread(() -> {
        long turn = 0;
        try (KeepAliveClient client = port < 0 ? null : new KeepAliveClient(port)) {
          while (System.nanoTime() < end) {
            if (call.call(client, thread, turn++)) done.incrementAndGet();
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        } finally {
          clientCpu.addAndGet(mx.getCurrentThreadCpuTime());
        }
      });
      w.start();
      workers.add(w);
    }
    for (Thread w : workers) w.join();
    return new Run(done.get(), (System.nanoTime() - t0) / 1e9, clientCpu.get() / 1e9);
  }
}
