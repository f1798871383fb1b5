package dev.parley.policy.agreement;

import java.util.Objects;

/**
 * A collection of the peer that this node pulls.
 *
 * @param collection the peer's collection, as the agreement names it (id or alias there)
 * @param into the local collection's id where its objects are stored
 */
public record Receive(String collection, String into) {
  public Receive {
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(into, "into");
  }
}
