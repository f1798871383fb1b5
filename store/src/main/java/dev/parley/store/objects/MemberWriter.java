package dev.parley.store.objects;

import dev.parley.store.NotFoundException;
import dev.parley.store.egress.FeedRows;
import dev.parley.store.internal.CopyBinary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The second step of an add ({@link ObjectStore#add(Connection, StagedBatch)}): under the
 * collection's row lock, the staged versions become members, each with the next sequence and a
 * strictly later date_added, and the {@link WriteHook} sees them before the caller commits.
 *
 * <p>Versions are judged by this collection's members alone: a collection holds at most one member
 * per slot (object id and version), and an incoming body that differs from the member in its slot
 * is a conflict, which {@link ConflictPolicy} settles. What other collections hold is never read.
 * An object without modified and created has one slot, and its version is the date this collection
 * first held it.
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
  private final WriteHook hook;
  private final AddMode mode;
  private final RecentMembers recent;
  /** The member in each slot of the batch's objects, before this batch and as it goes on. */
  private final Map<StagedVersion.Key, Member> members = new HashMap<>();
  /** Per object id of the batch: the greatest version the collection holds, before this batch. */
  private final Map<String, Instant> newestMember = new HashMap<>();

  /** A member of the collection: its object_version key, version, and (when added by this batch) its place. */
  private record Member(long pk, Instant version, long seq, Instant dateAdded) {}

  private long lastSeq;
  private Instant base;
  private long deletes;
  private int added;
  private boolean replaced;
  /** Members of this batch not yet written, in order. */
  private final List<StoredVersion> pending = new ArrayList<>();
  private final List<StagedVersion> pendingVersions = new ArrayList<>();
  private final Map<String, Instant> pendingNewest = new HashMap<>();
  /** What a blind add sent that the collection held already, logged as stored ones are ({@link WriteHook#heldAlready}). */
  private final List<StoredVersion> heldAlready = new ArrayList<>();
  /** Versions a peer sent that the collection held already (table peer_sent, for the echo rule). */
  private final Set<SentVersion> peerSentHeld = new LinkedHashSet<>();
  /** Versions a peer sent, stored as its members, whose bodies the store held before (in another collection). */
  private final Set<SentVersion> peerSentElsewhere = new LinkedHashSet<>();

  /** A version a peer sent, with its body ({@code object_version.pk}). */
  private record SentVersion(String stixId, Instant version, long objectPk) {}

  private MemberWriter(Connection tx, StagedBatch batch, WriteHook hook, AddMode mode, RecentMembers recent) {
    this.tx = tx;
    this.batch = batch;
    this.hook = hook;
    this.mode = mode;
    this.recent = recent;
  }

  static List<AddOutcome> add(Connection tx, StagedBatch batch, WriteHook hook, AddMode mode, RecentMembers recent)
      throws SQLException {
    if (batch.objects.isEmpty()) return List.of();
    return new MemberWriter(tx, batch, hook, mode, recent).run();
  }

  private List<AddOutcome> run() throws SQLException {
    ObjectStore.probePlans(tx);
    UUID collection = batch.collection;
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
        recent.forEachAfter(batch.seenSeq, (stixId, micros, version, pk) -> {
          if (ids.contains(stixId)) member(stixId, micros, version, pk);
        });
      } else {
        readMembersSince(batch.seenSeq);
      }
    }

    List<NewObject> objects = batch.objects;
    List<AddOutcome> out = new ArrayList<>(objects.size());
    boolean mixedSpec = false;
    for (int i = 0; i < objects.size(); i++) {
      NewObject o = objects.get(i);
      mixedSpec |= !"2.1".equals(o.specVersion());
      StagedVersion v = batch.versions.get(i);
      StagedVersion.Key slot = StagedVersion.key(o);
      boolean versioned = o.versionKey() != null;
      Member held = members.get(slot);
      if (held != null && held.pk() == v.pk) {
        out.add(new AddOutcome(i, AddOutcome.Kind.DUPLICATE, o.stixId(), held.version(), "already in the collection", versioned));
        if (mode.blind()) heldAlready(o, held);
        if (mode.sourcePeer() != null) peerSentHeld.add(new SentVersion(o.stixId(), held.version(), held.pk()));
      } else if (held != null && mode.onConflict() == ConflictPolicy.KEEP) {
        out.add(new AddOutcome(i, AddOutcome.Kind.CONFLICT, o.stixId(), held.version(), conflict(o, held), versioned));
        if (mode.blind()) heldAlready(o, held);
        // another body under the version held is not the version held: the peer did not send it, and
        // the echo rule does not withhold it from the peer (hostile run 10ab)
      } else {
        if (held != null) remove(o.stixId(), slot, held);
        Instant addedAt = base.plusNanos(1000L * added);
        Instant version = versioned ? v.version : addedAt;
        long seq = lastSeq + added + 1;
        added++;
        pending.add(new StoredVersion(collection, seq, o.stixId(), version, addedAt, o.canonical(), source()));
        pendingVersions.add(v);
        pendingNewest.merge(o.stixId(), version, (a, b) -> a.isAfter(b) ? a : b);
        members.put(slot, new Member(v.pk, version, seq, addedAt));
        if (mode.sourcePeer() != null && v.heldBefore) peerSentElsewhere.add(new SentVersion(o.stixId(), version, v.pk));
        out.add(new AddOutcome(i, held == null ? AddOutcome.Kind.STORED : AddOutcome.Kind.REPLACED, o.stixId(), version,
            held == null ? null : "replaced the version the collection held under this id and version", versioned));
      }
    }
    flush();
    if (!heldAlready.isEmpty()) hook.heldAlready(tx, collection, heldAlready);
    if (!peerSentHeld.isEmpty()) recordPeerSent();
    // a copy served to the peer from another collection before it sent this body leaves its feed now, as it
    // would at the feed's next rebuild: what the peer reads does not depend on when the feed was built
    if (!peerSentElsewhere.isEmpty()) {
      FeedRows.echoed(tx, mode.sourcePeer(), peerSentElsewhere.stream().map(SentVersion::stixId).toArray(String[]::new),
          peerSentElsewhere.stream().map(v -> v.version().toString()).toArray(String[]::new),
          peerSentElsewhere.stream().map(SentVersion::objectPk).toArray(Long[]::new));
    }
    if (added > 0 || mixedSpec) {
      try (PreparedStatement s = tx.prepareStatement(
          "update collection set last_seq = last_seq + ?, mixed_spec = mixed_spec or ?, last_added = coalesce(?, last_added) where id = ?")) {
        s.setInt(1, added);
        s.setBoolean(2, mixedSpec);
        s.setObject(3, added == 0 ? null : OffsetDateTime.ofInstant(base.plusNanos(1000L * (added - 1)), ZoneOffset.UTC));
        s.setObject(4, collection);
        s.executeUpdate();
      }
    }
    return out;
  }

  /** Records that the batch's peer sent the versions the collection held already (the echo rule reads them). */
  private void recordPeerSent() throws SQLException {
    try (PreparedStatement s = tx.prepareStatement("insert into peer_sent (stix_id, peer, version, object_pk)"
        + " select k.id, ?, k.v::timestamptz, k.pk from unnest(?::text[], ?::text[], ?::int8[]) k (id, v, pk) on conflict do nothing")) {
      String[] ids = peerSentHeld.stream().map(SentVersion::stixId).toArray(String[]::new);
      String[] versions = peerSentHeld.stream().map(v -> v.version().toString()).toArray(String[]::new);
      Long[] bodies = peerSentHeld.stream().map(SentVersion::objectPk).toArray(Long[]::new);
      s.setInt(1, mode.sourcePeer());
      s.setObject(2, ids);
      s.setObject(3, versions);
      s.setObject(4, bodies);
      s.executeUpdate();
      FeedRows.echoed(tx, mode.sourcePeer(), ids, versions, bodies);
    }
  }

  private void heldAlready(NewObject o, Member held) throws SQLException {
    heldAlready.add(new StoredVersion(batch.collection, held.seq(), o.stixId(), held.version(), held.dateAdded(), o.canonical(), source()));
  }

  private String sourceName;

  /**
   * The log name of the peer the batch came from (what its receive entries commit to, never the
   * peer's name), read once; null for objects made or imported here.
   */
  private String source() throws SQLException {
    if (mode.sourcePeer() == null) return null;
    if (sourceName == null) {
      try (PreparedStatement s = tx.prepareStatement("select log_name from peer where id = ?")) {
        s.setInt(1, mode.sourcePeer());
        try (ResultSet r = s.executeQuery()) {
          // a peer removed meanwhile: a name of the same form, its own
          sourceName = r.next() ? r.getString(1) : UUID.randomUUID().toString().replace("-", "");
        }
      }
    }
    return sourceName;
  }

  private static String conflict(NewObject o, Member held) {
    return "the collection holds a different object under this id and version" + (o.versionKey() == null ? "" : " (modified)")
        + "; to make a new version, change its modified; to correct the one held, load it again with --on-conflict replace"
        + " (parley import) or as an account with the replace right (TAXII)";
  }

  /**
   * Removes the member {@code held} of {@code slot} before its replacement is added: the members
   * of this batch written first (the removed one may be among them), then the delete, logged.
   */
  private void remove(String stixId, StagedVersion.Key slot, Member held) throws SQLException {
    flush();
    if (!replaced) {
      try (PreparedStatement s = tx.prepareStatement("update collection set deletes = deletes + 1 where id = ?")) {
        s.setObject(1, batch.collection);
        s.executeUpdate();
      }
      replaced = true; // memory of recent batches no longer holds: the next batch reads its members
    }
    Instant dateAdded = held.dateAdded();
    long seq = held.seq();
    try (PreparedStatement s = tx.prepareStatement("delete from collection_object where ctid = any(array("
        + "select c.ctid from collection_object c where c.collection_id = ? and c.stix_id = ? and c.object_pk = ?))"
        + " returning seq, date_added")) {
      s.setObject(1, batch.collection);
      s.setString(2, stixId);
      s.setLong(3, held.pk());
      try (ResultSet r = s.executeQuery()) {
        if (r.next()) {
          seq = r.getLong(1);
          dateAdded = r.getObject(2, OffsetDateTime.class).toInstant();
        }
      }
    }
    hook.deleted(tx, batch.collection, List.of(new StoredVersion(batch.collection, seq, stixId, held.version(), dateAdded, null)));
    FeedRows.forget(tx, batch.collection, stixId, new long[] {seq});
    members.remove(slot);
    // the replacement has the removed member's version: it is the newest exactly when the removed one was
    Instant newest = newestMember.get(stixId);
    if (newest != null && !newest.isAfter(held.version())) newestMember.remove(stixId);
  }

  /**
   * The members of the objects stored before the batch. The lateral subquery forces a probe of
   * (collection_id, stix_id, ...) per id: statistics that lag a bulk load, or a collection nobody
   * has analyzed yet, otherwise lead the planner to scan the whole collection.
   */
  private void probeMembers() throws SQLException {
    try (PreparedStatement s = tx.prepareStatement("select c.stix_id, c.version, c.object_pk, c.seq, c.date_added,"
        + " case when v.vkey = '-infinity' then null else (extract(epoch from v.vkey) * 1000000)::bigint end"
        + " from unnest(?::text[]) k (id)"
        + " cross join lateral (select stix_id, version, object_pk, seq, date_added from collection_object c"
        + " where c.collection_id = ? and c.stix_id = k.id offset 0) c"
        + " join object_version v on v.pk = c.object_pk")) {
      s.setObject(1, batch.knownIds.toArray(String[]::new));
      s.setObject(2, batch.collection);
      readMembers(s);
    }
  }

  /**
   * The members added after {@code seq} (since the batch was staged) that are versions of the batch's
   * objects: a probe per id, as in {@link #probeMembers}, the sequence number tested outside it.
   * Filtering the rows added since by {@code stix_id = any(?)} compared each row with every id of
   * the batch (a generic plan does not hash the array): two writers adding 4,000 objects each spent
   * a quarter of a second there a batch. With {@code seq > ?} inside the probe, the generic plan
   * walked the rows added since once per id instead.
   */
  private void readMembersSince(long seq) throws SQLException {
    Set<String> ids = batchIds();
    try (PreparedStatement s = tx.prepareStatement("select c.stix_id, c.version, c.object_pk, c.seq, c.date_added,"
        + " case when v.vkey = '-infinity' then null else (extract(epoch from v.vkey) * 1000000)::bigint end"
        + " from unnest(?::text[]) k (id)"
        + " cross join lateral (select stix_id, version, object_pk, seq, date_added from collection_object c"
        + " where c.collection_id = ? and c.stix_id = k.id offset 0) c"
        + " join object_version v on v.pk = c.object_pk where c.seq > ? order by c.seq")) {
      s.setObject(1, ids.toArray(String[]::new));
      s.setObject(2, batch.collection);
      s.setLong(3, seq);
      s.setFetchSize(10_000);
      readMembers(s);
    }
  }

  private void readMembers(PreparedStatement s) throws SQLException {
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        long micros = r.getLong(6);
        if (r.wasNull()) micros = StagedVersion.NO_VERSION;
        Member m = new Member(r.getLong(3), r.getObject(2, OffsetDateTime.class).toInstant(), r.getLong(4),
            r.getObject(5, OffsetDateTime.class).toInstant());
        member(r.getString(1), micros, m);
      }
    }
  }

  private void member(String stixId, long micros, Instant version, long pk) {
    member(stixId, micros, new Member(pk, version, -1, null));
  }

  private void member(String stixId, long micros, Member m) {
    members.put(new StagedVersion.Key(stixId, micros), m);
    newestMember.merge(stixId, m.version(), (a, b) -> a.isAfter(b) ? a : b);
  }

  private Set<String> batchIds() {
    Set<String> ids = new HashSet<>(batch.objects.size() * 2);
    for (NewObject o : batch.objects) ids.add(o.stixId());
    return ids;
  }

  /**
   * Writes the members not written yet and hands them to the hook. The latest flag: a new member
   * is the latest version of its object unless a later one is already in the collection; when it
   * is not, the member that was latest no longer is.
   */
  private void flush() throws SQLException {
    if (pending.isEmpty()) return;
    List<String> superseded = new ArrayList<>();
    for (Map.Entry<String, Instant> e : pendingNewest.entrySet()) {
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
      int n = pending.size();
      String[] ids = new String[n];
      long[] micros = new long[n];
      Instant[] versions = new Instant[n];
      long[] pks = new long[n];
      for (int i = 0; i < n; i++) {
        ids[i] = pending.get(i).stixId();
        micros[i] = StagedVersion.key(pendingVersions.get(i).first).micros();
        versions[i] = pending.get(i).version();
        pks[i] = pendingVersions.get(i).pk;
      }
      // a batch that replaced members is not remembered: the collection's delete count moved
      if (replaced) recent.forget();
      else recent.writing(batch.collection, pending.get(0).seq() - 1, ids, micros, versions, pks, deletes);
    }
    CopyBinary rows = new CopyBinary(pending.size() * 176);
    for (int i = 0; i < pending.size(); i++) {
      StoredVersion m = pending.get(i);
      NewObject o = pendingVersions.get(i).first;
      Instant old = newestMember.get(m.stixId());
      boolean latest = m.version().equals(pendingNewest.get(m.stixId())) && (old == null || m.version().isAfter(old));
      rows.row(11).uuid(batch.collection).int8(m.seq()).int8(pendingVersions.get(i).pk).text(o.stixId()).text(o.type())
          .timestamp(m.version()).text(o.specVersion()).timestamp(m.dateAdded()).bool(latest);
      if (mode.sourcePeer() == null) rows.nil();
      else rows.int4(mode.sourcePeer());
      if (mode.sourceAccount() == null) rows.nil();
      else rows.text(mode.sourceAccount());
    }
    rows.send(tx, "copy collection_object (collection_id, seq, object_pk, stix_id, type, version, spec_version, date_added, latest, source_peer,"
        + " source_account) from stdin (format binary)");
    hook.stored(tx, batch.collection, List.copyOf(pending));
    for (Map.Entry<String, Instant> e : pendingNewest.entrySet()) newestMember.merge(e.getKey(), e.getValue(), (a, b) -> a.isAfter(b) ? a : b);
    pending.clear();
    pendingVersions.clear();
    pendingNewest.clear();
  }
}
