package dev.parley.policy.agreement;

import java.util.Objects;

/**
 * A local collection that this node sends to the peer (each object still passes the share rules).
 *
 * @param collection the local collection's id
 * @param to the peer's collection, as the agreement names it
 */
public record Push(String collection, String to) {
  public Push {
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(to, "to");
  }
}
