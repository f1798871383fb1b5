package dev.parley.store.cursors;

import dev.parley.store.Database;
import dev.parley.store.StoreException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

/**
 * The database's secret for sealing TAXII cursors: 32 bytes, made once by whichever node asks first
 * and the same for every node of the database from then on. Thread-safe.
 */
public final class CursorKeys {
  private static final int SIZE = 32;

  private CursorKeys() {}

  /**
   * The secret, made now if the database has none. Two nodes that start together both try to insert
   * theirs; the first commit wins and both read the winner back.
   */
  public static byte[] load(Database db) {
    Optional<byte[]> stored = read(db);
    if (stored.isPresent()) return stored.get();
    byte[] fresh = new byte[SIZE];
    new SecureRandom().nextBytes(fresh);
    db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("insert into cursor_key (one, secret) values (true, ?) on conflict do nothing")) {
        s.setBytes(1, fresh);
        return s.executeUpdate();
      }
    });
    return read(db).orElseThrow(() -> new StoreException("cursor_key is empty after an insert"));
  }

  private static Optional<byte[]> read(Database db) {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select secret from cursor_key where one"); ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(r.getBytes(1)) : Optional.empty();
      }
    });
  }
}
