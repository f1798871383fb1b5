package dev.parley.store.objects;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * Called inside the transaction that adds or deletes object versions of a collection, after the
 * rows are written and before the commit: what it writes on {@code tx} commits or rolls back with
 * them (the transparency log appends here). It must not commit, roll back or close {@code tx};
 * throwing aborts the whole write. Calls for one collection never overlap (the writer holds the
 * collection's row lock), so an implementation may number entries densely.
 */
public interface WriteHook {
  WriteHook NONE = new WriteHook() {
    @Override
    public void stored(Connection tx, UUID collection, List<StoredVersion> versions) {}

    @Override
    public void deleted(Connection tx, UUID collection, List<StoredVersion> versions) {}
  };

  /**
   * Versions that an add whose sender may not read the collection ({@link AddMode#blind}) sent and
   * the collection held already, with the same body or another one kept out by a conflict; each
   * is the object as sent ({@link StoredVersion#canonical}) under the version the collection
   * holds. Nothing was stored, but each is logged as a stored version would be, so that the log's
   * size does not tell them from new ones.
   */
  default void heldAlready(Connection tx, UUID collection, List<StoredVersion> versions) throws SQLException {}

  /** Versions newly added to the collection, in insertion order. */
  void stored(Connection tx, UUID collection, List<StoredVersion> versions) throws SQLException;

  /** Versions removed from the collection. */
  void deleted(Connection tx, UUID collection, List<StoredVersion> versions) throws SQLException;
}
