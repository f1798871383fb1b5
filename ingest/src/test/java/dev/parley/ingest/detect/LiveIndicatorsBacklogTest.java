package dev.parley.ingest.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.detect.Indicator;
import dev.parley.pattern.match.Match;
import dev.parley.pattern.observe.Observation;
import dev.parley.stix.Json;
import dev.parley.store.StoreConfig;
import dev.parley.store.Stores;
import dev.parley.store.collections.Collection;
import dev.parley.store.objects.NewObject;
import dev.parley.store.objects.WriteHook;
import dev.parley.store.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Live indicators during a bulk arrival (hostile run 12al D6: while an import of 100,000 indicators
 * arrived, a look compiled 15,000 to 30,000 of them, and a revocation committed meanwhile waited 6
 * to 17 s, the revoked indicator sighted all along): a look reads at most a chunk, the newest
 * first, so a change committed during the arrival is in the first snapshot after it, and the older
 * part drains over the next looks, each version read once and none revived. Looks are made one at a
 * time ({@link LiveIndicators#look}), the polling thread asleep for a day.
 */
class LiveIndicatorsBacklogTest {
  private static final Duration ASLEEP = Duration.ofDays(1);
  private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
  private Stores stores;
  private UUID collection;

  @BeforeEach
  void open() {
    stores = Stores.open(StoreConfig.defaults().withDatabase(TestDatabases.url(),
        "live_backlog_" + ProcessHandle.current().pid() + "_" + System.nanoTime()), WriteHook.NONE);
    collection = UUID.randomUUID();
    stores.collections().create(new Collection(collection, "api1", "Indicators", null, "indicators"));
  }

  @AfterEach
  void close() {
    stores.close();
  }

  @Test
  void look_revocationAndNewIndicatorDuringBulkArrival_inTheFirstLookThatSeesThem() throws Exception {
    List<NewObject> first = new ArrayList<>();
    for (int i = 0; i < 5; i++) first.add(indicator(id(i), i, 0, false));
    stores.objects().add(collection, first);
    int bulk = 20_000;
    try (LiveIndicators live = new LiveIndicators(stores, List.of(collection), ASLEEP, LiveIndicators.INLINE_MERGE)) {
      assertThat(live.current().byId()).hasSize(5);
      storeBulk(5, bulk);
      String fresh = id(1_000_000);
      stores.objects().add(collection, List.of(indicator(id(0), 0, 1, true), indicator(fresh, 1_000_000, 0, false)));

      live.look();
      LiveIndicators.Snapshot after = live.current();
      assertThat(after.byId()).doesNotContainKey(id(0)).containsKey(fresh);
      assertThat(matched(after, 0)).isEmpty();
      assertThat(matched(after, 1_000_000)).containsExactly(fresh);
      assertThat(live.behind()).isTrue();
      assertThat(after.byId().size()).isLessThan(bulk);
      assertThat(after.byId()).containsKey(id(5)).doesNotContainKey(id(5 + CollectionIndicators.CHUNK)); // the backlog's oldest chunk read

      // awaitRefresh returns only once the backlog the call found is drained, whatever rounds pass before
      CompletableFuture<Void> waited = CompletableFuture.runAsync(() -> {
        try {
          live.awaitRefresh();
        } catch (InterruptedException e) {
          throw new CompletionException(e);
        }
      });
      int looks = 0;
      while (!waited.isDone()) {
        assertThat(looks++).as("looks").isLessThan(100_000);
        live.look();
        if (live.behind()) assertThat(waited).isNotDone(); // behind since the first look: no round could end the wait
        Thread.sleep(1);
      }
      waited.join();
      assertThat(live.behind()).isFalse();
      LiveIndicators.Snapshot done = live.current();
      assertThat(done.byId()).hasSize(bulk + 5).doesNotContainKey(id(0)).containsKey(fresh);
      for (int i = 1; i < bulk + 5; i++) assertThat(done.byId()).containsKey(id(i));
      assertThat(done.matcher().size()).as("each indicator compiled once").isEqualTo(bulk + 5);
      assertThat(matched(done, 0)).isEmpty();
      assertThat(matched(done, 5)).containsExactly(id(5));
    }
  }

  @Test
  void refresh_backlogOverSeveralLooksWithVersionsArriving_latestVersionOfEveryIdOnce() throws Exception {
    stores.objects().add(collection, List.of(indicator(id(0), 0, 0, false)));
    CollectionIndicators read = new CollectionIndicators(stores, List.of(collection));
    assertThat(read.refresh()).isTrue();
    read.takeChanges();
    int versions = 1;
    int bulk = 3 * CollectionIndicators.CHUNK + 100;
    storeBulk(1, bulk);
    versions += bulk;

    assertThat(read.refresh()).isTrue();
    assertThat(read.takeChanges().ids()).hasSize(2 * CollectionIndicators.CHUNK); // the newest chunk, and the backlog's oldest
    assertThat(read.behind()).isTrue();
    assertThat(read.active(id(1 + CollectionIndicators.CHUNK))).as("the middle of the bulk is in the backlog").isNull();

    // while the backlog holds them: a newer version of one of its ids, a revocation of another, and an older
    // version of a third stored after its newer one; then more indicators than a look reads
    stores.objects().add(collection, List.of(indicator(id(10), 10, 2, false), indicator(id(20), 20, 1, true),
        indicator(id(30), 30, -1, false)));
    versions += 3;
    int looks = 0;
    while (read.refresh()) {
      assertThat(read.takeChanges().ids().size()).as("look %d", looks).isLessThanOrEqualTo(2 * CollectionIndicators.CHUNK);
      if (looks++ == 1) {
        storeBulk(1 + bulk, CollectionIndicators.CHUNK + 50);
        versions += CollectionIndicators.CHUNK + 50;
        stores.objects().add(collection, List.of(indicator(id(11), 11, 3, false)));
        versions++;
      }
      assertThat(looks).isLessThan(100);
    }
    assertThat(read.behind()).isFalse();
    assertThat(looks).isGreaterThan(2);
    assertThat(read.versionsRead()).as("every version read once").isEqualTo(versions);

    CollectionIndicators again = new CollectionIndicators(stores, List.of(collection));
    again.refresh();
    Map<String, Instant> latest = validFrom(again);
    assertThat(validFrom(read)).isEqualTo(latest);
    assertThat(latest).hasSize(1 + bulk + CollectionIndicators.CHUNK + 50 - 1).doesNotContainKey(id(20));
    assertThat(latest.get(id(10))).isEqualTo(CREATED.plusSeconds(2));
    assertThat(latest.get(id(11))).isEqualTo(CREATED.plusSeconds(3));
    assertThat(latest.get(id(30))).isEqualTo(CREATED);
  }

  /**
   * A bulk arriving faster than looks read it: a revocation that missed a look's newest chunk (more
   * than a chunk came after it) is read once the backlog before it is, while the bulk goes on. Read
   * the newest first, the backlog held it until the bulk ended (29 to 34 s in BulkChangeDelayLoad).
   */
  @Test
  void refresh_changeThatMissedTheNewestChunkDuringASustainedBulk_readOnceTheBacklogBeforeItIs() throws Exception {
    stores.objects().add(collection, List.of(indicator(id(0), 0, 0, false)));
    CollectionIndicators read = new CollectionIndicators(stores, List.of(collection));
    read.refresh();
    int next = 1;
    storeBulk(next, 3 * CollectionIndicators.CHUNK);
    next += 3 * CollectionIndicators.CHUNK;
    read.refresh(); // the newest chunk and the oldest: a chunk left in the backlog
    stores.objects().add(collection, List.of(indicator(id(0), 0, 1, true)));
    int looks = 0;
    while (read.active(id(0)) != null) {
      storeBulk(next, 2 * CollectionIndicators.CHUNK + 500); // more than a look reads, the newest and the backlog's, at every look
      next += 2 * CollectionIndicators.CHUNK + 500;
      read.refresh();
      looks++;
      assertThat(looks).as("looks before the revocation is read").isLessThanOrEqualTo(2);
    }
    assertThat(read.behind()).as("the bulk is still arriving faster than looks read it").isTrue();
  }

  private static Map<String, Instant> validFrom(CollectionIndicators read) {
    return read.indicators().indicators().stream().collect(Collectors.toMap(Indicator::id, Indicator::validFrom));
  }

  /** Stores indicators {@code from} to {@code from + count - 1} in batches, as an import does. */
  private void storeBulk(int from, int count) throws Exception {
    List<NewObject> batch = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      batch.add(indicator(id(i), i, 0, false));
      if (batch.size() == 2_000) {
        stores.objects().add(collection, batch);
        batch = new ArrayList<>();
      }
    }
    if (!batch.isEmpty()) stores.objects().add(collection, batch);
  }

  /**
   * A stored indicator of more JSON values than an indicator's tree may hold ({@link
   * CollectionIndicators#MAX_VALUES}) is no indicator to detect with, and the others are read:
   * one with a custom property of 3,000,000 {@code {}} made every read of the indicators run out
   * of memory, and the thread that died of it left detection on the old set (hostile run 12au D4).
   */
  @Test
  void look_indicatorOfTooManyValues_notDetectedWithTheOthersRead() throws Exception {
    ObjectNode huge = indicatorObject(id(7), 7, 0, false);
    var pad = huge.putArray("x_pad");
    for (int i = 0; i <= CollectionIndicators.MAX_VALUES; i++) pad.addObject();
    stores.objects().add(collection, List.of(NewObject.of(huge), indicator(id(8), 8, 0, false)));
    try (LiveIndicators live = new LiveIndicators(stores, List.of(collection), ASLEEP, LiveIndicators.INLINE_MERGE)) {
      assertThat(live.current().byId()).containsKey(id(8)).doesNotContainKey(id(7));
      assertThat(matched(live.current(), 8)).containsExactly(id(8));
      assertThat(matched(live.current(), 7)).isEmpty();
    }
  }

  /**
   * The first read of the indicators is the polling thread's: the constructor returns while it runs,
   * and {@link LiveIndicators#current(Duration)} says none is read yet until it ends (hostile run 10av
   * D3: a node restarted with 158,000 indicators refused every connection for the 45 s it took,
   * since the node's start made that read). The read is held by a lock on the collections' marks.
   */
  @Test
  void constructor_firstReadHeld_returnsAtOnceAndCurrentWaitsForTheRead() throws Exception {
    stores.objects().add(collection, List.of(indicator(id(3), 3, 0, false)));
    try (MarksLock lock = new MarksLock()) {
      LiveIndicators live = assertTimeoutPreemptively(Duration.ofSeconds(30),
          () -> new LiveIndicators(stores, List.of(collection), ASLEEP, LiveIndicators.INLINE_MERGE));
      try (live) {
        assertThat(live.current(Duration.ofMillis(300))).as("nothing read while the marks are locked").isNull();
        lock.release();
        assertThat(live.current().byId()).containsOnlyKeys(id(3));
        assertThat(matched(live.current(Duration.ZERO), 3)).containsExactly(id(3));
      }
    }
  }

  /**
   * A revocation and a new indicator committed while the first read runs are in the first snapshot
   * anyone detects with: the read is followed by a look before {@link LiveIndicators#current()}
   * answers (hostile run 12aw D4: the requests that waited for a node's start-up compile sighted an
   * indicator revoked 10-17 s before, and missed a new one). The first read is held by a lock on
   * the collections' marks, then let go as the changes are committed, while it reads 20,000. (A
   * commit that lands while the versions are read is in the read itself; the hostile run's, during
   * the compile that follows, is the look's to find: this test keeps the invariant, whichever.)
   */
  @Test
  void current_changesCommittedDuringTheFirstRead_inTheFirstSnapshot() throws Exception {
    storeBulk(0, 20_000);
    try (MarksLock lock = new MarksLock();
        LiveIndicators live = new LiveIndicators(stores, List.of(collection), ASLEEP, LiveIndicators.INLINE_MERGE)) {
      Thread.sleep(200); // the first read waits for the marks
      lock.release();
      String fresh = id(1_000_000);
      stores.objects().add(collection, List.of(indicator(id(3), 3, 1, true), indicator(fresh, 1_000_000, 0, false)));
      LiveIndicators.Snapshot first = live.current();
      assertThat(first.byId()).doesNotContainKey(id(3)).containsKey(fresh);
      assertThat(matched(first, 3)).isEmpty();
      assertThat(matched(first, 1_000_000)).containsExactly(fresh);
    }
  }

  /**
   * Closed while its first read runs (held here by a lock on the collections' marks), the live
   * indicators close at once and a wait for the read ends: a node stopped during the start-up
   * compile of 200,000 indicators waited for the whole compile (hostile run 12aw D2).
   */
  @Test
  void close_duringTheFirstRead_returnsAtOnceAndWaitsEnd() throws Exception {
    try (MarksLock lock = new MarksLock()) {
      LiveIndicators live = new LiveIndicators(stores, List.of(collection), ASLEEP, LiveIndicators.INLINE_MERGE);
      CompletableFuture<LiveIndicators.Snapshot> waiting = CompletableFuture.supplyAsync(() -> live.current(Duration.ofMinutes(5)));
      Thread.sleep(300); // the first read under way, blocked on the lock
      assertTimeoutPreemptively(Duration.ofSeconds(10), live::close);
      assertThat(waiting.get(10, TimeUnit.SECONDS)).isNull();
    }
  }

  /**
   * The collections' marks locked by a transaction of its own until released or closed: a read of
   * the indicators waits on them (a test's way to hold a first read where it starts).
   */
  private final class MarksLock implements AutoCloseable {
    private final CountDownLatch release = new CountDownLatch(1);
    private final CompletableFuture<Void> holder;

    MarksLock() throws Exception {
      CountDownLatch locked = new CountDownLatch(1);
      holder = CompletableFuture.runAsync(() -> stores.db().inTransaction(c -> {
        try (var s = c.createStatement()) {
          s.execute("lock table collection in access exclusive mode");
        }
        locked.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new CompletionException(e);
        }
        return null;
      }));
      assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
    }

    /** Ends the transaction, and with it the lock. */
    void release() throws Exception {
      release.countDown();
      holder.get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
      release();
    }
  }

  @Test
  void forget_theNextRefreshReadsEverythingAgain() throws Exception {
    // a first read that ran out of heap gives back what it read (hostile run bb D11), and the next reads all of it
    stores.objects().add(collection, List.of(indicator(id(0), 0, 0, false), indicator(id(1), 1, 0, false)));
    CollectionIndicators read = new CollectionIndicators(stores, List.of(collection));
    assertThat(read.refresh()).isTrue();
    read.takeChanges();
    stores.objects().add(collection, List.of(indicator(id(1), 1, 1, true), indicator(id(2), 2, 0, false)));
    read.forget();
    assertThat(read.active(id(0))).isNull();
    assertThat(read.refresh()).isTrue();
    CollectionIndicators.Changes changes = read.takeChanges();
    assertThat(changes.everything()).isTrue();
    assertThat(read.indicators().indicators()).extracting(Indicator::id).containsExactly(id(0), id(2));
    assertThat(read.versionsRead()).isEqualTo(2 + 4);
  }

  @Test
  void changesAnd_bothAppliedEverythingWins() {
    // changes taken by a rebuild that failed are applied by the next, with the new ones
    CollectionIndicators.Changes failed = new CollectionIndicators.Changes(false, Set.of("a", "b"));
    CollectionIndicators.Changes none = new CollectionIndicators.Changes(false, Set.of());
    assertThat(failed.and(none)).isEqualTo(failed);
    assertThat(failed.and(new CollectionIndicators.Changes(false, Set.of("b", "c"))).ids()).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(none.and(new CollectionIndicators.Changes(true, Set.of())).everything()).isTrue();
    assertThat(new CollectionIndicators.Changes(true, Set.of()).and(failed))
        .isEqualTo(new CollectionIndicators.Changes(true, Set.of("a", "b")));
  }

  private static String id(int n) {
    return String.format("indicator--00000000-0000-4000-8000-%012d", n);
  }

  /** The address indicator {@code n} looks for: one of its own. */
  private static String address(int n) {
    return "10." + (n >> 16 & 0xff) + "." + (n >> 8 & 0xff) + "." + (n & 0xff);
  }

  /**
   * Version {@code version} of indicator {@code n}: modified and valid from {@code version} seconds
   * after the first (an earlier version for a negative one), revoked or not.
   */
  private static NewObject indicator(String id, int n, int version, boolean revoked) throws Exception {
    return NewObject.of(indicatorObject(id, n, version, revoked));
  }

  private static ObjectNode indicatorObject(String id, int n, int version, boolean revoked) throws Exception {
    String at = CREATED.plusSeconds(version).toString();
    return ((ObjectNode) Json.mapper().readTree("{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\","
        + "\"created\":\"" + CREATED.minusSeconds(60) + "\",\"modified\":\"" + at + "\",\"pattern\":\"[ipv4-addr:value = '"
        + address(n) + "']\",\"pattern_type\":\"stix\",\"valid_from\":\"" + at + "\"" + (revoked ? ",\"revoked\":true" : "") + "}"));
  }

  private static List<String> matched(LiveIndicators.Snapshot snapshot, int n) {
    ObjectNode address = Json.mapper().createObjectNode().put("type", "ipv4-addr").put("value", address(n));
    Instant t = Instant.parse("2026-06-01T00:00:00Z");
    Observation o = new Observation("observed-data--" + UUID.randomUUID(), t, t, 1, Map.of("0", address), List.of(address));
    List<String> ids = new ArrayList<>();
    for (Match m : snapshot.matcher().match(o)) ids.add(m.patternId());
    return ids;
  }
}
