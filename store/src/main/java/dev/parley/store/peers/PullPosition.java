package dev.parley.store.peers;

import java.util.Objects;
import java.util.UUID;

/**
 * Where pulling a peer's collection into a local one stands: the {@code added_after} to ask next
 * (the {@code X-TAXII-Date-Added-Last} of the last page stored), or null to start at the beginning.
 */
public record PullPosition(int peer, String remoteCollection, UUID into, String addedAfter) {
  public PullPosition {
    Objects.requireNonNull(remoteCollection, "remoteCollection");
    Objects.requireNonNull(into, "into");
  }
}
