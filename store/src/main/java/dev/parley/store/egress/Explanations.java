package dev.parley.store.egress;

import dev.parley.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The dry run of egress, for {@code parley policy explain}: every object version the node holds, as
 * served to a peer (exactly the rows of its feed, so what a peer reads over TAXII) or withheld, with
 * the rule that withholds it. Brings the peer's feed up to date first, as it settles
 * ({@link Publisher#publishSettled}).
 */
public final class Explanations {
  private final Database db;

  public Explanations(Database db) {
    this.db = db;
  }

  /** One object version and what egress decided for it; {@code rule} is null when it is served. */
  public record Entry(String id, Instant version, UUID collection, String rule) {}

  /**
   * Visits what {@code peer} may read and what it may not, served first, in feed order, then
   * withheld, by collection and position; {@code collection} and {@code object} narrow it (null:
   * all). Returns false when there is no such peer.
   */
  public boolean explain(String peer, UUID collection, String object, Consumer<Entry> served, Consumer<Entry> withheld) {
    new Publisher(db).publishSettled(peer);
    return db.inTransaction(c -> {
      Integer id = null;
      try (PreparedStatement s = c.prepareStatement("select id from peer where name = ?")) {
        s.setString(1, peer);
        try (ResultSet r = s.executeQuery()) {
          if (r.next()) id = r.getInt(1);
        }
      }
      if (id == null) return false;
      String narrow = (collection == null ? "" : " and %1$s.collection_id = ?") + (object == null ? "" : " and %1$s.stix_id = ?");
      try (PreparedStatement s = c.prepareStatement("select f.stix_id, f.version, f.collection_id from peer_feed f where f.peer = ?"
          + String.format(narrow, "f") + " order by f.pseq")) {
        bind(s, id, collection, object);
        visit(s, served, false);
      }
      // withheld: decided and withheld, or in a collection the agreement does not share (never decided)
      try (PreparedStatement s = c.prepareStatement("select m.stix_id, m.version, m.collection_id,"
          + " case when cur.collection_id is null then 'collection' else d.rule end"
          + " from collection_object m"
          + " left join peer_cursor cur on cur.peer = ? and cur.collection_id = m.collection_id"
          + " left join peer_decision d on d.peer = ? and d.collection_id = m.collection_id and d.seq = m.seq"
          + " where (cur.collection_id is null or d.rule is not null)" + String.format(narrow, "m")
          + " order by m.collection_id, m.seq")) {
        int i = 1;
        s.setInt(i++, id);
        s.setInt(i++, id);
        if (collection != null) s.setObject(i++, collection);
        if (object != null) s.setString(i, object);
        s.setFetchSize(10_000);
        visit(s, withheld, true);
      }
      return true;
    });
  }

  private static void bind(PreparedStatement s, int peer, UUID collection, String object) throws SQLException {
    int i = 1;
    s.setInt(i++, peer);
    if (collection != null) s.setObject(i++, collection);
    if (object != null) s.setString(i, object);
    s.setFetchSize(10_000);
  }

  private static void visit(PreparedStatement s, Consumer<Entry> to, boolean withRule) throws SQLException {
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        to.accept(new Entry(r.getString(1), r.getObject(2, OffsetDateTime.class).toInstant(), r.getObject(3, UUID.class),
            withRule ? r.getString(4) : null));
      }
    }
  }
}
