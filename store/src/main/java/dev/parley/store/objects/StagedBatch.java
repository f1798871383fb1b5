package dev.parley.store.objects;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A batch whose versions are stored (found, or inserted by {@link ObjectStore#stage}) but that is
 * not yet in its collection; {@link ObjectStore#add(java.sql.Connection, StagedBatch)} makes the
 * members. Versions without members are invisible to readers, so a batch staged and never added
 * leaves nothing a client can see (and a later add of the same objects finds the versions).
 * Confined to one thread at a time.
 */
final class StagedBatch {
  final UUID collection;
  final List<NewObject> objects;
  /** The version each object of the batch resolves to, by the object's place in the batch (two objects may share one). */
  final List<StagedVersion> versions;
  /** Ids of which some version was stored before this batch: only these can have older members. */
  final Set<String> knownIds;
  /** The collection's last sequence before the look-up: members added after it are re-read when adding. */
  final long seenSeq;

  StagedBatch(UUID collection, List<NewObject> objects, List<StagedVersion> versions, Set<String> knownIds, long seenSeq) {
    this.collection = collection;
    this.objects = List.copyOf(objects);
    this.versions = versions;
    this.knownIds = knownIds;
    this.seenSeq = seenSeq;
  }
}
