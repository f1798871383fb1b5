package dev.parley.policy.agreement;

import java.util.Optional;

/**
 * Finds a local collection by its id or its alias, for the collections an agreement names on this
 * node. Called only while an agreement is parsed; it must answer an id with that same id.
 */
@FunctionalInterface
public interface CollectionResolver {
  /** The id of the local collection whose id or alias is {@code idOrAlias}, or empty when there is none. */
  Optional<String> localId(String idOrAlias);
}
