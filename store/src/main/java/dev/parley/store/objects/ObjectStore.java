package dev.parley.store.objects;

import dev.parley.store.internal.CopyText;
import dev.parley.store.Database;
import dev.parley.store.NotFoundException;
import dev.parley.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
   *
   * <p>Three statements do the work, none of which scans or joins the large tables: a look-up by key
   * of the batch's versions (index probes), COPY straight into object_version of those not found
   * (with keys taken from its sequence), and COPY straight into collection_object, since a version
   * is a member at most once. Sequence numbers and outcomes are worked out here. Only when a
   * concurrent writer stores one of the same versions between look-up and COPY does the batch take
   * the slower path through a temporary table and {@code insert ... on conflict do nothing}.
   */
  public List<AddOutcome> add(Connection tx, UUID collection, List<NewObject> batch) throws SQLException {
    if (batch.isEmpty()) return List.of();
    genericPlans(tx);
    long lastSeq;
    Instant base;
    try (PreparedStatement s = tx.prepareStatement(
        "select last_seq, greatest(clock_timestamp(), coalesce(last_added + interval '1 microsecond', clock_timestamp()))"
            + " from collection where id = ? for update")) {
      s.setObject(1, collection);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) throw new NotFoundException("no collection " + collection);
        lastSeq = r.getLong(1);
        base = r.getObject(2, OffsetDateTime.class).toInstant();
      }
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Map<String, Version> versions = new HashMap<>(batch.size() * 2);
    List<Version> fresh = new ArrayList<>(batch.size());
    boolean mixedSpec = false;
    for (NewObject o : batch) {
      mixedSpec |= !"2.1".equals(o.specVersion());
      versions.computeIfAbsent(key(o.stixId(), o.versionKey() == null ? null : micros(o.versionKey())), k -> {
        Version v = new Version(o, o.versionKey() == null ? now : o.versionKey());
        fresh.add(v);
        return v;
      });
    }
    lookUp(tx, collection, fresh, versions);
    List<Version> missing = new ArrayList<>(fresh.size());
    for (Version v : fresh) if (v.pk == 0) missing.add(v);
    if (!missing.isEmpty() && !copyVersions(tx, missing)) {
      // a concurrent writer stored one of these versions since the look-up: let the unique index decide
      insertVersions(tx, missing, versions);
      List<Version> raced = new ArrayList<>();
      for (Version v : missing) if (v.pk == 0) raced.add(v);
      if (!raced.isEmpty()) lookUp(tx, collection, raced, versions);
      for (Version v : raced) {
        if (v.pk == 0) throw new StoreException("object version " + v.first.stixId() + " is neither new nor stored");
      }
    }

    List<AddOutcome> out = new ArrayList<>(batch.size());
    List<StoredVersion> stored = new ArrayList<>();
    List<NewObject> storedObjects = new ArrayList<>();
    List<Long> storedPks = new ArrayList<>();
    Map<String, Instant> newest = new HashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      NewObject o = batch.get(i);
      Version v = versions.get(key(o.stixId(), o.versionKey() == null ? null : micros(o.versionKey())));
      if (!Arrays.equals(v.sha256, o.sha256())) {
        out.add(new AddOutcome(i, AddOutcome.Kind.CONFLICT, o.stixId(), v.version,
            "a different object with this id and version (modified) is already stored; change its modified to make a new version"));
      } else if (v.member) {
        out.add(new AddOutcome(i, AddOutcome.Kind.DUPLICATE, o.stixId(), v.version, "already in the collection"));
      } else {
        v.member = true;
        long seq = lastSeq + stored.size() + 1;
        Instant added = base.plusNanos(1000L * stored.size());
        out.add(new AddOutcome(i, AddOutcome.Kind.STORED, o.stixId(), v.version, null));
        stored.add(new StoredVersion(collection, seq, o.stixId(), v.version, added, o.canonical()));
        storedObjects.add(o);
        storedPks.add(v.pk);
        newest.merge(o.stixId(), v.version, (a, b) -> a.isAfter(b) ? a : b);
      }
    }
    if (!stored.isEmpty()) {
      // the latest flag: a new member is the latest version of its object unless a later one is
      // already in the collection; when it is, the member that was latest no longer is
      Map<String, Instant> before = newestMembers(tx, collection, newest.keySet());
      List<String> superseded = new ArrayList<>();
      for (Map.Entry<String, Instant> e : before.entrySet()) {
        if (newest.get(e.getKey()).isAfter(e.getValue())) superseded.add(e.getKey());
      }
      if (!superseded.isEmpty()) {
        try (PreparedStatement s = tx.prepareStatement(
            "update collection_object set latest = false where collection_id = ? and stix_id = any(?) and latest")) {
          s.setObject(1, collection);
          s.setArray(2, tx.createArrayOf("text", superseded.toArray()));
          s.executeUpdate();
        }
      }
      CopyText members = new CopyText();
      String collectionText = collection.toString();
      for (int i = 0; i < stored.size(); i++) {
        StoredVersion m = stored.get(i);
        NewObject o = storedObjects.get(i);
        Instant old = before.get(m.stixId());
        boolean latest = m.version().equals(newest.get(m.stixId())) && (old == null || m.version().isAfter(old));
        members.text(collectionText).number(m.seq()).number(storedPks.get(i)).text(o.stixId()).text(o.type())
            .text(Timestamps.format(m.version())).text(o.specVersion()).text(Timestamps.format(m.dateAdded()))
            .text(latest ? "t" : "f").endRow();
      }
      members.send(tx, "copy collection_object (collection_id, seq, object_pk, stix_id, type, version, spec_version, date_added, latest)"
          + " from stdin");
    }
    if (!stored.isEmpty() || mixedSpec) {
      try (PreparedStatement s = tx.prepareStatement(
          "update collection set last_seq = last_seq + ?, mixed_spec = mixed_spec or ?, last_added = coalesce(?, last_added) where id = ?")) {
        s.setInt(1, stored.size());
        s.setBoolean(2, mixedSpec);
        s.setObject(3, stored.isEmpty() ? null : OffsetDateTime.ofInstant(stored.get(stored.size() - 1).dateAdded(), ZoneOffset.UTC));
        s.setObject(4, collection);
        s.executeUpdate();
      }
      if (!stored.isEmpty()) hook.stored(tx, collection, stored);
    }
    return out;
  }

  /**
   * For each of {@code stixIds} that the collection holds a version of: its latest version there.
   *
   * <p>The query starts from object_version, whose statistics always fit, and checks membership with
   * the unique (collection_id, object_pk) index. Asked of collection_object by (collection_id,
   * stix_id), the planner took a collection nobody had analyzed yet for an empty one and scanned all
   * of it per id through (collection_id, date_added): a 10,000-object POST to a new collection of a
   * million-object node took 23 s, then 44 s, then 77 s.
   */
  private static Map<String, Instant> newestMembers(Connection tx, UUID collection, java.util.Set<String> stixIds) throws SQLException {
    Map<String, Instant> out = new HashMap<>();
    try (PreparedStatement s = tx.prepareStatement("select v.stix_id, max(v.version) from unnest(?::text[]) k (id)"
        + " join object_version v on v.stix_id = k.id"
        + " where exists (select 1 from collection_object c where c.collection_id = ? and c.object_pk = v.pk)"
        + " group by v.stix_id")) {
      s.setArray(1, tx.createArrayOf("text", stixIds.toArray()));
      s.setObject(2, collection);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) out.put(r.getString(1), r.getObject(2, OffsetDateTime.class).toInstant());
      }
    }
    return out;
  }

  /**
   * Plans this transaction's statements for any collection rather than for the one at hand. A
   * collection the statistics do not know yet (every new one) is estimated at one row; the planner
   * then treats every index that starts with collection_id as equally good and may scan the whole
   * collection through (collection_id, date_added) once per probed row. Generic plans estimate from
   * the number of distinct collections and pick the index that fits the whole condition.
   */
  private static void genericPlans(Connection tx) throws SQLException {
    try (Statement s = tx.createStatement()) {
      s.execute("set local plan_cache_mode = force_generic_plan");
    }
  }

  /** One object version of a batch: what is stored under its key, and whether it is a member of the collection. */
  private static final class Version {
    final NewObject first;
    long pk;
    byte[] sha256;
    Instant version;
    boolean member;

    Version(NewObject first, Instant version) {
      this.first = first;
      this.sha256 = first.sha256();
      this.version = version;
    }
  }

  private static String key(String stixId, Long versionMicros) {
    return versionMicros == null ? stixId : stixId + '|' + versionMicros;
  }

  private static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  /**
   * The fast path for versions the look-up did not find: primary keys from the sequence, then COPY
   * straight into object_version. Returns false, with nothing written and no key set, when a
   * concurrent writer stored one of them meanwhile.
   */
  private static boolean copyVersions(Connection tx, List<Version> missing) throws SQLException {
    long[] pks = new long[missing.size()];
    try (PreparedStatement s = tx.prepareStatement("select nextval(pg_get_serial_sequence('object_version', 'pk')) from generate_series(1, ?)")) {
      s.setInt(1, pks.length);
      try (ResultSet r = s.executeQuery()) {
        for (int i = 0; r.next(); i++) pks[i] = r.getLong(1);
      }
    }
    CopyText copy = new CopyText();
    for (int i = 0; i < pks.length; i++) {
      Version v = missing.get(i);
      NewObject o = v.first;
      copy.number(pks[i]).text(o.stixId()).text(o.type()).text(o.versionKey() == null ? "-infinity" : Timestamps.format(o.versionKey()))
          .text(Timestamps.format(v.version)).text(o.specVersion()).bytes(o.sha256()).bytes(o.canonical()).text(o.body()).endRow();
    }
    Savepoint before = tx.setSavepoint();
    try {
      copy.send(tx, "copy object_version (pk, stix_id, type, vkey, version, spec_version, sha256, canonical, body) from stdin");
      tx.releaseSavepoint(before);
    } catch (SQLException e) {
      if (!"23505".equals(e.getSQLState())) throw e;
      tx.rollback(before);
      return false;
    }
    for (int i = 0; i < pks.length; i++) missing.get(i).pk = pks[i];
    return true;
  }

  /** Inserts the versions not stored yet; sets the primary key of each one inserted. */
  private static void insertVersions(Connection tx, List<Version> fresh, Map<String, Version> versions) throws SQLException {
    try (Statement s = tx.createStatement()) {
      s.execute("create temp table if not exists incoming (ord int, stix_id text, type text, vkey timestamptz,"
          + " version timestamptz, spec_version text, sha256 bytea, canonical bytea, body text) on commit delete rows");
      s.execute("truncate incoming");
    }
    CopyText copy = new CopyText();
    for (int i = 0; i < fresh.size(); i++) {
      Version v = fresh.get(i);
      NewObject o = v.first;
      copy.number(i).text(o.stixId()).text(o.type()).text(o.versionKey() == null ? "-infinity" : Timestamps.format(o.versionKey()))
          .text(Timestamps.format(v.version)).text(o.specVersion()).bytes(o.sha256()).bytes(o.canonical()).text(o.body()).endRow();
    }
    copy.send(tx, "copy incoming from stdin");
    try (Statement s = tx.createStatement();
        ResultSet r = s.executeQuery("insert into object_version (stix_id, type, vkey, version, spec_version, sha256, canonical, body)"
            + " select stix_id, type, vkey, version, spec_version, sha256, canonical, body from incoming order by ord"
            + " on conflict (stix_id, vkey) do nothing"
            + " returning pk, stix_id, case when vkey = '-infinity' then null else (extract(epoch from vkey) * 1000000)::bigint end")) {
      while (r.next()) {
        long micros = r.getLong(3);
        Long versionMicros = r.wasNull() ? null : micros;
        versions.get(key(r.getString(2), versionMicros)).pk = r.getLong(1);
      }
    }
  }

  /** For those of {@code known} that are stored: their key, hash and version, and whether the collection holds them. */
  private static void lookUp(Connection tx, UUID collection, List<Version> known, Map<String, Version> versions) throws SQLException {
    String[] ids = new String[known.size()];
    String[] vkeys = new String[known.size()];
    for (int i = 0; i < ids.length; i++) {
      NewObject o = known.get(i).first;
      ids[i] = o.stixId();
      vkeys[i] = o.versionKey() == null ? "-infinity" : Timestamps.format(o.versionKey());
    }
    try (PreparedStatement s = tx.prepareStatement(
        "select v.pk, v.stix_id, case when v.vkey = '-infinity' then null else (extract(epoch from v.vkey) * 1000000)::bigint end,"
            + " v.sha256, v.version, exists (select 1 from collection_object c where c.collection_id = ? and c.object_pk = v.pk)"
            + " from unnest(?::text[], ?::timestamptz[]) k (stix_id, vkey) join object_version v on v.stix_id = k.stix_id and v.vkey = k.vkey")) {
      s.setObject(1, collection);
      s.setArray(2, tx.createArrayOf("text", ids));
      s.setArray(3, tx.createArrayOf("text", vkeys));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          long micros = r.getLong(3);
          Long versionMicros = r.wasNull() ? null : micros;
          Version v = versions.get(key(r.getString(2), versionMicros));
          v.pk = r.getLong(1);
          v.sha256 = r.getBytes(4);
          v.version = r.getObject(5, OffsetDateTime.class).toInstant();
          v.member = r.getBoolean(6);
        }
      }
    }
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
      genericPlans(tx);
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
      // without a spec_version filter, "last" is the flag kept on write; with one, it is the last among those
      if (v.last()) any.add(sameSpec.isEmpty() ? "c.latest" : "not exists (select 1 from collection_object s where s.collection_id = c.collection_id"
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
