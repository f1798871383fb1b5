package dev.parley.store.collections;

import java.util.Objects;
import java.util.UUID;

/** A TAXII collection: where objects are added and read. */
public record Collection(UUID id, String apiRoot, String title, String description, String alias) {
  public Collection {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(apiRoot, "apiRoot");
    if (title == null || title.isBlank()) throw new IllegalArgumentException("a collection needs a title");
  }
}
