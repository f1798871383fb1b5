package dev.parley.store.peers;

import dev.parley.store.Database;
import dev.parley.store.NotFoundException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Where sync with each peer stands, pulling and pushing. Thread-safe. */
public final class SyncPositions {
  private final Database db;

  public SyncPositions(Database db) {
    this.db = db;
  }

  /** The position of a pull, or one at the beginning. */
  public PullPosition pull(int peer, String remoteCollection, UUID into) {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "select added_after from sync_pull where peer = ? and remote_collection = ? and into_collection = ?")) {
        s.setInt(1, peer);
        s.setString(2, remoteCollection);
        s.setObject(3, into);
        try (ResultSet r = s.executeQuery()) {
          return new PullPosition(peer, remoteCollection, into, r.next() ? r.getString(1) : null);
        }
      }
    });
  }

  /** Saves a pull position in its own transaction (after a page that stored nothing). */
  public void save(PullPosition p) {
    db.inTransaction(c -> {
      save(c, p);
      return null;
    });
  }

  /**
   * Takes the peer's row for the rest of the transaction that stores a pulled page, before anything
   * else: an agreement's install and a peer's removal take that row and then append to the log, so a
   * page that appended first and then counted on the row deadlocked with them (hostile run 10k).
   * Throws {@link dev.parley.store.NotFoundException} when the peer was removed (meanwhile): what a
   * removed peer's pass pulls is not stored.
   */
  public static void lockPeer(Connection c, int peer) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("select 1 from peer where id = ? for no key update")) {
      s.setInt(1, peer);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) throw new NotFoundException("the peer was removed while its objects were pulled; nothing more of them is stored");
      }
    }
  }

  /** Saves a pull position inside the transaction that stores the page it follows. */
  public static void save(Connection c, PullPosition p) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("insert into sync_pull (peer, remote_collection, into_collection, added_after)"
        + " values (?, ?, ?, ?) on conflict (peer, remote_collection, into_collection)"
        + " do update set added_after = excluded.added_after, updated = now()")) {
      s.setInt(1, p.peer());
      s.setString(2, p.remoteCollection());
      s.setObject(3, p.into());
      s.setString(4, p.addedAfter());
      s.executeUpdate();
    }
  }

  /**
   * Counts {@code n} versions newly stored from the peer ({@code peer list}'s {@code pulled}) inside
   * the transaction that stores them, so that a pass cut short by a kill still counts what it stored.
   */
  public static void pulled(Connection c, int peer, long n) throws SQLException {
    count(c, "pulled", peer, n);
  }

  /** Adds {@code n} to the peer's counter {@code column} ({@code pulled} or {@code pushed}). */
  private static void count(Connection c, String column, int peer, long n) throws SQLException {
    if (n == 0) return;
    try (PreparedStatement s = c.prepareStatement("update peer set " + column + " = " + column + " + ? where id = ?")) {
      s.setLong(1, n);
      s.setInt(2, peer);
      s.executeUpdate();
    }
  }

  /** The position of the peer's feed of {@code collection} up to which everything was pushed to {@code remote}. */
  public long pushed(int peer, UUID collection, String remote) {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "select after_pseq from sync_push where peer = ? and collection_id = ? and remote_collection = ?")) {
        s.setInt(1, peer);
        s.setObject(2, collection);
        s.setString(3, remote);
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? r.getLong(1) : 0L;
        }
      }
    });
  }

  /** A version pushed to a peer: one it refused ({@code detail}: its message) or took (no detail). */
  public record Retry(String stixId, Instant version, String detail) {}

  /**
   * Records that everything up to feed position {@code pseq} was pushed and settled, counts the
   * {@code accepted} versions ({@code peer list}'s {@code pushed}) and keeps the {@code refused} ones
   * to push again after {@code backoff}, in the same transaction.
   */
  public void pushed(int peer, UUID collection, String remote, long pseq, List<Retry> accepted, List<Retry> refused,
      Duration backoff) {
    db.inTransaction(c -> {
      refusedAgain(c, peer, collection, remote, refused, backoff);
      accepted(c, peer, remote, accepted);
      pushed(c, peer, collection, remote, pseq, accepted.size());
      return null;
    });
  }

  /** Records that everything up to feed position {@code pseq} was pushed, with nothing sent (all of it was there already). */
  public void pushed(int peer, UUID collection, String remote, long pseq) {
    pushed(peer, collection, remote, pseq, List.of(), List.of(), Duration.ZERO);
  }

  /** Remembers the versions the peer accepted into {@code remote}: they are not pushed there again. */
  private static void accepted(Connection c, int peer, String remote, List<Retry> accepted) throws SQLException {
    if (accepted.isEmpty()) return;
    try (PreparedStatement s = c.prepareStatement("insert into sync_push_accepted (stix_id, peer, remote_collection, version)"
        + " select k.id, ?, ?, k.v::timestamptz from unnest(?::text[], ?::text[]) k (id, v) on conflict do nothing")) {
      s.setInt(1, peer);
      s.setString(2, remote);
      s.setObject(3, accepted.stream().map(Retry::stixId).toArray(String[]::new));
      s.setObject(4, accepted.stream().map(r -> r.version().toString()).toArray(String[]::new));
      s.executeUpdate();
    }
  }

  /**
   * Of these object ids, the versions ("id instant") of {@code local} not to push to {@code remote}:
   * the peer sent that body itself ({@link #sentBy}: another body under the same id and version, one
   * this node held before, is this node's own and goes), or accepted them there before.
   */
  public Set<String> notToPush(int peer, UUID local, String remote, Collection<String> ids) {
    return db.withConnection(c -> {
      Array node = c.createArrayOf("int4", PeerStore.sameNode(c, peer));
      return versionKeys(c, ids, "(select m.stix_id, m.version from collection_object m where m.collection_id = ? and m.stix_id = k.id"
          + " and (exists (select 1 from collection_object s where s.stix_id = m.stix_id and s.version = m.version"
          + " and s.object_pk = m.object_pk and s.source_peer = any(?))"
          + " or exists (select 1 from peer_sent p where p.stix_id = m.stix_id and p.version = m.version and p.peer = any(?)"
          + " and (p.object_pk is null or p.object_pk = m.object_pk))) offset 0)"
          + " union all (select stix_id, version from sync_push_accepted a where a.stix_id = k.id and a.peer = ?"
          + " and a.remote_collection = ? offset 0)", local, node, node, peer, remote);
    });
  }

  /**
   * The probes of {@link #sentBy}, per id {@code k.id}: the members the peer's node (its names, {@link
   * PeerStore#sameNode}) added, and what it sent that was held already, each version with its body
   * ({@code object_version.pk}; none for what a peer sent before bodies were kept).
   */
  private static final String SENT_BODIES = "(select stix_id, version, object_pk from collection_object c where c.stix_id = k.id"
      + " and c.source_peer = any(?) offset 0)"
      + " union all (select stix_id, version, object_pk from peer_sent p where p.stix_id = k.id and p.peer = any(?) offset 0)";

  /**
   * The "id instant" keys that {@code branches} (probes by {@code k.id}, bound to {@code params}) find
   * for these ids; "id instant body" when they name a third column, the body's pk ({@code *}: any).
   */
  private static Set<String> versionKeys(Connection c, Collection<String> ids, String branches, Object... params)
      throws SQLException {
    Set<String> out = new HashSet<>();
    if (ids.isEmpty()) return out;
    try (PreparedStatement s = c.prepareStatement("select v.* from unnest(?::text[]) k (id) cross join lateral ("
        + branches + ") v")) {
      s.setObject(1, new HashSet<>(ids).toArray(String[]::new));
      for (int i = 0; i < params.length; i++) s.setObject(i + 2, params[i]);
      try (ResultSet r = s.executeQuery()) {
        boolean bodies = r.getMetaData().getColumnCount() > 2;
        while (r.next()) {
          String key = r.getString(1) + " " + r.getObject(2, OffsetDateTime.class).toInstant();
          if (bodies) key += " " + (r.getObject(3) == null ? "*" : r.getLong(3));
          out.add(key);
        }
      }
    }
    return out;
  }

  /** The refused versions due to be pushed again now, the longest waiting first, at most {@code limit}. */
  public List<Retry> dueRetries(int peer, UUID collection, String remote, int limit) {
    return db.withConnection(c -> {
      List<Retry> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("select stix_id, version, detail from sync_push_retry"
          + " where peer = ? and collection_id = ? and remote_collection = ? and next_at <= now() order by next_at limit ?")) {
        s.setInt(1, peer);
        s.setObject(2, collection);
        s.setString(3, remote);
        s.setInt(4, limit);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            out.add(new Retry(r.getString(1), r.getObject(2, OffsetDateTime.class).toInstant(), r.getString(3)));
          }
        }
      }
      return out;
    });
  }

  /**
   * After pushing retries again: the {@code settled} ones (accepted, counted in {@code pushed}, or no
   * longer in the peer's feed) are forgotten, the {@code refused} ones wait longer.
   */
  public void retried(int peer, UUID collection, String remote, List<Retry> settled, List<Retry> accepted, List<Retry> refused,
      Duration backoff) {
    db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("delete from sync_push_retry where peer = ? and collection_id = ?"
          + " and remote_collection = ? and stix_id = ? and version = ?")) {
        for (Retry r : settled) {
          bindSlot(s, peer, collection, remote, r);
          s.addBatch();
        }
        s.executeBatch();
      }
      refusedAgain(c, peer, collection, remote, refused, backoff);
      accepted(c, peer, remote, accepted);
      count(c, "pushed", peer, accepted.size());
      return null;
    });
  }

  /** Binds a retry's key, parameters 1 to 5: peer, collection, remote collection, id, version. */
  private static void bindSlot(PreparedStatement s, int peer, UUID collection, String remote, Retry r) throws SQLException {
    s.setInt(1, peer);
    s.setObject(2, collection);
    s.setString(3, remote);
    s.setString(4, r.stixId());
    s.setObject(5, OffsetDateTime.ofInstant(r.version(), ZoneOffset.UTC));
  }

  /** How many refused versions wait to be pushed to the peer again. */
  public long waitingRetries(int peer) {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select count(*) from sync_push_retry where peer = ?")) {
        s.setInt(1, peer);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          return r.getLong(1);
        }
      }
    });
  }

  /** Keeps refused versions to push again: after {@code backoff} the first time, twice as long each time after, at most a day. */
  private static void refusedAgain(Connection c, int peer, UUID collection, String remote, List<Retry> refused, Duration backoff)
      throws SQLException {
    if (refused.isEmpty()) return;
    try (PreparedStatement s = c.prepareStatement("insert into sync_push_retry"
        + " (peer, collection_id, remote_collection, stix_id, version, attempts, next_at, detail)"
        + " values (?, ?, ?, ?, ?, 1, now() + ? * interval '1 millisecond', ?)"
        + " on conflict (peer, collection_id, remote_collection, stix_id, version) do update set attempts = sync_push_retry.attempts + 1,"
        + " next_at = now() + least(? * interval '1 millisecond' * power(2, least(sync_push_retry.attempts, 20)), interval '1 day'),"
        + " detail = excluded.detail")) {
      for (Retry r : refused) {
        bindSlot(s, peer, collection, remote, r);
        s.setLong(6, backoff.toMillis());
        s.setString(7, r.detail());
        s.setLong(8, backoff.toMillis());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static void pushed(Connection c, int peer, UUID collection, String remote, long pseq, long accepted) throws SQLException {
    count(c, "pushed", peer, accepted);
    try (PreparedStatement s = c.prepareStatement("insert into sync_push (peer, collection_id, remote_collection, after_pseq)"
        + " values (?, ?, ?, ?) on conflict (peer, collection_id, remote_collection)"
        + " do update set after_pseq = greatest(sync_push.after_pseq, excluded.after_pseq), updated = now()")) {
      s.setInt(1, peer);
      s.setObject(2, collection);
      s.setString(3, remote);
      s.setLong(4, pseq);
      s.executeUpdate();
    }
  }

  /**
   * Of these object ids, the versions with their bodies ("id instant pk", the pk of the
   * {@code object_version}; "id instant *" when the body was not kept) that the peer itself sent
   * here: a member it added, or a version a collection held already when it sent it (peer_sent).
   * Probes of the id indexes, one per id.
   */
  public Set<String> sentBy(int peer, Collection<String> ids) {
    return db.withConnection(c -> sentBy(c, PeerStore.sameNode(c, peer), ids));
  }

  /** As {@link #sentBy(int, java.util.Collection)} for the names {@code node} of one node, inside the caller's transaction (the publisher's). */
  public static Set<String> sentBy(Connection c, Integer[] node, Collection<String> ids) throws SQLException {
    Array names = c.createArrayOf("int4", node);
    return versionKeys(c, ids, SENT_BODIES, names, names);
  }
}
