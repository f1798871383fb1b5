package dev.parley.store.status;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The outcome of one TAXII add-objects request (TAXII 2.1 §4.3.1). */
public record Status(UUID id, UUID collection, String account, Instant requestTimestamp,
    List<StatusDetail> successes, List<StatusDetail> failures, List<StatusDetail> pendings) {
  public Status {
    successes = List.copyOf(successes);
    failures = List.copyOf(failures);
    pendings = List.copyOf(pendings);
  }

  public int total() {
    return successes.size() + failures.size() + pendings.size();
  }

  /** {@code complete} when nothing is pending. */
  public String state() {
    return pendings.isEmpty() ? "complete" : "pending";
  }
}
