package dev.parley.store.peers;

import dev.parley.store.Database;
import dev.parley.store.objects.AddOutcome;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The receipts this node holds of what its peers sent it, pulled or pushed here. The transaction that
 * stores a pulled page, or a push that named its sender's collection, records the versions it brought
 * as one pending page ({@code sync_receipt_page}); a version gets
 * a row of its own ({@code sync_receipt}) when its receipt is first asked: verified, failed, or still
 * pending when the sender had none yet, to be asked again. Pending receipts are asked rows first,
 * then pages in the order they were pulled, a page always whole. Thread-safe; every change is one
 * transaction.
 */
public final class ReceiptStore {
  /** The states of a receipt. */
  public static final String PENDING = "pending";
  public static final String VERIFIED = "verified";
  public static final String FAILED = "failed";
  /**
   * How long after its version was received a receipt still not given is overdue: a node takes what
   * it serves into a signed checkpoint within seconds, so a peer that has not given a receipt in an
   * hour sent a version its log does not hold, and that is an alarm, like a receipt that fails.
   */
  public static final Duration OVERDUE = Duration.ofHours(1);

  /**
   * The header of a peer's push (its TAXII POST) that names the collection of its node the objects
   * come from: the pusher sends it, and the receiver asks the pusher for the receipts of what it
   * stored in that collection (ARCHITECTURE.md, "Receipts of pushes").
   */
  public static final String SENDER_COLLECTION = "X-Parley-Sender-Collection";

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
   * (UTF-8 JSON), or null when the collection no longer holds it; {@code page} is the pending page
   * it was recorded in, or 0 when it has a row of its own.
   */
  public record Pending(int peer, Key key, UUID into, byte[] body, int attempts, long page, Instant received) {}

  /**
   * Where a peer's pending receipts were read up to: the rows of their own after {@code row} (null
   * once they are all read), then the pages after {@code page}.
   */
  public record Cursor(Key row, long page) {
    public static final Cursor FIRST = new Cursor(Key.FIRST, 0);
  }

  /**
   * Pending receipts read in one go, each once; the pages they were read from (settling deletes
   * them, also one whose every version was left out, having a row of its own already); and where to
   * read on from.
   */
  public record Chunk(List<Pending> pending, Set<Long> pages, Cursor next, boolean more) {}

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
   * The most versions one pending page holds: a pulled page with more (a sender may answer a page
   * larger than asked) is recorded as several, so that reading pending receipts, a page whole at a
   * time, holds a bounded number of bodies.
   */
  public static final int PAGE_ITEMS = 1000;

  /**
   * Records, inside the transaction that stores a pulled page, the versions of the page the collection
   * now holds (stored now, already held, or stored in place of another body) as pending pages of at
   * most {@link #PAGE_ITEMS}.
   */
  public static void pending(Connection tx, PullPosition position, List<AddOutcome> outcomes) throws SQLException {
    List<String> ids = new ArrayList<>(outcomes.size());
    List<String> versions = new ArrayList<>(outcomes.size());
    for (AddOutcome o : outcomes) {
      if (!o.succeeded()) continue;
      ids.add(o.stixId());
      // the version as the member keeps it, to the microsecond (finer digits dropped, as the store does; a
      // text cast with more digits would round, naming a version the collection does not hold)
      versions.add(o.version().truncatedTo(ChronoUnit.MICROS).toString());
    }
    if (ids.isEmpty()) return;
    try (PreparedStatement s = tx.prepareStatement("insert into sync_receipt_page (peer, peer_name, remote_collection, into_collection, items,"
        + " stix_ids, versions) select ?, p.name, ?, ?, ?, ?::text[], ?::text[]::timestamptz[] from peer p where p.id = ?")) {
      for (int from = 0; from < ids.size(); from += PAGE_ITEMS) {
        int to = Math.min(ids.size(), from + PAGE_ITEMS);
        s.setInt(1, position.peer());
        s.setString(2, position.remoteCollection());
        s.setObject(3, position.into());
        s.setInt(4, to - from);
        s.setArray(5, tx.createArrayOf("text", ids.subList(from, to).toArray()));
        s.setArray(6, tx.createArrayOf("text", versions.subList(from, to).toArray()));
        s.setInt(7, position.peer());
        s.executeUpdate();
      }
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

  /**
   * About {@code limit} pending receipts of the peer after {@code after}: rows of their own in key
   * order, then whole pages in the order they were pulled (at least one page, however large, when
   * any is left; pages after the first only while the receipts read stay under {@code limit}).
   */
  public Chunk pending(int peer, Cursor after, int limit) {
    return db.withConnection(c -> {
      List<Pending> out = new ArrayList<>();
      Cursor next = after;
      if (after.row() != null) {
        try (PreparedStatement s = c.prepareStatement("select r.remote_collection, r.stix_id, r.version, r.into_collection, b.body, r.attempts,"
            + " r.received from sync_receipt r left join lateral (" + BODY + ") b on true"
            + " where r.peer = ? and r.state = 'pending' and (r.remote_collection, r.stix_id, r.version) > (?, ?, ?)"
            + " order by r.remote_collection, r.stix_id, r.version limit ?")) {
          s.setInt(1, peer);
          s.setString(2, after.row().remoteCollection());
          s.setString(3, after.row().stixId());
          s.setObject(4, OffsetDateTime.ofInstant(after.row().version(), ZoneOffset.UTC));
          s.setInt(5, limit);
          try (ResultSet r = s.executeQuery()) {
            while (r.next()) out.add(pending(peer, r, 0));
          }
        }
        if (out.size() == limit) return new Chunk(out, Set.of(), new Cursor(out.get(out.size() - 1).key(), after.page()), true);
        next = new Cursor(null, after.page());
      }
      // the peer's next pages, at most as many as receipts still wanted (a page holds at least one), each
      // whole; "before" is what the pages ahead of it hold. A version that has a row already (settled,
      // or pending and read above) or that came twice is left out: it was pulled again
      try (PreparedStatement s = c.prepareStatement("select r.remote_collection, r.stix_id, r.version, r.into_collection, b.body, 0,"
          + " r.received, r.page, exists (select 1 from sync_receipt x where x.stix_id = r.stix_id and x.peer = ?"
          + " and x.remote_collection = r.remote_collection and x.version = r.version)"
          + " from (select p.id as page, p.remote_collection, u.stix_id, u.version, p.into_collection, p.received, u.ord"
          + " from (select id, sum(items) over (order by id) - items as before from (select id, items from sync_receipt_page"
          + " where peer = ? and id > ? order by id limit ?) x) w join sync_receipt_page p on p.id = w.id"
          + " cross join lateral unnest(p.stix_ids, p.versions) with ordinality u (stix_id, version, ord) where w.before < ?) r"
          + " left join lateral (" + BODY + ") b on true order by r.page, r.ord")) {
        int wanted = Math.max(1, limit - out.size());
        s.setInt(1, peer);
        s.setInt(2, peer);
        s.setLong(3, next.page());
        s.setInt(4, wanted);
        s.setInt(5, wanted);
        Set<Long> pages = new LinkedHashSet<>();
        Set<Key> seen = new HashSet<>();
        for (Pending p : out) seen.add(p.key());
        long last = next.page();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            last = r.getLong(8); // rows come by page, in order
            pages.add(last);
            Pending p = pending(peer, r, last);
            if (!r.getBoolean(9) && seen.add(p.key())) out.add(p);
          }
        }
        return new Chunk(out, pages, new Cursor(null, last), !pages.isEmpty());
      }
    });
  }

  private static Pending pending(int peer, ResultSet r, long page) throws SQLException {
    String body = r.getString(5);
    return new Pending(peer, new Key(r.getString(1), r.getString(2), r.getObject(3, OffsetDateTime.class).toInstant()), r.getObject(4, UUID.class),
        body == null ? null : body.getBytes(StandardCharsets.UTF_8), r.getInt(6), page, r.getObject(7, OffsetDateTime.class).toInstant());
  }

  /**
   * Records how fetches of the peer's pending receipts came out ({@code outcomes[i]} is that of
   * {@code chunk.pending()[i]}), in one transaction: each receipt's row is written or updated (a row
   * already verified or failed stays as it is), and the pages the chunk was read from are deleted.
   */
  public void settle(int peer, Chunk chunk, List<Outcome> outcomes) {
    List<Pending> asked = chunk.pending();
    if (asked.size() != outcomes.size()) throw new IllegalArgumentException(asked.size() + " receipts asked, " + outcomes.size() + " outcomes");
    for (int i = 0; i < outcomes.size(); i++) {
      if (!asked.get(i).key().equals(outcomes.get(i).key())) throw new IllegalArgumentException("outcome " + i + " is not of the receipt asked");
    }
    if (outcomes.isEmpty() && chunk.pages().isEmpty()) return;
    db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("insert into sync_receipt (peer, peer_name, remote_collection, into_collection, stix_id,"
          + " version, state, detail, attempts, peer_key, receipt, received, checked) select ?, p.name, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, now()"
          + " from peer p where p.id = ? on conflict (stix_id, peer, remote_collection, version) do update set state = excluded.state,"
          + " detail = excluded.detail, peer_key = coalesce(excluded.peer_key, sync_receipt.peer_key),"
          + " receipt = coalesce(excluded.receipt, sync_receipt.receipt), checked = now(), attempts = sync_receipt.attempts + 1"
          + " where sync_receipt.state = 'pending'")) {
        for (int i = 0; i < outcomes.size(); i++) {
          Pending p = asked.get(i);
          Outcome o = outcomes.get(i);
          s.setInt(1, peer);
          s.setString(2, o.key().remoteCollection());
          s.setObject(3, p.into());
          s.setString(4, o.key().stixId());
          s.setObject(5, OffsetDateTime.ofInstant(o.key().version(), ZoneOffset.UTC));
          s.setString(6, o.state());
          s.setString(7, o.detail());
          s.setString(8, o.peerKey());
          s.setString(9, o.receipt());
          s.setObject(10, OffsetDateTime.ofInstant(p.received(), ZoneOffset.UTC));
          s.setInt(11, peer);
          s.addBatch();
        }
        s.executeBatch();
      }
      if (!chunk.pages().isEmpty()) {
        try (PreparedStatement s = c.prepareStatement("delete from sync_receipt_page where peer = ? and id = any(?)")) {
          s.setInt(1, peer);
          s.setArray(2, c.createArrayOf("bigint", chunk.pages().toArray()));
          s.executeUpdate();
        }
      }
      return null;
    });
  }

  /**
   * The receipts held for versions of {@code stixId}, from every peer or the one named (null: all),
   * oldest first: the rows of their own, and the versions still in pending pages (found by reading
   * the pending pages, which hold what was pulled since their receipts were last asked).
   */
  public List<Held> find(String stixId, String peerName) {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select r.peer_name, r.remote_collection, r.stix_id, r.version, r.into_collection,"
          + " r.state, r.detail, r.peer_key, r.receipt, r.received, r.checked, b.body from (select peer_name, remote_collection, stix_id, version,"
          + " into_collection, state, detail, peer_key, receipt, received, checked from sync_receipt where stix_id = ? and (?::text is null or peer_name = ?)"
          + " union all (select distinct on (p.peer, p.remote_collection, u.version) p.peer_name, p.remote_collection, u.stix_id, u.version,"
          + " p.into_collection, 'pending', null, null, null, p.received, null::timestamptz from sync_receipt_page p"
          + " cross join lateral unnest(p.stix_ids, p.versions) u (stix_id, version) where ? = any(p.stix_ids) and u.stix_id = ?"
          + " and (?::text is null or p.peer_name = ?) and not exists (select 1 from sync_receipt x where x.stix_id = u.stix_id"
          + " and x.peer = p.peer and x.remote_collection = p.remote_collection and x.version = u.version)"
          + " order by p.peer, p.remote_collection, u.version, p.id)) r"
          + " left join lateral (" + BODY + ") b on true order by r.version, r.peer_name, r.remote_collection")) {
        s.setString(1, stixId);
        s.setString(2, peerName);
        s.setString(3, peerName);
        s.setString(4, stixId);
        s.setString(5, stixId);
        s.setString(6, peerName);
        s.setString(7, peerName);
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

  /**
   * How many receipts of the peer are pending, verified and failed; a version pulled again counts
   * among the pending ones once more until its page is read.
   */
  public Counts counts(int peer) {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select count(*) filter (where state = 'pending')"
          + " + (select coalesce(sum(items), 0) from sync_receipt_page where peer = ?), count(*) filter (where state = 'verified'),"
          + " count(*) filter (where state = 'failed') from sync_receipt where peer = ?")) {
        s.setInt(1, peer);
        s.setInt(2, peer);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          return new Counts(r.getLong(1), r.getLong(2), r.getLong(3));
        }
      }
    });
  }

  /**
   * How many receipts of the peer (of every peer: null) were asked and not given, for versions
   * received more than {@link #OVERDUE} ago: the alarm of a peer whose log does not hold what it sent.
   */
  public long overdue(Integer peer) {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select count(*) from sync_receipt where state = 'pending'"
          + " and received < now() - make_interval(secs => ?) and (?::integer is null or peer = ?)")) {
        s.setLong(1, OVERDUE.toSeconds());
        s.setObject(2, peer);
        s.setObject(3, peer);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          return r.getLong(1);
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
