package dev.parley.store.browse;

import dev.parley.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the web interface reads: keyset pages of a collection's latest objects with filters and text
 * search, versions of one object, relationships around it, counts and additions over time. Every
 * read is either of the collection as it is (viewer {@code null}) or of one peer's feed (what its
 * agreement lets it read, as {@code ObjectQuery.asPeer} reads it for TAXII): the caller decides
 * from the account which. No query uses OFFSET. Thread-safe.
 */
public final class BrowseStore {
  private final Database db;
  /** Counts and additions per day of collections, by the collection's state when they were read. */
  private final Map<UUID, Counted<Long>> counts = new ConcurrentHashMap<>();
  private final Map<UUID, Counted<List<DayCount>>> days = new ConcurrentHashMap<>();

  /**
   * A collection's state as its row tells it: every add raises {@code last_seq} and every delete
   * {@code deletes}, in the transaction that changes the members, and neither ever falls. A figure
   * read after the stamp is exact for that stamp or for a later state, whose stamp differs; so a
   * figure kept under a stamp is exact whenever the collection shows that stamp again.
   */
  private record Stamp(long lastSeq, long deletes) {}

  private record Counted<T>(Stamp stamp, T value) {}

  public BrowseStore(Database db) {
    this.db = db;
  }

  /**
   * Filters of a page; empty lists and nulls mean "any".
   *
   * @param markingIds marking-definition ids of which the object's {@code object_marking_refs} names one; like {@code text}, found
   *     among the bodies the node's indexer has read ({@link #indexSearch}), which follows the write path within seconds
   * @param text lower-case text searched for in names, descriptions, pattern and observable values (3 characters or more), or null
   */
  public record Filter(List<String> types, List<String> markingIds, Instant addedFrom, Instant addedTo, String text) {
    public static final Filter NONE = new Filter(List.of(), List.of(), null, null, null);

    public Filter {
      types = List.copyOf(types);
      markingIds = List.copyOf(markingIds);
      if (text != null && text.isBlank()) text = null;
    }
  }

  /** One object version as listed, with its JSON. */
  public record Item(long seq, Instant added, String stixId, String type, Instant version, String body) {}

  /** A page of items and whether more match after it. */
  public record ItemPage(List<Item> items, boolean more) {
    public ItemPage {
      items = List.copyOf(items);
    }
  }

  /** Objects added on one day (UTC). */
  public record DayCount(Instant day, long count) {}

  /** The rows a viewer reads: the collection's members, or a peer's feed joined to them. */
  private static final class Source {
    final Integer peer;
    final String from;
    final String seq;
    final String added;

    Source(Integer peer) {
      this(peer, false);
    }

    /** With {@code search}, joined to the bodies' searchable text as {@code s} (only indexed bodies are found then). */
    Source(Integer peer, boolean search) {
      this.peer = peer;
      String join = search ? " join object_search s on s.pk = v.pk" : "";
      if (peer == null) {
        from = " from collection_object c join object_version v on v.pk = c.object_pk" + join + " where c.collection_id = ?";
        seq = "c.seq";
        added = "c.date_added";
      } else {
        from = " from peer_feed c join collection_object m on m.collection_id = c.collection_id and m.seq = c.seq"
            + " join object_version v on v.pk = m.object_pk" + join + " where c.peer = ? and c.collection_id = ?";
        seq = "c.pseq";
        added = "c.added";
      }
    }

    String select() {
      return "select " + seq + ", " + added + ", c.stix_id, c.type, c.version, v.body";
    }

    int bind(PreparedStatement s, int i, UUID collection) throws SQLException {
      if (peer != null) s.setInt(i++, peer);
      s.setObject(i++, collection);
      return i;
    }
  }

  /** One page of the latest versions in the collection matching {@code f}, after {@code afterSeq}, in insertion order. */
  public ItemPage list(UUID collection, Integer peer, long afterSeq, int limit, Filter f) {
    if (limit < 1) throw new IllegalArgumentException("limit must be positive");
    Source src = new Source(peer, f.text() != null || !f.markingIds().isEmpty());
    StringBuilder sql = new StringBuilder(src.select()).append(src.from).append(" and c.latest and ").append(src.seq).append(" > ?");
    // one type is compared with = so that the index on (collection, type, sequence) yields the page in order
    if (f.types().size() == 1) sql.append(" and c.type = ?");
    else if (!f.types().isEmpty()) sql.append(" and c.type = any(?)");
    if (!f.markingIds().isEmpty()) sql.append(" and s.markings && ?");
    if (f.addedFrom() != null) sql.append(" and ").append(src.added).append(" >= ?");
    if (f.addedTo() != null) sql.append(" and ").append(src.added).append(" < ?");
    if (f.text() != null) sql.append(" and s.text like ?");
    sql.append(" order by ").append(src.seq).append(" limit ?");
    return db.inTransaction(c -> {
      customPlans(c);
      try (PreparedStatement s = c.prepareStatement(sql.toString())) {
        int i = src.bind(s, 1, collection);
        s.setLong(i++, afterSeq);
        if (f.types().size() == 1) s.setString(i++, f.types().get(0));
        else if (!f.types().isEmpty()) s.setArray(i++, c.createArrayOf("text", f.types().toArray()));
        if (!f.markingIds().isEmpty()) s.setArray(i++, c.createArrayOf("text", f.markingIds().toArray()));
        if (f.addedFrom() != null) s.setTimestamp(i++, Timestamp.from(f.addedFrom()));
        if (f.addedTo() != null) s.setTimestamp(i++, Timestamp.from(f.addedTo()));
        if (f.text() != null) s.setString(i++, "%" + likeEscape(f.text()) + "%");
        s.setInt(i, limit + 1);
        List<Item> items = read(s);
        boolean more = items.size() > limit;
        return new ItemPage(more ? items.subList(0, limit) : items, more);
      }
    });
  }

  /**
   * Up to {@code max} latest objects of the collection whose searchable text holds {@code value}
   * (lower case) as a whole value: not inside a longer word, name or address ({@code 10.0.0.1} is
   * not held by {@code 10.0.0.15} nor by {@code a.10.0.0.1}; a full stop after it may end a
   * sentence). The bounds are in the query, so the first {@code max} are holders, however many
   * objects hold a longer value that starts the same; the trigram index serves the expression.
   */
  public List<Item> holding(UUID collection, Integer peer, String value, int max) {
    if (value.length() > MAX_HELD_VALUE) {
      throw new IllegalArgumentException("a value to look up has at most " + MAX_HELD_VALUE + " characters, not " + value.length());
    }
    Source src = new Source(peer, true);
    String sql = src.select() + src.from + " and c.latest and s.text ~ ? order by " + src.seq + " limit ?";
    return db.inTransaction(c -> {
      customPlans(c);
      try (PreparedStatement s = c.prepareStatement(sql)) {
        int i = src.bind(s, 1, collection);
        s.setString(i++, wholeValue(value));
        s.setInt(i, max);
        return read(s);
      }
    });
  }

  /**
   * The types of the latest versions the viewer reads in the collection, in order (custom types
   * such as ATT&CK's {@code x-mitre-tactic} included): a skip scan of the index on (collection,
   * type, sequence) of latest versions ({@code V41}), one probe per type.
   */
  public List<String> types(UUID collection, Integer peer) {
    String table = peer == null ? "collection_object" : "peer_feed";
    Function<String, String> where =
        a -> (peer == null ? "" : a + "peer = ? and ") + a + "collection_id = ? and " + a + "latest";
    String sql = "with recursive t(type) as ((select type from " + table + " where " + where.apply("") + " order by type limit 1)"
        + " union all select (select x.type from " + table + " x where " + where.apply("x.")
        + " and x.type > t.type order by x.type limit 1) from t where t.type is not null)"
        + " select type from t where type is not null";
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        int i = 1;
        for (int round = 0; round < 2; round++) {
          if (peer != null) s.setInt(i++, peer);
          s.setObject(i++, collection);
        }
        List<String> types = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) types.add(r.getString(1));
        }
        return types;
      }
    });
  }

  /**
   * How many objects the collection holds, latest versions only. Of the collection as it is, the
   * count is kept until the collection changes: at a million members counting takes a large part of
   * a second, and a dashboard asks on every view.
   */
  public long countLatest(UUID collection, Integer peer) {
    return peer == null ? kept(counts, collection, () -> count(collection, null)) : count(collection, peer);
  }

  /** What {@code read} gives for the collection, kept under the collection's stamp and read again once that moved. */
  private <T> T kept(Map<UUID, Counted<T>> figures, UUID collection, Supplier<T> read) {
    Stamp now = stamp(collection);
    Counted<T> kept = figures.get(collection);
    if (kept != null && kept.stamp().equals(now)) return kept.value();
    T value = read.get();
    figures.put(collection, new Counted<>(now, value));
    return value;
  }

  private Stamp stamp(UUID collection) {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select last_seq, deletes from collection where id = ?")) {
        s.setObject(1, collection);
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? new Stamp(r.getLong(1), r.getLong(2)) : new Stamp(-1, -1);
        }
      }
    });
  }

  private long count(UUID collection, Integer peer) {
    String sql = peer == null ? "select count(*) from collection_object where collection_id = ? and latest"
        : "select count(*) from peer_feed where peer = ? and collection_id = ? and latest";
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        int i = 1;
        if (peer != null) s.setInt(i++, peer);
        s.setObject(i, collection);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          return r.getLong(1);
        }
      }
    });
  }

  /** The {@code n} most recent additions to the collection, newest first. */
  public List<Item> recent(UUID collection, Integer peer, int n) {
    return recent(collection, peer, null, n);
  }

  /**
   * As {@link #recent(UUID, Integer, int)}; with a {@code type}, the latest versions of that type only
   * (the index on type and sequence finds them without walking the collection).
   */
  public List<Item> recent(UUID collection, Integer peer, String type, int n) {
    Source src = new Source(peer);
    String sql = src.select() + src.from + (type == null ? "" : " and c.latest and c.type = ?") + " order by " + src.seq + " desc limit ?";
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        int i = src.bind(s, 1, collection);
        if (type != null) s.setString(i++, type);
        s.setInt(i, n);
        return read(s);
      }
    });
  }

  /** Additions to the collection per day (UTC), oldest first. */
  public List<DayCount> additionsPerDay(UUID collection, Integer peer) {
    return peer == null ? kept(days, collection, () -> List.copyOf(perDay(collection, null))) : perDay(collection, peer);
  }

  private List<DayCount> perDay(UUID collection, Integer peer) {
    String sql = peer == null
        ? "select date_trunc('day', date_added at time zone 'UTC'), count(*) from collection_object where collection_id = ? group by 1 order by 1"
        : "select date_trunc('day', added at time zone 'UTC'), count(*) from peer_feed where peer = ? and collection_id = ? group by 1 order by 1";
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        int i = 1;
        if (peer != null) s.setInt(i++, peer);
        s.setObject(i, collection);
        List<DayCount> days = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) days.add(new DayCount(r.getTimestamp(1).toLocalDateTime().toInstant(ZoneOffset.UTC), r.getLong(2)));
        }
        return days;
      }
    });
  }

  /** Every version of the object in the collection the viewer reads, oldest first. */
  public List<Item> versions(UUID collection, Integer peer, String stixId) {
    Source src = new Source(peer);
    String sql = src.select() + src.from + " and c.stix_id = ? order by c.version, " + src.seq;
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        int i = src.bind(s, 1, collection);
        s.setString(i, stixId);
        return read(s);
      }
    });
  }

  /**
   * The latest version of each of {@code ids} that the viewer reads in the collection: one probe of
   * the id's hash index per id (a hash index cannot take the array of an {@code = any(...)}).
   */
  public Map<String, Item> latest(UUID collection, Integer peer, Collection<String> ids) {
    if (ids.isEmpty()) return Map.of();
    Source src = new Source(peer);
    String sql = "select x.* from unnest(?::text[]) as want(id) cross join lateral (" + src.select() + src.from
        + " and c.latest and c.stix_id = want.id) x";
    return db.inTransaction(c -> {
      probes(c);
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.setArray(1, c.createArrayOf("text", ids.toArray()));
        src.bind(s, 2, collection);
        Map<String, Item> found = new LinkedHashMap<>();
        for (Item item : read(s)) found.merge(item.stixId(), item, (a, b) -> a.version().isAfter(b.version()) ? a : b);
        return found;
      }
    });
  }

  /** Up to {@code max} latest relationships in the collection whose source or target is {@code stixId}. */
  public List<Item> relationships(UUID collection, Integer peer, String stixId, int max) {
    Source src = new Source(peer);
    String sql = src.select() + src.from + " and c.latest and v.pk in ("
        + "select pk from object_search where source_ref = ? union select pk from object_search where target_ref = ?)"
        + " order by " + src.seq + " limit ?";
    return db.inTransaction(c -> {
      customPlans(c);
      try (PreparedStatement s = c.prepareStatement(sql)) {
        int i = src.bind(s, 1, collection);
        s.setString(i++, stixId);
        s.setString(i++, stixId);
        s.setInt(i, max);
        return read(s);
      }
    });
  }

  /**
   * Indexes the searchable text (and a relationship's ends) of up to {@code max} members added
   * since the last call, following each collection in order: a collection's members commit in
   * sequence order (under its row lock), so a position once passed has nothing left behind. What it
   * indexes is what the writer computed ({@code object_search_pending}, lowered here); a body
   * without it is derived in SQL ({@code parley_search_text}, {@code parley_marking_refs}), with the
   * same result. Safe to run from several nodes at once: callers take turns (a transaction-scoped
   * advisory lock), so that two never read the same members; the second to come waits, then goes on
   * from where the first left off. Returns how many members it read.
   */
  public int indexSearch(int max) {
    return db.inTransaction(c -> {
      // Without turns, a second caller read the same members under its own snapshot, found their
      // pending rows already taken, derived every body again in SQL and then waited on the first's
      // rows to insert nothing: 2,000 bodies parsed for nothing each time the node's indexer met
      // another caller (a load program catching up, another node process on the same database).
      try (PreparedStatement s = c.prepareStatement("select pg_advisory_xact_lock(hashtext('parley-search-index/' || current_schema()))")) {
        s.execute();
      }
      // Planned with the values: not knowing the limit, the generic plan expects a tenth of the
      // members since the cursor and joins them to object_version by reading the whole table, a
      // half-second a call at 1,150,000 versions against 36 ms planned with them (EXPLAIN ANALYZE)
      customPlans(c);
      List<Object[]> behind = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("select c.id, coalesce(o.last_seq, 0) from collection c"
          + " left join object_search_cursor o on o.collection_id = c.id where c.last_seq > coalesce(o.last_seq, 0)")) {
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) behind.add(new Object[] {r.getObject(1, UUID.class), r.getLong(2)});
        }
      }
      int done = 0;
      for (Object[] b : behind) {
        if (done >= max) break;
        try (PreparedStatement s = c.prepareStatement(
            "with m as (select seq, object_pk from collection_object where collection_id = ? and seq > ? order by seq limit ?),"
                // what the writer computed (object_search_pending), else, for bodies it left to SQL, derived here
                + " p as (delete from object_search_pending where pk in (select object_pk from m)"
                + " returning pk, text, source_ref, target_ref, markings),"
                + " ins as (insert into object_search (pk, text, source_ref, target_ref, markings)"
                + " select pk, lower(text), source_ref, target_ref, markings from p"
                + " union all"
                + " select v.pk, parley_search_text(v.body),"
                + " case when v.type = 'relationship' then (v.body::jsonb) ->> 'source_ref' end,"
                + " case when v.type = 'relationship' then (v.body::jsonb) ->> 'target_ref' end"
                + ", parley_marking_refs(v.body)"
                + " from object_version v where v.pk in (select object_pk from m) and v.pk not in (select pk from p)"
                + " and not exists (select 1 from object_search s where s.pk = v.pk)"
                + " on conflict do nothing)"
                + " insert into object_search_cursor (collection_id, last_seq) select ?, max(seq) from m having count(*) > 0"
                + " on conflict (collection_id) do update set last_seq = greatest(object_search_cursor.last_seq, excluded.last_seq)"
                + " returning (select count(*) from m)")) {
          s.setObject(1, b[0]);
          s.setLong(2, (Long) b[1]);
          s.setInt(3, max - done);
          s.setObject(4, b[0]);
          try (ResultSet r = s.executeQuery()) {
            if (r.next()) done += r.getInt(1);
          }
        }
      }
      return done;
    });
  }

  /**
   * How far the search index is behind the write path: the positions of the collections' insertion
   * sequences that {@link #indexSearch} has not read yet, summed (0: every member added is searchable).
   */
  public long searchBehind() {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select coalesce(sum(c.last_seq - coalesce(o.last_seq, 0)), 0) from collection c"
          + " left join object_search_cursor o on o.collection_id = c.id where c.last_seq > coalesce(o.last_seq, 0)");
          ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    });
  }

  /** Log sizes over time: one point (checkpoint time, size) per {@code buckets}-th of the checkpoints, at most about that many points. */
  public List<DayCount> logSizes(int buckets) {
    return db.withConnection(c -> {
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("select created, size from log_checkpoint where size in ("
              + "select max(size) from log_checkpoint group by width_bucket(extract(epoch from created),"
              + " (select extract(epoch from min(created)) from log_checkpoint), (select extract(epoch from max(created)) + 1 from log_checkpoint), "
              + Math.max(1, buckets) + ")) order by size")) {
        List<DayCount> points = new ArrayList<>();
        while (r.next()) points.add(new DayCount(r.getTimestamp(1).toInstant(), r.getLong(2)));
        return points;
      }
    });
  }

  /** The log index of the entry that stored this version of the object in the collection, if it was logged. */
  public Optional<Long> logIndex(UUID collection, String stixId, String version) {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "select idx from log_salt where stix_id = ? and collection_id = ? and version = ? and kind in (1, 4) and stored order by idx desc limit 1")) {
        s.setString(1, stixId);
        s.setObject(2, collection);
        s.setString(3, version);
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? Optional.of(r.getLong(1)) : Optional.empty();
        }
      }
    });
  }

  private static List<Item> read(PreparedStatement s) throws SQLException {
    List<Item> items = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        items.add(new Item(r.getLong(1), r.getObject(2, OffsetDateTime.class).toInstant(), r.getString(3), r.getString(4),
            r.getObject(5, OffsetDateTime.class).toInstant(), r.getString(6)));
      }
    }
    return items;
  }

  /**
   * Plans for the values at hand: whether a text search is best served by the trigram index or by
   * walking the collection in order depends on how common the text is, which a generic plan (the
   * pool's default) cannot know.
   */
  private static void customPlans(Connection tx) throws SQLException {
    try (Statement s = tx.createStatement()) {
      s.execute("set local plan_cache_mode = force_custom_plan");
    }
  }

  private static void probes(Connection tx) throws SQLException {
    try (Statement s = tx.createStatement()) {
      s.execute("set local plan_cache_mode = force_generic_plan; set local enable_bitmapscan = off");
    }
  }

  /**
   * The longest value {@link #holding} looks up: its regular expression grows with the value, and
   * PostgreSQL refuses one past some tens of thousands of characters as too complex. Longer than
   * any address, domain, hash or URL a defender pastes.
   */
  public static final int MAX_HELD_VALUE = 2048;

  /** A PostgreSQL regular expression for {@code value} between bounds that are not word characters, dots or dashes. */
  static String wholeValue(String value) {
    StringBuilder re = new StringBuilder("(^|[^[:alnum:]_.-])");
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if ("\\.^$|?*+()[]{}".indexOf(ch) >= 0) re.append('\\');
      re.append(ch);
    }
    return re.append("($|[^[:alnum:]_.-]|\\.$|\\.[^[:alnum:]_-])").toString();
  }

  static String likeEscape(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
