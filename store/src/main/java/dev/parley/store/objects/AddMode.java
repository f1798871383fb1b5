package dev.parley.store.objects;

import java.util.Objects;

/**
 * How an add treats its objects: what a conflicting body does, where the objects came from, and
 * whether their sender may know what the collection holds.
 *
 * @param sourcePeer the id of the peer that sent the objects (they are then never sent back to it,
 *     and go on to other peers only as its agreement allows), or null for objects made or imported here
 * @param blind whether the sender may not read what the collection holds (a write-only account, a
 *     peer): then every object leaves one log entry, whether it was stored, held already or kept out
 *     by a conflict, so that the log's size does not tell them apart (ARCHITECTURE.md, "What a writer
 *     is told"); such an add keeps a conflicting member, since a replacement is a delete in the log
 * @param sourceAccount the local account that wrote the objects over TAXII (null: a peer, or this
 *     node itself): detection budgets each writer's indicators apart
 * @param senderCollection for a peer's push, the collection of the peer the objects come from, as it
 *     named it: each version stored, or held already, is then recorded as a pending receipt to ask
 *     the peer for, as for a pulled page ({@link dev.parley.store.peers.ReceiptStore}); else null
 */
public record AddMode(ConflictPolicy onConflict, Integer sourcePeer, boolean blind, String sourceAccount, String senderCollection) {
  public static final AddMode KEEP = new AddMode(ConflictPolicy.KEEP, null);

  public AddMode {
    Objects.requireNonNull(onConflict, "onConflict");
    if (blind && onConflict == ConflictPolicy.REPLACE) {
      throw new IllegalArgumentException("an add whose sender may not read the collection keeps what it holds");
    }
    if (senderCollection != null && sourcePeer == null) throw new IllegalArgumentException("a sender's collection is a peer's");
  }

  public AddMode(ConflictPolicy onConflict, Integer sourcePeer, boolean blind) {
    this(onConflict, sourcePeer, blind, null, null);
  }

  /** This add, whose receipts the peer gives from its collection {@code collection}. */
  public AddMode receiptsFrom(String collection) {
    return new AddMode(onConflict, sourcePeer, blind, sourceAccount, collection);
  }

  /** An add by a sender that may read the collection (or by this node itself). */
  public AddMode(ConflictPolicy onConflict, Integer sourcePeer) {
    this(onConflict, sourcePeer, false);
  }

  /** This add, written by local account {@code account}. */
  public AddMode writtenBy(String account) {
    return new AddMode(onConflict, sourcePeer, blind, account, senderCollection);
  }

  public static AddMode of(ConflictPolicy onConflict) {
    return new AddMode(onConflict, null);
  }
}
