package dev.parley.store.objects;

import java.time.Instant;

/**
 * One object version in a collection, as read back; {@code body} is its JSON as UTF-8 bytes, or
 * null when not asked for. A record for reading, not for comparing: the array is shared.
 */
public record ObjectRow(long seq, Instant dateAdded, String stixId, String type, Instant version, String specVersion, byte[] body) {}
