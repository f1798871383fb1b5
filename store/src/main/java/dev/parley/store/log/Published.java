package dev.parley.store.log;

import dev.parley.tlog.checkpoint.Checkpoint;
import java.util.Objects;

/** A checkpoint the log has signed and stored, with its signed note as served. */
public record Published(Checkpoint checkpoint, String note) {
  public Published {
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(note, "note");
  }

  public long size() {
    return checkpoint.size().value();
  }
}
