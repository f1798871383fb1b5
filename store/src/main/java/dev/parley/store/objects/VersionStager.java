package dev.parley.store.objects;

import dev.parley.store.NotFoundException;
import dev.parley.store.StoreException;
import dev.parley.store.internal.CopyBinary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The first step of an add ({@link ObjectStore#stage}): every version of the batch is found or
 * stored in object_version. It takes no lock on the collection, so it may run while another
 * batch's members are written.
 *
 * <p>Three statements: a look-up by id of every stored version of the batch's objects (index
 * probes); keys for the new versions, a block of 1,000 a call; a binary COPY of the new versions.
 * Only when a concurrent writer stores one of the same versions between look-up and COPY does the
 * batch take the slower path through a temporary table and {@code insert ... on conflict do
 * nothing}.
 */
final class VersionStager {
  /** Keys one nextval stands for: the increment of object_version's sequence (migration V4). */
  private static final int KEY_BLOCK = 1000;

  /**
   * The order in which new versions go into object_version. Two batches that store some of the same
   * versions at once (two detection runs storing the same SCOs) wait for each other at the unique
   * index on (stix_id, vkey, sha256): in the order of their batches, each could hold a version the
   * other waits for, and PostgreSQL ended one of them as a deadlock. In one order, the first to
   * reach a shared version goes on and the other waits for it.
   */
  private static final Comparator<StagedVersion> INSERT_ORDER = Comparator.<StagedVersion, String>comparing(v -> v.first.stixId())
      .thenComparing(v -> v.first.versionKey(), Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(v -> v.first.sha256(), Arrays::compare);

  private final Connection tx;
  private final Map<StagedVersion.Body, StagedVersion> versions;
  private final Set<String> knownIds = new HashSet<>();

  private VersionStager(Connection tx, int size) {
    this.tx = tx;
    this.versions = new HashMap<>(size * 2);
  }

  static StagedBatch stage(Connection tx, UUID collection, List<NewObject> batch) throws SQLException {
    return new VersionStager(tx, batch.size()).run(collection, batch);
  }

  private StagedBatch run(UUID collection, List<NewObject> batch) throws SQLException {
    ObjectStore.probePlans(tx);
    long seenSeq;
    try (PreparedStatement s = tx.prepareStatement("select last_seq from collection where id = ?")) {
      s.setObject(1, collection);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) throw new NotFoundException("no collection " + collection);
        seenSeq = r.getLong(1);
      }
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    List<StagedVersion> fresh = new ArrayList<>(batch.size());
    List<StagedVersion> perObject = new ArrayList<>(batch.size());
    for (NewObject o : batch) {
      perObject.add(versions.computeIfAbsent(StagedVersion.body(o), k -> {
        StagedVersion v = new StagedVersion(o, o.versionKey() == null ? now : o.versionKey());
        fresh.add(v);
        return v;
      }));
    }
    if (!fresh.isEmpty()) lookUp(fresh);
    List<StagedVersion> missing = new ArrayList<>(fresh.size());
    for (StagedVersion v : fresh) if (v.pk == 0) missing.add(v);
    missing.sort(INSERT_ORDER);
    List<StagedVersion> written = new ArrayList<>(missing.size());
    if (!missing.isEmpty() && copyVersions(missing)) {
      written = missing;
    } else if (!missing.isEmpty()) {
      // a concurrent writer stored one of these versions since the look-up: let the unique index decide
      insertVersions(missing);
      for (StagedVersion v : missing) if (v.pk != 0) written.add(v);
      List<StagedVersion> raced = new ArrayList<>();
      for (StagedVersion v : missing) if (v.pk == 0) raced.add(v);
      if (!raced.isEmpty()) lookUp(raced);
      for (StagedVersion v : raced) {
        if (v.pk == 0) throw new StoreException("object version " + v.first.stixId() + " is neither new nor stored");
      }
    }
    copySearch(written);
    return new StagedBatch(collection, batch, perObject, knownIds, seenSeq);
  }

  /**
   * What the search index keeps of the versions this batch wrote, for the indexer to move into
   * object_search (migration V43): a heap row and a key each, no trigram index in the write path.
   */
  private void copySearch(List<StagedVersion> written) throws SQLException {
    CopyBinary copy = null;
    for (StagedVersion v : written) {
      Searchable s = v.first.search();
      if (s == null) continue;
      if (copy == null) copy = new CopyBinary(written.size() * 64);
      copy.row(5).int8(v.pk).text(s.text()).text(s.sourceRef()).text(s.targetRef()).textArray(s.markings());
    }
    if (copy != null) copy.send(tx, "copy object_search_pending (pk, text, source_ref, target_ref, markings) from stdin (format binary)");
  }

  /**
   * Reads every stored body of the objects of {@code wanted}: for those of the batch, their key and
   * version; and which objects have any version stored (in any collection: this only tells which
   * objects the member look-up must probe, never what is accepted).
   *
   * <p>The lateral subquery forces the plan this needs, a probe of the (stix_id, vkey) index per
   * id. Written as a join, the planner went by statistics that lag a bulk load by hundreds of
   * thousands of rows and hashed the batch against a full scan of object_version: each batch of a
   * 1,000,000-object import took longer than the one before (20 ms, then 100 ms, then 900 ms) until
   * autovacuum analyzed the table.
   */
  private void lookUp(List<StagedVersion> wanted) throws SQLException {
    Set<String> ids = new LinkedHashSet<>();
    for (StagedVersion v : wanted) ids.add(v.first.stixId());
    try (PreparedStatement s = tx.prepareStatement(
        "select v.pk, v.stix_id, case when v.vkey = '-infinity' then null else (extract(epoch from v.vkey) * 1000000)::bigint end,"
            + " v.sha256, v.version"
            + " from unnest(?::text[]) k (id)"
            + " cross join lateral (select * from object_version v where v.stix_id = k.id offset 0) v")) {
      s.setObject(1, ids.toArray(String[]::new)); // a String[] goes in the binary array format: nothing to escape
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String stixId = r.getString(2);
          long micros = r.getLong(3);
          StagedVersion.Key key = new StagedVersion.Key(stixId, r.wasNull() ? StagedVersion.NO_VERSION : micros);
          StagedVersion v = versions.get(new StagedVersion.Body(key, new StagedVersion.Digest(r.getBytes(4))));
          knownIds.add(stixId); // some version was stored before this batch
          if (v == null) continue; // another version or body of an object of the batch
          v.pk = r.getLong(1);
          v.heldBefore = true;
          if (key.micros() != StagedVersion.NO_VERSION) v.version = r.getObject(5, OffsetDateTime.class).toInstant();
        }
      }
    }
  }

  /**
   * The fast path for versions the look-up did not find: keys from the sequence, then COPY
   * straight into object_version. Returns false, with nothing written and no key set, when a
   * concurrent writer stored one of them meanwhile.
   */
  private boolean copyVersions(List<StagedVersion> missing) throws SQLException {
    long[] pks = new long[missing.size()];
    try (PreparedStatement s = tx.prepareStatement(
        "select nextval(pg_get_serial_sequence('object_version', 'pk')) from generate_series(1, ?)")) {
      s.setInt(1, (pks.length + KEY_BLOCK - 1) / KEY_BLOCK);
      try (ResultSet r = s.executeQuery()) {
        for (int block = 0; r.next(); block++) {
          long start = r.getLong(1);
          for (int i = block * KEY_BLOCK; i < Math.min(pks.length, (block + 1) * KEY_BLOCK); i++) pks[i] = start + i - block * KEY_BLOCK;
        }
      }
    }
    CopyBinary copy = new CopyBinary(missing.size() * 700);
    for (int i = 0; i < pks.length; i++) {
      copy.row(8).int8(pks[i]);
      versionFields(copy, missing.get(i));
    }
    Savepoint before = tx.getAutoCommit() ? null : tx.setSavepoint();
    try {
      copy.send(tx, "copy object_version (pk, stix_id, type, vkey, version, spec_version, sha256, body) from stdin (format binary)");
      if (before != null) tx.releaseSavepoint(before);
    } catch (SQLException e) {
      if (!"23505".equals(e.getSQLState()) || before == null) throw e;
      tx.rollback(before);
      return false;
    }
    for (int i = 0; i < pks.length; i++) missing.get(i).pk = pks[i];
    return true;
  }

  private static void versionFields(CopyBinary copy, StagedVersion v) {
    NewObject o = v.first;
    copy.text(o.stixId()).text(o.type());
    if (o.versionKey() == null) copy.minusInfinity();
    else copy.timestamp(o.versionKey());
    copy.timestamp(v.version).text(o.specVersion()).bytes(o.sha256()).bytes(o.body());
  }

  /** Inserts the versions not stored yet; sets the primary key of each one inserted. */
  private void insertVersions(List<StagedVersion> fresh) throws SQLException {
    try (Statement s = tx.createStatement()) {
      s.execute("create temp table if not exists incoming (ord bigint, stix_id text, type text, vkey timestamptz,"
          + " version timestamptz, spec_version text, sha256 bytea, body text) on commit delete rows");
      s.execute("truncate incoming");
    }
    CopyBinary copy = new CopyBinary(fresh.size() * 700);
    for (int i = 0; i < fresh.size(); i++) {
      copy.row(8).int8(i);
      versionFields(copy, fresh.get(i));
    }
    copy.send(tx, "copy incoming from stdin (format binary)");
    try (Statement s = tx.createStatement();
        ResultSet r = s.executeQuery("insert into object_version (stix_id, type, vkey, version, spec_version, sha256, body)"
            + " select stix_id, type, vkey, version, spec_version, sha256, body from incoming order by ord"
            + " on conflict (stix_id, vkey, sha256) do nothing"
            + " returning pk, stix_id, case when vkey = '-infinity' then null else (extract(epoch from vkey) * 1000000)::bigint end, sha256")) {
      while (r.next()) {
        String stixId = r.getString(2);
        long micros = r.getLong(3);
        StagedVersion.Key key = new StagedVersion.Key(stixId, r.wasNull() ? StagedVersion.NO_VERSION : micros);
        versions.get(new StagedVersion.Body(key, new StagedVersion.Digest(r.getBytes(4)))).pk = r.getLong(1);
      }
    }
  }
}
