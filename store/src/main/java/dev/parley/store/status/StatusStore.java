package dev.parley.store.status;

import dev.parley.stix.Timestamps;
import dev.parley.store.Database;
import dev.parley.store.StoreException;
import dev.parley.store.internal.CopyBinary;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Status resources of add requests (TAXII 2.1 §4.3). A status is created with every object pending,
 * each detail numbered by the object's place in the envelope; {@link #settle} moves objects to
 * success or failure inside the transaction that stored them, so a status never reports a success
 * that is not durable. A node that stores objects first {@link #startWorker starts as a worker}:
 * its statuses carry its worker number, and the advisory lock it holds on that number tells other
 * nodes it is alive. Thread-safe.
 */
public final class StatusStore {
  /** The advisory-lock class of workers ("Parl"); the log's locks use single keys, which never share it. */
  static final int WORKER_LOCK_CLASS = 0x5061726c;

  /** Detail kinds, as stored. */
  private static final short SUCCESS = 0;
  private static final short FAILURE = 1;
  private static final short PENDING = 2;

  private final Database db;
  private volatile Integer worker;

  public StatusStore(Database db) {
    this.db = db;
  }

  /**
   * Takes a worker number for this process and holds its advisory lock while the database is
   * open; statuses created afterwards carry it. Returns the number.
   */
  public synchronized int startWorker() {
    if (worker != null) return worker;
    SecureRandom random = new SecureRandom();
    while (true) {
      int n = random.nextInt(Integer.MAX_VALUE);
      if (db.holdLock(WORKER_LOCK_CLASS, n) != null) {
        worker = n;
        return n;
      }
    }
  }

  /** Writes a new status in its own transaction; its details are numbered in list order, successes first. */
  public void create(Status st) {
    db.inTransaction(tx -> {
      create(tx, st);
      return null;
    });
  }

  /** Writes a new status inside the caller's transaction. */
  public void create(Connection tx, Status st) throws SQLException {
    try (PreparedStatement s = tx.prepareStatement("insert into status (id, collection_id, account, request_timestamp,"
        + " total_count, success_count, failure_count, pending_count, worker) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setObject(1, st.id());
      s.setObject(2, st.collection());
      s.setString(3, st.account());
      s.setObject(4, OffsetDateTime.ofInstant(st.requestTimestamp(), ZoneOffset.UTC));
      s.setInt(5, st.total());
      s.setInt(6, st.successes().size());
      s.setInt(7, st.failures().size());
      s.setInt(8, st.pendings().size());
      s.setObject(9, worker, Types.INTEGER);
      s.executeUpdate();
    }
    List<Settled> rows = new ArrayList<>(st.total());
    int ord = 0;
    for (StatusDetail d : st.successes()) rows.add(new Settled(ord++, true, d));
    for (StatusDetail d : st.failures()) rows.add(new Settled(ord++, false, d));
    copyDetails(tx, st.id(), rows, ord, st.pendings());
  }

  /**
   * Moves the objects of {@code settled} from pending to success or failure, inside the caller's
   * transaction; objects not pending are left as they are.
   */
  public void settle(Connection tx, UUID status, List<Settled> settled) throws SQLException {
    if (settled.isEmpty()) return;
    int[] ords = settled.stream().mapToInt(Settled::ord).toArray();
    int removed;
    try (PreparedStatement s = tx.prepareStatement("delete from status_detail where status_id = ? and ord = any(?) and kind = " + PENDING)) {
      s.setObject(1, status);
      s.setArray(2, tx.createArrayOf("int4", Arrays.stream(ords).boxed().toArray()));
      removed = s.executeUpdate();
    }
    if (removed != settled.size()) {
      throw new StoreException("status " + status + ": " + (settled.size() - removed) + " of the settled objects were not pending");
    }
    copyDetails(tx, status, settled, 0, List.of());
    int successes = (int) settled.stream().filter(Settled::success).count();
    try (PreparedStatement s = tx.prepareStatement("update status set success_count = success_count + ?,"
        + " failure_count = failure_count + ?, pending_count = pending_count - ? where id = ?")) {
      s.setInt(1, successes);
      s.setInt(2, settled.size() - successes);
      s.setInt(3, settled.size());
      s.setObject(4, status);
      s.executeUpdate();
    }
  }

  /** As {@link #settle(Connection, UUID, List)}, in its own transaction. */
  public void settle(UUID status, List<Settled> settled) {
    db.inTransaction(tx -> {
      settle(tx, status, settled);
      return null;
    });
  }

  /**
   * Fails, with {@code message}, every object still pending in a status whose worker is gone: one
   * whose advisory lock nobody holds (tried on one connection, and let go again), or a status from
   * before workers existed. A node calls it at start, after {@link #startWorker}. Returns how many.
   */
  public int failPending(String message) {
    return db.withConnection(c -> {
      List<Integer> workers = new ArrayList<>();
      boolean unowned = false;
      try (PreparedStatement s = c.prepareStatement("select distinct worker from status where pending_count > 0");
          ResultSet r = s.executeQuery()) {
        while (r.next()) {
          int w = r.getInt(1);
          if (r.wasNull()) unowned = true;
          else workers.add(w);
        }
      }
      int failed = unowned ? failPendingOf(c, null, message) : 0;
      for (int w : workers) {
        boolean gone;
        try (PreparedStatement s = c.prepareStatement("select pg_try_advisory_lock(?, ?)")) {
          s.setInt(1, WORKER_LOCK_CLASS);
          s.setInt(2, w);
          try (ResultSet r = s.executeQuery()) {
            r.next();
            gone = r.getBoolean(1);
          }
        }
        if (!gone) continue; // a running node stores these
        try {
          failed += failPendingOf(c, w, message);
        } finally {
          try (PreparedStatement s = c.prepareStatement("select pg_advisory_unlock(?, ?)")) {
            s.setInt(1, WORKER_LOCK_CLASS);
            s.setInt(2, w);
            s.executeQuery().close();
          }
        }
      }
      return failed;
    });
  }

  /** Fails the pending objects of the statuses of {@code worker} (null: of none), a status a transaction. */
  private int failPendingOf(Connection c, Integer worker, String message) throws SQLException {
    List<UUID> ids = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("select id from status where pending_count > 0 and "
        + (worker == null ? "worker is null" : "worker = ?"))) {
      if (worker != null) s.setInt(1, worker);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) ids.add(r.getObject(1, UUID.class));
      }
    }
    int failed = 0;
    for (UUID id : ids) failed += failPending(id, message);
    return failed;
  }

  /** Fails every object of one status that is still pending, with {@code message}; returns how many. */
  public int failPending(UUID status, String message) {
    return db.inTransaction(tx -> {
      int n;
      try (PreparedStatement s = tx.prepareStatement(
          "update status_detail set kind = " + FAILURE + ", message = ? where status_id = ? and kind = " + PENDING)) {
        s.setString(1, message);
        s.setObject(2, status);
        n = s.executeUpdate();
      }
      try (PreparedStatement s = tx.prepareStatement(
          "update status set failure_count = failure_count + ?, pending_count = pending_count - ? where id = ?")) {
        s.setInt(1, n);
        s.setInt(2, n);
        s.setObject(3, status);
        s.executeUpdate();
      }
      return n;
    });
  }

  /** Failures and successes keep their numbers; pending details are numbered from {@code firstPending}. */
  private static void copyDetails(Connection tx, UUID status, List<Settled> settled, int firstPending, List<StatusDetail> pendings)
      throws SQLException {
    if (settled.isEmpty() && pendings.isEmpty()) return;
    CopyBinary copy = new CopyBinary((settled.size() + pendings.size()) * 120);
    for (Settled x : settled) detail(copy, status, x.ord(), x.success() ? SUCCESS : FAILURE, x.detail());
    for (int i = 0; i < pendings.size(); i++) detail(copy, status, firstPending + i, PENDING, pendings.get(i));
    copy.send(tx, "copy status_detail (status_id, ord, kind, stix_id, version, message) from stdin (format binary)");
  }

  private static void detail(CopyBinary copy, UUID status, int ord, short kind, StatusDetail d) {
    copy.row(6).uuid(status).int4(ord).int2(kind).text(d.id()).text(d.version()).text(d.message());
  }

  /** The status with this id. */
  public Optional<Status> find(UUID id) {
    return find(id, null);
  }

  /**
   * The status with this id if {@code owner} made it (any account's when {@code owner} is null).
   * Another account's status costs what an unknown id does, one look-up without its details, so
   * that neither its answer nor its time tells that it exists.
   */
  public Optional<Status> find(UUID id, String owner) {
    return db.withConnection(c -> {
      UUID collection;
      String account;
      OffsetDateTime at;
      try (PreparedStatement s = c.prepareStatement("select collection_id, account, request_timestamp from status where id = ?"
          + (owner == null ? "" : " and account = ?"))) {
        s.setObject(1, id);
        if (owner != null) s.setString(2, owner);
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) return Optional.empty();
          collection = r.getObject(1, UUID.class);
          account = r.getString(2);
          at = r.getObject(3, OffsetDateTime.class);
        }
      }
      List<List<StatusDetail>> kinds = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
      try (PreparedStatement s = c.prepareStatement("select kind, stix_id, version, message from status_detail where status_id = ? order by ord")) {
        s.setObject(1, id);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            // statuses written before versions were required may lack one: the request time stands in
            String version = r.getString(3);
            kinds.get(r.getInt(1)).add(new StatusDetail(r.getString(2),
                version != null ? version : Timestamps.formatVersion(at.toInstant()), r.getString(4)));
          }
        }
      }
      return Optional.of(new Status(id, collection, account, at.toInstant(), kinds.get(0), kinds.get(1), kinds.get(2)));
    });
  }
}
