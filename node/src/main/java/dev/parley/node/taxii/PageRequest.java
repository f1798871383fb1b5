package dev.parley.node.taxii;

import dev.parley.store.objects.ObjectQuery;
import dev.parley.store.objects.VersionFilter;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What a paged TAXII request asks for, apart from where it starts: the endpoint, the collection,
 * the object (of the object and versions endpoints), added_after, the match filters and the page
 * size. A {@code next} cursor carries one, so that a page continues the sequence of its first page.
 *
 * @param object the object id of the object and versions endpoints, otherwise null
 * @param addedAfter the added_after filter, or null
 * @param specVersions match[spec_version], empty for "each object's latest"
 */
record PageRequest(Kind kind, UUID collection, String object, Instant addedAfter, int limit,
    List<String> ids, List<String> types, VersionFilter versions, List<String> specVersions) {
  /** The paged endpoints (TAXII 2.1 §5.3, §5.4, §5.6, §5.8). */
  enum Kind { OBJECTS, MANIFEST, OBJECT, VERSIONS }

  PageRequest {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(versions, "versions");
    if ((object != null) != (kind == Kind.OBJECT || kind == Kind.VERSIONS)) throw new IllegalArgumentException("object id for " + kind);
    if (limit < 1) throw new IllegalArgumentException("limit must be positive");
    ids = List.copyOf(ids);
    types = List.copyOf(types);
    specVersions = List.copyOf(specVersions);
  }

  PageRequest withLimit(int newLimit) {
    return new PageRequest(kind, collection, object, addedAfter, newLimit, ids, types, versions, specVersions);
  }

  /** The store's query for the page after {@code afterSeq}. */
  ObjectQuery query(long afterSeq) {
    List<String> idFilter = object != null ? List.of(object) : ids;
    return new ObjectQuery(collection, afterSeq, addedAfter, limit, idFilter, types, versions, specVersions, kind == Kind.OBJECTS || kind == Kind.OBJECT);
  }
}
