package dev.parley.store.log;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.parley.stix.Canonical;
import dev.parley.tlog.entry.EntryKind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * What one log entry is about: an object version stored in a collection, or one deleted from it.
 * {@link #canonical()} gives the bytes the entry commits to (tlog/ENTRY-FORMAT.md). Immutable; a
 * final class rather than a record because a record would hand out its array.
 */
public final class Leaf {
  private final EntryKind kind;
  private final UUID collection;
  private final String stixId;
  private final String version;
  private final byte[] objectCanonical;

  private Leaf(EntryKind kind, UUID collection, String stixId, String version, byte[] objectCanonical) {
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

  /** A stored version whose RFC 8785 bytes are already at hand (the store keeps them). */
  public static Leaf stored(UUID collection, String stixId, byte[] objectCanonical, String version) {
    return new Leaf(EntryKind.STORE, collection, stixId, version, objectCanonical.clone());
  }

  /** A deletion of version {@code version} of {@code stixId} from the collection. */
  public static Leaf deleted(UUID collection, String stixId, String version) {
    return new Leaf(EntryKind.DELETE, collection, stixId, version, null);
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
   * {@code {"collection","id","version"}} for a delete. The object's bytes are spliced in as they
   * are (they are canonical already); members are written in RFC 8785 order.
   */
  public byte[] canonical() {
    return canonical(kind, collection, stixId, version, objectCanonical);
  }

  static byte[] canonical(EntryKind kind, UUID collection, String stixId, String version, byte[] objectCanonical) {
    if (kind == EntryKind.DELETE) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("collection", collection.toString()).put("id", stixId).put("version", version);
      return Canonical.bytes(o);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(objectCanonical.length + 96);
    out.writeBytes(("{\"collection\":" + Canonical.string(TextNode.valueOf(collection.toString())) + ",\"object\":")
        .getBytes(StandardCharsets.UTF_8));
    out.writeBytes(objectCanonical);
    out.writeBytes((",\"version\":" + Canonical.string(TextNode.valueOf(version)) + "}").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }
}
