package dev.parley.store.objects;

import dev.parley.store.NotFoundException;
import dev.parley.store.internal.CopyBinary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The second step of an add ({@link ObjectStore#add(Connection, StagedBatch)}): under the
 * collection's row lock, the staged versions become members, each with the next sequence and a
 * strictly later date_added, and the {@link WriteHook} sees them before the caller commits.
 *
 * <p>What the collection already holds is read without scanning it. Members of objects that had a
 * version stored before the batch was staged are probed by id; members of any other object can only
 * have been added since the batch was staged (a member needs a stored version), and those are the
 * rows after the sequence the stager saw, read in one range of the primary key. For a batch of new
 * objects, as in a bulk import, that range is at most the batches written meanwhile.
 */
final class MemberWriter {
  private final Connection tx;
  private final StagedBatch batch;
  private final Set<Long> memberPks = new HashSet<>();
  /** Per object id of the batch: the greatest version the collection holds, before this batch. */
  private final Map<String, Instant> newestMember = new HashMap<>();

  private final RecentMembers recent;

  private MemberWriter(Connection tx, StagedBatch batch, RecentMembers recent) {
    this.tx = tx;
    this.batch = batch;
    this.recent = recent;
  }

  static List<AddOutcome> add(Connection tx, StagedBatch batch, WriteHook hook, RecentMembers recent) throws SQLException {
    if (batch.objects.isEmpty()) return List.of();
    return new MemberWriter(tx, batch, recent).run(hook);
  }

  private List<AddOutcome> run(WriteHook hook) throws SQLException {
    ObjectStore.probePlans(tx);
    UUID collection = batch.collection;
    long lastSeq;
    Instant base;
    long deletes;
    try (PreparedStatement s = tx.prepareStatement(
        "select last_seq, greatest(clock_timestamp(), coalesce(last_added + interval '1 microsecond', clock_timestamp())), deletes"
            + " from collection where id = ? for update")) {
      s.setObject(1, collection);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) throw new NotFoundException("no collection " + collection);
        lastSeq = r.getLong(1);
        base = r.getObject(2, OffsetDateTime.class).toInstant();
        deletes = r.getLong(3);
      }
    }
    if (!batch.knownIds.isEmpty()) probeMembers();
    if (lastSeq > batch.seenSeq) {
      if (recent != null && recent.covers(collection, batch.seenSeq, lastSeq, deletes)) {
        Set<String> ids = batchIds();
        recent.forEachAfter(batch.seenSeq, (stixId, version, pk) -> {
          if (ids.contains(stixId)) member(stixId, version, pk);
        });
      } else {
        readMembersSince(batch.seenSeq);
      }
    }
    for (StagedVersion v : batch.versions) v.member = memberPks.contains(v.pk);

    List<NewObject> objects = batch.objects;
    List<AddOutcome> out = new ArrayList<>(objects.size());
    List<StoredVersion> stored = new ArrayList<>();
    List<StagedVersion> storedVersions = new ArrayList<>();
    Map<String, Instant> newest = new HashMap<>();
    boolean mixedSpec = false;
    for (int i = 0; i < objects.size(); i++) {
      NewObject o = objects.get(i);
      mixedSpec |= !"2.1".equals(o.specVersion());
      StagedVersion v = batch.versions.get(i);
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
        storedVersions.add(v);
        newest.merge(o.stixId(), v.version, (a, b) -> a.isAfter(b) ? a : b);
      }
    }
    if (!stored.isEmpty()) writeMembers(stored, storedVersions, newest, deletes);
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
   * The members of the objects stored before the batch. The lateral subquery forces a probe of
   * (collection_id, stix_id, ...) per id: statistics that lag a bulk load, or a collection nobody
   * has analyzed yet, otherwise lead the planner to scan the whole collection.
   */
  private void probeMembers() throws SQLException {
    try (PreparedStatement s = tx.prepareStatement("select c.stix_id, c.version, c.object_pk from unnest(?::text[]) k (id)"
        + " cross join lateral (select stix_id, version, object_pk from collection_object c"
        + " where c.collection_id = ? and c.stix_id = k.id offset 0) c")) {
      s.setObject(1, batch.knownIds.toArray(String[]::new));
      s.setObject(2, batch.collection);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) member(r.getString(1), r.getObject(2, OffsetDateTime.class).toInstant(), r.getLong(3));
      }
    }
  }

  /** The members added after {@code seq} (since the batch was staged) that are versions of the batch's objects. */
  private void readMembersSince(long seq) throws SQLException {
    Set<String> ids = batchIds();
    try (PreparedStatement s = tx.prepareStatement("select stix_id, version, object_pk from collection_object"
        + " where collection_id = ? and seq > ? order by seq")) {
      s.setObject(1, batch.collection);
      s.setLong(2, seq);
      s.setFetchSize(10_000);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String stixId = r.getString(1);
          if (ids.contains(stixId)) member(stixId, r.getObject(2, OffsetDateTime.class).toInstant(), r.getLong(3));
        }
      }
    }
  }

  private Set<String> batchIds() {
    Set<String> ids = new HashSet<>(batch.objects.size() * 2);
    for (NewObject o : batch.objects) ids.add(o.stixId());
    return ids;
  }

  private void member(String stixId, Instant version, long pk) {
    memberPks.add(pk);
    newestMember.merge(stixId, version, (a, b) -> a.isAfter(b) ? a : b);
  }

  /**
   * Writes the new members. The latest flag: a new member is the latest version of its object
   * unless a later one is already in the collection; when it is not, the member that was latest no
   * longer is.
   */
  private void writeMembers(List<StoredVersion> stored, List<StagedVersion> storedVersions, Map<String, Instant> newest, long deletes)
      throws SQLException {
    List<String> superseded = new ArrayList<>();
    for (Map.Entry<String, Instant> e : newest.entrySet()) {
      Instant before = newestMember.get(e.getKey());
      if (before != null && e.getValue().isAfter(before)) superseded.add(e.getKey());
    }
    if (!superseded.isEmpty()) {
      // probes by id as in probeMembers, then an update by row address: no plan can scan the collection
      try (PreparedStatement s = tx.prepareStatement("update collection_object set latest = false where ctid = any(array("
          + "select c.ctid from unnest(?::text[]) k (id) cross join lateral (select ctid from collection_object c"
          + " where c.collection_id = ? and c.stix_id = k.id and c.latest offset 0) c))")) {
        s.setObject(1, superseded.toArray(String[]::new));
        s.setObject(2, batch.collection);
        s.executeUpdate();
      }
    }
    if (recent != null) {
      String[] ids = new String[stored.size()];
      Instant[] versions = new Instant[stored.size()];
      long[] pks = new long[stored.size()];
      for (int i = 0; i < stored.size(); i++) {
        ids[i] = stored.get(i).stixId();
        versions[i] = stored.get(i).version();
        pks[i] = storedVersions.get(i).pk;
      }
      recent.writing(batch.collection, stored.get(0).seq() - 1, ids, versions, pks, deletes);
    }
    CopyBinary members = new CopyBinary(stored.size() * 160);
    for (int i = 0; i < stored.size(); i++) {
      StoredVersion m = stored.get(i);
      NewObject o = storedVersions.get(i).first;
      Instant old = newestMember.get(m.stixId());
      boolean latest = m.version().equals(newest.get(m.stixId())) && (old == null || m.version().isAfter(old));
      members.row(9).uuid(batch.collection).int8(m.seq()).int8(storedVersions.get(i).pk).text(o.stixId()).text(o.type())
          .timestamp(m.version()).text(o.specVersion()).timestamp(m.dateAdded()).bool(latest);
    }
    members.send(tx, "copy collection_object (collection_id, seq, object_pk, stix_id, type, version, spec_version, date_added, latest)"
        + " from stdin (format binary)");
  }
}
