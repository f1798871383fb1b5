package dev.parley.ingest;

import dev.parley.store.objects.AddOutcome;
import java.util.List;

/**
 * What a load reports, in input order: refusals as they are judged, outcomes once their batch is
 * committed. Called from the load's two pipeline threads, never at once for the same method.
 */
public interface IngestListener {
  /** An item that was not stored: it failed validation, or did not parse. */
  default void refused(Refusal refusal) {}

  /** The outcomes of one committed batch; {@code tags[i]} is the tag of {@code outcomes.get(i)}. */
  default void committed(long[] tags, List<AddOutcome> outcomes) {}
}
