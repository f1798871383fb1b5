package dev.parley.store.peers;

import dev.parley.store.Database;
import dev.parley.store.objects.AddOutcome;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The receipts this node holds of what it pulled from its peers (table {@code sync_receipt}): one row
 * per object version pulled, pending until the sender's receipt is fetched and checked, then
 * verified or failed. Thread-safe; every change is one transaction.
 */
public final class ReceiptStore {
  /** The states of a receipt. */
  public static final String PENDING = "pending";
  public static final String VERIFIED = "verified";
  public static final String FAILED = "failed";

  private final Database db;

  public ReceiptStore(Database db) {
    this.db = db;
  }

  /** Which receipt: the sender's collection and the object version in it. */
  public record Key(String remoteCollection, String stixId, Instant version) {
    public Key {
      Objects.requireNonNull(remoteCollection, "remoteCollection");
      Objects.requireNonNull(stixId, "stixId");
      Objects.requireNonNull(version, "version");
    }

    /** Before every key. */
    public static final Key FIRST = new Key("", "", Instant.EPOCH.minusSeconds(1L << 40));
  }

  /**
   * A receipt still to fetch, with the body the collection it went into holds for that version
   * (UTF-8 JSON), or null when the collection no longer holds it.
   */
  public record Pending(int peer, Key key, UUID into, byte[] body, int attempts) {}

  /** A receipt as held, for {@code parley receipt show}. */
  public record Held(String peerName, Key key, UUID into, String state, String detail, String peerKey, String receipt,
      Instant received, Instant checked, byte[] body) {}

  /** How one fetch came out. */
  public record Outcome(Key key, String state, String detail, String peerKey, String receipt) {
    public Outcome {
      Objects.requireNonNull(key, "key");
      if (!state.equals(PENDING) && !state.equals(VERIFIED) && !state.equals(FAILED)) throw new IllegalArgumentException("state " + state);
    }
  }

  /** How many receipts of a peer are in each state. */
  public record Counts(long pending, long verified, long failed) {}

  /**
   * Records, inside the transaction that stores a pulled page, a pending receipt for every version of
   * the page the collection now holds (stored now, already held, or stored in place of another body).
   */
  public static void pending(Connection tx, PullPosition position, List<AddOutcome> outcomes) throws SQLException {
    List<String> ids = new ArrayList<>(outcomes.size());
    List<String> versions = new ArrayList<>(outcomes.size());
    for (AddOutcome o : outcomes) {
      if (!o.succeeded()) continue;
      ids.add(o.stixId());
      versions.add(o.version().toString());
    }
    if (ids.isEmpty()) return;
    try (PreparedStatement s = tx.prepareStatement("insert into sync_receipt (peer, peer_name, remote_collection, into_collection, stix_id, version)"
        + " select ?, p.name, ?, ?, u.id, u.v::timestamptz from peer p, unnest(?::text[], ?::text[]) u(id, v) where p.id = ?"
        + " on conflict do nothing")) {
      Array idArray = tx.createArrayOf("text", ids.toArray());
      Array versionArray = tx.createArrayOf("text", versions.toArray());
      s.setInt(1, position.peer());
      s.setString(2, position.remoteCollection());
      s.setObject(3, position.into());
      s.setArray(4, idArray);
      s.setArray(5, versionArray);
      s.setInt(6, position.peer());
      s.executeUpdate();
    }
  }

  /**
   * The body a receipt is checked against, the member of the receipt's version in the collection it
   * was pulled into: a probe of the id index (fenced by {@code offset 0}, so that nothing else can be
   * pushed into it), the collection and version tested on the few rows found. Written with the three
   * conditions together, the generic plan made while a pull's collection had no statistics read the
   * whole collection's index for every receipt (a bitmap of 350,051 members ANDed with the id's: 31
   * ms a receipt, 18-25 s for a chunk of 1,024, until autovacuum analysed the table; EXPLAIN ANALYZE
   * on a copy without statistics).
   */
  private static final String BODY = "select v.body from (select m.object_pk, m.collection_id, m.version from collection_object m"
      + " where m.stix_id = r.stix_id offset 0) m join object_version v on v.pk = m.object_pk"
      + " where m.collection_id = r.into_collection and m.version = r.version limit 1";

  /** Up to {@code limit} pending receipts of the peer after {@code after}, in key order. */
  public List<Pending> pending(int peer, Key after, int limit) {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select r.remote_collection, r.stix_id, r.version, r.into_collection, b.body, r.attempts"
          + " from sync_receipt r left join lateral (" + BODY + ") b on true"
          + " where r.peer = ? and r.state = 'pending' and (r.remote_collection, r.stix_id, r.version) > (?, ?, ?)"
          + " order by r.remote_collection, r.stix_id, r.version limit ?")) {
        s.setInt(1, peer);
        s.setString(2, after.remoteCollection());
        s.setString(3, after.stixId());
        s.setObject(4, OffsetDateTime.ofInstant(after.version(), ZoneOffset.UTC));
        s.setInt(5, limit);
        List<Pending> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            String body = r.getString(5);
            out.add(new Pending(peer, new Key(r.getString(1), r.getString(2), r.getObject(3, OffsetDateTime.class).toInstant()),
                r.getObject(4, UUID.class), body == null ? null : body.getBytes(StandardCharsets.UTF_8), r.getInt(6)));
          }
        }
        return out;
      }
    });
  }

  /** Records how fetches of the peer's receipts came out, in one transaction. */
  public void settle(int peer, List<Outcome> outcomes) {
    if (outcomes.isEmpty()) return;
    db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("update sync_receipt set state = ?, detail = ?, peer_key = coalesce(?, peer_key),"
          + " receipt = coalesce(?, receipt), checked = now(), attempts = attempts + 1"
          + " where peer = ? and remote_collection = ? and stix_id = ? and version = ?")) {
        for (Outcome o : outcomes) {
          s.setString(1, o.state());
          s.setString(2, o.detail());
          s.setString(3, o.peerKey());
          s.setString(4, o.receipt());
          s.setInt(5, peer);
          s.setString(6, o.key().remoteCollection());
          s.setString(7, o.key().stixId());
          s.setObject(8, OffsetDateTime.ofInstant(o.key().version(), ZoneOffset.UTC));
          s.addBatch();
        }
        s.executeBatch();
      }
      return null;
    });
  }

  /** The receipts held for versions of {@code stixId}, from every peer or the one named (null: all), oldest first. */
  public List<Held> find(String stixId, String peerName) {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select r.peer_name, r.remote_collection, r.stix_id, r.version, r.into_collection,"
          + " r.state, r.detail, r.peer_key, r.receipt, r.received, r.checked, b.body from sync_receipt r"
          + " left join lateral (" + BODY + ") b on true"
          + " where r.stix_id = ? and (?::text is null or r.peer_name = ?) order by r.version, r.peer_name, r.remote_collection")) {
        s.setString(1, stixId);
        s.setString(2, peerName);
        s.setString(3, peerName);
        List<Held> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            OffsetDateTime checked = r.getObject(11, OffsetDateTime.class);
            String body = r.getString(12);
            out.add(new Held(r.getString(1), new Key(r.getString(2), r.getString(3), r.getObject(4, OffsetDateTime.class).toInstant()),
                r.getObject(5, UUID.class), r.getString(6), r.getString(7), r.getString(8), r.getString(9),
                r.getObject(10, OffsetDateTime.class).toInstant(), checked == null ? null : checked.toInstant(),
                body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
          }
        }
        return out;
      }
    });
  }

  /** How many receipts of the peer are pending, verified and failed. */
  public Counts counts(int peer) {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select count(*) filter (where state = 'pending'), count(*) filter (where state = 'verified'),"
          + " count(*) filter (where state = 'failed') from sync_receipt where peer = ?")) {
        s.setInt(1, peer);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          return new Counts(r.getLong(1), r.getLong(2), r.getLong(3));
        }
      }
    });
  }

  /** How many receipts failed their check, of every peer: the alarm {@code /metrics} shows. */
  public long failed() {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select count(*) from sync_receipt where state = 'failed'"); ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    });
  }
}
