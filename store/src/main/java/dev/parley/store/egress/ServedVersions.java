package dev.parley.store.egress;

import dev.parley.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/**
 * The versions a peer was served that its feed no longer holds (table {@code peer_served}): what it
 * may still prove it received, so their receipts stay its to fetch whatever the terms now (issue:
 * "each side can later prove what the other sent it"). Rows are written by the feed's writers in the
 * transaction that takes them out of the feed, and never removed. Thread-safe.
 */
public final class ServedVersions {
  /**
   * Copies the feed rows a {@code delete from peer_feed ... returning peer, collection_id, stix_id,
   * version} statement removes, in the same statement (a data-modifying CTE named {@code gone}).
   */
  static final String KEEP = " insert into peer_served (peer, collection_id, stix_id, version)"
      + " select peer, collection_id, stix_id, version from gone on conflict do nothing";

  private final Database db;

  public ServedVersions(Database db) {
    this.db = db;
  }

  /**
   * The version of {@code stixId} in {@code collection} that left {@code peer}'s feed after it was
   * served: {@code version} when the peer was served that one, else (none asked) the newest it was
   * served; empty when it was served none.
   */
  public Optional<Instant> served(int peer, UUID collection, String stixId, Optional<Instant> version) {
    return db.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("select version from peer_served where peer = ? and collection_id = ? and stix_id = ?"
          + (version.isPresent() ? " and version = ?" : "") + " order by version desc limit 1")) {
        s.setInt(1, peer);
        s.setObject(2, collection);
        s.setString(3, stixId);
        if (version.isPresent()) s.setObject(4, OffsetDateTime.ofInstant(version.get(), ZoneOffset.UTC));
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? Optional.of(r.getObject(1, OffsetDateTime.class).toInstant()) : Optional.<Instant>empty();
        }
      }
    });
  }

  /** Takes the whole of a peer's feed out, keeping what it held: one statement, whatever its size. */
  static void dropFeed(Connection c, int peer) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("with gone as (delete from peer_feed where peer = ?"
        + " returning peer, collection_id, stix_id, version)" + KEEP)) {
      s.setInt(1, peer);
      s.executeUpdate();
    }
  }
}
