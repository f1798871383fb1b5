package dev.parley.store.objects;

import java.time.Instant;

/**
 * What happened to one object of a batch.
 *
 * @param index its position in the batch
 * @param version the version the collection holds now (for a conflict, the member it keeps)
 * @param versioned whether the object has a modified or created of its own (else its version is the
 *     date the collection first held it)
 */
public record AddOutcome(int index, Kind kind, String stixId, Instant version, String message, boolean versioned) {
  /**
   * Stored now; already in the collection; stored in place of a member with the same id and version
   * and another body ({@link ConflictPolicy#REPLACE}); or refused because the collection holds
   * another body under this id and version ({@link ConflictPolicy#KEEP}).
   */
  public enum Kind { STORED, DUPLICATE, REPLACED, CONFLICT }

  public boolean succeeded() {
    return kind != Kind.CONFLICT;
  }
}
