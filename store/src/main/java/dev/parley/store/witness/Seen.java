package dev.parley.store.witness;

import dev.parley.tlog.checkpoint.Checkpoint;
import java.time.Instant;
import java.util.Objects;

/**
 * A signed checkpoint of a peer's log as this node's monitor received it.
 *
 * @param note the signed note, complete
 * @param source who supplied it (a URL, or a witness submission's remote address)
 */
public record Seen(Checkpoint checkpoint, String note, String source, Instant at) {
  public Seen {
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(note, "note");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(at, "at");
  }

  public long size() {
    return checkpoint.size().value();
  }
}
