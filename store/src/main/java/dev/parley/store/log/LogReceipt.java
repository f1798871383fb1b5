package dev.parley.store.log;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.parley.stix.Canonical;
import dev.parley.tlog.verify.Receipt;
import java.util.Objects;
import java.util.UUID;

/**
 * A receipt (tlog {@link Receipt}) with what it is about: the collection, object id and the exact
 * version string the entry commits to, so the holder can rebuild the canonical bytes
 * ({@link Leaf#stored(UUID, com.fasterxml.jackson.databind.node.ObjectNode, String)}).
 */
public record LogReceipt(Receipt receipt, UUID collection, String stixId, String version, String peer) {
  public LogReceipt {
    Objects.requireNonNull(receipt, "receipt");
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(stixId, "stixId");
    Objects.requireNonNull(version, "version");
  }

  public LogReceipt(Receipt receipt, UUID collection, String stixId, String version) {
    this(receipt, collection, stixId, version, null);
  }

  /**
   * The receipt's JSON members followed by {@code collection}, {@code id}, {@code version}, and for
   * a version received from a peer (an entry of kind receive) {@code peer}.
   */
  public String toJson() {
    String json = receipt.toJson();
    return json.substring(0, json.length() - 1)
        + ",\"collection\":" + Canonical.string(TextNode.valueOf(collection.toString()))
        + ",\"id\":" + Canonical.string(TextNode.valueOf(stixId))
        + ",\"version\":" + Canonical.string(TextNode.valueOf(version))
        + (peer == null ? "" : ",\"peer\":" + Canonical.string(TextNode.valueOf(peer))) + "}";
  }
}
