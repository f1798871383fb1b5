package dev.parley.ingest;

import dev.parley.store.objects.AddMode;
import dev.parley.store.objects.ConflictPolicy;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * How a load runs.
 *
 * @param batchSize objects a transaction stores
 * @param mode what an object does whose id and version the collection holds with another body, and
 *     which peer sent the objects (null for objects made or imported here)
 * @param status the add request whose status each batch settles in its own transaction, or null
 * @param requestTime when the request was made: the version a status shows for an object that has
 *     neither modified nor created, where the collection's own version may not be shown
 * @param senderReads whether the status may say what the collection holds: true when the account that
 *     sent the request can read the collection. Otherwise each valid object is reported as
 *     accepted, whether it was new, already there or kept out by a conflict, with its own version,
 *     because those differences are the collection's content (ARCHITECTURE.md, "What a writer is told")
 */
public record LoadOptions(int batchSize, AddMode mode, UUID status, Instant requestTime, boolean senderReads) {
  public LoadOptions {
    if (batchSize < 1) throw new IllegalArgumentException("batchSize must be positive");
    Objects.requireNonNull(mode, "mode");
    if (status != null) Objects.requireNonNull(requestTime, "requestTime");
  }

  /**
   * A pull's pages, each given to {@link Load#submitPage} with its position: stored with {@code
   * mode}'s source peer, each page one batch.
   */
  public static LoadOptions forPages(AddMode mode) {
    return new LoadOptions(1000, mode, null, null, true);
  }

  /** A load that settles no status, as {@code parley import} runs. */
  public static LoadOptions batches(int batchSize, ConflictPolicy onConflict) {
    return new LoadOptions(batchSize, AddMode.of(onConflict), null, null, true);
  }

  /**
   * A load for an add request: each batch settles the request's status; {@code reader} says
   * whether the sending account can read the collection.
   */
  public static LoadOptions forRequest(int batchSize, AddMode mode, UUID status, Instant requestTime, boolean reader) {
    return new LoadOptions(batchSize, mode, Objects.requireNonNull(status, "status"), requestTime, reader);
  }
}
