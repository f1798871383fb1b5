package dev.parley.policy.egress;

import java.util.Objects;

/** Where an object version came from: made or imported here, or received from a peer. */
public sealed interface Provenance {

  /** Made or imported on this node. */
  record Local() implements Provenance {}

  /**
   * Received from the peer {@code peer}.
   *
   * @param sourceAllowsRelay whether the agreement with that peer says {@code "relay": true}
   */
  record Received(String peer, boolean sourceAllowsRelay) implements Provenance {
    public Received {
      Objects.requireNonNull(peer, "peer");
    }
  }
}
