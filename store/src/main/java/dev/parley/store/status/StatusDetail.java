package dev.parley.store.status;

import java.util.Objects;

/**
 * One object's line in a status: its id, version and, for a failure, why.
 *
 * @param version never null: TAXII 2.1 §4.3.1 requires one; objects without {@code modified} or
 *     {@code created} get the version the store gave them, or, when not stored, the request time
 */
public record StatusDetail(String id, String version, String message) {
  public StatusDetail {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(version, "version");
  }
}
