package dev.parley.bench.egress;

import dev.parley.bench.load.Machine;
import dev.parley.bench.stix.Corpus;
import dev.parley.cli.Parley;
import dev.parley.policy.agreement.Agreement;
import dev.parley.policy.agreement.Parsed;
import dev.parley.store.StoreConfig;
import dev.parley.store.Stores;
import dev.parley.store.collections.Collection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A source withdrawing relay (issue 10, rule 3): N generated objects in a collection shared with peer
 * {@code b} (up to AMBER, unmarked as GREEN, dangling references served), every other one received
 * from peer {@code source}, which allows relay. Times, in one run: building b's feed; the source's
 * new terms without relay, installed (what leaves b's feed leaves in that transaction) and the
 * publisher's next call; relay given again and the publisher bringing back what it allows; and, as
 * the baseline, b's feed rebuilt whole under the same terms (what the node did on a withdrawal
 * before). Checks that the feed after the withdrawal serves exactly what the rebuilt one serves.
 *
 * <pre>
 * java -XX:+UseParallelGC -Xmx4g -cp bench/target/benchmarks.jar dev.parley.bench.egress.RelayLoad [objects]
 * </pre>
 */
public final class RelayLoad {
  public static void main(String[] args) throws Exception {
    int objects = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    System.out.println(Machine.describe());
    Path data = Files.createTempDirectory("parley-relay");
    Path file = data.resolve("corpus.jsonl");
    Corpus.writeLines(file, 1, objects);
    try (Stores stores = Stores.open(StoreConfig.defaults().withDataDir(data))) {
      UUID id = UUID.randomUUID();
      stores.collections().create(new Collection(id, "api1", "relay load", null, "egress"));
      long t0 = System.nanoTime();
      int code = Parley.run("import", file.toString(), "--collection", "egress", "--data", data.toString(), "--quiet");
      System.out.printf("import: %,d objects in %.1f s (exit %d)%n", objects, (System.nanoTime() - t0) / 1e9, code);
      stores.peers().put("source", "http://127.0.0.1:1/api1/", null, null, stores.accounts());
      stores.peers().put("b", "http://127.0.0.1:2/api1/", null, null, stores.accounts());
      install(stores, "source", "{\"relay\":true}");
      int source = stores.peers().find("source").orElseThrow().id();
      int b = stores.peers().find("b").orElseThrow().id();
      stores.db().withConnection(c -> {
        try (PreparedStatement s = c.prepareStatement("update collection_object set source_peer = ? where collection_id = ? and seq % 2 = 0")) {
          s.setInt(1, source);
          s.setObject(2, id);
          return s.executeUpdate();
        }
      });
      String share = "{\"share\":[{\"collection\":\"" + id + "\",\"max_tlp\":\"amber\",\"unmarked\":\"green\",\"dangling_refs\":\"serve\"}]}";

      double build = timed(() -> {
        install(stores, "b", share);
        stores.publisher().publish("b");
      });
      System.out.printf("b's feed built, source allowing relay: %,d served in %.1f s%n", served(stores, b).size(), build);

      double[] parts = new double[2];
      parts[0] = timed(() -> install(stores, "source", "{\"relay\":false}"));
      parts[1] = timed(() -> stores.publisher().publish("b"));
      Set<String> afterWithdrawal = served(stores, b);
      System.out.printf("relay withdrawn: %,d served; install %.2f s + next publish %.2f s = %.2f s%n", afterWithdrawal.size(), parts[0],
          parts[1], parts[0] + parts[1]);

      install(stores, "b", "{}"); // the same terms installed again are no new version: another first, untimed
      double rebuild = timed(() -> {
        install(stores, "b", share);
        stores.publisher().publish("b");
      });
      Set<String> rebuilt = served(stores, b);
      System.out.printf("baseline, b's feed rebuilt whole under the same terms: %,d served in %.1f s; ratio withdrawal/rebuild %.3f;"
          + " same members served: %s%n", rebuilt.size(), rebuild, (parts[0] + parts[1]) / rebuild, rebuilt.equals(afterWithdrawal));

      double grant = timed(() -> {
        install(stores, "source", "{\"relay\":true}");
        stores.publisher().publish("b");
      });
      System.out.printf("relay given again: %,d served in %.1f s%n", served(stores, b).size(), grant);
    }
  }

  private interface Work {
    void run() throws Exception;
  }

  private static double timed(Work work) throws Exception {
    long t0 = System.nanoTime();
    work.run();
    return (System.nanoTime() - t0) / 1e9;
  }

  private static void install(Stores stores, String peer, String json) {
    Parsed p = Agreement.parse(json, Optional::of);
    stores.agreements().install(peer, ((Parsed.Valid) p).agreement(), stores.log().appender());
  }

  /** The members of the peer's feed ("collection seq"). */
  private static Set<String> served(Stores stores, int peer) {
    return stores.db().withConnection(c -> {
      Set<String> out = new HashSet<>();
      try (PreparedStatement s = c.prepareStatement("select collection_id, seq from peer_feed where peer = ?")) {
        s.setInt(1, peer);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) out.add(r.getObject(1) + " " + r.getLong(2));
        }
      }
      return out;
    });
  }
}
