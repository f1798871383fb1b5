package dev.parley.bench.egress;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bench.load.Machine;
import dev.parley.policy.agreement.Agreement;
import dev.parley.policy.agreement.Parsed;
import dev.parley.stix.Json;
import dev.parley.store.StoreConfig;
import dev.parley.store.Stores;
import dev.parley.store.collections.Collection;
import dev.parley.store.egress.Publisher;
import dev.parley.store.objects.NewObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Members waiting for an object that arrives last (issue 10): N notes, shared with a peer, wait for
 * an indicator the node does not hold yet; then the indicator arrives and the call timed is the
 * publisher's {@code publish(peer)} that serves it and every note. Two shapes of the same N notes,
 * in alternating rounds, each in a fresh database that no node serves: a chain (each note names the
 * one before it, the first names the indicator: N levels of waiting, each woken by the one before)
 * and a fan (every note names the indicator: one level). The fan is the baseline; the chain's cost
 * per note should stay within a small factor of it at every N, so that a deep chain costs the node
 * in proportion to its length. The notes arrive {@code -Dstep} at a time (5,000 unless set), each
 * batch published before the next, as a peer's pages would be: the time to withhold them all is
 * printed too (a search from each batch must not walk the whole chain beneath it).
 *
 * <pre>
 * java -Dstep=100 -XX:+UseParallelGC -Xmx2g -cp bench/target/benchmarks.jar dev.parley.bench.egress.ChainReleaseLoad [notes...]
 * </pre>
 */
public final class ChainReleaseLoad {
  private static final String GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = new ArrayList<>();
    for (String a : args) sizes.add(Integer.parseInt(a));
    if (sizes.isEmpty()) sizes = List.of(5_000, 10_000, 20_000);
    System.out.println(Machine.describe());
    run(1_000, true); // warm-up
    run(1_000, false);
    for (int n : sizes) {
      double fan = run(n, false);
      double chain = run(n, true);
      System.out.printf("%,d notes: fan %.2f s (%.0f us/note), chain %.2f s (%.0f us/note), chain/fan %.2f%n",
          n, fan, fan * 1e6 / n, chain, chain * 1e6 / n, chain / fan);
    }
  }

  /** Seconds of the publish that serves the indicator and the {@code n} notes waiting for it. */
  private static double run(int n, boolean chain) throws Exception {
    Path data = Files.createTempDirectory("parley-chain");
    try (Stores stores = Stores.open(StoreConfig.defaults().withDataDir(data))) {
      UUID shared = UUID.randomUUID();
      stores.collections().create(new Collection(shared, "api1", "chain", null, "chain"));
      stores.peers().put("b", "http://127.0.0.1:1/api1/", null, null, stores.accounts());
      Parsed p = Agreement.parse("{\"share\":[{\"collection\":\"" + shared + "\",\"max_tlp\":\"green\"}]}", Optional::of);
      stores.agreements().install("b", ((Parsed.Valid) p).agreement(), stores.log().appender());
      Publisher publisher = stores.publisher(); // one, as a node's feed loop has
      String target = "indicator--" + UUID.randomUUID();
      String previous = target;
      List<NewObject> notes = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String id = "note--" + UUID.randomUUID();
        notes.add(NewObject.of(object("{\"type\":\"note\",\"id\":\"" + id + "\",\"content\":\"link " + i + "\",\"object_refs\":[\""
            + (chain ? previous : target) + "\"]")));
        previous = id;
      }
      int step = Integer.getInteger("step", 5_000);
      long w0 = System.nanoTime();
      long adding = 0;
      for (int i = 0; i < n; i += step) {
        long a0 = System.nanoTime();
        stores.objects().add(shared, notes.subList(i, Math.min(n, i + step)));
        adding += System.nanoTime() - a0;
        publisher.publish("b");
      }
      System.out.printf("  %s of %,d notes arriving %,d at a time, withheld: %.2f s (adding them %.2f s)%n", chain ? "chain" : "fan", n, step,
          (System.nanoTime() - w0) / 1e9, adding / 1e9);
      stores.objects().add(shared, List.of(NewObject.of(object("{\"type\":\"indicator\",\"id\":\"" + target + "\",\"name\":\"last\","
          + "\"pattern\":\"[ipv4-addr:value = '198.51.100.7']\",\"pattern_type\":\"stix\",\"valid_from\":\"2026-01-01T00:00:00Z\""))));
      long t0 = System.nanoTime();
      publisher.publish("b");
      double seconds = (System.nanoTime() - t0) / 1e9;
      long served = stores.db().withConnection(c -> {
        try (PreparedStatement s = c.prepareStatement("select count(*) from peer_feed f join peer p on p.id = f.peer where p.name = 'b'");
            ResultSet r = s.executeQuery()) {
          r.next();
          return r.getLong(1);
        }
      });
      if (served != n + 1) throw new IllegalStateException("served " + served + " of " + (n + 1));
      return seconds;
    }
  }

  private static ObjectNode object(String start) throws Exception {
    return (ObjectNode) Json.mapper().readTree(start + ",\"spec_version\":\"2.1\",\"created\":\"2026-01-01T00:00:00.000Z\","
        + "\"modified\":\"2026-01-01T00:00:00.000Z\",\"object_marking_refs\":[\"" + GREEN + "\"]}");
  }
}
