package dev.parley.store.objects;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A page request on a collection: the TAXII filters (empty lists mean "any"; empty spec versions
 * means "the latest spec version of each object", {@link #ANY_SPEC_VERSION} every spec version) and
 * the keyset position.
 *
 * @param afterSeq only rows after this insertion sequence (0 for the start)
 * @param addedAfter only rows added after this time, or null
 * @param withBody whether to fetch the objects' JSON (not for manifests and versions)
 * @param peer the peer whose feed is read (its id), or null for the collection as it is: a peer
 *     reads only what its agreement lets it, positions and times are those of its feed
 */
public record ObjectQuery(UUID collection, long afterSeq, Instant addedAfter, int limit,
    List<String> ids, List<String> types, VersionFilter versions, List<String> specVersions, boolean withBody, Integer peer) {
  /** As {@code specVersions}: versions of every spec version, not only each object's latest. */
  public static final List<String> ANY_SPEC_VERSION = List.of("*");

  public ObjectQuery {
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(versions, "versions");
    ids = List.copyOf(ids);
    types = List.copyOf(types);
    specVersions = List.copyOf(specVersions);
    if (limit < 1) throw new IllegalArgumentException("limit must be positive");
  }

  /** A query of the collection as it is (no peer's feed). */
  public ObjectQuery(UUID collection, long afterSeq, Instant addedAfter, int limit,
      List<String> ids, List<String> types, VersionFilter versions, List<String> specVersions, boolean withBody) {
    this(collection, afterSeq, addedAfter, limit, ids, types, versions, specVersions, withBody, null);
  }

  /** The same query read through the feed of {@code peerId} (null: the collection as it is). */
  public ObjectQuery asPeer(Integer peerId) {
    return new ObjectQuery(collection, afterSeq, addedAfter, limit, ids, types, versions, specVersions, withBody, peerId);
  }
}
