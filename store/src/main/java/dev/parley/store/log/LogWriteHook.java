package dev.parley.store.log;

import dev.parley.store.objects.StoredVersion;
import dev.parley.stix.Timestamps;
import dev.parley.store.objects.WriteHook;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * The object store's write hook that logs every stored and deleted version in the writing
 * transaction, and every version a blind add sent that the collection held already. The version string in the entry is the STIX form of the stored version
 * ({@link Timestamps#formatVersion}). Thread-safe.
 */
final class LogWriteHook implements WriteHook {
  private final LogAppender appender;

  LogWriteHook(LogAppender appender) {
    this.appender = appender;
  }

  @Override
  public void stored(Connection tx, UUID collection, List<StoredVersion> versions) throws SQLException {
    if (versions.isEmpty()) return;
    appender.append(tx, versions.stream()
        .map(v -> v.source() == null ? Leaf.stored(collection, v.stixId(), v.canonical(), Timestamps.formatVersion(v.version()))
            : Leaf.received(collection, v.stixId(), v.canonical(), Timestamps.formatVersion(v.version()), v.source()))
        .toList());
  }

  @Override
  public void heldAlready(Connection tx, UUID collection, List<StoredVersion> versions) throws SQLException {
    if (versions.isEmpty()) return;
    appender.append(tx, versions.stream()
        .map(v -> Leaf.heldAlready(collection, v.stixId(), v.canonical(), Timestamps.formatVersion(v.version()), v.source()))
        .toList());
  }

  @Override
  public void deleted(Connection tx, UUID collection, List<StoredVersion> versions) throws SQLException {
    if (versions.isEmpty()) return;
    appender.append(tx, versions.stream()
        .map(v -> Leaf.deleted(collection, v.stixId(), Timestamps.formatVersion(v.version())))
        .toList());
  }
}
