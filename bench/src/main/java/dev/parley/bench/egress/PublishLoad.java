package dev.parley.bench.egress;

import dev.parley.bench.load.PostgresCpu;
import dev.parley.bench.stix.Corpus;
import dev.parley.cli.Parley;
import dev.parley.policy.agreement.Agreement;
import dev.parley.policy.agreement.Parsed;
import dev.parley.store.StoreConfig;
import dev.parley.store.Stores;
import dev.parley.store.collections.Collection;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The egress publisher alone (issue 10): imports N generated objects into one collection of a
 * database that no node serves (so no feed loop decides beside the call timed), then, for each of two
 * peers, installs an agreement and times {@code publisher().publish(peer)}: members decided per
 * second, and the CPU of this JVM and of its PostgreSQL over the call. The two agreements are
 * {@link PeerPagesLoad}'s (up to AMBER, unmarked as GREEN, dangling references served: nearly every
 * member served) and {@code PullLoad}'s (up to GREEN, unmarked as CLEAR, dangling references
 * withheld: every object naming the corpus's one identity, which the node does not hold, waits for it).
 * After each, it prints what was decided (served, withheld by rule, waits) and a digest of the
 * feed's order and of the decisions, so that two builds can be compared for the same results (the
 * feed's digest leaves out versions: an observable's version is the time the collection first held it).
 *
 * <pre>
 * java -XX:+UseParallelGC -Xmx4g -cp bench/target/benchmarks.jar dev.parley.bench.egress.PublishLoad [objects]
 * </pre>
 */
public final class PublishLoad {
  private static final Map<String, String> AGREEMENTS = new LinkedHashMap<>();

  static {
    AGREEMENTS.put("pages", "\"max_tlp\":\"amber\",\"unmarked\":\"green\",\"dangling_refs\":\"serve\"");
    AGREEMENTS.put("pull", "\"max_tlp\":\"green\",\"unmarked\":\"clear\"");
  }

  public static void main(String[] args) throws Exception {
    int objects = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    System.out.printf("machine: %d cores, %d MB max heap, Java %s; load average %s%n", Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"), loadAverage());
    Path data = Files.createTempDirectory("parley-publish");
    Path file = data.resolve("corpus.jsonl");
    Corpus.writeLines(file, 1, objects);
    try (Stores stores = Stores.open(StoreConfig.defaults().withDataDir(data))) {
      UUID id = UUID.randomUUID();
      stores.collections().create(new Collection(id, "api1", "publish load", null, "egress"));
      long t0 = System.nanoTime();
      int code = Parley.run("import", file.toString(), "--collection", "egress", "--data", data.toString(), "--quiet");
      System.out.printf("import: %,d objects in %.1f s (exit %d)%n", objects, (System.nanoTime() - t0) / 1e9, code);
      for (Map.Entry<String, String> a : AGREEMENTS.entrySet()) {
        String peer = a.getKey();
        stores.peers().put(peer, "http://127.0.0.1:1/api1/", null, null, stores.accounts());
        Parsed p = Agreement.parse("{\"share\":[{\"collection\":\"" + id + "\"," + a.getValue() + "}]}", Optional::of);
        stores.agreements().install(peer, ((Parsed.Valid) p).agreement(), stores.log().appender());
        boolean statements = statementsReset(stores);
        long jvm0 = jvmCpuNanos();
        long pg0 = PostgresCpu.ticks(data);
        long p0 = System.nanoTime();
        long decided = stores.publisher().publish(peer);
        double seconds = (System.nanoTime() - p0) / 1e9;
        double jvm = (jvmCpuNanos() - jvm0) / 1e9;
        double pg = PostgresCpu.seconds(PostgresCpu.ticks(data) - pg0);
        System.out.printf("publisher, peer %s: %,d members decided in %.1f s = %,.0f members/s; CPU: JVM %.1f s, PostgreSQL %.1f s"
            + " (%.0f µs a member); load average %s%n", peer, decided, seconds, decided / seconds, jvm, pg, 1e6 * (jvm + pg) / decided,
            loadAverage());
        System.out.println("  " + outcome(stores, peer));
        if (statements) statements(stores);
      }
    }
  }

  /**
   * Resets pg_stat_statements, when the server preloads it (a profiling build of the embedded
   * server's settings; the node itself does not): whether the statements' costs can be printed.
   */
  private static boolean statementsReset(Stores stores) {
    return stores.db().withConnection(c -> {
      try (Statement s = c.createStatement()) {
        try (ResultSet r = s.executeQuery("show shared_preload_libraries")) {
          r.next();
          if (!r.getString(1).contains("pg_stat_statements")) return false;
        }
        s.execute("create extension if not exists pg_stat_statements");
        s.execute("select pg_stat_statements_reset()");
        return true;
      }
    });
  }

  /** The statements that took the most of the server's time since the reset. */
  private static void statements(Stores stores) {
    stores.db().withConnection(c -> {
      try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select calls, total_exec_time, rows,"
          + " regexp_replace(query, '\\s+', ' ', 'g') from pg_stat_statements order by total_exec_time desc limit 15")) {
        while (r.next()) {
          System.out.printf("    %,9d calls %,10.0f ms %,10d rows  %s%n", r.getLong(1), r.getDouble(2), r.getLong(3),
              r.getString(4).substring(0, Math.min(220, r.getString(4).length())));
        }
      }
      return null;
    });
  }

  /** Counts by rule, waits, and digests of the feed (in order) and of the decisions. */
  private static String outcome(Stores stores, String peer) {
    return stores.db().withConnection(c -> {
      int peerId;
      try (PreparedStatement s = c.prepareStatement("select id from peer where name = ?")) {
        s.setString(1, peer);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          peerId = r.getInt(1);
        }
      }
      Map<String, Long> rules = new TreeMap<>();
      String decisions = digest(c, "select seq, coalesce(rule, 'served') from peer_decision where peer = ? order by collection_id, seq", peerId,
          r -> rules.merge(r.getString(2), 1L, Long::sum));
      String feed = digest(c, "select seq, stix_id, latest from peer_feed where peer = ? order by pseq", peerId, r -> {});
      String waits = digest(c, "select ref_id, seq from peer_wait where peer = ? order by ref_id, collection_id, seq", peerId, r -> {});
      return "decisions " + rules + " digest " + decisions + "; feed digest " + feed + "; waits digest " + waits;
    });
  }

  private interface Row {
    void accept(ResultSet r) throws SQLException;
  }

  private static String digest(Connection c, String sql, int peerId, Row each) throws SQLException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long rows = 0;
    c.setAutoCommit(false); // a fetch size streams only inside a transaction
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setInt(1, peerId);
      s.setFetchSize(10_000);
      try (ResultSet r = s.executeQuery()) {
        int n = r.getMetaData().getColumnCount();
        while (r.next()) {
          for (int i = 1; i <= n; i++) sha.update((r.getString(i) + "\t").getBytes(StandardCharsets.UTF_8));
          sha.update((byte) '\n');
          each.accept(r);
          rows++;
        }
      }
    } finally {
      c.commit();
      c.setAutoCommit(true);
    }
    return rows + " rows " + HexFormat.of().formatHex(sha.digest(), 0, 6);
  }

  private static long jvmCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static String loadAverage() throws IOException {
    return Files.readString(Path.of("/proc/loadavg")).strip();
  }
}
