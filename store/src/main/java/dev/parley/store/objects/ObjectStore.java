package dev.parley.store.objects;

import dev.parley.stix.Timestamps;
import dev.parley.store.Database;
import dev.parley.store.Foreground;
import dev.parley.store.NotFoundException;
import dev.parley.store.egress.FeedRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Object versions and their membership in collections: batched adds (binary COPY), keyset-paged
 * reads, deletes. Thread-safe. Writers of one collection are
 * serialized by its row lock, so a collection's sequence and date_added grow in commit order.
 */
public final class ObjectStore {
  private final Database db;
  private final WriteHook hook;

  public ObjectStore(Database db, WriteHook hook) {
    this.db = db;
    this.hook = hook;
  }

  /** Adds a batch in its own transaction, keeping the members it conflicts with; see {@link #add(Connection, UUID, List, AddMode)}. */
  public List<AddOutcome> add(UUID collection, List<NewObject> batch) {
    return add(collection, batch, ConflictPolicy.KEEP);
  }

  /** Adds a batch in its own transaction; see {@link #add(Connection, UUID, List, AddMode)}. */
  public List<AddOutcome> add(UUID collection, List<NewObject> batch, ConflictPolicy policy) {
    return add(collection, batch, AddMode.of(policy));
  }

  /** Adds a batch in its own transaction; see {@link #add(Connection, UUID, List, AddMode)}. */
  public List<AddOutcome> add(UUID collection, List<NewObject> batch, AddMode mode) {
    return db.inTransaction(tx -> add(tx, collection, batch, mode));
  }

  /**
   * Adds a batch to a collection inside {@code tx}: each version is a member once (re-adding it is
   * a duplicate; a different body under the same id and version a conflict, settled by {@code
   * mode}), each new member gets the next sequence and a strictly later date_added, and the
   * {@link WriteHook} sees the new members before the caller commits. The two steps of
   * {@link #stage} and {@link #add(Connection, StagedBatch)} in one transaction.
   */
  List<AddOutcome> add(Connection tx, UUID collection, List<NewObject> batch, AddMode mode) throws SQLException {
    if (batch.isEmpty()) return List.of();
    return MemberWriter.add(tx, VersionStager.stage(tx, collection, batch), hook, mode, null);
  }

  /**
   * The first step of an add, in its own transaction: stores the versions of {@code batch} that are
   * not stored yet, without locking the collection, so that a bulk load can stage one batch while
   * another's members are written. How, without scanning the large tables: {@link VersionStager}.
   *
   * @throws NotFoundException when there is no such collection
   */
  StagedBatch stage(UUID collection, List<NewObject> batch) {
    return db.inTransaction(tx -> VersionStager.stage(tx, collection, batch));
  }

  /**
   * The second step of an add, inside the caller's transaction: makes the staged versions members
   * of their collection and calls the {@link WriteHook}. Batches of one collection are added one at
   * a time (the collection's row lock); how the members already there are found: {@link MemberWriter}.
   */
  List<AddOutcome> add(Connection tx, StagedBatch batch) throws SQLException {
    return MemberWriter.add(tx, batch, hook, AddMode.KEEP, null);
  }

  /**
   * As {@link #add(Connection, StagedBatch)} with {@code mode}, for a writer that adds batch after batch to one
   * collection: what it wrote before and {@code recent} remembers is not read back. Call
   * {@link RecentMembers#committed()} after each commit.
   */
  List<AddOutcome> add(Connection tx, StagedBatch batch, AddMode mode, RecentMembers recent) throws SQLException {
    return MemberWriter.add(tx, batch, hook, mode, recent);
  }

  /**
   * Plans this transaction's statements for any collection rather than for the one at hand. A
   * collection the statistics do not know yet (every new one) is estimated at one row; the planner
   * then treats every index that starts with collection_id as equally good and may scan the whole
   * collection through (collection_id, date_added) once per probed row. Generic plans estimate from
   * the number of distinct collections and pick the index that fits the whole condition.
   */
  static void genericPlans(Connection tx) throws SQLException {
    try (Statement s = tx.createStatement()) {
      s.execute("set local plan_cache_mode = force_generic_plan");
    }
  }

  /**
   * Plans the write path's per-id probes as plain index scans. Without statistics (a table a bulk
   * load is filling has none yet) an id is estimated to match thousands of rows and each probe
   * became a bitmap scan: 5,000 probes took 40-57 ms instead of 22-33 ms.
   */
  static void probePlans(Connection tx) throws SQLException {
    try (Statement s = tx.createStatement()) {
      s.execute("set local plan_cache_mode = force_generic_plan; set local enable_bitmapscan = off");
    }
  }

  /**
   * One page of rows matching {@code q}, in insertion order, at the keyset position; for a peer, its
   * feed's rows in the order they became readable to it, with the feed's positions and times.
   */
  public Page page(ObjectQuery q) {
    return db.withConnection(c -> {
      boolean feed = q.peer() != null;
      boolean byId = !q.ids().isEmpty();
      Where w = where(q, !byId);
      // A look-up by id probes the id index once per id: the ids are a table of their own, each
      // joined to its rows through a fenced subquery (offset 0) whose one condition is the id, and
      // the rest is tested on the few rows found. Written as "stix_id = any(?)" beside the
      // collection's (or feed's) conditions, a generic plan made while the table had no statistics
      // (a feed the publisher has just filled) walked the whole feed through an index on
      // (peer, collection_id, ...) and compared each row with every id: 695 ms for 256 receipts
      // over a 70,000-member feed, against 3.6 ms once analyzed, and a peer's receipts ran at 28 a
      // second until autovacuum came (EXPLAIN ANALYZE on a copy of the feed without statistics).
      String table = feed ? "peer_feed" : "collection_object";
      String from = byId ? "unnest(?::text[]) k (id) cross join lateral (select * from " + table + " x where x.stix_id = k.id offset 0) c"
          : table + " c";
      String sql;
      if (feed) {
        sql = "select c.pseq, c.added, c.stix_id, c.type, c.version, c.spec_version"
            + (q.withBody() ? ", v.body from " + from + " join collection_object m on m.collection_id = c.collection_id and m.seq = c.seq"
                + " join object_version v on v.pk = m.object_pk" : ", null from " + from)
            + " where c.peer = ? and c.collection_id = ? and c.pseq > ?" + w.sql + " order by c.pseq limit ?";
      } else {
        sql = "select c.seq, c.date_added, c.stix_id, c.type, c.version, c.spec_version"
            + (q.withBody() ? ", v.body from " + from + " join object_version v on v.pk = c.object_pk" : ", null from " + from)
            + " where c.collection_id = ? and c.seq > ?" + w.sql + " order by c.seq limit ?";
      }
      try (PreparedStatement s = c.prepareStatement(sql)) {
        int i = 1;
        if (byId) s.setArray(i++, c.createArrayOf("text", new LinkedHashSet<>(q.ids()).toArray())); // once each: one probe an id
        if (feed) s.setInt(i++, q.peer());
        s.setObject(i++, q.collection());
        s.setLong(i++, q.afterSeq());
        i = w.bind(s, i);
        s.setInt(i, q.limit() + 1);
        List<ObjectRow> rows = new ArrayList<>(Math.min(q.limit() + 1, 1024));
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            rows.add(new ObjectRow(r.getLong(1), r.getObject(2, OffsetDateTime.class).toInstant(), r.getString(3),
                r.getString(4), r.getObject(5, OffsetDateTime.class).toInstant(), r.getString(6), r.getBytes(7)));
          }
        }
        boolean more = rows.size() > q.limit();
        if (feed && q.withBody() && rows.size() > Foreground.BULK) db.foreground().mark(); // a peer reading a feed page by page: a pull under way
        return new Page(more ? rows.subList(0, q.limit()) : rows, more);
      }
    });
  }

  /**
   * Removes from the collection the versions of {@code stixId} that {@code versions} and
   * {@code specVersions} select, in one transaction with the hook; returns how many.
   */
  public int delete(UUID collection, String stixId, VersionFilter versions, List<String> specVersions) {
    return delete(collection, stixId, versions, specVersions, null);
  }

  /**
   * As {@link #delete(UUID, String, VersionFilter, List)}, of the versions that local account
   * {@code writtenBy} wrote over TAXII alone (null: whoever wrote them).
   */
  public int delete(UUID collection, String stixId, VersionFilter versions, List<String> specVersions, String writtenBy) {
    ObjectQuery q = new ObjectQuery(collection, 0, null, 1, List.of(stixId), List.of(), versions, specVersions, false);
    return db.inTransaction(tx -> {
      genericPlans(tx);
      try (PreparedStatement s = tx.prepareStatement("update collection set deletes = deletes + 1 where id = ?")) {
        s.setObject(1, collection); // the row lock that orders writers of the collection, and a count writers check
        s.executeUpdate();
      }
      Where w = where(q);
      List<long[]> removed = new ArrayList<>();
      Map<Long, StoredVersion> byPk = new HashMap<>();
      try (PreparedStatement s = tx.prepareStatement("delete from collection_object c"
          + " where c.collection_id = ? and c.seq > ?" + (writtenBy == null ? "" : " and c.source_account = ?") + w.sql
          + " returning c.seq, c.object_pk, c.version, c.date_added")) {
        int i = 1;
        s.setObject(i++, collection);
        s.setLong(i++, 0);
        if (writtenBy != null) s.setString(i++, writtenBy);
        w.bind(s, i);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            removed.add(new long[] {r.getLong(1), r.getLong(2)});
            byPk.put(r.getLong(2), new StoredVersion(collection, r.getLong(1), stixId,
                r.getObject(3, OffsetDateTime.class).toInstant(), r.getObject(4, OffsetDateTime.class).toInstant(), null));
          }
        }
      }
      if (!byPk.isEmpty()) {
        List<StoredVersion> list = new ArrayList<>(byPk.values());
        list.sort((a, b) -> Long.compare(a.seq(), b.seq()));
        hook.deleted(tx, collection, list);
        FeedRows.forget(tx, collection, stixId, removed.stream().mapToLong(x -> x[0]).toArray());
        // the latest of the versions left (if any) is now the latest
        try (PreparedStatement s = tx.prepareStatement("update collection_object c set latest = true"
            + " where c.collection_id = ? and c.stix_id = ? and not c.latest and c.version ="
            + " (select max(m.version) from collection_object m where m.collection_id = ? and m.stix_id = ?)")) {
          s.setObject(1, collection);
          s.setString(2, stixId);
          s.setObject(3, collection);
          s.setString(4, stixId);
          s.executeUpdate();
        }
      }
      return removed.size();
    });
  }

  /** How many object versions the collection holds. */
  public long count(UUID collection) {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select count(*) from collection_object where collection_id = ?")) {
        s.setObject(1, collection);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          return r.getLong(1);
        }
      }
    });
  }

  /** The SQL conditions for a query's filters, and their parameters. */
  private static final class Where {
    final StringBuilder sqlBuilder = new StringBuilder();
    final List<Object[]> params = new ArrayList<>(); // {kind, value}
    String sql;

    int bind(PreparedStatement s, int i) throws SQLException {
      for (Object[] p : params) {
        switch ((String) p[0]) {
          case "uuid", "time", "int" -> s.setObject(i++, p[1]);
          case "text[]" -> s.setArray(i++, s.getConnection().createArrayOf("text", ((List<?>) p[1]).toArray()));
          default -> throw new IllegalStateException("parameter kind " + p[0]);
        }
      }
      return i;
    }
  }

  private static Where where(ObjectQuery q) {
    return where(q, true);
  }

  /** The conditions of {@code q}; {@code idCondition} false leaves the ids out, for a query that probes them itself. */
  private static Where where(ObjectQuery q, boolean idCondition) {
    Where w = new Where();
    StringBuilder b = w.sqlBuilder;
    boolean feed = q.peer() != null;
    // the rows a subquery compares with: the collection's members, or the same peer's feed of the collection
    String same = feed ? "peer_feed s where s.peer = c.peer and s.collection_id = c.collection_id" : "collection_object s where s.collection_id = c.collection_id";
    if (q.addedAfter() != null) {
      // the time grows with the position, so "added after T" is "after a position added last at or before T", and
      // after T (the rows added with it, in one batch, come before or after it). The position is the first of the
      // time index read backwards from T: max(position) over the rows at or before T was planned as the position
      // index read backwards, every row added after T passed over (25-40 ms a page at 150,000 objects, for every
      // page a poller asked with added_after: hostile run 10ax D1)
      OffsetDateTime after = OffsetDateTime.ofInstant(q.addedAfter(), ZoneOffset.UTC);
      if (feed) {
        b.append(" and c.pseq > coalesce((select a.pseq from peer_feed a where a.peer = ? and a.collection_id = ? and a.added <= ?"
            + " order by a.added desc limit 1), 0) and c.added > ?");
        w.params.add(new Object[] {"int", q.peer()});
      } else {
        b.append(" and c.seq > coalesce((select a.seq from collection_object a where a.collection_id = ? and a.date_added <= ?"
            + " order by a.date_added desc limit 1), 0) and c.date_added > ?");
      }
      w.params.add(new Object[] {"uuid", q.collection()});
      w.params.add(new Object[] {"time", after});
      w.params.add(new Object[] {"time", after});
    }
    if (idCondition && !q.ids().isEmpty()) {
      b.append(" and c.stix_id = any(?)");
      w.params.add(new Object[] {"text[]", q.ids()});
    }
    if (!q.types().isEmpty()) {
      b.append(" and c.type = any(?)");
      w.params.add(new Object[] {"text[]", q.types()});
    }
    String sameSpec = "";
    if (q.specVersions().equals(ObjectQuery.ANY_SPEC_VERSION)) {
      // every spec version: no condition
    } else if (!q.specVersions().isEmpty()) {
      b.append(" and c.spec_version = any(?)");
      w.params.add(new Object[] {"text[]", q.specVersions()});
      sameSpec = " and s.spec_version = any(?)";
    } else {
      b.append(" and (not (select mixed_spec from collection where id = ?) or not exists (select 1 from " + same
          + " and s.stix_id = c.stix_id and s.spec_version > c.spec_version))");
      w.params.add(new Object[] {"uuid", q.collection()});
    }
    VersionFilter v = q.versions();
    if (!v.all()) {
      List<String> any = new ArrayList<>();
      // without a spec_version filter, "last" is the flag kept on write; with one, it is the last among those
      if (v.last()) any.add(sameSpec.isEmpty() ? "c.latest" : "not exists (select 1 from " + same
          + " and s.stix_id = c.stix_id and s.version > c.version" + sameSpec + ")");
      if (v.first()) any.add("not exists (select 1 from " + same
          + " and s.stix_id = c.stix_id and s.version < c.version" + sameSpec + ")");
      if (!v.exact().isEmpty()) any.add("c.version = any(?::timestamptz[])");
      b.append(" and (").append(String.join(" or ", any)).append(')');
      if (v.last() && !sameSpec.isEmpty()) w.params.add(new Object[] {"text[]", q.specVersions()});
      if (v.first() && !sameSpec.isEmpty()) w.params.add(new Object[] {"text[]", q.specVersions()});
      if (!v.exact().isEmpty()) w.params.add(new Object[] {"text[]", v.exact().stream().map(Timestamps::format).toList()});
    }
    w.sql = b.toString();
    return w;
  }
}
