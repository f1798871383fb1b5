package dev.parley.store.status;

import dev.parley.store.Database;
import dev.parley.store.StoreException;
import dev.parley.store.internal.CopyBinary;
import dev.parley.store.objects.Timestamps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * that is not durable. Thread-safe.
 */
public final class StatusStore {
  /** Detail kinds, as stored. */
  private static final short SUCCESS = 0;
  private static final short FAILURE = 1;
  private static final short PENDING = 2;

  private final Database db;

  public StatusStore(Database db) {
    this.db = db;
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
        + " total_count, success_count, failure_count, pending_count) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setObject(1, st.id());
      s.setObject(2, st.collection());
      s.setString(3, st.account());
      s.setObject(4, OffsetDateTime.ofInstant(st.requestTimestamp(), ZoneOffset.UTC));
      s.setInt(5, st.total());
      s.setInt(6, st.successes().size());
      s.setInt(7, st.failures().size());
      s.setInt(8, st.pendings().size());
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
   * Fails every object still pending in any status, with {@code message}: at start, when the
   * process that was storing them is gone. Returns how many.
   */
  public int failPending(String message) {
    return db.inTransaction(tx -> {
      int n;
      try (PreparedStatement s = tx.prepareStatement("update status_detail set kind = " + FAILURE + ", message = ? where kind = " + PENDING)) {
        s.setString(1, message);
        n = s.executeUpdate();
      }
      if (n > 0) {
        try (PreparedStatement s = tx.prepareStatement(
            "update status set failure_count = failure_count + pending_count, pending_count = 0 where pending_count > 0")) {
          s.executeUpdate();
        }
      }
      return n;
    });
  }

  /** Fails every object of one status that is still pending, with {@code message}. */
  public void failPending(UUID status, String message) {
    db.inTransaction(tx -> {
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
      return null;
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
    return db.withConnection(c -> {
      UUID collection;
      String account;
      OffsetDateTime at;
      try (PreparedStatement s = c.prepareStatement("select collection_id, account, request_timestamp from status where id = ?")) {
        s.setObject(1, id);
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
