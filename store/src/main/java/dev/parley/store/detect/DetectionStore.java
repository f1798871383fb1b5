package dev.parley.store.detect;

import dev.parley.store.Database;
import dev.parley.store.objects.ObjectRow;
import dev.parley.store.objects.Page;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * What detection keeps in the database: the records already counted per source (so that a record
 * sent again within {@link #REPEAT_WINDOW} is not counted twice), the positions of followed
 * telemetry files, the node's sighting identity, the marks by which a change of a collection's
 * members is seen, and the versions it gained since. Thread-safe; every method runs in its own transaction.
 */
public final class DetectionStore {
  /** How long a counted record refuses its byte-identical repetition from the same source. */
  public static final Duration REPEAT_WINDOW = Duration.ofHours(24);

  private final Database db;

  public DetectionStore(Database db) {
    this.db = db;
  }

  /**
   * What {@code source} counted within the window before {@code now}, with when: the keys of (record,
   * indicator) pairs (the record's digest and the indicator's id), or, kept before counting was per
   * indicator, a record's digest alone.
   */
  public Map<String, Instant> counted(String source, Instant now) {
    return countedAfter(source, 0, now).keys();
  }

  /** Keys counted, with when, and the place in the order of writing of the last of them (or the place asked after). */
  public record Learned(Map<String, Instant> keys, long upTo) {}

  /**
   * What {@code source} counted within the window before {@code now} and was written after place
   * {@code after} in the order of writing ({@code detect_counted.seq}, V71; 0 for all): a reader that
   * holds the source's lock, so that every run over it has committed, reads what is new since its
   * last reading, by any process.
   */
  public Learned countedAfter(String source, long after, Instant now) {
    Map<String, Instant> out = new HashMap<>();
    long upTo = eachCountedAfter(source, after, now, (key, at) -> out.merge(key, at, DetectionStore::later));
    return new Learned(out, upTo);
  }

  /**
   * As {@link #countedAfter}, each key given to {@code each} as it is read (a key counted by several
   * runs, once for each), without a map of them all; returns the place read up to.
   */
  public long eachCountedAfter(String source, long after, Instant now, BiConsumer<String, Instant> each) {
    // in a transaction, so that the driver fetches the rows a few at a time (a day of a busy source's runs is gigabytes)
    return db.inTransaction(c -> {
      OffsetDateTime horizon = OffsetDateTime.ofInstant(now.minus(REPEAT_WINDOW), ZoneOffset.UTC);
      long upTo = after;
      // the keys written one a row before V73, then the runs' packed keys, each in the order written: a window that
      // must forget some to stay within its bound forgets the earliest
      try (PreparedStatement s = countedSince(c, "digest", "detect_counted", source, after, horizon, 10_000)) {
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            each.accept(r.getString(1), r.getObject(2, OffsetDateTime.class).toInstant());
            upTo = Math.max(upTo, r.getLong(3));
          }
        }
      }
      try (PreparedStatement s = countedSince(c, "packed", "detect_counted_run", source, after, horizon, 4)) {
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            Instant at = r.getObject(2, OffsetDateTime.class).toInstant();
            CountedKeys.unpack(r.getBytes(1), key -> each.accept(key, at));
            upTo = Math.max(upTo, r.getLong(3));
          }
        }
      }
      return upTo;
    });
  }

  /** The rows of {@code table} that {@code source} wrote after place {@code after} and within the window, in the order written. */
  private static PreparedStatement countedSince(Connection c, String keys, String table, String source, long after,
      OffsetDateTime horizon, int fetchSize) throws SQLException {
    PreparedStatement s = c.prepareStatement("select " + keys + ", counted_at, seq from " + table
        + " where source = ? and seq > ? and counted_at > ? order by seq");
    s.setString(1, source);
    s.setLong(2, after);
    s.setObject(3, horizon);
    s.setFetchSize(fetchSize);
    return s;
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /**
   * Records that these keys of {@code source} were counted at {@code now} (a key counted again is
   * counted when the latest run says), and forgets every key counted before the window. The keys go
   * in one row ({@link CountedKeys}), whatever their number.
   */
  public void countedNow(String source, Collection<String> digests, Instant now) {
    countedNow(source, digests, now, List.of(), List.of());
  }

  /**
   * As {@link #countedNow(String, Collection, Instant)}, and in the same transaction saves the held
   * sightings {@code held} (a row each, by id: what a node stopped hard writes at its next start,
   * {@link #held}) and marks those {@code written} as written: their sightings have been stored. A
   * save merges into its row, never back: the count and last time only grow, the first only falls,
   * and objects replace the row's only from a save of a larger count (saves of one sighting may
   * arrive out of order); a row marked written takes no save.
   */
  public void countedNow(String source, Collection<String> digests, Instant now, List<Held> held, Collection<UUID> written) {
    countedNow(source, digests, now, held, written, List.of());
  }

  /**
   * As {@link #countedNow(String, Collection, Instant, List, Collection)}, and in the same transaction
   * saves {@code unwritten}, the objects the run is about to store (V77): a process stopped before
   * they are all stored leaves them to {@link #unwritten}, never its keys without them. Returns the
   * ids of their rows, for {@link #stored}.
   */
  public List<Long> countedNow(String source, Collection<String> digests, Instant now, List<Held> held, Collection<UUID> written,
      List<Unwritten> unwritten) {
    return db.inTransaction(c -> {
      counted(c, source, digests, now);
      if (!held.isEmpty()) save(c, source, held, now);
      if (!written.isEmpty()) written(c, source, written, now);
      return unwritten.isEmpty() ? List.<Long>of() : saveUnwritten(c, unwritten);
    });
  }

  /** Objects of sightings to store in {@code collection}: {@code objects}, their JSON array; {@code id}: their row's, 0 before it is saved. */
  public record Unwritten(long id, UUID collection, String objects) {}

  private static List<Long> saveUnwritten(Connection c, List<Unwritten> rows) throws SQLException {
    List<Long> ids = new ArrayList<>(rows.size());
    try (PreparedStatement s = c.prepareStatement("insert into detect_unwritten (collection, objects) values (?, ?) returning id")) {
      for (Unwritten u : rows) {
        s.setObject(1, u.collection());
        s.setString(2, u.objects());
        try (ResultSet r = s.executeQuery()) {
          r.next();
          ids.add(r.getLong(1));
        }
      }
    }
    return ids;
  }

  /** The ids of the rows of objects saved and not yet stored, oldest first (a hard stop's, or a failed store's). */
  public List<Long> unwrittenIds() {
    return db.withConnection(c -> {
      List<Long> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("select id from detect_unwritten order by id"); ResultSet r = s.executeQuery()) {
        while (r.next()) out.add(r.getLong(1));
      }
      return out;
    });
  }

  /** A row of objects saved and not yet stored; empty when another process stored it meanwhile. */
  public Optional<Unwritten> unwritten(long id) {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select collection, objects from detect_unwritten where id = ?")) {
        s.setLong(1, id);
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? Optional.of(new Unwritten(id, r.getObject(1, UUID.class), r.getString(2))) : Optional.<Unwritten>empty();
        }
      }
    });
  }

  /** Deletes the rows of objects now stored in their collection. */
  public void stored(Collection<Long> ids) {
    if (ids.isEmpty()) return;
    db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("delete from detect_unwritten where id = any(?)")) {
        s.setArray(1, c.createArrayOf("bigint", ids.toArray()));
        s.executeUpdate();
      }
      return null;
    });
  }

  /** Inserts the run's row of keys, and prunes both tables of keys to the window. */
  private static void counted(Connection c, String source, Collection<String> digests, Instant now) throws SQLException {
    OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
    if (!digests.isEmpty()) {
      try (PreparedStatement s = c.prepareStatement("insert into detect_counted_run (source, counted_at, keys, packed) values (?, ?, ?, ?)")) {
        s.setString(1, source);
        s.setObject(2, at);
        s.setInt(3, digests.size());
        s.setBytes(4, CountedKeys.pack(digests));
        s.executeUpdate();
      }
    }
    OffsetDateTime horizon = OffsetDateTime.ofInstant(now.minus(REPEAT_WINDOW), ZoneOffset.UTC);
    for (String table : List.of("detect_counted_run", "detect_counted")) {
      try (PreparedStatement s = c.prepareStatement("delete from " + table + " where counted_at <= ?")) {
        s.setObject(1, horizon);
        s.executeUpdate();
      }
    }
  }

  /**
   * A sighting held for its owner's budget, as saved: {@code objects}, the JSON array of the objects
   * it is written as, or null when they are unchanged since the last save (a save of the count and
   * times only); {@code count}, {@code firstSeen} and {@code lastSeen} are those of its sighting now.
   */
  public record Held(UUID id, String objects, long count, Instant firstSeen, Instant lastSeen, Integer matchedOwner) {
    /** A held sighting whose matched version's writer is not known (V78). */
    public Held(UUID id, String objects, long count, Instant firstSeen, Instant lastSeen) {
      this(id, objects, count, firstSeen, lastSeen, null);
    }
  }

  /** One statement for a run's saves, whatever their number (a row a statement cost a run of one record against 1,000 held sightings 40 ms). */
  private static void save(Connection c, String source, List<Held> rows, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("insert into detect_held as h (id, source, objects, count, first_seen, last_seen, updated,"
        + " matched_owner) select k.id, ?, k.objects, k.count, k.first_seen::timestamptz, k.last_seen::timestamptz, ?, k.matched_owner"
        + " from unnest(?::uuid[], ?::text[], ?::int8[], ?::text[], ?::text[], ?::int4[]) k (id, objects, count, first_seen, last_seen,"
        + " matched_owner) on conflict (id) do update set matched_owner = coalesce(h.matched_owner, excluded.matched_owner),"
        + " objects = case when h.objects is null or excluded.count > h.count then coalesce(excluded.objects, h.objects) else h.objects end,"
        + " count = greatest(h.count, excluded.count), first_seen = least(h.first_seen, excluded.first_seen),"
        + " last_seen = greatest(h.last_seen, excluded.last_seen), updated = excluded.updated where not h.written")) {
      s.setString(1, source);
      s.setObject(2, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
      s.setArray(3, c.createArrayOf("uuid", rows.stream().map(Held::id).toArray()));
      s.setObject(4, rows.stream().map(Held::objects).toArray(String[]::new));
      s.setObject(5, rows.stream().map(Held::count).toArray(Long[]::new));
      s.setObject(6, rows.stream().map(h -> h.firstSeen().toString()).toArray(String[]::new));
      s.setObject(7, rows.stream().map(h -> h.lastSeen().toString()).toArray(String[]::new));
      s.setArray(8, c.createArrayOf("int4", rows.stream().map(Held::matchedOwner).toArray()));
      s.executeUpdate();
    }
  }

  /** Marks held sightings written (a row for one not saved yet, so that its late save changes nothing); deletes such rows an hour old. */
  private static void written(Connection c, String source, Collection<UUID> ids, Instant now) throws SQLException {
    OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
    try (PreparedStatement s = c.prepareStatement("insert into detect_held (id, source, count, first_seen, last_seen, updated, written)"
        + " select k.id, ?, 0, ?, ?, ?, true from unnest(?::uuid[]) k (id)"
        + " on conflict (id) do update set written = true, updated = excluded.updated")) {
      s.setString(1, source);
      s.setObject(2, at);
      s.setObject(3, at);
      s.setObject(4, at);
      s.setArray(5, c.createArrayOf("uuid", ids.toArray()));
      s.executeUpdate();
    }
    try (PreparedStatement s = c.prepareStatement("delete from detect_held where written and updated < ?")) {
      s.setObject(1, OffsetDateTime.ofInstant(now.minus(Duration.ofHours(1)), ZoneOffset.UTC));
      s.executeUpdate();
    }
  }

  /** The held sightings saved and not written, over every source, oldest first; {@code objects} null for one saved without them. */
  public List<Held> held() {
    return db.withConnection(c -> {
      List<Held> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("select id, objects, count, first_seen, last_seen, matched_owner from detect_held"
          + " where not written order by updated, id");
          ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(new Held(r.getObject(1, UUID.class), r.getString(2), r.getLong(3), r.getObject(4, OffsetDateTime.class).toInstant(),
              r.getObject(5, OffsetDateTime.class).toInstant(), (Integer) r.getObject(6)));
        }
      }
      return out;
    });
  }

  /**
   * Deletes saved held sightings (written by a start, {@link #held}), and every row marked written:
   * for a node's start, before any run saves.
   */
  public void dropHeld(Collection<UUID> ids) {
    db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("delete from detect_held where written or id = any(?)")) {
        s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
        s.executeUpdate();
      }
      return null;
    });
  }

  /** Keys counted and not yet pruned, over every source (what the database holds for idempotency). */
  public long countedKeys() {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select coalesce((select sum(keys) from detect_counted_run), 0)"
          + " + (select count(*) from detect_counted)"); ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    });
  }

  /**
   * Where a followed file was read up to: bytes and lines, a digest of its first bytes read (at most
   * 4,096; null when not known) that tells the same file from one written again in its place, and
   * the lines a reader resuming at {@code bytes} reads first (the Zeek TSV header in force there;
   * empty for none; null when not known, a position saved before V60).
   */
  public record Position(long bytes, long lines, String head, String header) {
    public Position(long bytes, long lines) {
      this(bytes, lines, null, null);
    }
  }

  /** The position saved under {@code key} (a followed file's identity, or its path before V49). */
  public Optional<Position> position(String key) {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select position, line, head, header from telemetry_position where path = ?")) {
        s.setString(1, key);
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) return Optional.empty();
          byte[] header = r.getBytes(4);
          return Optional.of(new Position(r.getLong(1), r.getLong(2), r.getString(3),
              header == null ? null : new String(header, StandardCharsets.UTF_8)));
        }
      }
    });
  }

  /** Forgets the position saved under {@code key}. */
  public void forgetPosition(String key) {
    db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("delete from telemetry_position where path = ?")) {
        s.setString(1, key);
        return s.executeUpdate();
      }
    });
  }

  public void savePosition(String key, Position p) {
    db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("insert into telemetry_position (path, position, line, head, header) values (?, ?, ?, ?, ?)"
          + " on conflict (path) do update set position = excluded.position, line = excluded.line, head = excluded.head,"
          + " header = excluded.header, updated = now()")) {
        s.setString(1, key);
        s.setLong(2, p.bytes());
        s.setLong(3, p.lines());
        s.setString(4, p.head());
        s.setBytes(5, p.header() == null ? null : p.header().getBytes(StandardCharsets.UTF_8));
        return s.executeUpdate();
      }
    });
  }

  /** The node's sighting identity: its id, and when it was made (its created and modified). */
  public record Identity(String id, Instant created) {}

  /**
   * The node's sighting identity: {@code proposed}, made {@code now}, the first time (kept), the kept
   * one after. One made before its time was kept is dated 1970-01-01, as it was stored then.
   */
  public Identity identity(String proposed, Instant now) {
    return db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("insert into detect_identity (id, created) values (?, ?) on conflict do nothing")) {
        s.setString(1, proposed);
        s.setObject(2, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement("select id, created from detect_identity"); ResultSet r = s.executeQuery()) {
        r.next();
        OffsetDateTime created = r.getObject(2, OffsetDateTime.class);
        return new Identity(r.getString(1), created == null ? Instant.EPOCH : created.toInstant());
      }
    });
  }

  /**
   * The peer that owns each of these object ids, for those a peer owns: none of the id's versions is
   * this node's own (made or imported here, or an administrator's: it outranks every other writer's),
   * and the version added first is that peer's (IndicatorSet.Builder#add, Feedbacks.decide, which
   * serves feedback to that peer alone). Probes of the id index per id: as {@code stix_id = any(?)},
   * the plan scanned every member of every collection, a sixth of a second a detection run at
   * 1,000,000 indicators.
   */
  public Map<String, Integer> peerOwners(Collection<String> ids) {
    if (ids.isEmpty()) return Map.of();
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select k.id, (select o.source_peer from collection_object o where o.stix_id = k.id"
          + " order by o.date_added limit 1) from unnest(?::text[]) k (id)"
          + " where not exists (select 1 from collection_object c where c.stix_id = k.id and " + nodesOwn("c") + ")")) {
        s.setArray(1, c.createArrayOf("text", ids.toArray()));
        Map<String, Integer> out = new HashMap<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            int peer = r.getInt(2);
            if (!r.wasNull()) out.put(r.getString(1), peer);
          }
        }
        return out;
      }
    });
  }

  /**
   * The SQL condition that member {@code alias} of {@code collection_object} is this node's own: made
   * or imported here (no writer), or written by an administrator; not a peer's, nor a local
   * account's that is no administrator (those own what they wrote first, as a peer does).
   */
  public static String nodesOwn(String alias) {
    return alias + ".source_peer is null and (" + alias + ".source_account is null or exists (select 1 from account a where a.name = "
        + alias + ".source_account and a.admin))";
  }

  /**
   * For each collection, a mark that moves whenever members are added or deleted: its last
   * insertion sequence and its count of deletes.
   */
  public Map<UUID, Mark> marks(List<UUID> collections) {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select id, last_seq, deletes from collection where id = any(?)")) {
        s.setArray(1, c.createArrayOf("uuid", collections.toArray()));
        Map<UUID, Mark> out = new HashMap<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) out.put(r.getObject(1, UUID.class), new Mark(r.getLong(2), r.getLong(3)));
        }
        return out;
      }
    });
  }

  /**
   * Up to {@code limit} versions of {@code type} that {@code collection} gained after insertion
   * sequence {@code afterSeq}, in that order, with their bodies: what live indicators read while a
   * collection grows. Planned without parallel workers: the generic plan of this range (estimated
   * at a third of the collection) launched two of them per call, 13-45 ms during a pull of 350,051
   * objects against 0.7 ms for the plain index scan. The statement is this method's own, so its
   * cached plan is always made under that setting.
   */
  public Page versionsAfter(UUID collection, long afterSeq, String type, int limit) {
    return versionsAfter(collection, afterSeq, type, limit, (seq, peer, account) -> { });
  }

  /**
   * Where a row of a page came from: {@code sourcePeer} sent the row at {@code seq}, or local account
   * {@code sourceAccount}, not an administrator, wrote it over TAXII (the other null).
   */
  public interface Provenance {
    void row(long seq, Integer sourcePeer, String sourceAccount);
  }

  /**
   * As above, telling {@code provenance} the sequence and the sender of each row of the page that a
   * peer sent or a local account wrote.
   */
  public Page versionsAfter(UUID collection, long afterSeq, String type, int limit, Provenance provenance) {
    return versions(collection, afterSeq, Long.MAX_VALUE, type, limit, false, provenance);
  }

  /**
   * Up to {@code limit} versions of {@code type} that {@code collection} gained with insertion
   * sequence in ({@code afterSeq}, {@code upToSeq}], the newest first, with their bodies, telling
   * {@code provenance} of each row as {@link #versionsAfter(UUID, long, String, int, Provenance)}
   * does; {@link Page#more} when older ones remain in the range. What live indicators read while a
   * bulk arrives: the versions committed last (a revocation, a new indicator) are read in the first
   * page, not after every version that came before them. Planned without parallel workers, as that
   * method is, and by the same index read backwards.
   */
  public Page versionsNewestFirst(UUID collection, long afterSeq, long upToSeq, String type, int limit, Provenance provenance) {
    return versions(collection, afterSeq, upToSeq, type, limit, true, provenance);
  }

  /** As {@link #versionsNewestFirst}, the oldest first: what live indicators read of their backlog. */
  public Page versionsBetween(UUID collection, long afterSeq, long upToSeq, String type, int limit, Provenance provenance) {
    return versions(collection, afterSeq, upToSeq, type, limit, false, provenance);
  }

  /** The versions of {@code type} with sequence in ({@code afterSeq}, {@code upToSeq}], ascending or the newest first, one more asked than given. */
  private Page versions(UUID collection, long afterSeq, long upToSeq, String type, int limit, boolean newestFirst, Provenance provenance) {
    return db.inTransaction(c -> {
      try (Statement s = c.createStatement()) {
        s.execute("set local max_parallel_workers_per_gather = 0");
      }
      // what an administrator wrote is this node's own, its operator's: no account of its own
      try (PreparedStatement s = c.prepareStatement("select c.seq, c.date_added, c.stix_id, c.version, c.spec_version, v.body,"
          + " c.source_peer, case when c.source_account is not null and exists (select 1 from account a where a.name = c.source_account"
          + " and a.admin) then null else c.source_account end from collection_object c join object_version v on v.pk = c.object_pk"
          + " where c.collection_id = ? and c.seq > ? and c.seq <= ? and c.type = ? order by c.seq" + (newestFirst ? " desc" : "")
          + " limit ?")) {
        s.setObject(1, collection);
        s.setLong(2, afterSeq);
        s.setLong(3, upToSeq);
        s.setString(4, type);
        s.setInt(5, limit + 1);
        List<ObjectRow> rows = new ArrayList<>(Math.min(limit + 1, 1024));
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            rows.add(new ObjectRow(r.getLong(1), r.getObject(2, OffsetDateTime.class).toInstant(), r.getString(3), type,
                r.getObject(4, OffsetDateTime.class).toInstant(), r.getString(5), r.getBytes(6)));
            Integer source = (Integer) r.getObject(7);
            String account = r.getString(8);
            if ((source != null || account != null) && rows.size() <= limit) provenance.row(r.getLong(1), source, account);
          }
        }
        boolean more = rows.size() > limit;
        return new Page(more ? rows.subList(0, limit) : rows, more);
      }
    });
  }

  /** A collection's last insertion sequence and count of deletes. */
  public record Mark(long lastSeq, long deletes) {}
}
