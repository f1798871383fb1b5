package dev.parley.store.egress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.policy.MarkingStatus;
import dev.parley.policy.Markings;
import dev.parley.policy.References;
import dev.parley.policy.agreement.Agreement;
import dev.parley.policy.agreement.DanglingRefs;
import dev.parley.policy.agreement.Share;
import dev.parley.policy.egress.Candidate;
import dev.parley.policy.egress.Decision;
import dev.parley.policy.egress.Egress;
import dev.parley.policy.egress.Provenance;
import dev.parley.policy.egress.Rule;
import dev.parley.stix.Json;
import dev.parley.stix.marking.TlpIds;
import dev.parley.store.Database;
import dev.parley.store.StoreException;
import dev.parley.store.TableStatistics;
import dev.parley.store.internal.CopyBinary;
import dev.parley.store.peers.PeerStore;
import dev.parley.store.peers.SyncPositions;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each peer's feed: the members of the collections its agreement shares that it may read, in
 * the order they became readable to it (ARCHITECTURE.md, "Egress: one feed per peer").
 *
 * <p>Every member of a shared collection is decided once, in collection order, by {@link Egress}
 * (rules 1-5 of the agreement); the decision is recorded for {@code policy explain}. A member
 * withheld only because it names an object the peer cannot read yet waits for that object's id;
 * when a member with that id becomes readable to the peer, the waiting member is decided again,
 * and if it may now be read it enters the feed as a new arrival. Members that name each other in a
 * cycle, and are withheld by nothing but one another, are served together. A new agreement version
 * rebuilds the peer's feed from the start; positions keep growing, so a peer's cursors never point
 * back.
 *
 * <p>Work is done in transactions of at most {@value #BATCH} members, each under the peer's
 * transaction-level advisory lock, so publishers in several processes take turns and never decide
 * a member twice. Thread-safe.
 */
public final class Publisher {
  /** The advisory-lock class of feeds ("Feed"); the key is the peer's id. */
  static final int LOCK_CLASS = 0x46656564;
  private static final int BATCH = 2000;

  private final Database db;
  /** {@link #SLICE_NANOS}, or a test's. */
  private final long slice;

  public Publisher(Database db) {
    this(db, SLICE_NANOS);
  }

  /** A publisher whose {@link #publishAll} gives each peer turns of {@code sliceNanos} (tests). */
  Publisher(Database db, long sliceNanos) {
    this.db = db;
    this.slice = sliceNanos;
    this.scans = SCANS.computeIfAbsent(db, d -> new Scans());
    this.statistics = db.feedStatistics();
  }

  /** Brings every peer's feed up to date with what the node holds; returns how many members were decided. */
  public long publishAll() {
    List<String> names = db.withConnection(c -> {
      List<String> out = new ArrayList<>();
      try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select name from peer order by id")) {
        while (r.next()) out.add(r.getString(1));
      }
      return out;
    });
    // the peers take turns, each a slice of time at most while others wait: one peer's long work (its feed rebuilt
    // for a new agreement, 68,000 members) held every other peer's new arrivals for its whole length (a hostile
    // run: 20.7 s, where an arrival takes 0.2 s), and let them time it
    // every peer has a turn in every round, also one that was up to date in the last: its new arrival waits a
    // turn of the others, not the rest of their work (hostile run 10l: a peer once up to date left the rounds,
    // and its arrival waited 17.3 s for another peer's rebuild of 40,000 to end)
    long[] n = {0};
    boolean behind = true;
    while (behind) {
      behind = false;
      for (String name : names) behind |= !publish(name, false, slice, n);
    }
    return n[0];
  }

  /** The time a peer's feed is decided for in one turn of {@link #publishAll} before the next peer's turn. */
  static final long SLICE_NANOS = 200_000_000L;

  /** Brings the peer's feed up to date; returns how many members were decided (0 for an unknown peer). */
  public long publish(String peer) {
    long[] n = {0};
    publish(peer, false, Long.MAX_VALUE, n);
    return n[0];
  }

  /**
   * As {@link #publish(String)}, and a search of all the peer's waiting members owed is made now,
   * not when due: for {@code policy explain}, whose answer is the feed as it settles.
   */
  public long publishSettled(String peer) {
    long[] n = {0};
    publish(peer, true, Long.MAX_VALUE, n);
    return n[0];
  }

  /**
   * Decides the peer's next members, in transactions of at most {@value #BATCH}, until none is left
   * or {@code sliceNanos} have passed (counted into {@code decided}); true when none is left.
   */
  private boolean publish(String peer, boolean settle, long sliceNanos, long[] decided) {
    long start = System.nanoTime();
    long before = decided[0];
    boolean upToDate = false;
    Set<String> pending = new HashSet<>();
    while (true) {
      Step step = db.inTransaction(c -> step(c, peer));
      decided[0] += step.decided();
      pending.addAll(step.newlyPending());
      if (step.decided() == 0) {
        upToDate = true;
        break;
      }
      if (System.nanoTime() - start >= sliceNanos) break;
    }
    statistics.added(decided[0] - before);
    // once per peer and process, every waiting member: a pass cut short before its search (a crash, a
    // stop) leaves no set of members waiting on one another unserved. And again when a search from
    // new members met its bound, once due
    boolean full = scans.first(peer) || scans.due(peer, settle);
    if (full || !pending.isEmpty()) {
      long t0 = System.nanoTime();
      boolean bounded = db.inTransaction(c -> {
        boolean cut = false;
        // serving a set wakes what waited for it, and a member woken may now wait only on another set
        for (Search search = cycles(c, peer, full ? null : pending); ; search = cycles(c, peer, search.woken())) {
          cut |= search.cut();
          if (search.woken().isEmpty()) return cut;
        }
      });
      if (full) scans.done(peer, System.nanoTime() - t0);
      if (bounded) scans.owe(peer);
    }
    return upToDate;
  }

  /**
   * When each peer's waiting members are all searched for cycles, shared by every publisher of one
   * database in this process (a push made its own publisher each sync pass, and searched all of a
   * peer's waiting members each time: with 16,000 waiting, 28 ms a call). A search from new members
   * follows what they wait for up to {@link #WALK_LEVELS} levels and {@link #walkBound} members;
   * past that, a search of all waiting members is owed, made once the last one's cost is at most a
   * tenth of the time since it ended. (Unbounded, the search from each page of a chain of notes
   * arriving over a root the node does not hold walked the whole chain: 8,000 notes arriving 100 at a
   * time, 52 s; 16,000, 261 s.) A set that closes past the bound is served within ten times the
   * cost of a full search (28 ms at 16,000 waiting members).
   */
  private static final class Scans {
    private final Set<String> scanned = ConcurrentHashMap.newKeySet();
    private final Map<String, Boolean> owed = new ConcurrentHashMap<>();
    /** Per peer: {end of the last full search, its cost}, in nanoseconds. */
    private final Map<String, long[]> last = new ConcurrentHashMap<>();

    boolean first(String peer) {
      return scanned.add(peer);
    }

    boolean due(String peer, boolean now) {
      if (!owed.containsKey(peer)) return false;
      long[] l = last.get(peer);
      return now || l == null || System.nanoTime() - l[0] >= 10 * l[1];
    }

    void done(String peer, long cost) {
      owed.remove(peer);
      last.put(peer, new long[] {System.nanoTime(), cost});
    }

    void owe(String peer) {
      owed.put(peer, true);
    }
  }

  private static final Map<Database, Scans> SCANS = Collections.synchronizedMap(new WeakHashMap<>());

  private final Scans scans;

  private final TableStatistics statistics;

  /** Levels of waits a search from new members follows. */
  static final int WALK_LEVELS = 32;

  /** Waiting members a search from {@code seeds} new ones reads at most. */
  static int walkBound(int seeds) {
    return 4 * seeds + 1_000;
  }

  /** What a search served and woke ({@link #cycles}), and whether it met its bound. */
  private record Search(Set<String> woken, boolean cut) {}

  private record Step(int decided, Set<String> newlyPending) {}

  /** The peer, its agreement in force and what it takes to decide for it, read under the peer's lock. */
  private static final class Context {
    final int peerId;
    /** The ids of every name of the peer's node ({@link PeerStore#sameNode}): what any of them sent is echo. */
    Integer[] self;
    final String peer;
    final int version;
    final Agreement agreement;
    final Map<Integer, Provenance> sources = new HashMap<>();
    /** The feedback collection when the agreement asks for sightings (see {@link Feedbacks}), else null. */
    UUID feedback;
    /** Whether the peer ever sent this node anything (a member, or a version held already): null until asked. */
    Boolean sends;
    /** Ids withheld by references alone while the cursors were read ({@link #relayGranted}): where a cycle may close. */
    final Set<String> newlyPending = new HashSet<>();
    /** The feed positions this transaction hands out to the peer (a context lives in one transaction). */
    final FeedRows.Positions positions = new FeedRows.Positions();

    Context(int peerId, String peer, int version, Agreement agreement) {
      this.peerId = peerId;
      this.peer = peer;
      this.version = version;
      this.agreement = agreement;
    }

    /** Whether {@code source} is one of the peer's names (null: the node's own). */
    boolean isSelf(Integer source) {
      if (source == null) return false;
      for (Integer id : self) if (id.intValue() == source) return true;
      return false;
    }
  }

  private static Context context(Connection c, String peer) throws SQLException {
    int id;
    try (PreparedStatement s = c.prepareStatement("select id from peer where name = ?")) {
      s.setString(1, peer);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) return null;
        id = r.getInt(1);
      }
    }
    try (Statement s = c.createStatement()) {
      // every look-up here is a probe by id: plan it so, whatever the (lagging) statistics of growing feeds say;
      // and without parallel workers: the generic plan of a batch's members (a range of 2,000) was a
      // Gather Merge that launched two workers per call, 20 ms for the feed loop's empty look-up every
      // 200 ms and 47 ms for a batch, against 0.1 ms and about 5 ms in one process
      s.execute("set local plan_cache_mode = force_generic_plan; set local enable_bitmapscan = off;"
          + " set local max_parallel_workers_per_gather = 0");
    }
    lockFeed(c, id);
    try (PreparedStatement s = c.prepareStatement("select version, body from agreement where peer = ? order by version desc limit 1")) {
      s.setString(1, peer);
      Context ctx;
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          ctx = new Context(id, peer, 0, Agreement.NONE);
        } else {
          ctx = new Context(id, peer, r.getInt(1), AgreementStore.parseStored(r.getString(2)));
          ctx.feedback = Feedbacks.collection(c, ctx.agreement);
        }
      }
      ctx.self = PeerStore.sameNode(c, id);
      return ctx;
    }
  }

  /** One transaction of work: rebuild when the agreement changed, then decide the next members of one shared collection. */
  private Step step(Connection c, String peer) throws SQLException {
    Context ctx = context(c, peer);
    if (ctx == null) return new Step(0, Set.of());
    Map<UUID, Long> decided = cursors(c, ctx);
    Step woken = wakeSent(c, ctx);
    if (woken != null) return woken;
    for (Map.Entry<UUID, Long> e : decided.entrySet()) {
      List<Member> batch = members(c, "c.collection_id = ? and c.seq > ? order by c.seq limit " + BATCH, e.getKey(), e.getValue());
      if (batch.isEmpty()) continue;
      Decider d = new Decider(c, ctx);
      d.fresh = true;
      d.decide(batch);
      d.fresh = false;
      try (PreparedStatement s = c.prepareStatement("update peer_cursor set decided_seq = ? where peer = ? and collection_id = ?")) {
        s.setLong(1, batch.get(batch.size() - 1).seq());
        s.setInt(2, ctx.peerId);
        s.setObject(3, e.getKey());
        s.executeUpdate();
      }
      d.wake();
      d.newlyPending.addAll(ctx.newlyPending);
      return new Step(batch.size(), d.newlyPending);
    }
    return new Step(0, ctx.newlyPending);
  }

  /**
   * Wakes the members waiting for ids the peer sent that a collection held already ({@code peer_wake},
   * left by {@link FeedRows#echoed}): an id it sent is one it reads. Null when none was left.
   */
  private static Step wakeSent(Connection c, Context ctx) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("delete from peer_wake w where w.peer = ? and w.ref_id in"
        + " (select ref_id from peer_wake where peer = ? limit " + BATCH + ") returning w.ref_id")) {
      s.setInt(1, ctx.peerId);
      s.setInt(2, ctx.peerId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) ids.add(r.getString(1));
      }
    }
    if (ids.isEmpty()) return null;
    Decider d = new Decider(c, ctx);
    d.sentIds.addAll(ids);
    d.toWake.addAll(ids);
    d.wake();
    return new Step(ids.size(), d.newlyPending);
  }

  /**
   * How far each shared collection is decided. When the agreement in force is not the one the feed
   * was built for and shares otherwise ({@link #sameFeed}), the feed, its decisions and its waits are
   * dropped first, and every shared collection starts again; a new version that changes only what
   * the feed does not depend on (receive, push, accept, relay) keeps the feed, which is marked as
   * built for it (a hostile run saw a peer read its 171,870 objects again after a push was added). When only the other peers that allow relay changed (rule 3 judges what
   * came from a peer by that peer's agreement in force), the feed is never rebuilt: what the change
   * withholds leaves it, with what names it ({@link #withdraw}); what a peer newly allows is decided
   * again and arrives as new ({@link #relayGranted}); nothing else moves, so a peer does not see its
   * feed start again when another peer's terms change (a hostile run timed them so).
   */
  private static Map<UUID, Long> cursors(Connection c, Context ctx) throws SQLException {
    Map<UUID, Long> out = new LinkedHashMap<>();
    boolean stale = false;
    boolean adopt = false;
    Set<Integer> olderVersions = new HashSet<>();
    Set<String> builtUnderAll = new HashSet<>();
    String relay = relaySources(c, ctx.peerId);
    try (PreparedStatement s = c.prepareStatement(
        "select collection_id, agreement, decided_seq, relay_sources from peer_cursor where peer = ?")) {
      s.setInt(1, ctx.peerId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          UUID collection = r.getObject(1, UUID.class);
          if (ctx.agreement.shareFor(collection.toString()).isEmpty() && !collection.equals(ctx.feedback)) {
            stale = true;
          } else if (r.getInt(2) != ctx.version) {
            olderVersions.add(r.getInt(2));
          }
          String builtUnder = r.getString(4);
          if (builtUnder == null) adopt = true; // a feed from before relay sources were kept
          else if (!builtUnder.equals(relay)) builtUnderAll.add(builtUnder);
          out.put(collection, r.getLong(3));
        }
      }
    }
    if (!stale && !olderVersions.isEmpty()) {
      if (sameFeed(c, ctx, olderVersions)) {
        try (PreparedStatement s = c.prepareStatement("update peer_cursor set agreement = ? where peer = ?")) {
          s.setInt(1, ctx.version);
          s.setInt(2, ctx.peerId);
          s.executeUpdate();
        }
      } else {
        stale = true;
      }
    }
    if (!stale && !builtUnderAll.isEmpty()) {
      Set<Integer> now = sourceIds(relay);
      Set<Integer> withdrawn = new HashSet<>();
      Set<Integer> granted = new HashSet<>(now);
      for (String builtUnder : builtUnderAll) {
        Set<Integer> before = sourceIds(builtUnder);
        for (int id : before) if (!now.contains(id)) withdrawn.add(id);
        granted.removeAll(before);
      }
      if (!withdrawn.isEmpty()) withdraw(c, ctx, withdrawn);
      if (!granted.isEmpty()) relayGranted(c, ctx);
      adopt = true;
    }
    if (adopt && !stale) {
      try (PreparedStatement s = c.prepareStatement("update peer_cursor set relay_sources = ? where peer = ? and relay_sources is distinct from ?")) {
        s.setString(1, relay);
        s.setInt(2, ctx.peerId);
        s.setString(3, relay);
        s.executeUpdate();
      }
    }
    if (stale) {
      drop(c, ctx.peerId);
      out.clear();
    }
    List<UUID> feeds = sharedCollections(ctx);
    if (ctx.feedback != null) feeds.add(ctx.feedback);
    for (UUID collection : feeds) {
      if (out.containsKey(collection)) continue;
      try (PreparedStatement s = c.prepareStatement("insert into peer_cursor (peer, collection_id, agreement, decided_seq, relay_sources)"
          + " values (?, ?, ?, 0, ?) on conflict do nothing")) {
        s.setInt(1, ctx.peerId);
        s.setObject(2, collection);
        s.setInt(3, ctx.version);
        s.setString(4, relay);
        s.executeUpdate();
      }
      out.put(collection, 0L);
    }
    return out;
  }

  /**
   * Whether the agreement versions {@code older}, which the feed's cursors were built for, decide it as
   * the one in force does (its install then kept the feed: {@link #agreementChanged}). Receive, push, accept and relay enter no decision of this
   * peer's feed (relay is judged for the other peers', {@link #relaySources}).
   */
  private static boolean sameFeed(Connection c, Context ctx, Set<Integer> older) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("select body from agreement where peer = ? and version = ?")) {
      for (int version : older) {
        s.setString(1, ctx.peer);
        s.setInt(2, version);
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) return false;
          if (!sameFeed(AgreementStore.parseStored(r.getString(1)), ctx.agreement)) return false;
        }
      }
    }
    return true;
  }

  /** Whether two agreements with one peer decide its feed alike: the same share entries and feedback. */
  static boolean sameFeed(Agreement a, Agreement b) {
    return a.share().equals(b.share()) && a.feedback().equals(b.feedback());
  }

  /** The peer ids of a relay-sources text ("3,7"). */
  private static Set<Integer> sourceIds(String relay) {
    Set<Integer> out = new HashSet<>();
    if (!relay.isEmpty()) for (String id : relay.split(",")) out.add(Integer.parseInt(id));
    return out;
  }

  /**
   * Takes out of the peer's feed the members received from {@code sources} (peers that no longer
   * allow relay) that rule 3 now withholds, and with them every member that names an id the peer can
   * no longer read, and so on until nothing more goes. Each member that goes for a reference waits
   * for the ids it named, so relay given again brings it back as a new arrival. The rest of the feed
   * keeps its positions and dates: a peer that read nothing of the kind sees nothing move, and one
   * that did sees only those objects go, not its whole feed start again.
   */
  private static void withdraw(Connection c, Context ctx, Set<Integer> sources) throws SQLException {
    Map<UUID, List<Long>> served = receivedVersionsOf(c, ctx, sources, "peer_feed", "");
    Decider d = new Decider(c, ctx);
    stopWaiting(c, ctx, d, sources);
    if (served.isEmpty()) return;
    Leaving withheld = new Leaving();
    inBatches(c, d, served, (collection, batch) -> {
      for (Member m : batch) {
        // rules 1-3 and 5 alone: its references were readable, and stay so unless a member that goes here names them
        if (d.decide(m, Set.of(), false) instanceof Decision.Withheld w) withheld.add(m, w.rule().id());
      }
    });
    Set<String> gone = withheld.remove(c, d);
    List<UUID> collections = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("select collection_id from peer_cursor where peer = ? order by collection_id")) {
      s.setInt(1, ctx.peerId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) collections.add(r.getObject(1, UUID.class));
      }
    }
    // What names an id that went: one look at every member the feed still serves for each round of ids
    // gone (a referrer named by another referrer goes in the same look when it comes later in its
    // collection). And at every member waiting for references: it waited only for what it named that
    // was not readable then, and must wait for what went too, or a set of waiting members that name one
    // another would be served with it (cycles() serves such a set as it stands).
    while (!gone.isEmpty()) {
      Set<String> checked = gone;
      Set<String> named = new HashSet<>(gone);
      Leaving leaving = new Leaving();
      for (UUID collection : collections) {
        eachBatch(c, "select seq from peer_feed where peer = ? and collection_id = ? and seq > ?", ctx, collection, batch -> {
          for (Member m : batch) {
            Set<String> on = new HashSet<>(References.of(m.object()));
            on.retainAll(named);
            if (on.isEmpty()) continue;
            leaving.add(m, Rule.REFERENCE.id());
            for (String ref : on) leaving.waits.add(new Object[] {ref, m.collection(), m.seq()});
            // its own id may go too, and what comes after it in this look and names it goes with it
            if (!leaving.remaining(c, ctx.peerId, m)) named.add(m.stixId());
          }
        });
      }
      for (UUID collection : collections) {
        eachBatch(c, "select seq from peer_decision where peer = ? and collection_id = ? and seq > ? and rule = '"
            + Rule.REFERENCE.id() + "'", ctx, collection, batch -> {
          for (Member m : batch) {
            for (String ref : References.of(m.object())) {
              if (named.contains(ref)) leaving.waits.add(new Object[] {ref, m.collection(), m.seq()});
            }
          }
        });
      }
      Set<String> more = new HashSet<>(leaving.remove(c, d));
      // an id that went in this look was looked for only after it went: the next look finds what named it before
      more.removeAll(checked);
      gone = more;
    }
  }

  /**
   * The members of {@code table} (the peer's feed, or its decisions, with {@code condition} on
   * {@code d}) received from any peer whose version {@code sources} sent here, by collection: the
   * sources' own members, and the copies other peers sent of the same versions (rule 3 judges a
   * version by every peer that sent it: a hostile run had a peer allowed to relay send back a copy of
   * what another peer, whose relay was then withdrawn, had sent, and the copy went on).
   */
  private static Map<UUID, List<Long>> receivedVersionsOf(Connection c, Context ctx, Set<Integer> sources, String table, String condition)
      throws SQLException {
    Map<UUID, List<Long>> out = new LinkedHashMap<>();
    Integer[] ids = sources.toArray(Integer[]::new);
    // the peer's rows, as before the copies counted (a walk of the peer's rows joined to their members by key), each
    // received member then probed by id for a copy of its version from the sources: a join driven from the versions
    // the sources sent, planned before the feed's statistics existed, walked the whole feed once per version (minutes)
    try (PreparedStatement s = c.prepareStatement("select d.collection_id, d.seq from " + table + " d"
        + " join collection_object m on m.collection_id = d.collection_id and m.seq = d.seq"
        + " where d.peer = ?" + condition + " and m.source_peer is not null and (m.source_peer = any(?)"
        + " or exists (select 1 from collection_object o where o.stix_id = m.stix_id and o.version = m.version"
        + " and o.object_pk = m.object_pk and o.source_peer = any(?))"
        + " or exists (select 1 from peer_sent p where p.stix_id = m.stix_id and p.version = m.version"
        + " and (p.object_pk is null or p.object_pk = m.object_pk) and p.peer = any(?)))"
        + " order by d.collection_id, d.seq")) {
      s.setInt(1, ctx.peerId);
      s.setArray(2, c.createArrayOf("int4", ids));
      s.setArray(3, c.createArrayOf("int4", ids));
      s.setArray(4, c.createArrayOf("int4", ids));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) out.computeIfAbsent(r.getObject(1, UUID.class), k -> new ArrayList<>()).add(r.getLong(2));
      }
    }
    return out;
  }

  /** Work on one batch of members. */
  private interface Batch {
    void accept(List<Member> batch) throws SQLException;
  }

  /**
   * Hands {@code work} the members of a collection whose positions {@code select} lists (its
   * parameters: the peer, the collection, the position after which to go on), a batch at a time.
   */
  private static void eachBatch(Connection c, String select, Context ctx, UUID collection, Batch work) throws SQLException {
    long after = -1;
    while (true) {
      List<Long> seqs = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(select + " order by seq limit " + BATCH)) {
        s.setInt(1, ctx.peerId);
        s.setObject(2, collection);
        s.setLong(3, after);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) seqs.add(r.getLong(1));
        }
      }
      if (seqs.isEmpty()) return;
      after = seqs.get(seqs.size() - 1);
      work.accept(members(c, "c.collection_id = ? and c.seq = any(?) order by c.seq", collection, seqs.toArray(Long[]::new)));
      if (seqs.size() < BATCH) return;
    }
  }

  /**
   * Members received from {@code sources} that wait for references were decided while those peers
   * allowed relay; rule 3 now withholds them whatever they name. Their decision says so and they wait
   * no longer: a set of waiting members that name one another is served without deciding them again
   * ({@link #cycles}), which would otherwise serve them against the terms in force.
   */
  private static void stopWaiting(Connection c, Context ctx, Decider d, Set<Integer> sources) throws SQLException {
    Map<UUID, List<Long>> waiting = receivedVersionsOf(c, ctx, sources, "peer_decision",
        " and d.rule in ('" + Rule.REFERENCE.id() + "', '" + Rule.UNKNOWN_MARKING.id() + "')");
    inBatches(c, d, waiting, (collection, batch) -> {
      List<Object[]> decisions = new ArrayList<>();
      for (Member m : batch) {
        if (d.decide(m, Set.of(), false) instanceof Decision.Withheld w && w.rule() != Rule.UNKNOWN_MARKING) {
          decisions.add(new Object[] {m.collection(), m.seq(), w.rule().id()});
        }
      }
      if (decisions.isEmpty()) return;
      d.writeDecisions(decisions);
      try (PreparedStatement s = c.prepareStatement("delete from peer_wait where peer = ? and collection_id = ? and seq = ?")) {
        for (Object[] x : decisions) {
          s.setInt(1, ctx.peerId);
          s.setObject(2, collection);
          s.setLong(3, (Long) x[1]);
          s.addBatch();
        }
        s.executeBatch();
      }
    });
  }

  /** Work on one batch of members of one collection. */
  private interface BatchWork {
    void accept(UUID collection, List<Member> batch) throws SQLException;
  }

  /** Reads the members listed ({@code seqs} by collection) in batches, with the markings they name looked up, for {@code work}. */
  private static void inBatches(Connection c, Decider d, Map<UUID, List<Long>> seqs, BatchWork work) throws SQLException {
    for (Map.Entry<UUID, List<Long>> e : seqs.entrySet()) {
      List<Long> all = e.getValue();
      for (int from = 0; from < all.size(); from += BATCH) {
        Long[] chunk = all.subList(from, Math.min(all.size(), from + BATCH)).toArray(Long[]::new);
        List<Member> batch = members(c, "c.collection_id = ? and c.seq = any(?)", e.getKey(), chunk);
        Set<String> marks = new HashSet<>();
        for (Member m : batch) marks.addAll(Markings.of(m.object()).others());
        d.lookUpMarkings(marks);
        d.lookUpSenders(batch);
        work.accept(e.getKey(), batch);
      }
    }
  }

  /** Members leaving a peer's feed, with the rule that now withholds each and the ids the referrers wait for. */
  private static final class Leaving {
    final List<Member> members = new ArrayList<>();
    final List<String> rules = new ArrayList<>();
    final List<Object[]> waits = new ArrayList<>();
    /** "collection seq" of each member leaving. */
    final Set<String> keys = new HashSet<>();

    void add(Member m, String rule) {
      members.add(m);
      rules.add(rule);
      keys.add(m.collection() + " " + m.seq());
    }

    /** Whether the feed serves its id by another member (another version, another collection) that is not leaving. */
    boolean remaining(Connection c, int peer, Member m) throws SQLException {
      try (PreparedStatement s = c.prepareStatement("select collection_id, seq from peer_feed where stix_id = ? and peer + 0 = ?")) {
        s.setString(1, m.stixId());
        s.setInt(2, peer);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            if (!keys.contains(r.getObject(1, UUID.class) + " " + r.getLong(2))) return true;
          }
        }
      }
      return false;
    }

    /**
     * Removes the members from the feed (keeping them as served, {@link ServedVersions}), records why
     * each is withheld and what the referrers wait for,
     * marks the newest version each collection still serves as latest, and returns the ids the feed no
     * longer serves at all.
     */
    Set<String> remove(Connection c, Decider d) throws SQLException {
      d.writeWaits(waits);
      if (members.isEmpty()) return Set.of();
      int peer = d.ctx.peerId;
      UUID[] collections = members.stream().map(Member::collection).toArray(UUID[]::new);
      Long[] seqs = members.stream().map(Member::seq).toArray(Long[]::new);
      Set<String> ids = new HashSet<>();
      for (Member m : members) ids.add(m.stixId());
      // row by row, each a probe of the index by id ("peer + 0" leaves it no other): a join of the arrays with the
      // feed, and then row by row by (peer, collection, seq), planned generic while the feed's statistics lagged,
      // walked the peer's whole feed for each row (22 s to take 10,000 rows out of a feed of 20,000)
      // each row the peer was served stays its to prove (ServedVersions), copied by the same statement
      try (PreparedStatement del = c.prepareStatement("with gone as (delete from peer_feed where stix_id = ? and peer + 0 = ?"
          + " and collection_id = ? and seq = ? returning peer, collection_id, stix_id, version)" + ServedVersions.KEEP);
          PreparedStatement rule = c.prepareStatement("update peer_decision set rule = ? where peer = ? and collection_id = ? and seq = ?")) {
        for (int i = 0; i < members.size(); i++) {
          del.setString(1, members.get(i).stixId());
          del.setInt(2, peer);
          del.setObject(3, collections[i]);
          del.setLong(4, seqs[i]);
          del.addBatch();
          rule.setString(1, rules.get(i));
          rule.setInt(2, peer);
          rule.setObject(3, collections[i]);
          rule.setLong(4, seqs[i]);
          rule.addBatch();
        }
        del.executeBatch();
        rule.executeBatch();
      }
      FeedRows.markLatest(c, peer, members.stream().map(Member::stixId).toArray(String[]::new), collections);
      try (PreparedStatement s = c.prepareStatement("select distinct f.stix_id from unnest(?::text[]) k (id)"
          + " cross join lateral (select stix_id from peer_feed f where f.stix_id = k.id and f.peer + 0 = ? offset 0) f")) {
        s.setObject(1, ids.toArray(String[]::new));
        s.setInt(2, peer);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) ids.remove(r.getString(1));
        }
      }
      return ids;
    }
  }

  /**
   * Decides again the members received from {@code sources} (peers that now allow relay) that rule 3
   * withheld: those it now serves arrive as new, and wake what waited for them.
   */
  private static void relayGranted(Connection c, Context ctx) throws SQLException {
    for (UUID collection : sharedCollections(ctx)) {
      long after = 0;
      while (true) {
        List<Long> seqs = new ArrayList<>();
        // every member rule 3 withholds, whoever's copy it is: a copy from a peer that allows relay was withheld
        // for another peer that sent the same version (Decider.senders), and may go now that that peer allows it
        try (PreparedStatement s = c.prepareStatement("select d.seq from peer_decision d"
            + " where d.peer = ? and d.collection_id = ? and d.rule = ? and d.seq > ?"
            + " order by d.seq limit " + BATCH)) {
          s.setInt(1, ctx.peerId);
          s.setObject(2, collection);
          s.setString(3, Rule.RELAY.id());
          s.setLong(4, after);
          try (ResultSet r = s.executeQuery()) {
            while (r.next()) seqs.add(r.getLong(1));
          }
        }
        if (seqs.isEmpty()) break;
        after = seqs.get(seqs.size() - 1);
        Decider d = new Decider(c, ctx);
        d.decide(members(c, "c.collection_id = ? and c.seq = any(?) order by c.seq", collection, seqs.toArray(Long[]::new)));
        d.wake();
        ctx.newlyPending.addAll(d.newlyPending);
        if (seqs.size() < BATCH) break;
      }
    }
  }

  /** The collections the agreement in force shares, in its order (a new list, the caller's to extend). */
  private static List<UUID> sharedCollections(Context ctx) {
    List<UUID> out = new ArrayList<>();
    for (Share share : ctx.agreement.share()) out.add(UUID.fromString(share.collection()));
    return out;
  }

  /** Takes the peer's feed lock until the transaction ends: one publisher (or installer) at a time per feed. */
  private static void lockFeed(Connection c, int peerId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("select pg_advisory_xact_lock(?, ?)")) {
      s.setInt(1, LOCK_CLASS);
      s.setInt(2, peerId);
      s.executeQuery().close();
    }
  }

  /**
   * Drops a peer's feed, its decisions, waits and cursors: the next publish builds it again from the
   * start. What the feed held stays the peer's to prove ({@link ServedVersions}).
   */
  private static void drop(Connection c, int peerId) throws SQLException {
    ServedVersions.dropFeed(c, peerId);
    for (String table : new String[] {"peer_decision", "peer_wait", "peer_wake", "peer_cursor"}) {
      try (PreparedStatement s = c.prepareStatement("delete from " + table + " where peer = ?")) {
        s.setInt(1, peerId);
        s.executeUpdate();
      }
    }
  }

  /**
   * Called in the transaction that joins names of one node, or parts them ({@link PeerStore#sameNode}: a
   * log key pinned, or given, that another peer has): the feeds of {@code peers} are dropped, under
   * their locks in id order, and built again by the publisher, so that none serves what another name
   * of its node sent here once the transaction commits (a hostile run added one node under a second
   * name and read back, through it, what it had sent under the first).
   */
  public static void sameNodeChanged(Connection c, Set<Integer> peers) throws SQLException {
    List<Integer> ordered = new ArrayList<>(peers);
    Collections.sort(ordered);
    for (int peer : ordered) lockFeed(c, peer);
    for (int peer : ordered) drop(c, peer);
  }

  /**
   * Called in the transaction that installs a new version of {@code peer}'s agreement (or ends it),
   * after the new version is written: drops that peer's feed when the new terms decide it otherwise
   * ({@link #sameFeed}), so that nothing the new terms withhold
   * is served once the transaction commits (the publisher would drop it at its next step, which a
   * peer reading in between beat by up to 0.1 s). When {@code peer} stops allowing relay, what every
   * other peer's feed serves of what it received from {@code peer} and rule 3 now withholds leaves
   * that feed in the same transaction, with what names it ({@link #withdraw}); the rest stays where
   * it is, and what a peer newly allows is added by the publisher as new arrivals: another peer's
   * feed never starts again over terms that are not its own. What the new terms allow {@code peer}
   * is served again as the publisher rebuilds its feed, in a fraction of a second for small feeds.
   */
  public static void agreementChanged(Connection c, String peer, Agreement before, Agreement now) throws SQLException {
    int source;
    try (PreparedStatement s = c.prepareStatement("select id from peer where name = ?")) {
      s.setString(1, peer);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) return;
        source = r.getInt(1);
      }
    }
    lockFeed(c, source);
    if (!sameFeed(before, now)) drop(c, source);
    if (!before.relay() || now.relay()) return;
    List<String> others = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("select name from peer where id <> ? order by id")) {
      s.setInt(1, source);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) others.add(r.getString(1));
      }
    }
    for (String other : others) {
      Context ctx = context(c, other); // takes the other feed's lock
      if (ctx != null) withdraw(c, ctx, Set.of(source));
    }
  }

  /**
   * The other peers whose agreement in force allows relay, as their ids in order ("3,7"): what rule 3
   * decided the feed's received members by. A peer removed is no longer among them.
   */
  private static String relaySources(Connection c, int peerId) throws SQLException {
    StringBuilder out = new StringBuilder();
    try (PreparedStatement s = c.prepareStatement("select p.id, a.body from peer p join lateral (select body from agreement"
        + " where peer = p.name order by version desc limit 1) a on true where p.id <> ? order by p.id")) {
      s.setInt(1, peerId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          if (!AgreementStore.parseStored(r.getString(2)).relay()) continue;
          if (out.length() > 0) out.append(',');
          out.append(r.getInt(1));
        }
      }
    }
    return out.toString();
  }

  /** A member of a collection as the publisher sees it. */
  /** A member of a shared collection; {@code objectPk}: its body ({@code object_version.pk}). */
  record Member(UUID collection, long seq, String stixId, String type, Instant version, String specVersion, Integer sourcePeer,
      ObjectNode object, long objectPk) {
    /** The version with its body, as {@link dev.parley.store.peers.SyncPositions#sentBy} names what a peer sent. */
    String sentKey() {
      return stixId + " " + version + " " + objectPk;
    }

    /** What a peer sent under this version before bodies were kept: any body of it. */
    String sentKeyAnyBody() {
      return stixId + " " + version + " *";
    }
  }

  private static List<Member> members(Connection c, String where, Object... params) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("select c.collection_id, c.seq, c.stix_id, c.type, c.version, c.spec_version,"
        + " c.source_peer, v.body, c.object_pk from collection_object c join object_version v on v.pk = c.object_pk where " + where)) {
      for (int i = 0; i < params.length; i++) s.setObject(i + 1, params[i]);
      List<Member> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          JsonNode body;
          try {
            body = Json.mapper().readTree(r.getString(8));
          } catch (IOException e) {
            throw new StoreException("a stored object does not parse: " + r.getString(3), e);
          }
          out.add(new Member(r.getObject(1, UUID.class), r.getLong(2), r.getString(3), r.getString(4),
              r.getObject(5, OffsetDateTime.class).toInstant(), r.getString(6), (Integer) r.getObject(7), (ObjectNode) body, r.getLong(9)));
        }
      }
      return out;
    }
  }

  /** Decides members for one peer inside one transaction and writes what follows. */
  private static final class Decider {
    final Connection c;
    final Context ctx;
    /** Ids readable by the peer: in its feed before, or served in this transaction. */
    final Set<String> servedIds = new HashSet<>();
    final Set<String> notServed = new HashSet<>();
    final Set<String> heldIds = new HashSet<>();
    final Set<String> notHeld = new HashSet<>();
    /** What the node holds under each marking id, by the source of the bodies (null: made or imported here). */
    final Map<String, Map<Integer, MarkingStatus>> markings = new HashMap<>();
    final List<Member> served = new ArrayList<>();
    /** Ids served in this transaction whose waiters are not woken yet. */
    final Set<String> toWake = new HashSet<>();
    /** Marking definitions decided in this transaction whose waiters were woken (once each). */
    final Set<String> markingsWoken = new HashSet<>();
    /** Ids of members withheld in this transaction only by references: where a cycle may have closed. */
    final Set<String> newlyPending = new HashSet<>();
    /** Whether the members being decided were never decided before (a collection's next batch): their rows are copied, not merged. */
    boolean fresh;
    /** For each id named and looked up: the objects the node holds under it that the peer does not read (see {@link #copiesAllow}). */
    final Map<String, List<Copy>> copies = new HashMap<>();
    /** Ids the peer itself sent here (into any collection): it knows them, so naming one withholds nothing from it. */
    final Set<String> sentIds = new HashSet<>();
    /** For each received member's "id version" looked up: every peer that sent that version here ({@link #lookUpSenders}). */
    final Map<String, Set<Integer>> senders = new HashMap<>();

    /** {@link #copiesAllow} by share entry's collection and id. */
    final Map<String, Boolean> allowed = new HashMap<>();

    /** An object the node holds under a named id: where it came from (null: made or imported here), its type and markings. */
    record Copy(Integer source, String type, Markings markings) {}

    Decider(Connection c, Context ctx) {
      this.c = c;
      this.ctx = ctx;
    }

    void decide(List<Member> batch) throws SQLException {
      // by identity: a record's hash would hash the whole object
      Map<Member, Set<String>> refs = new IdentityHashMap<>();
      Set<String> marks = new HashSet<>();
      Set<String> all = new HashSet<>();
      for (Member m : batch) {
        Set<String> r = new HashSet<>(References.of(m.object()));
        r.removeIf(TlpIds::isTlp);
        refs.put(m, r);
        all.addAll(r);
        marks.addAll(Markings.of(m.object()).others());
        heldIds.add(m.stixId());
      }
      lookUp(all);
      lookUpMarkings(marks);
      lookUpSenders(batch);
      Set<String> sentByPeer = sentByPeer(batch);
      List<Object[]> decisions = new ArrayList<>();
      List<Object[]> waits = new ArrayList<>();
      for (Member m : batch) {
        Decision d = decide(m, refs.get(m), sentByPeer.contains(m.sentKey()) || sentByPeer.contains(m.sentKeyAnyBody()));
        String rule = d instanceof Decision.Withheld w ? w.rule().id() : null;
        decisions.add(new Object[] {m.collection(), m.seq(), rule});
        // a marking definition decided here, served or not (an echo, say), may be what a member of its source's
        // waits for to be read (a hostile run: a third peer's copy of a statement came first, and the source's
        // indicator so marked stayed withheld when the source's own definition arrived)
        if ("marking-definition".equals(m.type()) && markingsWoken.add(m.stixId())) toWake.add(m.stixId()); // once: they may mark each other
        if (d.served()) {
          served.add(m);
          servedIds.add(m.stixId());
          notServed.remove(m.stixId());
          toWake.add(m.stixId());
        } else if (d instanceof Decision.Withheld w && w.rule() == Rule.ECHO) {
          // what the peer sent is an id it reads: what waits only for it goes now (hostile run 10af)
          if (sentIds.add(m.stixId())) toWake.add(m.stixId());
        } else if (d instanceof Decision.Withheld w && (w.rule() == Rule.REFERENCE || w.rule() == Rule.UNKNOWN_MARKING)) {
          Set<String> on = new HashSet<>();
          Share share = ctx.agreement.shareFor(m.collection().toString()).orElse(null);
          boolean dangling = share != null && share.danglingRefs() == DanglingRefs.SERVE;
          for (String r : refs.get(m)) {
            // an id readable but held also as an object rule 2 withholds is waited for too, so that no set of
            // members naming one another is served past it (cycles() serves such a set as it stands)
            if (readable(r) && (share == null || m.sourcePeer() != null || copiesAllow(r, share))) continue;
            if (dangling && !heldIds.contains(r)) continue;
            on.add(r);
          }
          if (w.rule() == Rule.UNKNOWN_MARKING) {
            for (String id : Markings.of(m.object()).others()) {
              if (marking(id, m.sourcePeer()) == MarkingStatus.NOT_HELD) on.add(id);
            }
          }
          for (String r : on) waits.add(new Object[] {r, m.collection(), m.seq()});
          // a member that waits for an id the node does not hold is in no set that closes now (no member names
          // that id); when the id arrives, the search starts from it. So a bulk import whose objects all name an
          // absent identity searches nothing (it was a probe of each member at the end of the pass)
          if (w.rule() == Rule.REFERENCE && heldIds.containsAll(on)) newlyPending.add(m.stixId());
        }
      }
      writeDecisions(decisions);
      writeWaits(waits);
      writeFeed();
    }

    /**
     * Decides one member. {@code sentByPeer}: the peer itself sent this version here, into this
     * collection or another, and the member is another peer's copy or a local one: rule 3 keeps what
     * was received from going back, whichever copy would carry it, so it is judged as received from
     * the peer (hostile runs read, from the copy another peer sent, and from a copy an operator
     * imported, what the peer had sent).
     */
    Decision decide(Member m, Set<String> refs, boolean sentByPeer) {
      if (m.collection().equals(ctx.feedback) && ctx.agreement.shareFor(m.collection().toString()).isEmpty()) {
        try {
          return Feedbacks.decide(c, ctx.peerId, m.object(), m.sourcePeer());
        } catch (SQLException e) {
          throw new StoreException("cannot decide feedback: " + e.getMessage(), e);
        }
      }
      Provenance provenance = sentByPeer || ctx.isSelf(m.sourcePeer()) ? new Provenance.Received(ctx.peer, false) : provenance(m.sourcePeer());
      Candidate candidate = Candidate.of(m.collection().toString(), m.object(),
          id -> marking(id, m.sourcePeer()), provenance);
      // the other objects under a named id count for this node's own objects only: what a peer sent names what that
      // peer chose, and an id the reader reads tells it nothing by being named; judging it by what else this node
      // holds under that id told a colluding pair whether the node held a withheld object there (a hostile run: a
      // peer's note naming an id, read by another peer, 200 or 404). An id the reader cannot read that the node
      // holds is withheld, whoever sent the object naming it (rule 4: "no withheld identifier leaks"; a fourth
      // hostile run read, through "dangling_refs": "serve", the ids of objects the node held and withheld)
      if (m.sourcePeer() == null) return Egress.decide(ctx.peer, ctx.agreement, candidate, refs, this::readable, heldIds::contains, this::copiesAllow);
      Decision decision = Egress.decide(ctx.peer, ctx.agreement, candidate, refs, this::readable, heldIds::contains);
      if (!decision.served() || sentByPeer) return decision;
      // rule 3 by every peer that sent this version, not only the one whose copy this is: a peer allowed to
      // relay that sends back a copy of what another peer sent does not carry it past that peer's terms
      for (int other : senders(m)) {
        if (other == m.sourcePeer() || ctx.isSelf(other)) continue;
        Decision byOther = Egress.decide(ctx.peer, ctx.agreement, Candidate.of(m.collection().toString(), m.object(),
            id -> marking(id, m.sourcePeer()), provenance(other)));
        if (!byOther.served()) return byOther;
      }
      return decision;
    }

    private Provenance provenance(Integer source) {
      if (source == null) return new Provenance.Local();
      return ctx.sources.computeIfAbsent(source, id -> {
        try (PreparedStatement s = c.prepareStatement("select p.name, a.body from peer p left join lateral (select body from agreement"
            + " where peer = p.name order by version desc limit 1) a on true where p.id = ?")) {
          s.setInt(1, id);
          try (ResultSet r = s.executeQuery()) {
            // a source that is no longer a peer allows no relay; its name is kept so that echo still holds for no one
            if (!r.next()) return new Provenance.Received("#" + id, false);
            String body = r.getString(2);
            return new Provenance.Received(r.getString(1), body != null && AgreementStore.parseStored(body).relay());
          }
        } catch (SQLException e) {
          throw new StoreException("cannot read the source of a member: " + e.getMessage(), e);
        }
      });
    }

    /**
     * The versions with their bodies ("id version pk", {@link Member#sentKey}) of the members of
     * {@code batch} received from other peers that the peer sent here too, into any collection (a
     * different body under the same id and version is not what it sent: hostile run 10ac), by id probes (none for local members: a node sharing
     * only its own objects pays nothing).
     */
    private Set<String> sentByPeer(List<Member> batch) throws SQLException {
      Set<String> ids = new HashSet<>();
      // a local member too, once the peer has sent anything: a version it sent that an operator then
      // imported into a shared collection is still its own (a hostile run saw B serve A's objects back
      // to A from such a copy, and A take them as received from B)
      boolean local = peerSends();
      for (Member m : batch) {
        if (m.sourcePeer() == null ? local : !ctx.isSelf(m.sourcePeer())) ids.add(m.stixId());
      }
      // a member the peer added, or a version it sent that a collection held already (peer_sent): a
      // hostile run saw B pull from A what C had sent B first, and push it back to A in the same pass
      return SyncPositions.sentBy(c, ctx.self, ids);
    }

    /** Whether the peer has sent this node anything, asked once per context (by an index of received members only). */
    private boolean peerSends() throws SQLException {
      if (ctx.sends == null) {
        try (PreparedStatement s = c.prepareStatement("select exists (select 1 from collection_object where source_peer = any(?))"
            + " or exists (select 1 from peer_sent where peer = any(?))")) {
          s.setArray(1, c.createArrayOf("int4", ctx.self));
          s.setArray(2, c.createArrayOf("int4", ctx.self));
          try (ResultSet r = s.executeQuery()) {
            r.next();
            ctx.sends = r.getBoolean(1);
          }
        }
      }
      return ctx.sends;
    }

    /**
     * Reads, for the received members of {@code batch}, every peer that sent their versions here: the
     * members of any collection received from a peer, and what a peer sent that a collection held
     * already ({@code peer_sent}); a probe by id each, none for local members.
     */
    void lookUpSenders(List<Member> batch) throws SQLException {
      Set<String> ids = new HashSet<>();
      for (Member m : batch) if (m.sourcePeer() != null && !senders.containsKey(m.sentKey())) ids.add(m.stixId());
      if (ids.isEmpty()) return;
      try (PreparedStatement s = c.prepareStatement("select v.stix_id, v.version, v.object_pk, v.peer from unnest(?::text[]) k (id)"
          + " cross join lateral ((select stix_id, version, object_pk, source_peer as peer from collection_object c where c.stix_id = k.id"
          + " and c.source_peer is not null offset 0)"
          + " union all (select stix_id, version, object_pk, peer from peer_sent p where p.stix_id = k.id offset 0)) v")) {
        s.setObject(1, ids.toArray(String[]::new));
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            String key = r.getString(1) + " " + r.getObject(2, OffsetDateTime.class).toInstant() + " "
                + (r.getObject(3) == null ? "*" : r.getLong(3));
            senders.computeIfAbsent(key, k -> new HashSet<>()).add(r.getInt(4));
          }
        }
      }
      for (Member m : batch) if (m.sourcePeer() != null) senders.putIfAbsent(m.sentKey(), Set.of(m.sourcePeer()));
    }

    /**
     * The peers that sent the version of received member {@code m} here, body and all (and any that
     * sent it before bodies were kept).
     */
    private Set<Integer> senders(Member m) {
      if (!senders.containsKey(m.sentKey())) {
        try {
          lookUpSenders(List.of(m));
        } catch (SQLException e) {
          throw new StoreException("cannot read who sent a version: " + e.getMessage(), e);
        }
      }
      Set<Integer> anyBody = senders.get(m.sentKeyAnyBody());
      if (anyBody == null) return senders.get(m.sentKey());
      Set<Integer> out = new HashSet<>(senders.get(m.sentKey()));
      out.addAll(anyBody);
      return out;
    }

    /** Which of {@code ids} the peer can read already, and which the node holds at all. */
    private void lookUp(Set<String> ids) throws SQLException {
      lookUpCopies(new HashSet<>(ids));
      ids.removeAll(servedIds);
      ids.removeAll(notServed);
      if (ids.isEmpty()) return;
      String[] array = ids.toArray(String[]::new);
      Set<String> found = new HashSet<>();
      // "peer + 0": the probe by id, never a walk of the peer's feed (FeedRows.append says why)
      try (PreparedStatement s = c.prepareStatement("select distinct f.stix_id from unnest(?::text[]) k (id)"
          + " cross join lateral (select stix_id from peer_feed f where f.stix_id = k.id and f.peer + 0 = ? offset 0) f")) {
        s.setObject(1, array);
        s.setInt(2, ctx.peerId);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) found.add(r.getString(1));
        }
      }
      for (String id : ids) (found.contains(id) ? servedIds : notServed).add(id);
      Set<String> held = new HashSet<>();
      try (PreparedStatement s = c.prepareStatement("select distinct c.stix_id from unnest(?::text[]) k (id)"
          + " cross join lateral (select stix_id from collection_object c where c.stix_id = k.id limit 1) c")) {
        s.setObject(1, array);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) held.add(r.getString(1));
        }
      }
      for (String id : ids) {
        if (held.contains(id) || found.contains(id)) heldIds.add(id);
        else notHeld.add(id);
      }
    }

    /**
     * Reads, once per id, the objects the node holds under each id (all versions, every collection,
     * every source) that the peer does not read: an id served in this transaction was looked up as a
     * reference too, or a copy withheld by rule 2 would go unseen. A body is read only for an object
     * neither in the peer's feed nor sent by it, so an id held once and served costs a probe.
     */
    private void lookUpCopies(Set<String> ids) throws SQLException {
      ids.removeAll(copies.keySet());
      if (ids.isEmpty()) return;
      Set<String> marks = new HashSet<>();
      // each step a probe by id (lateral, offset 0; "peer + 0" leaves the feed's index by id as the only one)
      try (PreparedStatement s = c.prepareStatement("select c.stix_id, c.source_peer, c.type, v.body from unnest(?::text[]) k (id)"
          + " cross join lateral (select stix_id, source_peer, type, object_pk, collection_id, seq from collection_object c"
          + " where c.stix_id = k.id offset 0) c"
          + " left join lateral (select body from object_version v where v.pk = c.object_pk and c.source_peer is distinct from ?"
          + " and not exists (select 1 from peer_feed f where f.stix_id = c.stix_id and f.peer + 0 = ?"
          + " and f.collection_id = c.collection_id and f.seq = c.seq) offset 0) v on true")) {
        s.setObject(1, ids.toArray(String[]::new));
        s.setInt(2, ctx.peerId);
        s.setInt(3, ctx.peerId);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            Integer source = (Integer) r.getObject(2);
            if (ctx.isSelf(source)) {
              sentIds.add(r.getString(1));
              continue;
            }
            String text = r.getString(4);
            if (text == null) continue; // in the peer's feed: it reads that one
            ObjectNode body;
            try {
              body = (ObjectNode) Json.mapper().readTree(text);
            } catch (IOException | ClassCastException e) {
              throw new StoreException("a stored object does not parse: " + r.getString(1), e);
            }
            Markings markings = Markings.of(body);
            marks.addAll(markings.others());
            copies.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(new Copy(source, r.getString(3), markings));
          }
        }
      }
      for (String id : ids) copies.putIfAbsent(id, List.of());
      if (peerSends()) {
        // a version it sent that a collection held already (peer_sent) is an id it sent too, though no member is its own
        // (hostile run 10af: a relationship naming another peer's copy of what it had sent was withheld as a reference)
        try (PreparedStatement s = c.prepareStatement("select k.id from unnest(?::text[]) k (id) where exists"
            + " (select 1 from peer_sent p where p.stix_id = k.id and p.peer = any(?))")) {
          s.setObject(1, ids.toArray(String[]::new));
          s.setArray(2, c.createArrayOf("int4", ctx.self));
          try (ResultSet r = s.executeQuery()) {
            while (r.next()) sentIds.add(r.getString(1));
          }
        }
      }
      lookUpMarkings(marks);
    }

    /**
     * Whether no object the node holds under {@code ref} that the peer does not read (not in its feed,
     * not sent by it) is withheld by rule 2 under {@code share}: an object names an id, not one of the
     * objects held under it, so each counts ({@link Egress#copyWithheld}); one the peer reads already
     * tells it nothing by being named.
     */
    boolean copiesAllow(String ref, Share share) {
      return allowed.computeIfAbsent(share.collection() + " " + ref, k -> {
        for (Copy copy : copies.getOrDefault(ref, List.of())) {
          Map<String, MarkingStatus> statuses = new HashMap<>();
          for (String id : copy.markings().others()) statuses.put(id, marking(id, copy.source()));
          Provenance from = copy.source() == null ? new Provenance.Local() : new Provenance.Received("#" + copy.source(), false);
          if (Egress.copyWithheld(share, new Candidate(share.collection(), copy.type(), copy.markings(), statuses, from))) return false;
        }
        return true;
      });
    }

    /** Whether the peer may read {@code ref}: served to it, or sent by it. */
    boolean readable(String ref) {
      return servedIds.contains(ref) || sentIds.contains(ref);
    }

    /** Reads the bodies the node holds under each marking id, with their sources (see {@link #marking}). */
    private void lookUpMarkings(Set<String> ids) throws SQLException {
      ids.removeAll(markings.keySet());
      if (ids.isEmpty()) return;
      try (PreparedStatement s = c.prepareStatement("select c.stix_id, v.body, c.source_peer from unnest(?::text[]) k (id)"
          + " cross join lateral (select stix_id, object_pk, source_peer from collection_object c where c.stix_id = k.id"
          + " and c.type = 'marking-definition' offset 0) c join object_version v on v.pk = c.object_pk")) {
        s.setObject(1, ids.toArray(String[]::new));
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            MarkingStatus status;
            try {
              status = MarkingStatus.of((ObjectNode) Json.mapper().readTree(r.getString(2)));
            } catch (IOException | ClassCastException e) {
              status = MarkingStatus.OTHER;
            }
            markings.computeIfAbsent(r.getString(1), k -> new HashMap<>())
                .merge((Integer) r.getObject(3), status, (was, now) -> was == now ? was : MarkingStatus.OTHER);
          }
        }
      }
      for (String id : ids) markings.putIfAbsent(id, new HashMap<>());
    }

    /**
     * What a marking id means on a member that came from {@code source} (null: made or imported here):
     * read from the definitions that same source made or sent, only; a statement only when every such
     * body is one. A definition a peer sent never decides how this node's own objects, or a third
     * party's, are read: a peer that wrote a statement under the id of a marking the node does not
     * know released what it marks, and one that wrote an altered body under the id of the node's own
     * statement withheld it (both found by a hostile run); nor does the node's own decide a peer's.
     */
    MarkingStatus marking(String id, Integer source) {
      Map<Integer, MarkingStatus> bySource = markings.get(id);
      if (bySource == null) return MarkingStatus.NOT_HELD;
      // a received object's markings are its source's alone: read also by the node's own definitions, a
      // non-plain one held in a collection no peer sees withheld the peer's object, and told another peer so
      // (a third hostile run)
      MarkingStatus status = bySource.get(source);
      return status == null ? MarkingStatus.NOT_HELD : status;
    }

    private void writeDecisions(List<Object[]> decisions) throws SQLException {
      if (decisions.isEmpty()) return;
      if (fresh) {
        CopyBinary rows = new CopyBinary(decisions.size() * 48);
        for (Object[] d : decisions) {
          rows.row(4).int4(ctx.peerId).uuid((UUID) d[0]).int8((Long) d[1]);
          if (d[2] == null) rows.nil();
          else rows.text((String) d[2]);
        }
        rows.send(c, "copy peer_decision (peer, collection_id, seq, rule) from stdin (format binary)");
        return;
      }
      try (PreparedStatement s = c.prepareStatement("insert into peer_decision (peer, collection_id, seq, rule) values (?, ?, ?, ?)"
          + " on conflict (peer, collection_id, seq) do update set rule = excluded.rule")) {
        for (Object[] d : decisions) {
          s.setInt(1, ctx.peerId);
          s.setObject(2, d[0]);
          s.setLong(3, (Long) d[1]);
          s.setString(4, (String) d[2]);
          s.addBatch();
        }
        s.executeBatch();
      }
    }

    private void writeWaits(List<Object[]> waits) throws SQLException {
      if (waits.isEmpty()) return;
      String[] refs = new String[waits.size()];
      UUID[] collections = new UUID[waits.size()];
      Long[] seqs = new Long[waits.size()];
      for (int i = 0; i < refs.length; i++) {
        refs[i] = (String) waits.get(i)[0];
        collections[i] = (UUID) waits.get(i)[1];
        seqs[i] = (Long) waits.get(i)[2];
      }
      // a member decided again keeps the waits it had for ids not served yet: those rows are there already
      try (PreparedStatement s = c.prepareStatement("insert into peer_wait (peer, ref_id, collection_id, seq)"
          + " select ?, r, c, q from unnest(?::text[], ?::uuid[], ?::int8[]) w (r, c, q) on conflict do nothing")) {
        s.setInt(1, ctx.peerId);
        s.setArray(2, c.createArrayOf("text", refs));
        s.setArray(3, c.createArrayOf("uuid", collections));
        s.setArray(4, c.createArrayOf("int8", seqs));
        s.executeUpdate();
      }
    }

    /** Appends the members served in this transaction to the feed, with positions, times and latest flags. */
    private void writeFeed() throws SQLException {
      if (served.isEmpty()) return;
      FeedRows.append(c, ctx.peerId, served, ctx.positions);
      served.clear();
    }

    /** Decides again the members waiting for ids served in this transaction, until none is woken. */
    void wake() throws SQLException {
      while (!toWake.isEmpty()) {
        String[] ids = toWake.toArray(String[]::new);
        toWake.clear();
        List<long[]> keys = new ArrayList<>();
        List<UUID> collections = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("delete from peer_wait w using (select distinct x.collection_id, x.seq"
            + " from unnest(?::text[]) k (id) cross join lateral (select collection_id, seq from peer_wait x where x.peer = ?"
            + " and x.ref_id = k.id offset 0) x) x where w.peer = ? and w.collection_id = x.collection_id and w.seq = x.seq"
            + " returning w.collection_id, w.seq")) {
          s.setObject(1, ids);
          s.setInt(2, ctx.peerId);
          s.setInt(3, ctx.peerId);
          try (ResultSet r = s.executeQuery()) {
            Set<String> seen = new HashSet<>();
            while (r.next()) {
              UUID col = r.getObject(1, UUID.class);
              long seq = r.getLong(2);
              if (seen.add(col + "/" + seq)) {
                collections.add(col);
                keys.add(new long[] {seq});
              }
            }
          }
        }
        if (keys.isEmpty()) return;
        List<Member> woken = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
          woken.addAll(members(c, "c.collection_id = ? and c.seq = ?", collections.get(i), keys.get(i)[0]));
        }
        woken.removeIf(m -> ctx.agreement.shareFor(m.collection().toString()).isEmpty());
        if (!woken.isEmpty()) decide(woken);
      }
    }

    /** Serves {@code members} that wait only for one another (a cycle of references), as decided by the caller. */
    void serveAll(List<Member> members) throws SQLException {
      List<Object[]> decisions = new ArrayList<>();
      for (Member m : members) {
        decisions.add(new Object[] {m.collection(), m.seq(), null});
        served.add(m);
        // held too: a member woken by this one is judged with both sets, and an id served but not held here
        // withheld it as dangling, with no wait left to wake it again
        heldIds.add(m.stixId());
        servedIds.add(m.stixId());
        toWake.add(m.stixId());
      }
      writeDecisions(decisions);
      writeFeed();
    }
  }

  /**
   * Serves the members withheld by references alone that wait only for one another: the largest
   * such set (a greatest fixed point: a member stays in only while every id it waits for is readable
   * or named by a member that stays in). Serving all of them leaks nothing: each passes every other
   * rule, and what they name is among them. Returns the members that serving them woke and left
   * waiting by references alone (where another set may close now), and whether a search from
   * {@code seeds} (null: all waiting members) met its bound ({@link Scans}) and served only what
   * closes within what it read.
   */
  private Search cycles(Connection c, String peer, Set<String> seeds) throws SQLException {
    Context ctx = context(c, peer);
    if (ctx == null) return new Search(Set.of(), false);
    boolean cut = false;
    Map<String, Set<String>> waitsOf = new HashMap<>();
    Map<String, long[]> where = new HashMap<>();
    Map<String, UUID> collectionOf = new HashMap<>();
    Map<String, String> idOf = new HashMap<>();
    if (seeds == null) {
      try (PreparedStatement s = c.prepareStatement("select d.collection_id, d.seq, m.stix_id, w.ref_id from peer_decision d"
          + " join collection_object m on m.collection_id = d.collection_id and m.seq = d.seq"
          + " join peer_wait w on w.peer = d.peer and w.collection_id = d.collection_id and w.seq = d.seq"
          + " where d.peer = ? and d.rule = ?")) {
        s.setInt(1, ctx.peerId);
        s.setString(2, Rule.REFERENCE.id());
        waiting(s, waitsOf, where, collectionOf, idOf);
      }
    } else {
      // A set closes only through a member withheld in this pass: search the waiting members that the
      // new ones lead to, following the ids they wait for, by id probes.
      Set<String> visited = new HashSet<>(seeds);
      List<String> frontier = new ArrayList<>(seeds);
      // Each step a lateral subquery (offset 0: never flattened), so the plan is the probes as written,
      // from the ids, whatever the statistics say. As plain joins, under a generic plan made while
      // peer_decision and peer_wait still looked empty, one call ran for over 40 s at 50,000 objects
      // (the same call planned once the statistics caught up: 9 ms), and the search for minutes.
      try (PreparedStatement s = c.prepareStatement("select m.collection_id, m.seq, m.stix_id, w.ref_id from unnest(?::text[]) k (id)"
          + " cross join lateral (select collection_id, seq, stix_id from collection_object m where m.stix_id = k.id offset 0) m"
          + " cross join lateral (select 1 from peer_decision d where d.peer = ? and d.collection_id = m.collection_id"
          + " and d.seq = m.seq and d.rule = ? offset 0) d"
          + " cross join lateral (select w.ref_id from peer_wait w where w.peer = ? and w.collection_id = m.collection_id"
          + " and w.seq = m.seq offset 0) w")) {
        int bound = walkBound(seeds.size());
        for (int level = 0; !frontier.isEmpty(); level++) {
          // what lies past the bound is not read: the set found here is then one that closes within what was
          // read (an id it does not reach counts as named by no member), never more, and a full search is owed
          if (level == WALK_LEVELS || waitsOf.size() > bound) {
            cut = true;
            break;
          }
          s.setObject(1, frontier.toArray(String[]::new));
          s.setInt(2, ctx.peerId);
          s.setString(3, Rule.REFERENCE.id());
          s.setInt(4, ctx.peerId);
          frontier = new ArrayList<>();
          for (String k : waiting(s, waitsOf, where, collectionOf, idOf)) {
            for (String ref : waitsOf.get(k)) if (visited.add(ref)) frontier.add(ref);
          }
        }
      }
    }
    Set<String> in = closed(waitsOf, idOf);
    if (in.isEmpty()) return new Search(Set.of(), cut);
    List<Member> members = new ArrayList<>();
    for (String k : namedFirst(in, waitsOf, idOf, (a, b) -> {
      int byCollection = collectionOf.get(a).compareTo(collectionOf.get(b));
      return byCollection != 0 ? byCollection : Long.compare(where.get(a)[0], where.get(b)[0]);
    })) members.addAll(members(c, "c.collection_id = ? and c.seq = ?", collectionOf.get(k), where.get(k)[0]));
    try (PreparedStatement s = c.prepareStatement("delete from peer_wait where peer = ? and ref_id = ? and collection_id = ? and seq = ?")) {
      for (Member m : members) {
        for (String ref : waitsOf.get(m.collection() + "/" + m.seq())) {
          s.setInt(1, ctx.peerId);
          s.setString(2, ref);
          s.setObject(3, m.collection());
          s.setLong(4, m.seq());
          s.addBatch();
        }
      }
      s.executeBatch();
    }
    Decider d = new Decider(c, ctx);
    d.serveAll(members);
    d.wake();
    return new Search(d.newlyPending, cut);
  }

  /**
   * The largest set of waiting members (keys of {@code waitsOf}) in which every id a member waits
   * for is the id of a member of the set. Linear in the members and their waits: a member leaves
   * when an id it waits for is named by no member left, and an id is named by no member left when
   * the last member with that id leaves (a count per id); each member leaves once. (Rounds that
   * dropped every member naming nothing left, and began again, took as many passes over all
   * waiting members as the longest chain of waits: seconds at a million objects.)
   */
  static Set<String> closed(Map<String, Set<String>> waitsOf, Map<String, String> idOf) {
    Set<String> in = new HashSet<>(waitsOf.keySet());
    Map<String, Integer> naming = new HashMap<>();
    Map<String, List<String>> waiters = new HashMap<>();
    for (String k : in) {
      naming.merge(idOf.get(k), 1, Integer::sum);
      for (String ref : waitsOf.get(k)) waiters.computeIfAbsent(ref, r -> new ArrayList<>()).add(k);
    }
    ArrayDeque<String> leaving = new ArrayDeque<>();
    for (Map.Entry<String, List<String>> e : waiters.entrySet()) {
      if (!naming.containsKey(e.getKey())) leaving.addAll(e.getValue());
    }
    while (!leaving.isEmpty()) {
      String k = leaving.poll();
      if (!in.remove(k)) continue;
      String id = idOf.get(k);
      if (naming.merge(id, -1, Integer::sum) == 0) {
        naming.remove(id);
        leaving.addAll(waiters.getOrDefault(id, List.of()));
      }
    }
    return in;
  }

  /**
   * The members of {@code in} in the order they join the feed: each after the members whose ids it
   * waits for, unless those lead back to it (members of one cycle name one another, and any order
   * of them serves each only with what it names). A depth-first walk that lists a member once
   * everything it waits for is listed, started from the members in {@code order} (collection order),
   * without recursion: a set may hold a million members.
   */
  static List<String> namedFirst(Set<String> in, Map<String, Set<String>> waitsOf, Map<String, String> idOf,
      Comparator<String> order) {
    Map<String, List<String>> byId = new HashMap<>();
    List<String> starts = new ArrayList<>(in);
    starts.sort(order);
    for (String k : starts) byId.computeIfAbsent(idOf.get(k), id -> new ArrayList<>()).add(k);
    List<String> out = new ArrayList<>(in.size());
    Set<String> seen = new HashSet<>();
    ArrayDeque<Iterator<String>> path = new ArrayDeque<>();
    ArrayDeque<String> onPath = new ArrayDeque<>();
    for (String start : starts) {
      if (!seen.add(start)) continue;
      path.push(next(start, waitsOf, byId).iterator());
      onPath.push(start);
      while (!path.isEmpty()) {
        Iterator<String> it = path.peek();
        if (it.hasNext()) {
          String k = it.next();
          if (seen.add(k)) {
            path.push(next(k, waitsOf, byId).iterator());
            onPath.push(k);
          }
        } else {
          path.pop();
          out.add(onPath.pop());
        }
      }
    }
    return out;
  }

  /** The members of the set whose ids {@code k} waits for, in collection order. */
  private static List<String> next(String k, Map<String, Set<String>> waitsOf, Map<String, List<String>> byId) {
    List<String> out = new ArrayList<>();
    for (String ref : new TreeSet<>(waitsOf.get(k))) out.addAll(byId.getOrDefault(ref, List.of()));
    return out;
  }

  /**
   * Reads rows of (collection, seq, id, an id it waits for) of members withheld by references; returns
   * the members read that were not read before.
   */
  private static Set<String> waiting(PreparedStatement s, Map<String, Set<String>> waitsOf, Map<String, long[]> where,
      Map<String, UUID> collectionOf, Map<String, String> idOf) throws SQLException {
    Set<String> added = new HashSet<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        String key = r.getObject(1, UUID.class) + "/" + r.getLong(2);
        waitsOf.computeIfAbsent(key, k -> {
          added.add(k);
          return new HashSet<>();
        }).add(r.getString(4));
        collectionOf.put(key, r.getObject(1, UUID.class));
        where.put(key, new long[] {r.getLong(2)});
        idOf.put(key, r.getString(3));
      }
    }
    return added;
  }
}
