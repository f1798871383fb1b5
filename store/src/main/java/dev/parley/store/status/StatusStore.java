package dev.parley.store.status;

import dev.parley.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Status resources of add requests. Thread-safe. */
public final class StatusStore {
  private final Database db;

  public StatusStore(Database db) {
    this.db = db;
  }

  /** Writes a status inside the caller's transaction (the one that stored the objects). */
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
    StatusCopy copy = new StatusCopy(st.id());
    copy.add(0, st.successes());
    copy.add(1, st.failures());
    copy.add(2, st.pendings());
    copy.send(tx);
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
          while (r.next()) kinds.get(r.getInt(1)).add(new StatusDetail(r.getString(2), r.getString(3), r.getString(4)));
        }
      }
      return Optional.of(new Status(id, collection, account, at.toInstant(), kinds.get(0), kinds.get(1), kinds.get(2)));
    });
  }
}
