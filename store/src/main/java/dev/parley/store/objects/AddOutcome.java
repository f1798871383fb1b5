package dev.parley.store.objects;

import java.time.Instant;

/**
 * What happened to one object of a batch.
 *
 * @param index its position in the batch
 * @param version the stored version (for a conflict, the version already stored)
 */
public record AddOutcome(int index, Kind kind, String stixId, Instant version, String message) {
  /** Stored now; already in the collection; or refused because a different object holds this id and version. */
  public enum Kind { STORED, DUPLICATE, CONFLICT }

  public boolean succeeded() {
    return kind != Kind.CONFLICT;
  }
}
