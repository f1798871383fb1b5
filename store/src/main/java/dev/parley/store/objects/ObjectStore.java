package dev.parley.store.objects;

import dev.parley.store.Database;
import dev.parley.store.NotFoundException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Object versions and their membership in collections: batched adds (COPY into a temporary table,
 * then set-based inserts), keyset-paged reads, deletes. Thread-safe. Writers of one collection are
 * serialized by its row lock, so a collection's sequence and date_added grow in commit order.
 */
public final class ObjectStore {
  private final Database db;
  private final WriteHook hook;

  public ObjectStore(Database db, WriteHook hook) {
    this.db = db;
    this.hook = hook;
  }

  /** Adds a batch in its own transaction; see {@link #add(Connection, UUID, List)}. */
  public List<AddOutcome> add(UUID collection, List<NewObject> batch) {
    return db.inTransaction(tx -> add(tx, collection, batch));
  }

  /**
   * Adds a batch to a collection inside the caller's transaction {@code tx}: each version is stored
   * once (re-adding it is a duplicate, a different object under the same id and version a
   * conflict), each new member gets the next sequence and a strictly later date_added, and the
   * {@link WriteHook} sees the new members before the caller commits.
   */
  public List<AddOutcome> add(Connection tx, UUID collection, List<NewObject> batch) throws SQLException {
    if (batch.isEmpty()) return List.of();
    long lastSeq;
    OffsetDateTime base;
    try (PreparedStatement s = tx.prepareStatement(
        "select last_seq, greatest(clock_timestamp(), coalesce(last_added + interval '1 microsecond', clock_timestamp()))"
            + " from collection where id = ? for update")) {
      s.setObject(1, collection);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) throw new NotFoundException("no collection " + collection);
        lastSeq = r.getLong(1);
        base = r.getObject(2, OffsetDateTime.class);
      }
    }
    try (Statement s = tx.createStatement()) {
      s.execute("create temp table if not exists incoming (ord int, stix_id text, type text, vkey timestamptz,"
          + " version timestamptz, spec_version text, sha256 bytea, canonical bytea, body text) on commit delete rows");
      s.execute("truncate incoming");
    }
    String now = Timestamps.format(Instant.now().truncatedTo(ChronoUnit.MICROS));
    CopyText copy = new CopyText();
    boolean mixedSpec = false;
    for (int i = 0; i < batch.size(); i++) {
      NewObject o = batch.get(i);
      String vkey = o.versionKey() == null ? "-infinity" : Timestamps.format(o.versionKey());
      copy.number(i).text(o.stixId()).text(o.type()).text(vkey).text(o.versionKey() == null ? now : vkey)
          .text(o.specVersion()).bytes(o.sha256()).bytes(o.canonical()).text(o.body()).endRow();
      mixedSpec |= !"2.1".equals(o.specVersion());
    }
    copy.send(tx, "copy incoming from stdin");
    try (Statement s = tx.createStatement()) {
      s.execute("analyze incoming");
      s.executeUpdate("insert into object_version (stix_id, type, vkey, version, spec_version, sha256, canonical, body)"
          + " select distinct on (stix_id, vkey) stix_id, type, vkey, version, spec_version, sha256, canonical, body"
          + " from incoming order by stix_id, vkey, ord on conflict (stix_id, vkey) do nothing");
    }
    int inserted;
    try (PreparedStatement s = tx.prepareStatement(
        "with cand as ("
            + " select distinct on (v.pk) i.ord, v.pk, v.stix_id, v.type, v.version, v.spec_version"
            + " from incoming i join object_version v on v.stix_id = i.stix_id and v.vkey = i.vkey and v.sha256 = i.sha256"
            + " where not exists (select 1 from collection_object c where c.collection_id = ? and c.object_pk = v.pk)"
            + " order by v.pk, i.ord),"
            + " numbered as (select cand.*, row_number() over (order by ord) as rn from cand)"
            + " insert into collection_object (collection_id, seq, object_pk, stix_id, type, version, spec_version, date_added)"
            + " select ?, ? + rn, pk, stix_id, type, version, spec_version, ?::timestamptz + (rn - 1) * interval '1 microsecond'"
            + " from numbered")) {
      s.setObject(1, collection);
      s.setObject(2, collection);
      s.setLong(3, lastSeq);
      s.setObject(4, base);
      inserted = s.executeUpdate();
    }
    if (inserted > 0 || mixedSpec) {
      try (PreparedStatement s = tx.prepareStatement(
          "update collection set last_seq = last_seq + ?, mixed_spec = mixed_spec or ?,"
              + " last_added = case when ? > 0 then ?::timestamptz + (? - 1) * interval '1 microsecond' else last_added end"
              + " where id = ?")) {
        s.setInt(1, inserted);
        s.setBoolean(2, mixedSpec);
        s.setInt(3, inserted);
        s.setObject(4, base);
        s.setInt(5, inserted);
        s.setObject(6, collection);
        s.executeUpdate();
      }
    }
    return outcomes(tx, collection, batch, lastSeq);
  }

  private List<AddOutcome> outcomes(Connection tx, UUID collection, List<NewObject> batch, long lastSeq) throws SQLException {
    List<AddOutcome> out = new ArrayList<>(batch.size());
    List<StoredVersion> stored = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    try (PreparedStatement s = tx.prepareStatement(
        "select i.ord, v.pk, v.sha256 = i.sha256, v.version, c.seq, c.date_added"
            + " from incoming i join object_version v on v.stix_id = i.stix_id and v.vkey = i.vkey"
            + " left join collection_object c on c.collection_id = ? and c.object_pk = v.pk order by i.ord")) {
      s.setObject(1, collection);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          int ord = r.getInt(1);
          long pk = r.getLong(2);
          boolean same = r.getBoolean(3);
          Instant version = r.getObject(4, OffsetDateTime.class).toInstant();
          NewObject o = batch.get(ord);
          if (!same) {
            out.add(new AddOutcome(ord, AddOutcome.Kind.CONFLICT, o.stixId(), version,
                "a different object with this id and version (modified) is already stored; change its modified to make a new version"));
          } else if (r.getLong(5) > lastSeq && seen.add(pk)) {
            Instant added = r.getObject(6, OffsetDateTime.class).toInstant();
            out.add(new AddOutcome(ord, AddOutcome.Kind.STORED, o.stixId(), version, null));
            stored.add(new StoredVersion(collection, r.getLong(5), o.stixId(), version, added, o.canonical()));
          } else {
            seen.add(pk);
            out.add(new AddOutcome(ord, AddOutcome.Kind.DUPLICATE, o.stixId(), version, "already in the collection"));
          }
        }
      }
    }
    if (!stored.isEmpty()) {
      stored.sort((a, b) -> Long.compare(a.seq(), b.seq()));
      hook.stored(tx, collection, stored);
    }
    return out;
  }

  /** One page of rows matching {@code q}, in insertion order, at the keyset position. */
  public Page page(ObjectQuery q) {
    return db.withConnection(c -> {
      Where w = where(q);
      String sql = "select c.seq, c.date_added, c.stix_id, c.type, c.version, c.spec_version"
          + (q.withBody() ? ", v.body from collection_object c join object_version v on v.pk = c.object_pk" : ", null from collection_object c")
          + " where c.collection_id = ? and c.seq > ?" + w.sql + " order by c.seq limit ?";
      try (PreparedStatement s = c.prepareStatement(sql)) {
        int i = 1;
        s.setObject(i++, q.collection());
        s.setLong(i++, q.afterSeq());
        i = w.bind(s, i);
        s.setInt(i, q.limit() + 1);
        List<ObjectRow> rows = new ArrayList<>(Math.min(q.limit() + 1, 1024));
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            rows.add(new ObjectRow(r.getLong(1), r.getObject(2, OffsetDateTime.class).toInstant(), r.getString(3),
                r.getString(4), r.getObject(5, OffsetDateTime.class).toInstant(), r.getString(6), r.getString(7)));
          }
        }
        boolean more = rows.size() > q.limit();
        return new Page(more ? rows.subList(0, q.limit()) : rows, more);
      }
    });
  }

  /**
   * Removes from the collection the versions of {@code stixId} that {@code versions} and
   * {@code specVersions} select, in one transaction with the hook; returns how many.
   */
  public int delete(UUID collection, String stixId, VersionFilter versions, List<String> specVersions) {
    ObjectQuery q = new ObjectQuery(collection, 0, null, 1, List.of(stixId), List.of(), versions, specVersions, false);
    return db.inTransaction(tx -> {
      try (PreparedStatement s = tx.prepareStatement("select 1 from collection where id = ? for update")) {
        s.setObject(1, collection);
        s.executeQuery().close();
      }
      Where w = where(q);
      List<long[]> removed = new ArrayList<>();
      Map<Long, StoredVersion> byPk = new HashMap<>();
      try (PreparedStatement s = tx.prepareStatement("delete from collection_object c using object_version v"
          + " where v.pk = c.object_pk and c.collection_id = ? and c.seq > ?" + w.sql
          + " returning c.seq, c.object_pk, c.version, c.date_added, v.canonical")) {
        int i = 1;
        s.setObject(i++, collection);
        s.setLong(i++, 0);
        w.bind(s, i);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            removed.add(new long[] {r.getLong(1), r.getLong(2)});
            byPk.put(r.getLong(2), new StoredVersion(collection, r.getLong(1), stixId,
                r.getObject(3, OffsetDateTime.class).toInstant(), r.getObject(4, OffsetDateTime.class).toInstant(), r.getBytes(5)));
          }
        }
      }
      if (!byPk.isEmpty()) {
        List<StoredVersion> list = new ArrayList<>(byPk.values());
        list.sort((a, b) -> Long.compare(a.seq(), b.seq()));
        hook.deleted(tx, collection, list);
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
          case "uuid", "time" -> s.setObject(i++, p[1]);
          case "text[]" -> s.setArray(i++, s.getConnection().createArrayOf("text", ((List<?>) p[1]).toArray()));
          default -> throw new IllegalStateException("parameter kind " + p[0]);
        }
      }
      return i;
    }
  }

  private static Where where(ObjectQuery q) {
    Where w = new Where();
    StringBuilder b = w.sqlBuilder;
    if (q.addedAfter() != null) {
      // date_added grows with seq, so "added after T" is "seq after the last one added at or before T"
      b.append(" and c.seq > (select coalesce(max(a.seq), 0) from collection_object a where a.collection_id = ? and a.date_added <= ?)");
      w.params.add(new Object[] {"uuid", q.collection()});
      w.params.add(new Object[] {"time", OffsetDateTime.ofInstant(q.addedAfter(), ZoneOffset.UTC)});
    }
    if (!q.ids().isEmpty()) {
      b.append(" and c.stix_id = any(?)");
      w.params.add(new Object[] {"text[]", q.ids()});
    }
    if (!q.types().isEmpty()) {
      b.append(" and c.type = any(?)");
      w.params.add(new Object[] {"text[]", q.types()});
    }
    String sameSpec = "";
    if (!q.specVersions().isEmpty()) {
      b.append(" and c.spec_version = any(?)");
      w.params.add(new Object[] {"text[]", q.specVersions()});
      sameSpec = " and s.spec_version = any(?)";
    } else {
      b.append(" and (not (select mixed_spec from collection where id = ?) or not exists (select 1 from collection_object s"
          + " where s.collection_id = c.collection_id and s.stix_id = c.stix_id and s.spec_version > c.spec_version))");
      w.params.add(new Object[] {"uuid", q.collection()});
    }
    VersionFilter v = q.versions();
    if (!v.all()) {
      List<String> any = new ArrayList<>();
      if (v.last()) any.add("not exists (select 1 from collection_object s where s.collection_id = c.collection_id"
          + " and s.stix_id = c.stix_id and s.version > c.version" + sameSpec + ")");
      if (v.first()) any.add("not exists (select 1 from collection_object s where s.collection_id = c.collection_id"
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
