package dev.parley.store.egress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.policy.agreement.Agreement;
import dev.parley.policy.agreement.Parsed;
import dev.parley.stix.Json;
import dev.parley.store.Database;
import dev.parley.store.accounts.AccountStore;
import dev.parley.store.collections.Collection;
import dev.parley.store.collections.CollectionStore;
import dev.parley.store.objects.AddMode;
import dev.parley.store.objects.ConflictPolicy;
import dev.parley.store.objects.NewObject;
import dev.parley.store.objects.ObjectQuery;
import dev.parley.store.objects.ObjectRow;
import dev.parley.store.objects.ObjectStore;
import dev.parley.store.objects.VersionFilter;
import dev.parley.store.objects.WriteHook;
import dev.parley.store.peers.PeerStore;
import dev.parley.store.testing.TestDatabases;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;

/**
 * The feed against its definition over a random corpus: objects of a shared and a hidden collection,
 * GREEN or AMBER, naming one another (chains, cycles, ids held only in the hidden collection, ids
 * never held), arriving in random batches with the feed loop's publisher deciding after each. At the
 * end the peer reads exactly the largest set of shared GREEN objects whose every reference is the id
 * of one of them (rule 4 without dangling references served), and each object only after what it names.
 */
class FeedRandomTest {
  private final Database db = TestDatabases.fresh();
  private final ObjectStore objects = new ObjectStore(db, WriteHook.NONE);
  private final AccountStore accounts = new AccountStore(db);
  private final UUID shared = collection("shared");
  private final UUID hidden = collection("hidden");

  @AfterEach
  void close() {
    db.close();
  }

  private UUID collection(String alias) {
    UUID id = UUID.randomUUID();
    new CollectionStore(db).create(new Collection(id, "api1", alias, null, alias));
    return id;
  }

  private record Item(String id, boolean green, boolean inShared, List<String> refs) {}

  /** Eight corpora a build (a defect that one seed in twelve showed went unseen with one); {@code -Dparley.test.seed} repeats one. */
  @RepeatedTest(8)
  void feed_randomCorpusInRandomBatches_largestSetWhoseReferencesAreServed() {
    long seed = Long.getLong("parley.test.seed", new Random().nextLong());
    Random random = new Random(seed);
    new PeerStore(db).put("b", "http://127.0.0.1:1/api1/", null, null, accounts);
    Parsed p = Agreement.parse("{\"share\":[{\"collection\":\"" + shared + "\",\"max_tlp\":\"green\"}]}", Optional::of);
    new AgreementStore(db, accounts).install("b", ((Parsed.Valid) p).agreement(), null);
    int peer = new PeerStore(db).find("b").orElseThrow().id();
    Publisher publisher = new Publisher(db); // one instance, as the node's feed loop: after its first pass, searches from what is new

    List<Item> items = corpus(seed, random, 150);
    for (int at = 0; at < items.size(); ) {
      int n = 1 + random.nextInt(12);
      List<NewObject> sharedBatch = new ArrayList<>();
      List<NewObject> hiddenBatch = new ArrayList<>();
      for (Item item : items.subList(at, Math.min(items.size(), at + n))) (item.inShared() ? sharedBatch : hiddenBatch).add(NewObject.of(note(item)));
      if (!sharedBatch.isEmpty()) objects.add(shared, sharedBatch, new AddMode(ConflictPolicy.KEEP, null));
      if (!hiddenBatch.isEmpty()) objects.add(hidden, hiddenBatch, new AddMode(ConflictPolicy.KEEP, null));
      publisher.publishAll();
      at += n;
    }

    Set<String> expected = new HashSet<>();
    for (Item item : items) if (item.inShared() && item.green()) expected.add(item.id());
    boolean changed = true;
    while (changed) {
      changed = expected.removeIf(id -> !expected.containsAll(itemOf(items, id).refs()));
    }
    List<String> read = objects.page(new ObjectQuery(shared, 0, null, 1000, List.of(), List.of(), VersionFilter.ALL,
        ObjectQuery.ANY_SPEC_VERSION, false, peer)).rows().stream().map(ObjectRow::stixId).toList();
    Set<String> extra = new HashSet<>(read);
    extra.removeAll(expected);
    Set<String> missing = new HashSet<>(expected);
    missing.removeAll(read);
    assertThat(extra).as("seed %d: read but not servable", seed).isEmpty();
    assertThat(missing).as("seed %d: servable but not read", seed).isEmpty();
    assertThat(read).as("seed %d: each once", seed).doesNotHaveDuplicates();
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < read.size(); i++) position.put(read.get(i), i);
    for (String id : read) {
      for (String ref : itemOf(items, id).refs()) {
        // what it names came before it, or in the same set of members that name one another
        if (position.get(ref) > position.get(id)) assertThat(reaches(items, ref, id)).as("seed %d: %s before %s", seed, id, ref).isTrue();
      }
    }
  }

  /**
   * The same with a third of the objects received from a source peer whose relay goes off and on
   * between batches: after each publish the peer reads exactly the largest set of shared GREEN
   * objects, those from the source only while it allows relay, whose every reference is one of them.
   * Relay withdrawn takes out what it withholds and what names it (in chains and cycles), not the
   * feed; given again, what comes back closes its cycles.
   */
  @RepeatedTest(6)
  void feed_sourceRelayGoesOffAndOn_largestSetUnderTheRelayInForce() {
    long seed = Long.getLong("parley.test.seed", new Random().nextLong());
    Random random = new Random(seed);
    PeerStore peers = new PeerStore(db);
    AgreementStore agreements = new AgreementStore(db, accounts);
    peers.put("b", "http://127.0.0.1:1/api1/", null, null, accounts);
    peers.put("source", "http://127.0.0.1:2/api1/", null, null, accounts);
    agreements.install("b", ((Parsed.Valid) Agreement.parse("{\"share\":[{\"collection\":\"" + shared
        + "\",\"max_tlp\":\"green\"}]}", Optional::of)).agreement(), null);
    boolean relay = true;
    agreements.install("source", ((Parsed.Valid) Agreement.parse("{\"relay\":true}", Optional::of)).agreement(), null);
    int peer = peers.find("b").orElseThrow().id();
    int source = peers.find("source").orElseThrow().id();
    Publisher publisher = new Publisher(db);

    List<Item> items = corpus(seed, random, 120);
    Set<String> fromSource = new HashSet<>();
    for (Item item : items) if (random.nextInt(3) == 0) fromSource.add(item.id());
    List<Item> arrived = new ArrayList<>();
    for (int at = 0; at < items.size(); ) {
      int n = 1 + random.nextInt(12);
      for (Item item : items.subList(at, Math.min(items.size(), at + n))) {
        Integer from = fromSource.contains(item.id()) ? source : null;
        objects.add(item.inShared() ? shared : hidden, List.of(NewObject.of(note(item))), new AddMode(ConflictPolicy.KEEP, from));
        arrived.add(item);
        if (Boolean.getBoolean("parley.test.trace")) System.out.println("arrive " + item.id().substring(30) + " at " + arrived.size());
      }
      if (random.nextInt(3) == 0) {
        relay = !relay;
        if (Boolean.getBoolean("parley.test.trace")) System.out.println("relay " + relay + " after " + arrived.size());
        agreements.install("source", ((Parsed.Valid) Agreement.parse("{\"relay\":" + relay + "}", Optional::of)).agreement(), null);
      }
      publisher.publishAll();
      at += n;
      Set<String> expected = new HashSet<>();
      for (Item item : arrived) {
        if (item.inShared() && item.green() && (relay || !fromSource.contains(item.id()))) expected.add(item.id());
      }
      boolean changed = true;
      while (changed) changed = expected.removeIf(id -> !expected.containsAll(itemOf(items, id).refs()));
      List<String> read = objects.page(new ObjectQuery(shared, 0, null, 1000, List.of(), List.of(), VersionFilter.ALL,
          ObjectQuery.ANY_SPEC_VERSION, false, peer)).rows().stream().map(ObjectRow::stixId).toList();
      Set<String> extra = new HashSet<>(read);
      extra.removeAll(expected);
      Set<String> missing = new HashSet<>(expected);
      missing.removeAll(read);
      if (Boolean.getBoolean("parley.test.trace") && !extra.isEmpty()) {
        for (Item item : arrived) {
          System.out.println(item.id().substring(30) + " src=" + fromSource.contains(item.id()) + " green=" + item.green() + " shared="
              + item.inShared() + " read=" + read.contains(item.id()) + " exp=" + expected.contains(item.id()) + " refs="
              + item.refs().stream().map(x -> x.substring(30)).toList());
        }
      }
      assertThat(extra).as("seed %d, %d arrived, relay %s: read but not servable", seed, arrived.size(), relay).isEmpty();
      assertThat(missing).as("seed %d, %d arrived, relay %s: servable but not read", seed, arrived.size(), relay).isEmpty();
      assertThat(read).as("seed %d: each once", seed).doesNotHaveDuplicates();
      Map<String, Integer> position = new HashMap<>();
      for (int i = 0; i < read.size(); i++) position.put(read.get(i), i);
      for (String id : read) {
        for (String ref : itemOf(items, id).refs()) {
          if (position.get(ref) > position.get(id)) assertThat(reaches(items, ref, id)).as("seed %d: %s before %s", seed, id, ref).isTrue();
        }
      }
    }
  }

  /**
   * {@code held} notes naming one another, in random order: mostly near neighbours, so that chains and
   * cycles form, and now and then one of ten ids never held; a sixth AMBER, a tenth in the hidden collection.
   */
  private static List<Item> corpus(long seed, Random random, int held) {
    List<String> pool = new ArrayList<>();
    for (int i = 0; i < held + 10; i++) pool.add("note--" + new UUID(seed, i));
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < held; i++) {
      List<String> refs = new ArrayList<>();
      for (int r = random.nextInt(3); r > 0; r--) {
        refs.add(random.nextInt(20) == 0 ? pool.get(held + random.nextInt(10)) : pool.get(Math.floorMod(i + random.nextInt(7) - 3, held)));
      }
      items.add(new Item(pool.get(i), random.nextInt(6) > 0, random.nextInt(10) > 0, refs));
    }
    Collections.shuffle(items, random);
    return items;
  }

  private static Item itemOf(List<Item> items, String id) {
    return items.stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
  }

  /** Whether {@code from} names {@code to}, directly or through what it names. */
  private static boolean reaches(List<Item> items, String from, String to) {
    Set<String> seen = new HashSet<>();
    List<String> todo = new ArrayList<>(List.of(from));
    while (!todo.isEmpty()) {
      String id = todo.remove(todo.size() - 1);
      if (id.equals(to)) return true;
      if (!seen.add(id)) continue;
      items.stream().filter(i -> i.id().equals(id)).findFirst().ifPresent(i -> todo.addAll(i.refs()));
    }
    return false;
  }

  private static ObjectNode note(Item item) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("type", "note").put("spec_version", "2.1").put("id", item.id());
    o.put("created", "2020-01-01T00:00:00.000Z").put("modified", "2020-01-01T00:00:00.000Z");
    o.putArray("object_marking_refs").add(item.green() ? PublisherTest.GREEN : PublisherTest.AMBER);
    o.put("content", "n");
    ArrayNode refs = o.putArray("object_refs");
    if (item.refs().isEmpty()) refs.add(PublisherTest.GREEN); // a standard TLP marking definition never dangles (rule 5)
    else item.refs().forEach(refs::add);
    return o;
  }
}
