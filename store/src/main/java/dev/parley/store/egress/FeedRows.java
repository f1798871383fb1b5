package dev.parley.store.egress;

import dev.parley.policy.egress.Rule;
import dev.parley.store.internal.CopyBinary;
import dev.parley.store.peers.PeerStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The rows of the peers' feeds, written inside the caller's transaction: appended when members become
 * readable to a peer, dropped when members leave their collection (kept as served, {@link ServedVersions}).
 */
public final class FeedRows {
  private FeedRows() {}

  /**
   * The feed positions one transaction hands out to one peer, taken from the peer's counter
   * ({@code peer_feed_position}) in blocks. The first block is what the first append needs, so a
   * transaction that appends once leaves no gap; each later block is at least as large as all taken
   * before, so a transaction that appends k times updates the counter's row O(log k) times. (Updated
   * once per append, the row's versions piled up inside the transaction, each update walking all of
   * them: releasing a chain of 20,000 notes, one append per link, took 45 s.) Positions reserved and
   * not used are skipped: a peer's positions only grow, and the gap is at most what the transaction
   * appended to that peer's own feed.
   */
  static final class Positions {
    private long next;
    private long end; // exclusive
    private long reserved;

    /** The first of {@code n} consecutive positions, reserved from the counter when those held run out. */
    long take(Connection c, int peer, int n) throws SQLException {
      if (end - next < n) {
        long block = Math.max(n, reserved);
        try (PreparedStatement s = c.prepareStatement("insert into peer_feed_position (peer, last) values (?, ?)"
            + " on conflict (peer) do update set last = peer_feed_position.last + excluded.last returning last")) {
          s.setInt(1, peer);
          s.setLong(2, block);
          try (ResultSet r = s.executeQuery()) {
            r.next();
            end = r.getLong(1) + 1;
          }
        }
        next = end - block;
        reserved += block;
      }
      long first = next;
      next += n;
      return first;
    }
  }

  /**
   * Appends {@code members} to the peer's feed, in order: each gets the next of the transaction's
   * {@code positions} (the peer's own counter: a position tells a peer nothing of other peers'
   * feeds), a time later than any the peer's feed holds, and the latest flag of its object within the
   * collection. The caller holds the peer's feed lock.
   */
  static void append(Connection c, int peer, List<Publisher.Member> members, Positions positions) throws SQLException {
    int n = members.size();
    long first = positions.take(c, peer, n); // the members take first, first + 1, ... in order
    // times grow within each collection of the feed (pages and added_after are per collection)
    Instant base;
    // the newest time of each collection is the last entry of its (peer, collection, added) index: max() over
    // "collection_id = any(...)" read every time the peer's feed holds instead (16 ms a batch at 200,000)
    try (PreparedStatement s = c.prepareStatement("select greatest(clock_timestamp(), max(f.added) + interval '1 microsecond')"
        + " from unnest(?::uuid[]) k (id) left join lateral (select added from peer_feed f where f.peer = ? and f.collection_id = k.id"
        + " order by f.added desc limit 1) f on true")) {
      s.setArray(1, c.createArrayOf("uuid", members.stream().map(Publisher.Member::collection).distinct().toArray()));
      s.setInt(2, peer);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        base = r.getObject(1, OffsetDateTime.class).toInstant();
      }
    }
    // the newest version of each object this append and the feed hold, per collection
    Map<String, Instant> newest = new HashMap<>();
    String[] ids = members.stream().map(Publisher.Member::stixId).distinct().toArray(String[]::new);
    // forced index probes per id (lateral, offset 0): statistics lag a feed being built and would scan it. And
    // "peer + 0", so that the probe can only be of the index by id: a generic plan made while the feed looked
    // empty chose the index of latest members by (peer, collection, type) and walked the peer's whole feed for
    // each id (114 of 123 s deciding 200,000 members, all served)
    try (PreparedStatement s = c.prepareStatement("select f.collection_id, f.stix_id, f.version from unnest(?::text[]) k (id)"
        + " cross join lateral (select collection_id, stix_id, version from peer_feed f where f.stix_id = k.id and f.peer + 0 = ?"
        + " and f.latest offset 0) f")) {
      s.setObject(1, ids);
      s.setInt(2, peer);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) newest.put(r.getObject(1, UUID.class) + " " + r.getString(2), r.getObject(3, OffsetDateTime.class).toInstant());
      }
    }
    Map<String, Instant> before = new HashMap<>(newest);
    for (Publisher.Member m : members) newest.merge(m.collection() + " " + m.stixId(), m.version(), (a, b) -> a.isAfter(b) ? a : b);
    try (PreparedStatement s = c.prepareStatement(
        "update peer_feed set latest = false where stix_id = ? and peer = ? and collection_id = ? and latest")) {
      boolean any = false;
      for (Map.Entry<String, Instant> e : before.entrySet()) {
        if (newest.get(e.getKey()).isAfter(e.getValue())) {
          String[] k = e.getKey().split(" ", 2);
          s.setString(1, k[1]);
          s.setInt(2, peer);
          s.setObject(3, UUID.fromString(k[0]));
          s.addBatch();
          any = true;
        }
      }
      if (any) s.executeBatch();
    }
    CopyBinary rows = new CopyBinary(n * 160);
    Set<String> flagged = new HashSet<>();
    for (int i = 0; i < n; i++) {
      Publisher.Member m = members.get(i);
      String key = m.collection() + " " + m.stixId();
      Instant old = before.get(key);
      boolean latest = m.version().equals(newest.get(key)) && (old == null || m.version().isAfter(old)) && flagged.add(key);
      rows.row(10).int4(peer).uuid(m.collection()).int8(first + i).int8(m.seq()).text(m.stixId()).text(m.type())
          .timestamp(m.version()).text(m.specVersion()).timestamp(base.plusNanos(1000L * i)).bool(latest);
    }
    rows.send(c, "copy peer_feed (peer, collection_id, pseq, seq, stix_id, type, version, spec_version, added, latest)"
        + " from stdin (format binary)");
  }

  /**
   * The peer sent these versions (ids, versions and bodies, {@code object_version.pk}, pairwise), which collections held already: they
   * leave its feed wherever another copy served them (the decision becomes echo), and the newest
   * version it still reads becomes its latest. Rule 3 by version: nothing it sent is served back to
   * it, also from a copy it could read before it sent its own (a hostile run read back, over TAXII,
   * the object it had sent, from another peer's copy served earlier). Called inside the transaction
   * that records what the peer sent. The same for every other name of the peer's node ({@link
   * dev.parley.store.peers.PeerStore#sameNode}). Only copies of the same body: another body under the
   * id and version is not what the peer sent (hostile run 10ac).
   */
  public static void echoed(Connection c, int peer, String[] ids, String[] versions, Long[] bodies) throws SQLException {
    for (int name : PeerStore.sameNode(c, peer)) echoedTo(c, name, ids, versions, bodies);
  }

  private static void echoedTo(Connection c, int peer, String[] ids, String[] versions, Long[] bodies) throws SQLException {
    // an id it sent is one it reads: what waits only for one of these is decided again at its next publish
    try (PreparedStatement s = c.prepareStatement("insert into peer_wake (peer, ref_id) select distinct ?, k.id from unnest(?::text[]) k (id)"
        + " where exists (select 1 from peer_wait w where w.peer = ? and w.ref_id = k.id) on conflict do nothing")) {
      s.setInt(1, peer);
      s.setObject(2, ids);
      s.setInt(3, peer);
      s.executeUpdate();
    }
    List<Object[]> gone = new ArrayList<>();
    // what left was served: the peer may still prove it (ServedVersions)
    try (PreparedStatement s = c.prepareStatement("with gone as (delete from peer_feed f using unnest(?::text[], ?::text[], ?::int8[]) k (id, v, pk),"
        + " collection_object m where f.stix_id = k.id and f.peer + 0 = ? and f.version = k.v::timestamptz"
        + " and m.collection_id = f.collection_id and m.seq = f.seq and m.object_pk = k.pk"
        + " returning f.peer, f.collection_id, f.seq, f.stix_id, f.version), kept as (" + ServedVersions.KEEP + ")"
        + " select collection_id, seq, stix_id from gone")) {
      s.setObject(1, ids);
      s.setObject(2, versions);
      s.setObject(3, bodies);
      s.setInt(4, peer);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) gone.add(new Object[] {r.getObject(1, UUID.class), r.getLong(2), r.getString(3)});
      }
    }
    // a copy withheld by a later rule (relay, tlp, ...) is withheld by echo first, as policy explain names it
    try (PreparedStatement s = c.prepareStatement("update peer_decision d set rule = ? from collection_object m,"
        + " unnest(?::text[], ?::text[], ?::int8[]) k (id, v, pk) where m.stix_id = k.id and m.version = k.v::timestamptz"
        + " and m.object_pk = k.pk and d.peer = ?"
        + " and d.collection_id = m.collection_id and d.seq = m.seq and d.rule is not null"
        + " and d.rule not in ('collection', 'type', 'echo')")) {
      s.setString(1, Rule.ECHO.id());
      s.setObject(2, ids);
      s.setObject(3, versions);
      s.setObject(4, bodies);
      s.setInt(5, peer);
      s.executeUpdate();
    }
    if (gone.isEmpty()) return;
    try (PreparedStatement s = c.prepareStatement("insert into peer_decision (peer, collection_id, seq, rule) values (?, ?, ?, ?)"
        + " on conflict (peer, collection_id, seq) do update set rule = excluded.rule")) {
      for (Object[] g : gone) {
        s.setInt(1, peer);
        s.setObject(2, g[0]);
        s.setLong(3, (Long) g[1]);
        s.setString(4, Rule.ECHO.id());
        s.addBatch();
      }
      s.executeBatch();
    }
    for (Object[] g : gone) markLatest(c, (String) g[2], (UUID) g[0], peer);
  }

  /**
   * After rows of {@code stixId} left feeds of {@code collection} (every peer's, or {@code peer}'s
   * only), marks as latest the newest version each of those feeds still holds.
   */
  private static void markLatest(Connection c, String stixId, UUID collection, Integer peer) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("update peer_feed f set latest = true where f.stix_id = ? and f.collection_id = ?"
        + (peer == null ? "" : " and f.peer = " + peer.intValue())
        + " and not f.latest and not exists (select 1 from peer_feed g where g.stix_id = f.stix_id and g.peer = f.peer"
        + " and g.collection_id = f.collection_id and (g.latest or g.version > f.version))")) {
      s.setString(1, stixId);
      s.setObject(2, collection);
      s.executeUpdate();
    }
  }

  /**
   * After rows left the peer's feed, marks as latest, for each object ({@code stixIds}) and collection
   * ({@code collections}, pairwise), the newest version the feed still holds there.
   */
  static void markLatest(Connection c, int peer, String[] stixIds, UUID[] collections) throws SQLException {
    Set<String> done = new HashSet<>();
    try (PreparedStatement s = c.prepareStatement("update peer_feed f set latest = true where f.stix_id = ? and f.peer + 0 = ?"
        + " and f.collection_id = ? and not f.latest and not exists (select 1 from peer_feed g where g.stix_id = f.stix_id"
        + " and g.peer = f.peer and g.collection_id = f.collection_id and (g.latest or g.version > f.version))")) {
      for (int i = 0; i < stixIds.length; i++) {
        if (!done.add(collections[i] + " " + stixIds[i])) continue;
        s.setString(1, stixIds[i]);
        s.setInt(2, peer);
        s.setObject(3, collections[i]);
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /**
   * Drops the members {@code seqs} of object {@code stixId} from every peer's feed and decisions,
   * after they left the collection (a delete, a replacement), and marks the newest version each
   * peer still reads as latest. Called by the store inside the transaction that removes them.
   */
  public static void forget(Connection c, UUID collection, String stixId, long[] seqs) throws SQLException {
    Long[] boxed = Arrays.stream(seqs).boxed().toArray(Long[]::new);
    try (PreparedStatement s = c.prepareStatement("delete from peer_decision where collection_id = ? and seq = any(?)")) {
      s.setObject(1, collection);
      s.setArray(2, c.createArrayOf("int8", boxed));
      s.executeUpdate();
    }
    int removed;
    // each peer that was served a member gone may still prove it (ServedVersions)
    try (PreparedStatement s = c.prepareStatement("with gone as (delete from peer_feed f where f.stix_id = ? and f.collection_id = ?"
        + " and f.seq = any(?) returning f.peer, f.collection_id, f.stix_id, f.version), kept as (" + ServedVersions.KEEP + ")"
        + " select count(*) from gone")) {
      s.setString(1, stixId);
      s.setObject(2, collection);
      s.setArray(3, c.createArrayOf("int8", boxed));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        removed = r.getInt(1);
      }
    }
    if (removed == 0) return;
    markLatest(c, stixId, collection, null);
  }
}
