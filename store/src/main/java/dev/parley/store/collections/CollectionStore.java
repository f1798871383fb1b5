package dev.parley.store.collections;

import dev.parley.store.ConflictException;
import dev.parley.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Creates and finds collections. Thread-safe. */
public final class CollectionStore {
  private final Database db;

  public CollectionStore(Database db) {
    this.db = db;
  }

  /** Creates a collection; throws {@link ConflictException} when the id or alias is taken. */
  public Collection create(Collection c) {
    return db.withConnection(conn -> {
      try (PreparedStatement s = conn.prepareStatement(
          "insert into collection (id, api_root, title, description, alias) values (?, ?, ?, ?, ?) on conflict do nothing")) {
        s.setObject(1, c.id());
        s.setString(2, c.apiRoot());
        s.setString(3, c.title());
        s.setString(4, c.description());
        s.setString(5, c.alias());
        if (s.executeUpdate() == 0) throw new ConflictException("a collection with id " + c.id() + " or alias " + c.alias() + " exists");
      }
      return c;
    });
  }

  /** Every collection, oldest first (a stable order, as TAXII §3.3 asks). */
  public List<Collection> list() {
    return db.withConnection(conn -> {
      try (PreparedStatement s = conn.prepareStatement(
          "select id, api_root, title, description, alias from collection order by created, id");
          ResultSet r = s.executeQuery()) {
        List<Collection> out = new ArrayList<>();
        while (r.next()) out.add(read(r));
        return out;
      }
    });
  }

  /** The collection with this id. */
  /** How many object versions all collections have taken so far (each collection's last insertion sequence). */
  public long totalAdded() {
    return db.withConnection(c -> {
      try (var s = c.prepareStatement("select coalesce(sum(last_seq), 0) from collection"); var r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    });
  }

  public Optional<Collection> find(UUID id) {
    return db.withConnection(conn -> find(conn, id));
  }

  /**
   * The collection named by id or alias (an id wins over another collection's alias). One statement
   * whether or not it exists, so that the time of a look-up does not tell.
   */
  public Optional<Collection> resolve(String idOrAlias) {
    UUID id = parseUuid(idOrAlias);
    return db.withConnection(conn -> {
      try (PreparedStatement s = conn.prepareStatement("select id, api_root, title, description, alias from collection"
          + " where id = ? or alias = ? order by id = ? desc nulls last limit 1")) {
        s.setObject(1, id, Types.OTHER);
        s.setString(2, idOrAlias);
        s.setObject(3, id, Types.OTHER);
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? Optional.of(read(r)) : Optional.empty();
        }
      }
    });
  }

  private static Optional<Collection> find(Connection conn, UUID id) throws SQLException {
    try (PreparedStatement s = conn.prepareStatement(
        "select id, api_root, title, description, alias from collection where id = ?")) {
      s.setObject(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(read(r)) : Optional.empty();
      }
    }
  }

  private static Collection read(ResultSet r) throws SQLException {
    return new Collection(r.getObject(1, UUID.class), r.getString(2), r.getString(3), r.getString(4), r.getString(5));
  }

  /** The UUID in {@code s}, or null when it is not one. */
  public static UUID parseUuid(String s) {
    if (s == null || s.length() != 36) return null;
    try {
      UUID u = UUID.fromString(s);
      return u.toString().equalsIgnoreCase(s) ? u : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
