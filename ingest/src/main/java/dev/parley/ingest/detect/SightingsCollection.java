package dev.parley.ingest.detect;

import dev.parley.store.ConflictException;
import dev.parley.store.Stores;
import dev.parley.store.collections.Collection;
import dev.parley.store.egress.Feedbacks;
import java.util.UUID;

/** The node's collection of sightings: the one with alias {@value #ALIAS}, made when there is none. */
public final class SightingsCollection {
  /** The alias of the collection where sightings are stored. */
  public static final String ALIAS = "sightings";

  private SightingsCollection() {}

  /** The sightings collection, made (in {@code apiRoot}) when absent. */
  public static Collection ensure(Stores stores, String apiRoot) {
    return ensure(stores, apiRoot, ALIAS, "Sightings", "STIX sightings of this node's detection, with the observed-data they refer to");
  }

  /**
   * The feedback collection ({@code store.egress.Feedbacks}): sightings of peers' indicators
   * without observed-data, read by each peer whose agreement asks for them. Made when absent.
   */
  public static Collection ensureFeedback(Stores stores, String apiRoot) {
    return ensure(stores, apiRoot, Feedbacks.ALIAS, "Feedback",
        "Sightings of indicators peers sent, without observed-data: each peer whose agreement lists feedback sighting reads its own");
  }

  private static Collection ensure(Stores stores, String apiRoot, String alias, String title, String description) {
    return stores.collections().resolve(alias).orElseGet(() -> {
      try {
        return stores.collections().create(new Collection(UUID.randomUUID(), apiRoot, title, description, alias));
      } catch (ConflictException e) {
        return stores.collections().resolve(alias).orElseThrow(() -> e); // made by another process meanwhile
      }
    });
  }
}
