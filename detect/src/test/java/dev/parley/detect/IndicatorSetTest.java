package dev.parley.detect;

import static dev.parley.detect.Telemetry.indicator;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IndicatorSetTest {
  @Test
  void build_versionsRevocationAndPatternTypes_latestActiveOnly() {
    ObjectNode v1 = indicator("indicator--00000000-0000-4000-8000-000000000001", "[ipv4-addr:value = '10.0.0.1']");
    ObjectNode v2 = v1.deepCopy().put("modified", "2026-02-01T00:00:00.000Z").put("pattern", "[ipv4-addr:value = '10.0.0.2']");
    ObjectNode revoked = indicator("indicator--00000000-0000-4000-8000-000000000002", "[ipv4-addr:value = '10.0.0.3']").put("revoked", true);
    ObjectNode sigma = indicator("indicator--00000000-0000-4000-8000-000000000003", "title: x").put("pattern_type", "sigma");
    ObjectNode bad = indicator("indicator--00000000-0000-4000-8000-000000000004", "[ipv4-addr:value = ]");
    IndicatorSet set = new IndicatorSet.Builder().add(v2).add(v1).add(revoked).add(sigma).add(bad).build();
    assertThat(set.indicators()).hasSize(1);
    assertThat(set.indicators().get(0).pattern().toString()).contains("10.0.0.2");
    assertThat(set.counts()).isEqualTo(new IndicatorSet.Counts(1, 1, 1, 1, 1, 0, 0));
    assertThat(set.counts().skipped()).isEqualTo(2);
    assertThat(set.problems()).singleElement().asString().contains("indicator--00000000-0000-4000-8000-000000000004");
  }

  /**
   * A REPEATS that no bounded state could count is skipped, counted and named with why, never
   * detected with as if active: a hostile run's REPEATS 1500 TIMES was active and could never match
   * (issue 12). Those a counter reaches stay active, past 1,024 too.
   */
  @Test
  void build_repeatsPastWhatCanWait_skippedCountedAndNamed() {
    String huge = "indicator--00000000-0000-4000-8000-000000000021";
    String nested = "indicator--00000000-0000-4000-8000-000000000022";
    String large = "indicator--00000000-0000-4000-8000-000000000023";
    IndicatorSet.Builder b = new IndicatorSet.Builder()
        .add(indicator(huge, "[ipv4-addr:value = '203.0.113.10'] REPEATS 100000 TIMES WITHIN 60 SECONDS"))
        .add(indicator(nested, "([ipv4-addr:value = '203.0.113.10'] AND [domain-name:value = 'evil.example']) REPEATS 2000 TIMES"))
        .add(indicator(large, "[ipv4-addr:value = '203.0.113.10'] REPEATS 5000 TIMES WITHIN 60 SECONDS"));
    IndicatorSet set = b.build();
    assertThat(set.indicators()).extracting(Indicator::id).containsExactly(large);
    assertThat(set.counts()).isEqualTo(new IndicatorSet.Counts(1, 0, 0, 0, 0, 2, 0));
    assertThat(set.counts().skipped()).isEqualTo(2);
    assertThat(set.problems()).hasSize(2);
    assertThat(set.problems().get(0)).startsWith(huge + ": skipped: REPEATS 100000 TIMES").contains("65,536");
    assertThat(set.problems().get(1)).startsWith(nested + ": skipped:").contains("2,000", "1,024");
    assertThat(b.whySkipped(huge)).isEqualTo(set.problems().get(0));
    assertThat(b.whySkipped(large)).isNull();
  }

  /**
   * A source's LIKE and MATCHES expressions hold at most {@link IndicatorSet#SOURCE_STATES} automaton
   * states: a hostile peer's 150 expressions of 40,001 states each (a dozen characters apiece; 200
   * ran a node out of a 128 MB heap) are active up to the bound, the rest skipped and named, and no
   * other source's indicators are skipped for them. A revoked indicator gives its states back.
   */
  @Test
  void build_sourcePastItsAutomatonStates_restSkippedOthersKept() {
    IndicatorSet.Builder b = new IndicatorSet.Builder();
    int hostile = 150;
    for (int i = 0; i < hostile; i++) {
      b.add(indicator(id(i), "[domain-name:value MATCHES '(a{1000}){40}']"), PEER, ADDED.plusSeconds(i));
    }
    for (int i = 0; i < 50; i++) {
      b.add(indicator(id(1000 + i), "[url:value MATCHES '^https?://[a-z]{1,1000}\\\\.example/" + i + "']"), PEER + 1, ADDED);
      b.add(indicator(id(2000 + i), "[file:name LIKE '%.exe" + i + "']"));
    }
    IndicatorSet set = b.build();
    int fit = (int) (IndicatorSet.SOURCE_STATES / 40_001);
    assertThat(set.counts().oversized()).isEqualTo(hostile - fit);
    assertThat(set.counts().active()).isEqualTo(fit + 100);
    assertThat(set.indicators()).extracting(Indicator::id).contains(id(1049), id(2049), id(fit - 1)).doesNotContain(id(fit));
    assertThat(b.whySkipped(id(fit))).isEqualTo(id(fit) + ": skipped: its LIKE and MATCHES expressions take 40001 automaton states,"
        + " and its source's indicators may hold 4000000 in all (" + fit * 40_001L + " held)");
    assertThat(set.problems()).hasSize(hostile - fit);

    // the peer revokes one that was active: its states go back to the peer's, and the first skipped becomes active,
    // changed for a follower (a hostile run's stayed skipped until a restart)
    b.takeChanged();
    b.add(indicator(id(0), "[domain-name:value MATCHES '(a{1000}){40}']").put("revoked", true), PEER, ADDED);
    assertThat(b.active(id(0))).isNull();
    assertThat(b.takeChanged()).contains(id(0), id(fit)).doesNotContain(id(fit + 1));
    assertThat(b.active(id(fit))).isNotNull();
    assertThat(b.active(id(fit + 1))).isNull();
    assertThat(b.build().counts().oversized()).isEqualTo(hostile - fit - 1);
  }

  /**
   * Local accounts' indicators are this node's own (owner LOCAL) but each writer's automaton states
   * are its own group's (hostile run 12j: one local write account's costly expressions left the
   * operator's own skipped): one account past its states leaves another's and the node's indicators
   * active; the group is carried for the budgets of searches, work and sightings
   * ({@link Detector#groups}).
   */
  @Test
  void build_localAccountPastItsAutomatonStates_otherWritersKept() {
    int account = IndicatorSet.Builder.ACCOUNT_GROUPS;
    IndicatorSet.Builder b = new IndicatorSet.Builder();
    int hostile = 150;
    for (int i = 0; i < hostile; i++) {
      b.add(indicator(id(i), "[domain-name:value MATCHES '(a{1000}){40}']"), IndicatorSet.Builder.LOCAL, account, ADDED.plusSeconds(i));
    }
    b.add(indicator(id(500), "[domain-name:value MATCHES '(a{1000}){40}']"), IndicatorSet.Builder.LOCAL, account + 1, ADDED);
    b.add(indicator(id(501), "[domain-name:value MATCHES '(a{1000}){40}']"));
    IndicatorSet set = b.build();
    int fit = (int) (IndicatorSet.SOURCE_STATES / 40_001);
    assertThat(set.counts().oversized()).isEqualTo(hostile - fit);
    assertThat(b.active(id(500))).isNotNull();
    assertThat(b.active(id(501))).isNotNull();
    assertThat(set.indicators()).filteredOn(i -> i.id().equals(id(500))).singleElement()
        .satisfies(i -> assertThat(i.owner()).isEqualTo(IndicatorSet.Builder.LOCAL)).satisfies(i -> assertThat(i.group()).isEqualTo(account + 1));
    assertThat(Detector.groups(set.indicators())).containsEntry(id(0), account).containsEntry(id(500), account + 1)
        .doesNotContainKey(id(501));
    // the full account's later version of the other account's id is not that id's (hostile run 12l): it stays the other's
    b.add(indicator(id(500), "[domain-name:value MATCHES '(a{1000}){40}']").put("modified", "2026-06-02T00:00:00.000Z"),
        IndicatorSet.Builder.LOCAL, account, ADDED.plusSeconds(1000));
    assertThat(b.active(id(500)).group()).isEqualTo(account + 1);
    // its own later version of one of its ids skipped is its own: still past its states
    b.add(indicator(id(hostile - 1), "[domain-name:value MATCHES '(a{1000}){40}']").put("modified", "2026-06-02T00:00:00.000Z"),
        IndicatorSet.Builder.LOCAL, account, ADDED.plusSeconds(1000));
    assertThat(b.active(id(hostile - 1))).isNull();
    assertThat(b.whySkipped(id(hostile - 1))).contains("its source's indicators may hold 4000000");
  }

  @Test
  void add_theJsonIsNotKept_judgedAsOffered() {
    // hostile run bb D11: the first read of 850,000 indicators held every one's JSON until the set was built, and a heap
    // of 1 GB that the judged forms fit in ran out; an object changed after it was offered shows that none is held
    ObjectNode o = indicator(id(1), "[ipv4-addr:value = '10.0.0.1']");
    ObjectNode revoked = indicator(id(2), "[ipv4-addr:value = '10.0.0.2']");
    IndicatorSet.Builder b = new IndicatorSet.Builder().add(o).add(revoked.deepCopy().put("revoked", true));
    o.put("pattern", "[ipv4-addr:value = '10.9.9.9']").put("valid_from", "not a time");
    IndicatorSet set = b.build();
    assertThat(set.indicators()).singleElement().satisfies(i -> {
      assertThat(i.id()).isEqualTo(id(1));
      assertThat(i.pattern().toString()).contains("10.0.0.1");
    });
    assertThat(set.counts().revoked()).isEqualTo(1);
  }

  private static String id(int n) {
    return String.format("indicator--00000000-0000-4000-8000-%012d", n);
  }

  /** A peer's id and a time added, for versions whose owner is not in question. */
  private static final int PEER = 7;
  private static final Instant ADDED = Instant.parse("2026-12-01T00:00:00Z");

  /**
   * A version a peer sent never replaces one made or imported here, whatever its modified (found by
   * an independent run: a peer that knew the id of a local indicator changed its pattern, or revoked
   * it, by sending a newer version, or an equal one last); a local version replaces a peer's.
   */
  @Test
  void add_peerVersions_neverReplaceALocalOne_inEitherOrder() {
    String id = "indicator--00000000-0000-4000-8000-000000000010";
    ObjectNode local = indicator(id, "[ipv4-addr:value = '10.0.0.1']").put("modified", "2026-06-01T00:00:00.000Z");
    ObjectNode tie = local.deepCopy().put("pattern", "[ipv4-addr:value = '192.0.2.251']");
    ObjectNode newer = local.deepCopy().put("modified", "2026-07-01T00:00:00.000Z").put("pattern", "[ipv4-addr:value = '192.0.2.252']");
    ObjectNode revoked = newer.deepCopy().put("modified", "2026-08-01T00:00:00.000Z").put("revoked", true);
    IndicatorSet.Builder b = new IndicatorSet.Builder().add(local, IndicatorSet.Builder.LOCAL, ADDED);
    b.takeChanged();
    b.add(tie, PEER, ADDED).add(newer, PEER, ADDED).add(revoked, PEER, ADDED);
    assertThat(b.takeChanged()).isEmpty();
    assertThat(b.active(id).pattern().toString()).contains("10.0.0.1");

    IndicatorSet.Builder peerFirst = new IndicatorSet.Builder().add(revoked, PEER, ADDED).add(newer, PEER, ADDED);
    assertThat(peerFirst.active(id)).as("the peer's latest: revoked").isNull();
    peerFirst.add(local, IndicatorSet.Builder.LOCAL, ADDED);
    assertThat(peerFirst.active(id).pattern().toString()).contains("10.0.0.1");
    assertThat(new IndicatorSet.Builder().add(local, PEER, ADDED).add(newer, PEER, ADDED).active(id).pattern().toString())
        .as("between peers' versions the greatest modified").contains("192.0.2.252");
  }

  /** Between peers, the one whose version was added here first owns the id, in whatever order the versions are read. */
  @Test
  void add_anotherPeersNewerVersion_theFirstPeerKeepsTheId_inEitherOrder() {
    String id = "indicator--00000000-0000-4000-8000-000000000011";
    ObjectNode first = indicator(id, "[ipv4-addr:value = '10.0.0.1']").put("modified", "2026-06-01T00:00:00.000Z");
    ObjectNode firstNewer = first.deepCopy().put("modified", "2026-06-15T00:00:00.000Z").put("pattern", "[ipv4-addr:value = '10.0.0.2']");
    ObjectNode other = first.deepCopy().put("modified", "2026-07-01T00:00:00.000Z").put("pattern", "[ipv4-addr:value = '192.0.2.252']");
    Instant t1 = Instant.parse("2026-12-01T00:00:00Z");
    Instant t2 = t1.plusSeconds(60);
    Instant t3 = t1.plusSeconds(120);
    IndicatorSet.Builder inOrder = new IndicatorSet.Builder().add(first, 7, t1).add(other, 9, t2).add(firstNewer, 7, t3);
    assertThat(inOrder.active(id).pattern().toString()).contains("10.0.0.2");
    IndicatorSet.Builder otherRead = new IndicatorSet.Builder().add(other, 9, t2).add(first, 7, t1).add(firstNewer, 7, t3);
    assertThat(otherRead.active(id).pattern().toString()).contains("10.0.0.2");
    assertThat(new IndicatorSet.Builder().add(other, 9, t2).add(first, IndicatorSet.Builder.LOCAL, t3).active(id).pattern().toString())
        .as("a local version outranks every peer's").contains("10.0.0.1");
  }

  @Test
  void build_afterNewVersions_sameAsBuiltFromScratchAndChangedIdsTaken() {
    String a = "indicator--00000000-0000-4000-8000-00000000000a";
    String b = "indicator--00000000-0000-4000-8000-00000000000b";
    String c = "indicator--00000000-0000-4000-8000-00000000000c";
    ObjectNode a1 = indicator(a, "[ipv4-addr:value = '10.0.0.1']");
    ObjectNode b1 = indicator(b, "[ipv4-addr:value = '10.0.0.2']");
    ObjectNode a2 = a1.deepCopy().put("modified", "2026-02-01T00:00:00.000Z").put("pattern", "[ipv4-addr:value = '10.0.0.9']");
    ObjectNode b2 = b1.deepCopy().put("modified", "2026-02-01T00:00:00.000Z").put("revoked", true);
    ObjectNode c1 = indicator(c, "[ipv4-addr:value = '10.0.0.3']");
    IndicatorSet.Builder growing = new IndicatorSet.Builder().add(b1).add(a1);
    growing.build();
    assertThat(growing.takeChanged()).containsExactlyInAnyOrder(a, b);
    assertThat(growing.takeChanged()).isEmpty();
    growing.add(a2).add(b2).add(c1).add(a1); // a1 is older than a2: not a change of a's latest version again
    IndicatorSet again = growing.build();
    assertThat(growing.takeChanged()).containsExactlyInAnyOrder(a, b, c);

    IndicatorSet scratch = new IndicatorSet.Builder().add(b1).add(a1).add(a2).add(b2).add(c1).add(a1).build();
    assertThat(again.indicators()).isEqualTo(scratch.indicators());
    assertThat(again.indicators()).extracting(Indicator::id).containsExactly(a, c);
    assertThat(again.indicators().get(0).pattern().toString()).contains("10.0.0.9");
    assertThat(again.counts()).isEqualTo(scratch.counts());
  }

  /**
   * Issue 12, a hostile run: a revoked indicator's later version with {@code "revoked": false} made
   * it detect again. STIX 2.1 §3.2, {@code revoked}: "Revoking an object is permanent; future
   * versions of the object with this id MUST NOT be created". In every order the versions can be
   * read (a node reads them as they arrive, and all again when it starts), the id stays revoked.
   */
  @Test
  void add_revokedVersionAmongOthers_revokedInEveryOrder() {
    String id = "indicator--00000000-0000-4000-8000-000000000030";
    ObjectNode before = indicator(id, "[ipv4-addr:value = '192.0.2.201']").put("modified", "2025-12-01T00:00:00.000Z");
    ObjectNode revoked = before.deepCopy().put("modified", "2026-01-01T00:00:00.000Z").put("revoked", true);
    ObjectNode unrevoked = before.deepCopy().put("modified", "2026-01-02T00:00:00.000Z").put("revoked", false);
    ObjectNode later = before.deepCopy().put("modified", "2026-01-03T00:00:00.000Z").put("pattern", "[ipv4-addr:value = '192.0.2.202']");
    List<ObjectNode> versions = List.of(before, revoked, unrevoked, later);
    for (List<ObjectNode> order : permutations(versions)) {
      IndicatorSet.Builder b = new IndicatorSet.Builder();
      order.forEach(b::add);
      assertThat(b.active(id)).as(order.toString()).isNull();
      IndicatorSet set = b.build();
      assertThat(set.indicators()).as(order.toString()).isEmpty();
      assertThat(set.counts().revoked()).isEqualTo(1);
    }
    // followed as it arrives: the revocation read after a newer version revokes it, and the change is told
    IndicatorSet.Builder following = new IndicatorSet.Builder().add(later);
    assertThat(following.active(id)).isNotNull();
    following.takeChanged();
    following.add(revoked);
    assertThat(following.takeChanged()).containsExactly(id);
    assertThat(following.active(id)).isNull();
    following.add(unrevoked);
    assertThat(following.active(id)).isNull();
  }

  /**
   * An indicator carries its owner, whose MATCHES and LIKE searches share a budget of their own
   * (Detector.owners): a peer's id is the peer's, this node's own version makes it local.
   */
  @Test
  void build_indicatorsCarryTheirOwner_ownersListsThePeersOnly() {
    String peers = "indicator--00000000-0000-4000-8000-000000000041";
    String local = "indicator--00000000-0000-4000-8000-000000000042";
    String taken = "indicator--00000000-0000-4000-8000-000000000043";
    ObjectNode taken1 = indicator(taken, "[url:value MATCHES 'a+']").put("modified", "2026-06-01T00:00:00.000Z");
    IndicatorSet set = new IndicatorSet.Builder()
        .add(indicator(peers, "[url:value MATCHES 'x+']"), PEER, ADDED)
        .add(indicator(local, "[url:value MATCHES 'y+']"), IndicatorSet.Builder.LOCAL, ADDED)
        .add(taken1, PEER, ADDED)
        .add(taken1.deepCopy().put("modified", "2026-06-02T00:00:00.000Z"), IndicatorSet.Builder.LOCAL, ADDED.plusSeconds(1))
        .build();
    assertThat(set.indicators()).extracting(Indicator::id, Indicator::owner).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(peers, PEER), org.assertj.core.groups.Tuple.tuple(local, IndicatorSet.Builder.LOCAL),
        org.assertj.core.groups.Tuple.tuple(taken, IndicatorSet.Builder.LOCAL));
    assertThat(Detector.groups(set.indicators())).isEqualTo(Map.of(peers, PEER));
  }

  /**
   * Only the owner's revocation counts, as only its versions do: a peer that revokes an id it does
   * not own changes nothing, and a version of the owner's revoked before it owned the id (read while
   * another peer's version came first) is kept.
   */
  @Test
  void add_revocations_onlyTheOwnersCount() {
    String id = "indicator--00000000-0000-4000-8000-000000000031";
    ObjectNode v = indicator(id, "[ipv4-addr:value = '10.0.0.1']").put("modified", "2026-06-01T00:00:00.000Z");
    ObjectNode revoked = v.deepCopy().put("modified", "2026-06-02T00:00:00.000Z").put("revoked", true);
    ObjectNode after = v.deepCopy().put("modified", "2026-06-03T00:00:00.000Z");
    assertThat(new IndicatorSet.Builder().add(v, IndicatorSet.Builder.LOCAL, ADDED).add(revoked, PEER, ADDED).add(after, PEER, ADDED)
        .active(id)).as("a peer's revocation of a local indicator").isNotNull();
    Instant t1 = ADDED;
    Instant t2 = t1.plusSeconds(60);
    Instant t3 = t1.plusSeconds(120);
    // peer 7's revoked version was added after peer 9's first one, so ignored then; 7's earlier-added version makes 7 the owner
    IndicatorSet.Builder b = new IndicatorSet.Builder().add(v, 9, t2).add(revoked, 7, t3).add(after, 7, t1);
    assertThat(b.active(id)).isNull();
  }

  /**
   * The peer whose version came first keeps its revocation when this node's own version takes the id
   * over, in either order (a hostile run: a local account's later version with {@code revoked: false}
   * brought a peer's revoked indicator back; after an operator's local edit the peer's revocation went
   * unheeded; both held after a restart, which reads the versions again in another order).
   */
  @Test
  void add_localVersionAfterAPeersIndicator_thePeersRevocationStillCounts() {
    String id = "indicator--00000000-0000-4000-8000-000000000032";
    ObjectNode v = indicator(id, "[ipv4-addr:value = '10.0.0.2']").put("modified", "2026-06-01T00:00:00.000Z");
    ObjectNode revoked = v.deepCopy().put("modified", "2026-06-02T00:00:00.000Z").put("revoked", true);
    ObjectNode unrevoked = v.deepCopy().put("modified", "2026-06-03T00:00:00.000Z").put("revoked", false)
        .put("pattern", "[ipv4-addr:value = '10.0.0.3']");
    ObjectNode edited = v.deepCopy().put("modified", "2026-06-01T12:00:00.000Z");
    edited.putArray("labels").add("edited here");
    Instant t1 = ADDED;
    Instant t2 = t1.plusSeconds(60);
    Instant t3 = t1.plusSeconds(120);
    record Offer(ObjectNode object, int source, Instant added) {}
    List<Offer> unrevoking = List.of(new Offer(v, PEER, t1), new Offer(revoked, PEER, t2),
        new Offer(unrevoked, IndicatorSet.Builder.LOCAL, t3));
    List<Offer> editedFirst = List.of(new Offer(v, PEER, t1), new Offer(edited, IndicatorSet.Builder.LOCAL, t2),
        new Offer(revoked, PEER, t3));
    for (List<Offer> offers : List.of(unrevoking, editedFirst)) {
      for (List<Offer> order : permutations(offers)) {
        IndicatorSet.Builder b = new IndicatorSet.Builder();
        for (Offer o : order) b.add(o.object(), o.source(), o.added());
        assertThat(b.active(id)).as(order.toString()).isNull();
      }
    }
  }

  /**
   * A local account's version is that account's (hostile run 12l: an account that could write only
   * its own collection posted a newer version of the administrator's indicator there, which changed
   * its pattern, then a revoked one, which ended it for good; and the same with a peer's). It never
   * replaces or revokes this node's own, a peer's or another account's version, in whatever order
   * they are read; its own versions follow one another; this node's own version takes its id over.
   */
  @Test
  void add_localAccountsVersion_neverReplacesOrRevokesAnothersInEveryOrder() {
    String id = "indicator--00000000-0000-4000-8000-000000000033";
    int account = IndicatorSet.Builder.ACCOUNT_GROUPS;
    int other = IndicatorSet.Builder.ACCOUNT_GROUPS + 1;
    ObjectNode owners = indicator(id, "[domain-name:value = 'evil.example']").put("modified", "2026-06-01T00:00:00.000Z");
    ObjectNode rewritten = owners.deepCopy().put("modified", "2026-07-01T00:00:00.000Z").put("pattern", "[domain-name:value = 'nothing.invalid']");
    ObjectNode revoked = rewritten.deepCopy().put("modified", "2026-07-02T00:00:00.000Z").put("revoked", true);
    Instant t1 = ADDED;
    Instant t2 = t1.plusSeconds(60);
    Instant t3 = t1.plusSeconds(120);
    record Offer(ObjectNode object, int source, int group, Instant added) {}
    for (int[] holder : new int[][] {{IndicatorSet.Builder.LOCAL, IndicatorSet.Builder.LOCAL}, {PEER, PEER},
        {IndicatorSet.Builder.LOCAL, other}}) {
      List<Offer> offers = List.of(new Offer(owners, holder[0], holder[1], t1),
          new Offer(rewritten, IndicatorSet.Builder.LOCAL, account, t2), new Offer(revoked, IndicatorSet.Builder.LOCAL, account, t3));
      for (List<Offer> order : permutations(offers)) {
        IndicatorSet.Builder b = new IndicatorSet.Builder();
        for (Offer o : order) b.add(o.object(), o.source(), o.group(), o.added());
        Indicator active = b.active(id);
        assertThat(active).as(holder[0] + "/" + holder[1] + " " + order).isNotNull();
        assertThat(active.pattern().toString()).contains("evil.example");
        assertThat(active.owner()).isEqualTo(holder[0]);
      }
    }
    // the account's own id: its versions follow one another, its revocation ends it
    IndicatorSet.Builder own = new IndicatorSet.Builder().add(owners, IndicatorSet.Builder.LOCAL, account, t1)
        .add(rewritten, IndicatorSet.Builder.LOCAL, account, t2);
    assertThat(own.active(id).pattern().toString()).contains("nothing.invalid");
    assertThat(own.add(revoked, IndicatorSet.Builder.LOCAL, account, t3).active(id)).isNull();
    // between a peer and an account, the version added first keeps the id, in whatever order they are read: a peer
    // that could write only its inbox revoked, or re-patterned, an analyst account's indicator (hostile run 12x); an
    // account's revoked version of a peer's id, added after the peer's, switches nothing off (hostile run 12m)
    for (boolean accountFirst : new boolean[] {true, false}) {
      ObjectNode accounts = accountFirst ? owners : revoked;
      ObjectNode peers = accountFirst ? revoked : owners;
      for (List<Offer> order : permutations(List.of(new Offer(accounts, IndicatorSet.Builder.LOCAL, account,
          accountFirst ? t1 : t2), new Offer(peers, PEER, PEER, accountFirst ? t2 : t1)))) {
        IndicatorSet.Builder both = new IndicatorSet.Builder();
        for (Offer o : order) both.add(o.object(), o.source(), o.group(), o.added());
        assertThat(both.active(id)).as(accountFirst + " " + order).isNotNull();
        assertThat(both.active(id).pattern().toString()).contains("evil.example");
        assertThat(both.active(id).owner()).isEqualTo(accountFirst ? IndicatorSet.Builder.LOCAL : PEER);
      }
    }
    // this node's own version (an import, an administrator) takes an account's id over: the operator's edit
    IndicatorSet.Builder edited = new IndicatorSet.Builder().add(rewritten, IndicatorSet.Builder.LOCAL, account, t1)
        .add(owners, IndicatorSet.Builder.LOCAL, t2);
    assertThat(edited.active(id).pattern().toString()).contains("evil.example");
  }

  /**
   * A local account's group is the same at every start, whatever order the accounts are read in
   * (hostile run 12m: the keys of counted records name groups, and numbered by first reading, a
   * group's number moved after a restart and records sent again counted again).
   */
  @Test
  void accountGroup_sameForANameAtEveryStart_othersApart() {
    int a = IndicatorSet.Builder.accountGroup("writer1");
    assertThat(IndicatorSet.Builder.accountGroup("writer1")).isEqualTo(a);
    assertThat(a).isGreaterThanOrEqualTo(IndicatorSet.Builder.ACCOUNT_GROUPS);
    Set<Integer> groups = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      int g = IndicatorSet.Builder.accountGroup("account" + i);
      assertThat(g).isGreaterThanOrEqualTo(IndicatorSet.Builder.ACCOUNT_GROUPS);
      groups.add(g);
    }
    assertThat(groups).hasSize(1000);
  }

  /**
   * STIX 2.1 §3.2: {@code revoked} is a boolean. A hostile run's file had "true" and 1 revoke and
   * "false", 0, null and [true] not, all silently: now each of them makes the version invalid,
   * skipped, counted and named, and only JSON true revokes.
   */
  @Test
  void build_revokedNotABoolean_invalidAndNamed() {
    List<String> values = List.of("\"true\"", "1", "\"false\"", "0", "null", "[true]");
    for (int i = 0; i < values.size(); i++) {
      String id = "indicator--00000000-0000-4000-8000-00000000004" + i;
      ObjectNode o = indicator(id, "[ipv4-addr:value = '10.0.0.4']");
      try {
        o.set("revoked", Json.mapper().readTree(values.get(i)));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      IndicatorSet set = new IndicatorSet.Builder().add(o).build();
      assertThat(set.indicators()).as(values.get(i)).isEmpty();
      assertThat(set.counts().invalid()).as(values.get(i)).isEqualTo(1);
      assertThat(set.problems()).as(values.get(i)).containsExactly(id + ": revoked must be true or false");
    }
  }

  private static <T> List<List<T>> permutations(List<T> items) {
    if (items.isEmpty()) return List.of(List.of());
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      List<T> rest = new ArrayList<>(items);
      T first = rest.remove(i);
      for (List<T> p : permutations(rest)) {
        List<T> one = new ArrayList<>();
        one.add(first);
        one.addAll(p);
        out.add(one);
      }
    }
    return out;
  }
}
