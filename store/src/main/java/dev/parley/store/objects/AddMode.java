package dev.parley.store.objects;

import java.util.Objects;

/**
 * How an add treats its objects: what a conflicting body does, and where the objects came from.
 *
 * @param sourcePeer the id of the peer that sent the objects (they are then never sent back to it,
 *     and go on to other peers only as its agreement allows), or null for objects made or imported here
 */
public record AddMode(ConflictPolicy onConflict, Integer sourcePeer) {
  public static final AddMode KEEP = new AddMode(ConflictPolicy.KEEP, null);

  public AddMode {
    Objects.requireNonNull(onConflict, "onConflict");
  }

  public static AddMode of(ConflictPolicy onConflict) {
    return new AddMode(onConflict, null);
  }
}
