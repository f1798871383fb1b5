package dev.parley.tlog.witness;

import dev.parley.tlog.checkpoint.Checkpoint;
import java.util.Objects;

/**
 * The latest checkpoint a witness cosigned for one origin, with the signed note it came in (kept as
 * the witness's half of any fork evidence).
 */
public record Witnessed(Checkpoint checkpoint, String note) {
  public Witnessed {
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(note, "note");
  }

  public long size() {
    return checkpoint.size().value();
  }
}
