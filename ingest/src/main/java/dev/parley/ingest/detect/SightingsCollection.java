package dev.parley.ingest.detect;

import dev.parley.store.ConflictException;
import dev.parley.store.Stores;
import dev.parley.store.collections.Collection;
import java.util.UUID;

/** The node's collection of sightings: the one with alias {@value #ALIAS}, made when there is none. */
public final class SightingsCollection {
  /** The alias of the collection where sightings are stored. */
  public static final String ALIAS = "sightings";

  private SightingsCollection() {}

  /** The sightings collection, made (in {@code apiRoot}) when absent. */
  public static Collection ensure(Stores stores, String apiRoot) {
    return stores.collections().resolve(ALIAS).orElseGet(() -> {
      try {
        return stores.collections().create(new Collection(UUID.randomUUID(), apiRoot, "Sightings",
            "STIX sightings of this node's detection, with the observed-data they refer to", ALIAS));
      } catch (ConflictException e) {
        return stores.collections().resolve(ALIAS).orElseThrow(() -> e); // made by another process meanwhile
      }
    });
  }
}
