package dev.parley.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Json;
import dev.parley.stix.Timestamps;
import dev.parley.store.log.Leaf;
import dev.parley.store.peers.ReceiptStore;
import dev.parley.tlog.TlogException;
import dev.parley.tlog.checkpoint.Checkpoint;
import dev.parley.tlog.checkpoint.CheckpointOpener;
import dev.parley.tlog.entry.EntryKind;
import dev.parley.tlog.note.VerifierKey;
import dev.parley.tlog.verify.Receipt;
import dev.parley.tlog.verify.ReceiptCheck;
import dev.parley.tlog.verify.Receipts;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Checks, offline, a receipt a peer gave for an object version this node pulled from it: that it is
 * about that version of that object in the peer's collection it was pulled from, that its checkpoint
 * is signed by the peer's pinned key, that the inclusion proof leads from its entry to the
 * checkpoint's root, and that the entry (of kind store, or receive when the sender had it from a
 * third node) commits under the receipt's salt to the object as this node holds it. Pure; never
 * throws for bad data.
 */
public final class ReceiptVerifier {
  private ReceiptVerifier() {}

  /**
   * What the check found.
   *
   * @param reason why it fails, or null when it holds
   * @param note what could not be checked although it holds (the object is no longer held), or null
   */
  public record Verdict(String reason, String note, long leafIndex, String origin, long treeSize, Instant entryTime, String senderPeer,
      Checkpoint checkpoint, String checkpointNote) {
    public boolean holds() {
      return reason == null;
    }

    static Verdict fails(String reason) {
      return new Verdict(reason, null, -1, null, -1, null, null, null, null);
    }
  }

  /** Whether the object has a version of its own (modified or created); true when it is not held (fail closed). */
  public static boolean versioned(byte[] body) {
    if (body == null) return true;
    try {
      JsonNode n = Json.readTree(body);
      return n == null || n.hasNonNull("modified") || n.hasNonNull("created");
    } catch (IOException e) {
      return true;
    }
  }

  /**
   * Checks {@code receiptJson} (a node's {@code /log/receipt} answer) for {@code key} against the
   * peer's verifier key {@code peerKey} and the object's body as held here ({@code body}, UTF-8
   * JSON; null when the collection no longer holds it: the commitment is then not checked).
   */
  public static Verdict check(String receiptJson, String peerKey, ReceiptStore.Key key, byte[] body) {
    if (receiptJson == null) return Verdict.fails("no receipt");
    if (peerKey == null) return Verdict.fails("no log key of the peer to check it against");
    CheckpointOpener opener;
    try {
      opener = opener(peerKey);
    } catch (TlogException | IllegalArgumentException e) {
      return Verdict.fails("the peer's pinned key is not a verifier key: " + e.getMessage());
    }
    return check(receiptJson, opener, key, body);
  }

  /**
   * An opener of checkpoints signed by the peer's pinned key {@code peerKey}, for {@link
   * #check(String, CheckpointOpener, ReceiptStore.Key, byte[])}: many receipts against one checkpoint
   * check its signature once.
   *
   * @throws TlogException or IllegalArgumentException when {@code peerKey} is not a verifier key
   */
  public static CheckpointOpener opener(String peerKey) {
    return new CheckpointOpener(VerifierKey.parse(peerKey.strip()));
  }

  /**
   * As {@link #check(String, String, ReceiptStore.Key, byte[])}, with the peer's key in {@code
   * opener}: every part of every receipt is checked, and a checkpoint's signature once for as long
   * as the receipts name the very same signed checkpoint.
   */
  public static Verdict check(String receiptJson, CheckpointOpener opener, ReceiptStore.Key key, byte[] body) {
    if (receiptJson == null) return Verdict.fails("no receipt");
    JsonNode json;
    Receipt receipt;
    try {
      json = Json.mapper().readTree(receiptJson);
      receipt = Receipt.parse(receiptJson);
    } catch (IOException | TlogException | IllegalArgumentException e) {
      return Verdict.fails("not a receipt: " + e.getMessage());
    }
    String collection = json.path("collection").asText(null);
    String id = json.path("id").asText(null);
    String version = json.path("version").asText(null);
    if (collection == null || id == null || version == null) return Verdict.fails("the receipt names no collection, id and version");
    if (!collection.equals(key.remoteCollection()) || !id.equals(key.stixId())) {
      return Verdict.fails("the receipt is for " + id + " in collection " + collection + ", not " + key.stixId() + " in " + key.remoteCollection());
    }
    Instant v;
    try {
      v = Timestamps.parse(version);
    } catch (IllegalArgumentException e) {
      return Verdict.fails("the receipt's version is not a timestamp: " + version);
    }
    // an object with neither modified nor created has, as its version, the date a collection first held it: the
    // sender's differs from this node's, and the one slot it has is what the receipt is for
    if (!v.equals(key.version()) && versioned(body)) return Verdict.fails("the receipt is for version " + version + ", not " + Timestamps.formatVersion(key.version()));
    ReceiptCheck check = Receipts.check(receipt, opener, Optional.empty());
    if (check instanceof ReceiptCheck.Fails f) return Verdict.fails(f.reason());
    ReceiptCheck.Holds holds = (ReceiptCheck.Holds) check;
    EntryKind kind = holds.entry().kind();
    String sender = json.path("peer").isTextual() ? json.get("peer").textValue() : null;
    if (kind != EntryKind.STORE && kind != EntryKind.RECEIVE) return Verdict.fails("the entry is not of a stored object version but of kind " + kind);
    if (kind == EntryKind.RECEIVE && sender == null) return Verdict.fails("the entry is of kind receive, and the receipt names no peer");
    String note = null;
    if (body == null) {
      note = "this node no longer holds the object: the entry's commitment to it was not checked";
    } else {
      ObjectNode object;
      try {
        JsonNode n = Json.readTree(body);
        if (!(n instanceof ObjectNode o)) return Verdict.fails("the object held here is not a JSON object");
        object = o;
      } catch (IOException e) {
        return Verdict.fails("the object held here does not parse: " + e.getMessage());
      }
      UUID c = UUID.fromString(collection);
      Leaf leaf = kind == EntryKind.RECEIVE ? Leaf.received(c, object, version, sender) : Leaf.stored(c, object, version);
      if (!holds.entry().commitsTo(receipt.salt(), leaf.canonical())) {
        return Verdict.fails("commitment: the entry does not commit to the object as received under the receipt's salt");
      }
    }
    return new Verdict(null, note, receipt.leafIndex(), holds.checkpoint().origin(), holds.checkpoint().size().value(),
        holds.entry().time(), kind == EntryKind.RECEIVE ? sender : null, holds.checkpoint(), receipt.checkpoint());
  }
}
