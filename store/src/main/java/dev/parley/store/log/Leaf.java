package dev.parley.store.log;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.parley.stix.Canonical;
import dev.parley.tlog.entry.Commitments;
import dev.parley.tlog.entry.EntryKind;
import dev.parley.tlog.entry.Salt;
import dev.parley.tlog.tree.Hash;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * What one log entry is about: an object version stored in a collection, one deleted from it, or a
 * version of the agreement with a peer.
 * {@link #canonical()} gives the bytes the entry commits to (tlog/ENTRY-FORMAT.md). Immutable (the
 * object bytes are shared with the caller, not copied: every stored version passes through here); a
 * final class rather than a record because a record would hand out its array.
 */
public final class Leaf {
  private final EntryKind kind;
  private final UUID collection;
  private final String stixId;
  private final String version;
  private final byte[] objectCanonical;
  private final String peer;
  private final boolean stored;

  private Leaf(EntryKind kind, UUID collection, String stixId, String version, byte[] objectCanonical) {
    this(kind, collection, stixId, version, objectCanonical, null, true);
  }

  private Leaf(EntryKind kind, UUID collection, String stixId, String version, byte[] objectCanonical, String peer, boolean stored) {
    this.peer = peer;
    this.stored = stored;
    this.kind = Objects.requireNonNull(kind, "kind");
    this.collection = Objects.requireNonNull(collection, "collection");
    this.stixId = Objects.requireNonNull(stixId, "stixId");
    this.version = Objects.requireNonNull(version, "version");
    this.objectCanonical = objectCanonical;
  }

  /** A stored version; {@code version} is its modified timestamp as the store reports it. */
  public static Leaf stored(UUID collection, ObjectNode object, String version) {
    if (!object.path("id").isTextual()) throw new IllegalArgumentException("a stored object needs an id");
    return new Leaf(EntryKind.STORE, collection, object.get("id").textValue(), version, Canonical.bytes(object));
  }

  /** A stored version whose RFC 8785 bytes are already at hand; the array is kept, not copied, and must not change. */
  public static Leaf stored(UUID collection, String stixId, byte[] objectCanonical, String version) {
    return new Leaf(EntryKind.STORE, collection, stixId, version, objectCanonical);
  }

  /** A version stored as received from the peer {@code peer}, whose RFC 8785 bytes are at hand (kept, not copied). */
  public static Leaf received(UUID collection, String stixId, byte[] objectCanonical, String version, String peer) {
    return new Leaf(EntryKind.RECEIVE, collection, stixId, version, objectCanonical, Objects.requireNonNull(peer, "peer"), true);
  }

  /**
   * An object version that an account which may not read the collection sent, and the collection
   * held already (the same body, or another one it kept): an entry of the kind a stored one would
   * have (receive when {@code peer}, the sender's log name, is not null; else store), committing to
   * the object as sent, but not {@link #stored()}. The array is kept, not copied.
   */
  public static Leaf heldAlready(UUID collection, String stixId, byte[] objectCanonical, String version, String peer) {
    return new Leaf(peer == null ? EntryKind.STORE : EntryKind.RECEIVE, collection, stixId, version, objectCanonical, peer, false);
  }

  /**
   * Whether the entry is of what the collection took: false only for {@link #heldAlready}, of which
   * no receipt is given (a receipt is of the entry that stored what the collection serves).
   */
  public boolean stored() {
    return stored;
  }

  /** A version received from {@code peer}, as a receipt's holder rebuilds it from the object. */
  public static Leaf received(UUID collection, ObjectNode object, String version, String peer) {
    if (!object.path("id").isTextual()) throw new IllegalArgumentException("a received object needs an id");
    return received(collection, object.get("id").textValue(), Canonical.bytes(object), version, peer);
  }

  /** The peer a received version came from; null for every other kind. */
  public String peer() {
    return peer;
  }

  /** A deletion of version {@code version} of {@code stixId} from the collection. */
  public static Leaf deleted(UUID collection, String stixId, String version) {
    return new Leaf(EntryKind.DELETE, collection, stixId, version, null);
  }

  /** The collection id that agreement entries carry in log_salt: agreements belong to no collection. */
  public static final UUID AGREEMENTS = new UUID(0, 0);

  /**
   * Version {@code version} of the agreement with {@code peer}, whose canonical (RFC 8785) bytes are
   * {@code agreementCanonical}; the array is kept, not copied, and must not change.
   */
  public static Leaf agreement(String peer, int version, byte[] agreementCanonical) {
    return new Leaf(EntryKind.AGREEMENT, AGREEMENTS, agreementId(peer), Integer.toString(version), agreementCanonical);
  }

  /** What log_salt names the agreements with {@code peer} by. */
  public static String agreementId(String peer) {
    return "agreement:" + peer;
  }

  public EntryKind kind() {
    return kind;
  }

  public UUID collection() {
    return collection;
  }

  public String stixId() {
    return stixId;
  }

  public String version() {
    return version;
  }

  /**
   * The RFC 8785 bytes the entry commits to: {@code {"collection","object","version"}} for a store,
   * {@code {"collection","object","peer","version"}} for a receive,
   * {@code {"collection","id","version"}} for a delete. The object's bytes are spliced in as they
   * are (they are canonical already); members are written in RFC 8785 order.
   */
  public byte[] canonical() {
    return canonical(kind, collection, stixId, version, objectCanonical, peer);
  }

  static byte[] canonical(EntryKind kind, UUID collection, String stixId, String version, byte[] objectCanonical, String peer) {
    if (kind == EntryKind.DELETE) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("collection", collection.toString()).put("id", stixId).put("version", version);
      return Canonical.bytes(o);
    }
    if (kind == EntryKind.AGREEMENT) {
      byte[] head = "{\"agreement\":".getBytes(StandardCharsets.UTF_8);
      byte[] tail = (",\"peer\":" + Canonical.string(TextNode.valueOf(stixId.substring("agreement:".length())))
          + ",\"version\":" + version + "}").getBytes(StandardCharsets.UTF_8);
      byte[] out = new byte[head.length + objectCanonical.length + tail.length];
      System.arraycopy(head, 0, out, 0, head.length);
      System.arraycopy(objectCanonical, 0, out, head.length, objectCanonical.length);
      System.arraycopy(tail, 0, out, head.length + objectCanonical.length, tail.length);
      return out;
    }
    byte[] head = head(collection);
    byte[] tail = tail(version, peer);
    byte[] out = new byte[head.length + objectCanonical.length + tail.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(objectCanonical, 0, out, head.length, objectCanonical.length);
    System.arraycopy(tail, 0, out, head.length + objectCanonical.length, tail.length);
    return out;
  }

  /** The entry's commitment under {@code salt}: that of {@link #canonical()}, hashed without building it. */
  public Hash commitment(Salt salt) {
    if (kind != EntryKind.STORE && kind != EntryKind.RECEIVE) return Commitments.commit(salt, canonical());
    return Commitments.commit(salt, head(collection), objectCanonical, tail(version, peer));
  }

  private static byte[] head(UUID collection) {
    return ("{\"collection\":" + Canonical.string(TextNode.valueOf(collection.toString())) + ",\"object\":").getBytes(StandardCharsets.UTF_8);
  }

  /** What follows the object: its version, and for a received version first the peer (members in RFC 8785 order). */
  private static byte[] tail(String version, String peer) {
    return ((peer == null ? "" : ",\"peer\":" + Canonical.string(TextNode.valueOf(peer)))
        + ",\"version\":" + Canonical.string(TextNode.valueOf(version)) + "}").getBytes(StandardCharsets.UTF_8);
  }
}
