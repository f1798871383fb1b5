package dev.parley.store.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Json;
import dev.parley.store.Database;
import dev.parley.store.collections.Collection;
import dev.parley.store.collections.CollectionStore;
import dev.parley.store.objects.NewObject;
import dev.parley.store.objects.ObjectRow;
import dev.parley.store.objects.ObjectStore;
import dev.parley.store.objects.Page;
import dev.parley.store.objects.WriteHook;
import dev.parley.store.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, "Idempotent": counted records are remembered per source for 24 hours, then pruned;
 * followed files' positions; the indicator versions live indicators read as a collection grows.
 */
class DetectionStoreTest {
  private final Database db = TestDatabases.fresh();
  private final DetectionStore store = new DetectionStore(db);
  private final Instant now = Instant.parse("2026-12-02T12:00:00Z");

  @Test
  void counted_perSourceWithinTheWindow() {
    store.countedNow("a", List.of("d1", "d2"), now);
    store.countedNow("b", List.of("d3"), now);
    assertThat(store.counted("a", now.plus(Duration.ofHours(23))).keySet()).containsExactlyInAnyOrder("d1", "d2");
    assertThat(store.counted("b", now).keySet()).containsExactly("d3");
    assertThat(store.counted("c", now)).isEmpty();
    // 24 hours later the memory no longer refuses them
    assertThat(store.counted("a", now.plus(DetectionStore.REPEAT_WINDOW))).isEmpty();
  }

  @Test
  void countedNow_prunesRowsOlderThanTheWindow_andARepeatRefreshesItsTime() {
    store.countedNow("a", List.of("old", "again"), now);
    Instant later = now.plus(Duration.ofHours(25));
    store.countedNow("a", List.of("again"), later);
    assertThat(store.counted("a", later).keySet()).containsExactly("again");
    assertThat(store.countedKeys()).isEqualTo(1); // "old" was deleted, not only hidden
  }

  @Test
  void countedNow_aDigestTwiceInOneRun_storedOnce() {
    // a run may count a record again once its detector forgot it (event time past the window): one
    // upsert statement may not touch a row twice
    store.countedNow("a", List.of("d1", "d2", "d1"), now);
    assertThat(store.counted("a", now).keySet()).containsExactlyInAnyOrder("d1", "d2");
  }

  /**
   * V74: saves of a held sighting merge into its row and never put it back (saves of one sighting
   * may be stored out of order), and one marked written takes no later save.
   */
  @Test
  void heldSaves_mergeForwardOnly_andAWrittenOneTakesNoLateSave() {
    UUID id = UUID.randomUUID();
    Instant first = now.minusSeconds(60);
    store.countedNow("a", List.of("k1"), now, List.of(new DetectionStore.Held(id, "[1]", 5, first, now)), List.of());
    // an older save, stored late: fewer hits, the times within the newer's
    store.countedNow("a", List.of("k2"), now, List.of(new DetectionStore.Held(id, "[0]", 3, first, now.minusSeconds(30))), List.of());
    assertThat(store.held()).singleElement().satisfies(h -> {
      assertThat(h.count()).isEqualTo(5);
      assertThat(h.objects()).isEqualTo("[1]");
      assertThat(h.firstSeen()).isEqualTo(first);
      assertThat(h.lastSeen()).isEqualTo(now);
    });
    // a later save without objects (examples unchanged) keeps them
    store.countedNow("a", List.of(), now, List.of(new DetectionStore.Held(id, null, 7, first, now.plusSeconds(5))), List.of());
    assertThat(store.held()).singleElement().satisfies(h -> {
      assertThat(h.count()).isEqualTo(7);
      assertThat(h.objects()).isEqualTo("[1]");
    });
    assertThat(store.counted("a", now).keySet()).containsExactlyInAnyOrder("k1", "k2");

    store.countedNow("a", List.of(), now, List.of(), List.of(id));
    assertThat(store.held()).isEmpty();
    store.countedNow("a", List.of(), now, List.of(new DetectionStore.Held(id, "[2]", 9, first, now)), List.of());
    assertThat(store.held()).isEmpty();
    // written before its first save was stored: that save changes nothing either
    UUID early = UUID.randomUUID();
    store.countedNow("a", List.of(), now, List.of(), List.of(early));
    store.countedNow("a", List.of(), now, List.of(new DetectionStore.Held(early, "[3]", 1, first, now)), List.of());
    assertThat(store.held()).isEmpty();
  }

  /** V73: a run's keys packed in one row, read back as they were given, whatever their form. */
  @Test
  void countedKeys_packedAndUnpacked_seededRandom() {
    Random random = new Random(73);
    for (int round = 0; round < 200; round++) {
      List<String> keys = new ArrayList<>();
      int n = random.nextInt(300);
      for (int i = 0; i < n; i++) {
        StringBuilder digest = new StringBuilder();
        for (int j = 0; j < 32; j++) digest.append("0123456789abcdef".charAt(random.nextInt(16)));
        String prefix = switch (random.nextInt(6)) {
          case 0 -> digest.toString().toUpperCase(Locale.ROOT); // not the digest form: kept as text
          case 1 -> digest.substring(0, 31);
          case 2 -> "rékord-" + random.nextInt(1000);
          default -> digest.toString();
        };
        String key = switch (random.nextInt(5)) {
          case 0 -> prefix;
          case 1 -> prefix + " g" + random.nextInt(4);
          case 2 -> prefix + " with two spaces " + random.nextInt(3);
          default -> prefix + " indicator--" + new UUID(0, random.nextInt(20));
        };
        keys.add(key);
      }
      List<String> back = new ArrayList<>();
      CountedKeys.unpack(CountedKeys.pack(keys), back::add);
      assertThat(back).isEqualTo(keys);
    }
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 200_000; i++) many.add(String.format("%032x", (long) i * 0x9e3779b97f4a7c15L) + " indicator--6d1e5a0c-3c1b-4d2e-9f6a-1b2c3d4e5f60");
    byte[] packed = CountedKeys.pack(many);
    assertThat(packed.length).isLessThan(17 * many.size() + 100); // a byte of reference and 16 of digest a key
    List<String> back = new ArrayList<>();
    CountedKeys.unpack(packed, back::add);
    assertThat(back).isEqualTo(many);
  }

  /** Keys written one a row before V73 are still read, after a place in the one order of writing, and pruned. */
  @Test
  void countedAfter_rowsOfBothTables_byOneOrder_prunedAlike() {
    db.withConnection(c -> {
      try (var s = c.prepareStatement("insert into detect_counted (source, digest, counted_at) values ('a', 'before', ?)")) {
        s.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        return s.executeUpdate();
      }
    });
    DetectionStore.Learned first = store.countedAfter("a", 0, now);
    assertThat(first.keys().keySet()).containsExactly("before");
    store.countedNow("a", List.of("k1 indicator--x", "k2"), now.plusSeconds(1));
    DetectionStore.Learned next = store.countedAfter("a", first.upTo(), now.plusSeconds(2));
    assertThat(next.keys()).containsOnlyKeys("k1 indicator--x", "k2").containsEntry("k2", now.plusSeconds(1));
    assertThat(next.upTo()).isGreaterThan(first.upTo());
    assertThat(store.countedAfter("a", next.upTo(), now.plusSeconds(2)).keys()).isEmpty();
    assertThat(store.countedKeys()).isEqualTo(3);
    store.countedNow("b", List.of(), now.plus(DetectionStore.REPEAT_WINDOW).plusSeconds(1));
    assertThat(store.countedKeys()).isZero();
  }

  @Test
  void versionsAfter_theTypesVersionsAfterTheSequence_inOrder_withMore() throws Exception {
    UUID c = UUID.randomUUID();
    new CollectionStore(db).create(new Collection(c, "api1", "t", null, null));
    ObjectStore objects = new ObjectStore(db, WriteHook.NONE);
    String id = "indicator--" + UUID.randomUUID();
    List<NewObject> batch = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      batch.add(object("malware", "malware--" + UUID.randomUUID(), "2020-01-01T00:00:00.000Z", ",\"is_family\":false"));
      batch.add(object("indicator", i < 3 ? id : "indicator--" + UUID.randomUUID(), "2020-01-0" + (i + 1) + "T00:00:00.000Z",
          ",\"pattern\":\"[ipv4-addr:value = '10.0.0." + i + "']\",\"pattern_type\":\"stix\",\"valid_from\":\"2020-01-01T00:00:00Z\""));
    }
    objects.add(c, batch);

    Page first = store.versionsAfter(c, 0, "indicator", 3);
    assertThat(first.rows()).extracting(ObjectRow::seq).containsExactly(2L, 4L, 6L); // every version, not only the latest
    assertThat(first.rows()).allMatch(r -> r.type().equals("indicator") && r.body().length > 0);
    assertThat(first.more()).isTrue();
    Page rest = store.versionsAfter(c, first.lastSeq(0), "indicator", 3);
    assertThat(rest.rows()).extracting(ObjectRow::seq).containsExactly(8L, 10L);
    assertThat(rest.more()).isFalse();
    assertThat(store.versionsAfter(c, 10, "indicator", 3).rows()).isEmpty();
  }

  @Test
  void versionsNewestFirst_theTypesVersionsInTheRange_newestFirst_withMore() throws Exception {
    UUID c = UUID.randomUUID();
    new CollectionStore(db).create(new Collection(c, "api1", "t", null, null));
    ObjectStore objects = new ObjectStore(db, WriteHook.NONE);
    List<NewObject> batch = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      batch.add(object("malware", "malware--" + UUID.randomUUID(), "2020-01-01T00:00:00.000Z", ",\"is_family\":false"));
      batch.add(object("indicator", "indicator--" + UUID.randomUUID(), "2020-01-0" + (i + 1) + "T00:00:00.000Z",
          ",\"pattern\":\"[ipv4-addr:value = '10.0.0." + i + "']\",\"pattern_type\":\"stix\",\"valid_from\":\"2020-01-01T00:00:00Z\""));
    }
    objects.add(c, batch);

    // indicators at 2, 4, 6, 8, 10: of (2, 9], the newest two, then what is below the oldest of them
    List<Long> told = new ArrayList<>();
    Page newest = store.versionsNewestFirst(c, 2, 9, "indicator", 2, (seq, peer, account) -> told.add(seq));
    assertThat(newest.rows()).extracting(ObjectRow::seq).containsExactly(8L, 6L);
    assertThat(newest.rows()).allMatch(r -> r.type().equals("indicator") && r.body().length > 0);
    assertThat(newest.more()).isTrue();
    assertThat(told).isEmpty(); // made here: no peer, no account
    Page rest = store.versionsNewestFirst(c, 2, 5, "indicator", 2, (seq, peer, account) -> { });
    assertThat(rest.rows()).extracting(ObjectRow::seq).containsExactly(4L);
    assertThat(rest.more()).isFalse();
    assertThat(store.versionsNewestFirst(c, 10, 20, "indicator", 2, (seq, peer, account) -> { }).rows()).isEmpty();
  }

  private static NewObject object(String type, String id, String modified, String more) throws Exception {
    return NewObject.of((ObjectNode) Json.mapper().readTree("{\"type\":\"" + type + "\",\"spec_version\":\"2.1\",\"id\":\"" + id
        + "\",\"created\":\"2020-01-01T00:00:00.000Z\",\"modified\":\"" + modified + "\"" + more + "}"));
  }

  @Test
  void position_savedAndReadBack_identityKeptOnce() {
    assertThat(store.position("/x/eve.json")).isEmpty();
    store.savePosition("/x/eve.json", new DetectionStore.Position(100, 3));
    store.savePosition("/x/eve.json", new DetectionStore.Position(250, 7));
    assertThat(store.position("/x/eve.json")).contains(new DetectionStore.Position(250, 7));
    // the header in force there (V60) is kept as it is, a NUL in a field name too; an empty one is not none
    DetectionStore.Position zeek = new DetectionStore.Position(300, 9, "ab12", "#separator \\x09\n#fields\tts\tna\u0000me\n");
    store.savePosition("/x/eve.json", zeek);
    assertThat(store.position("/x/eve.json")).contains(zeek);
    store.savePosition("/x/eve.json", new DetectionStore.Position(310, 10, "ab12", ""));
    assertThat(store.position("/x/eve.json").orElseThrow().header()).isEmpty();
    // the identity is kept with when it was made (it was dated 1970-01-01 before V56)
    Instant made = Instant.parse("2026-12-05T06:00:00.123Z");
    DetectionStore.Identity first = store.identity("identity--11111111-1111-4111-8111-111111111111", made);
    assertThat(store.identity("identity--22222222-2222-4222-8222-222222222222", made.plusSeconds(60))).isEqualTo(first);
    assertThat(first.created()).isEqualTo(made);
  }
}
