package dev.parley.policy.agreement;

import java.util.Objects;

/**
 * A local collection the peer may write to (where its pushes land).
 *
 * @param collection the local collection's id
 */
public record Accept(String collection) {
  public Accept {
    Objects.requireNonNull(collection, "collection");
  }
}
