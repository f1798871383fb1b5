package dev.parley.bench.egress;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bench.load.Machine;
import dev.parley.policy.agreement.Agreement;
import dev.parley.policy.agreement.Parsed;
import dev.parley.stix.Json;
import dev.parley.store.Database;
import dev.parley.store.StoreConfig;
import dev.parley.store.Stores;
import dev.parley.store.collections.Collection;
import dev.parley.store.egress.Publisher;
import dev.parley.store.objects.NewObject;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One peer's long work and another peer's arrival (issue 10, hostile run 10k: b's new object took
 * 20.7 s while c's feed of 68,000 was rebuilt). A database no node serves, N objects in a collection
 * shared with peer c, decided; then c's agreement changes (its feed is rebuilt) and, at once, one
 * object arrives in a collection shared with peer b; the feed loop's call ({@code publishAll}) runs on
 * its own thread, and the program times how long after the arrival b's feed holds it, and how long
 * the whole call took; alternately with the peers taking turns (the node's) and one peer after the
 * other to its end (the baseline, as before turns), each in a fresh database.
 *
 * <pre>
 * java -XX:+UseParallelGC -Xmx2g -cp bench/target/benchmarks.jar dev.parley.bench.egress.FeedTurnsLoad [objects]
 * </pre>
 */
public final class FeedTurnsLoad {
  private static final String GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 60_000;
    for (boolean turns : new boolean[] {false, true, false, true}) run(n, turns);
  }

  private static void run(int n, boolean turns) throws Exception {
    System.out.println(Machine.describe());
    Path data = Files.createTempDirectory("parley-feed-turns");
    try (Stores stores = Stores.open(StoreConfig.defaults().withDataDir(data))) {
      UUID big = UUID.randomUUID();
      UUID small = UUID.randomUUID();
      stores.collections().create(new Collection(big, "api1", "big", null, "big"));
      stores.collections().create(new Collection(small, "api1", "small", null, "small"));
      stores.peers().put("c", "http://127.0.0.1:1/api1/", null, null, stores.accounts());
      stores.peers().put("b", "http://127.0.0.1:2/api1/", null, null, stores.accounts());
      install(stores, "c", "{\"share\":[{\"collection\":\"" + big + "\",\"max_tlp\":\"green\"}]}");
      install(stores, "b", "{\"share\":[{\"collection\":\"" + small + "\",\"max_tlp\":\"green\"}]}");
      List<NewObject> batch = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        batch.add(NewObject.of(indicator("indicator--" + UUID.randomUUID())));
        if (batch.size() == 5_000) {
          stores.objects().add(big, batch);
          batch = new ArrayList<>();
        }
      }
      if (!batch.isEmpty()) stores.objects().add(big, batch);
      // the baseline: one peer after the other, each to its end (as before turns), by the constructor tests use
      Constructor<Publisher> make = Publisher.class.getDeclaredConstructor(Database.class, long.class);
      make.setAccessible(true);
      Publisher publisher = turns ? stores.publisher() : make.newInstance(stores.db(), Long.MAX_VALUE);
      long t0 = System.nanoTime();
      publisher.publishAll();
      System.out.printf("c's feed of %,d decided in %.1f s (not counted)%n", n, (System.nanoTime() - t0) / 1e9);
      // c's terms change: its feed is rebuilt; b's object arrives at once
      install(stores, "c", "{\"share\":[{\"collection\":\"" + big + "\",\"max_tlp\":\"amber\"}]}");
      String arrival = "indicator--" + UUID.randomUUID();
      stores.objects().add(small, List.of(NewObject.of(indicator(arrival))));
      long arrived = System.nanoTime();
      Thread loop = new Thread(publisher::publishAll, "feed-loop");
      loop.start();
      while (!inFeed(stores, "b", arrival)) Thread.sleep(5);
      double forB = (System.nanoTime() - arrived) / 1e9;
      loop.join();
      System.out.printf("%s: b's arrival in b's feed after %.2f s; the call that rebuilt c's feed took %.1f s%n",
          turns ? "turns of 200 ms" : "one peer after the other", forB,
          (System.nanoTime() - arrived) / 1e9);
    }
  }

  private static void install(Stores stores, String peer, String json) {
    Parsed p = Agreement.parse(json, Optional::of);
    stores.agreements().install(peer, ((Parsed.Valid) p).agreement(), stores.log().appender());
  }

  private static boolean inFeed(Stores stores, String peer, String id) {
    return stores.db().withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select 1 from peer_feed f join peer p on p.id = f.peer where p.name = ? and f.stix_id = ?")) {
        s.setString(1, peer);
        s.setString(2, id);
        try (ResultSet r = s.executeQuery()) {
          return r.next();
        }
      }
    });
  }

  private static ObjectNode indicator(String id) throws Exception {
    return (ObjectNode) Json.mapper().readTree("{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"created\":\"2026-01-01T00:00:00.000Z\","
        + "\"modified\":\"2026-01-01T00:00:00.000Z\",\"pattern\":\"[ipv4-addr:value = '198.51.100.7']\",\"pattern_type\":\"stix\","
        + "\"valid_from\":\"2026-01-01T00:00:00Z\",\"object_marking_refs\":[\"" + GREEN + "\"]}");
  }
}
