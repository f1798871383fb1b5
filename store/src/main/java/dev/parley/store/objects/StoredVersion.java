package dev.parley.store.objects;

import java.time.Instant;
import java.util.UUID;

/**
 * An object version as it entered (or left) a collection, handed to the {@link WriteHook} inside
 * the writing transaction.
 *
 * @param canonical the version's RFC 8785 bytes when it is stored; null when it is deleted
 * @param source the log name of the peer it was received from ({@code Peer#logName}), or null
 */
public record StoredVersion(UUID collection, long seq, String stixId, Instant version, Instant dateAdded, byte[] canonical,
    String source) {
  public StoredVersion(UUID collection, long seq, String stixId, Instant version, Instant dateAdded, byte[] canonical) {
    this(collection, seq, stixId, version, dateAdded, canonical, null);
  }
}
