package dev.parley.policy.agreement;

import java.util.Map;
import java.util.Optional;

/** The local collections of the agreement tests: ids, and the aliases of two of them. */
final class LocalCollections {
  private LocalCollections() {}

  static final String INTEL = "91a7b528-80eb-42ed-a74d-c6fbd5a26116";
  static final String SIGHTINGS = "52892447-4d7e-4f70-b94d-d7f22742ff63";
  static final String INBOX = "2f1b5a3c-7d4e-4b8a-9c6d-0e1f2a3b4c5d";

  private static final Map<String, String> BY_ALIAS = Map.of("intel", INTEL, "sightings", SIGHTINGS);

  /** Resolves ids to themselves and the aliases {@code intel} and {@code sightings}. */
  static final CollectionResolver RESOLVER = idOrAlias -> {
    if (idOrAlias.equals(INTEL) || idOrAlias.equals(SIGHTINGS) || idOrAlias.equals(INBOX)) return Optional.of(idOrAlias);
    return Optional.ofNullable(BY_ALIAS.get(idOrAlias));
  };
}
