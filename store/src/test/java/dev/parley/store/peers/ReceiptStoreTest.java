package dev.parley.store.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.store.Database;
import dev.parley.store.accounts.AccountStore;
import dev.parley.store.objects.AddOutcome;
import dev.parley.store.objects.NewObject;
import dev.parley.store.objects.ObjectStore;
import dev.parley.store.objects.TwoStepAddTest;
import dev.parley.store.objects.WriteHook;
import dev.parley.store.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, "Receipts": every version a pulled page brought has a pending receipt, written in the
 * page's transaction as one pending page; receipts are asked rows of their own first, then whole pages
 * in the order they were pulled; settling writes each receipt's row and deletes the pages asked, a
 * row already verified or failed staying as it is. Counts and {@code receipt show}'s look-up see the
 * receipts still in pages.
 */
class ReceiptStoreTest {
  private static final String V1 = "2020-01-01T00:00:00.000Z";
  private final Database db = TestDatabases.fresh();
  private final ReceiptStore receipts = new ReceiptStore(db);
  private final UUID into = TestDatabases.collection(db);
  private final int peer;
  private final int other;

  ReceiptStoreTest() {
    PeerStore peers = new PeerStore(db);
    AccountStore accounts = new AccountStore(db);
    peers.put("a", "http://127.0.0.1:1/", "t", null, accounts);
    peers.put("c", "http://127.0.0.1:2/", "t", null, accounts);
    peer = peers.find("a").orElseThrow().id();
    other = peers.find("c").orElseThrow().id();
  }

  @AfterEach
  void close() {
    db.close();
  }

  private static String id(int i) {
    return String.format("malware--00000000-0000-4000-8000-%012d", i);
  }

  /** Stores the objects into the collection and records them as one pulled page of {@code from}'s collection "r". */
  private void pulled(int from, int... objects) {
    pulledAt(V1, from, objects);
  }

  private void pulledAt(String version, int from, int... objects) {
    List<NewObject> batch = new ArrayList<>();
    for (int i : objects) batch.add(TwoStepAddTest.malware(id(i), version));
    ObjectStore store = new ObjectStore(db, WriteHook.NONE);
    store.add(into, batch);
    List<AddOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < objects.length; i++) {
      outcomes.add(new AddOutcome(i, i == 0 && objects.length > 2 ? AddOutcome.Kind.CONFLICT : AddOutcome.Kind.STORED, id(objects[i]),
          Instant.parse(version), null, true));
    }
    db.inTransaction(tx -> {
      ReceiptStore.pending(tx, new PullPosition(from, "r", into, "x"), outcomes);
      return null;
    });
  }

  private static List<ReceiptStore.Outcome> all(List<ReceiptStore.Pending> asked, String state) {
    return asked.stream().map(p -> new ReceiptStore.Outcome(p.key(), state, state, state.equals(ReceiptStore.PENDING) ? null : "key",
        state.equals(ReceiptStore.PENDING) ? null : "{\"receipt\":1}")).toList();
  }

  private static List<String> ids(List<ReceiptStore.Pending> pending) {
    return pending.stream().map(p -> p.key().stixId().substring(p.key().stixId().length() - 3)).toList();
  }

  @Test
  void pages_askedWholeInPullOrder_refusedVersionsLeftOut_bodiesFound() {
    pulled(peer, 5, 3, 9); // the first of a page of three was refused: a conflict has no receipt
    pulled(peer, 1);
    pulled(other, 2);
    pulled(peer, 7, 8);
    assertThat(receipts.counts(peer)).isEqualTo(new ReceiptStore.Counts(5, 0, 0));
    // a limit of 2: the first page (two receipts), then the next ones while under the limit, a page whole
    ReceiptStore.Chunk first = receipts.pending(peer, ReceiptStore.Cursor.FIRST, 2);
    assertThat(ids(first.pending())).containsExactly("003", "009");
    assertThat(first.more()).isTrue();
    ReceiptStore.Chunk second = receipts.pending(peer, first.next(), 1);
    assertThat(ids(second.pending())).containsExactly("001");
    // one receipt read, under a limit of 2: the next page is read whole, past the limit
    assertThat(ids(receipts.pending(peer, first.next(), 2).pending())).containsExactly("001", "007", "008");
    ReceiptStore.Chunk third = receipts.pending(peer, second.next(), 1);
    assertThat(ids(third.pending())).containsExactly("007", "008"); // a page larger than the limit comes whole
    ReceiptStore.Chunk end = receipts.pending(peer, third.next(), 10);
    assertThat(end.pending()).isEmpty();
    assertThat(end.more()).isFalse();
    // every receipt carries the body its collection holds, its page, and when it was pulled
    for (ReceiptStore.Pending p : first.pending()) {
      assertThat(new String(p.body(), StandardCharsets.UTF_8)).contains(p.key().stixId());
      assertThat(p.page()).isPositive();
      assertThat(p.into()).isEqualTo(into);
      assertThat(p.key().remoteCollection()).isEqualTo("r");
    }
    assertThat(ids(receipts.pending(peer, ReceiptStore.Cursor.FIRST, 100).pending())).containsExactly("003", "009", "001", "007", "008");
  }

  @Test
  void pulledPageLargerThanAPendingPage_recordedAsSeveral_eachReadWholeWithinItsBound() {
    // a sender may answer a page larger than asked: what a chunk of receipts reads stays bounded
    int[] objects = new int[2 * ReceiptStore.PAGE_ITEMS + 5];
    for (int i = 0; i < objects.length; i++) objects[i] = 10_000 + i;
    pulled(peer, objects);
    assertThat(receipts.counts(peer).pending()).isEqualTo(objects.length - 1);
    ReceiptStore.Chunk first = receipts.pending(peer, ReceiptStore.Cursor.FIRST, 1);
    assertThat(first.pending()).hasSize(ReceiptStore.PAGE_ITEMS); // the first object was refused: 2,004 in pages of 1,000
    assertThat(first.pages()).hasSize(1);
    ReceiptStore.Chunk rest = receipts.pending(peer, first.next(), 10 * ReceiptStore.PAGE_ITEMS);
    assertThat(rest.pending()).hasSize(ReceiptStore.PAGE_ITEMS + 4);
    assertThat(rest.pages()).hasSize(2);
    assertThat(rest.pending().get(0).key().stixId()).isEqualTo(id(10_001 + ReceiptStore.PAGE_ITEMS));
  }

  @Test
  void versionFinerThanMicroseconds_keptAsTheMemberIs_bodyFound() {
    // STIX timestamps may carry any number of fractional digits; the store keeps microseconds, dropping
    // the rest, and a pending receipt's version is the member's whatever instant it is given (rounded,
    // .1234567 would be .123457, a version the collection does not hold)
    pulledAt("2020-01-01T00:00:00.1234567Z", peer, 1);
    List<ReceiptStore.Pending> asked = receipts.pending(peer, ReceiptStore.Cursor.FIRST, 100).pending();
    assertThat(asked).singleElement().satisfies(p -> {
      assertThat(p.key().version()).isEqualTo(Instant.parse("2020-01-01T00:00:00.123456Z"));
      assertThat(p.body()).isNotNull();
    });
  }

  @Test
  void settle_writesRowsDeletesPages_pendingAgainAskedFirstNextTime() {
    pulled(peer, 1, 2);
    pulled(peer, 3);
    ReceiptStore.Chunk chunk = receipts.pending(peer, ReceiptStore.Cursor.FIRST, 100);
    List<ReceiptStore.Pending> asked = chunk.pending();
    List<ReceiptStore.Outcome> outcomes = new ArrayList<>(all(asked, ReceiptStore.VERIFIED));
    outcomes.set(1, new ReceiptStore.Outcome(asked.get(1).key(), ReceiptStore.PENDING, "HTTP 404", null, null));
    outcomes.set(2, new ReceiptStore.Outcome(asked.get(2).key(), ReceiptStore.FAILED, "bad", "key", "{}"));
    receipts.settle(peer, chunk, outcomes);
    assertThat(receipts.counts(peer)).isEqualTo(new ReceiptStore.Counts(1, 1, 1));
    assertThat(receipts.failed()).isEqualTo(1);
    // the pages are gone; the one still pending is a row of its own, asked before any page
    pulled(peer, 4);
    ReceiptStore.Chunk next = receipts.pending(peer, ReceiptStore.Cursor.FIRST, 100);
    assertThat(ids(next.pending())).containsExactly("002", "004");
    assertThat(next.pending().get(0).page()).isZero();
    assertThat(next.pending().get(0).received()).isEqualTo(asked.get(1).received());
    receipts.settle(peer, next, all(next.pending(), ReceiptStore.VERIFIED));
    assertThat(receipts.counts(peer)).isEqualTo(new ReceiptStore.Counts(0, 3, 1));
    assertThat(receipts.pending(peer, ReceiptStore.Cursor.FIRST, 100).pending()).isEmpty();
    List<ReceiptStore.Held> held = receipts.find(id(2), null);
    assertThat(held).singleElement().satisfies(h -> {
      assertThat(h.state()).isEqualTo(ReceiptStore.VERIFIED);
      assertThat(h.receipt()).isEqualTo("{\"receipt\":1}");
      assertThat(h.peerName()).isEqualTo("a");
      assertThat(h.checked()).isNotNull();
    });
  }

  @Test
  void versionPulledAgain_notAskedAgain_settledRowStaysAsItWas() {
    pulled(peer, 1);
    ReceiptStore.Chunk chunk = receipts.pending(peer, ReceiptStore.Cursor.FIRST, 100);
    receipts.settle(peer, chunk, List.of(new ReceiptStore.Outcome(chunk.pending().get(0).key(), ReceiptStore.FAILED, "forged", "key", "{\"f\":1}")));
    pulled(peer, 1); // the sender served the same version again: an alarm is not repeated
    pulled(peer, 1, 2);
    assertThat(receipts.find(id(1), "a")).extracting(ReceiptStore.Held::state).containsExactly(ReceiptStore.FAILED);
    ReceiptStore.Chunk again = receipts.pending(peer, ReceiptStore.Cursor.FIRST, 100);
    assertThat(ids(again.pending())).containsExactly("002");
    assertThat(again.pages()).hasSize(2);
    receipts.settle(peer, again, all(again.pending(), ReceiptStore.VERIFIED));
    assertThat(receipts.find(id(1), "a")).singleElement().satisfies(h -> {
      assertThat(h.state()).isEqualTo(ReceiptStore.FAILED);
      assertThat(h.receipt()).isEqualTo("{\"f\":1}");
    });
    assertThat(receipts.counts(peer)).isEqualTo(new ReceiptStore.Counts(0, 1, 1));
    // a page whose every version has a row is read, asks nothing, and is deleted
    pulled(peer, 1);
    ReceiptStore.Chunk nothing = receipts.pending(peer, ReceiptStore.Cursor.FIRST, 100);
    assertThat(nothing.pending()).isEmpty();
    assertThat(nothing.more()).isTrue();
    receipts.settle(peer, nothing, List.of());
    assertThat(receipts.counts(peer)).isEqualTo(new ReceiptStore.Counts(0, 1, 1));
    assertThat(receipts.pending(peer, nothing.next(), 100).more()).isFalse();
  }

  @Test
  void find_seesReceiptsStillInPages_eachOncePerPeer() {
    pulled(peer, 1, 2);
    pulled(peer, 1); // pulled twice before its receipt was asked
    pulled(other, 1);
    assertThat(receipts.find(id(1), null)).extracting(ReceiptStore.Held::peerName, ReceiptStore.Held::state)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("a", "pending"), org.assertj.core.groups.Tuple.tuple("c", "pending"));
    assertThat(receipts.find(id(1), "c")).singleElement().satisfies(h -> {
      assertThat(h.body()).isNotNull();
      assertThat(h.receipt()).isNull();
      assertThat(h.into()).isEqualTo(into);
    });
    assertThat(receipts.find(id(3), null)).isEmpty();
    // asked once though pulled twice; settled as pending again, the row replaces the pages' entries
    ReceiptStore.Chunk chunk = receipts.pending(peer, ReceiptStore.Cursor.FIRST, 100);
    assertThat(ids(chunk.pending())).containsExactly("001", "002");
    receipts.settle(peer, chunk, all(chunk.pending(), ReceiptStore.PENDING));
    assertThat(receipts.find(id(1), "a")).hasSize(1);
    assertThat(receipts.counts(peer)).isEqualTo(new ReceiptStore.Counts(2, 0, 0));
    // the other peer's receipts are its own
    assertThat(ids(receipts.pending(other, ReceiptStore.Cursor.FIRST, 100).pending())).containsExactly("001");
  }

  @Test
  void settle_outcomesNotOfTheReceiptsAsked_refusedAndNothingWritten() {
    pulled(peer, 1, 2);
    ReceiptStore.Chunk chunk = receipts.pending(peer, ReceiptStore.Cursor.FIRST, 100);
    List<ReceiptStore.Outcome> swapped = new ArrayList<>(all(chunk.pending(), ReceiptStore.VERIFIED));
    Collections.reverse(swapped);
    assertThatThrownBy(() -> receipts.settle(peer, chunk, swapped)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> receipts.settle(peer, chunk, swapped.subList(0, 1))).isInstanceOf(IllegalArgumentException.class);
    assertThat(receipts.counts(peer)).isEqualTo(new ReceiptStore.Counts(2, 0, 0));
  }

  /** Seeded: pages of random sizes, settled chunk by chunk with random outcomes, against a plain model. */
  @Test
  void randomPagesAndOutcomes_eachPulledVersionSettledOnce_countsAgree() {
    Random random = new Random(20261204);
    int next = 0;
    Set<String> verified = new HashSet<>();
    Set<String> failed = new HashSet<>();
    Set<String> pendingModel = new HashSet<>();
    for (int round = 0; round < 6; round++) {
      for (int p = random.nextInt(4); p >= 0; p--) {
        int[] page = new int[1 + random.nextInt(5)];
        for (int i = 0; i < page.length; i++) page[i] = 100 + next++;
        pulled(peer, page);
        for (int i = page.length > 2 ? 1 : 0; i < page.length; i++) pendingModel.add(id(page[i]));
      }
      ReceiptStore.Cursor at = ReceiptStore.Cursor.FIRST;
      Set<String> askedThisPass = new HashSet<>();
      while (true) {
        ReceiptStore.Chunk chunk = receipts.pending(peer, at, 1 + random.nextInt(6));
        List<ReceiptStore.Outcome> outcomes = new ArrayList<>();
        for (ReceiptStore.Pending p : chunk.pending()) {
          assertThat(askedThisPass.add(p.key().stixId())).as("asked once a pass").isTrue();
          String state = List.of(ReceiptStore.VERIFIED, ReceiptStore.FAILED, ReceiptStore.PENDING).get(random.nextInt(3));
          outcomes.add(new ReceiptStore.Outcome(p.key(), state, null, null, null));
          if (!state.equals(ReceiptStore.PENDING)) {
            pendingModel.remove(p.key().stixId());
            (state.equals(ReceiptStore.VERIFIED) ? verified : failed).add(p.key().stixId());
          }
        }
        receipts.settle(peer, chunk, outcomes);
        at = chunk.next();
        if (!chunk.more()) break;
      }
      assertThat(askedThisPass).containsAll(pendingModel);
      assertThat(receipts.counts(peer)).isEqualTo(new ReceiptStore.Counts(pendingModel.size(), verified.size(), failed.size()));
    }
  }
}
