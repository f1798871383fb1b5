package dev.parley.store.objects;

import java.time.Instant;

/** One object version in a collection, as read back; {@code body} is null when not asked for. */
public record ObjectRow(long seq, Instant dateAdded, String stixId, String type, Instant version, String specVersion, String body) {}
