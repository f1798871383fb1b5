package dev.parley.tlog.verify;

import dev.parley.tlog.MalformedInputException;
import dev.parley.tlog.entry.Salt;
import dev.parley.tlog.tree.Hash;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * What a node hands a peer for an object it logged: the leaf index, the salt (so the peer can check
 * the commitment), the entry bytes, the inclusion path and the signed checkpoint it proves against.
 * JSON: {@code {"leaf_index","salt","entry","inclusion_path","checkpoint"}}, bytes in base64.
 */
public record Receipt(long leafIndex, Salt salt, byte[] entry, List<Hash> inclusionPath, String checkpoint) {
  public Receipt {
    if (leafIndex < 0) {
      throw new IllegalArgumentException("leaf index must not be negative");
    }
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(checkpoint, "checkpoint");
    entry = entry.clone();
    inclusionPath = List.copyOf(inclusionPath);
  }

  @Override
  public byte[] entry() {
    return entry.clone();
  }

  public String toJson() {
    return "{\"leaf_index\":" + leafIndex + ",\"salt\":" + Json.quote(salt.toBase64())
        + ",\"entry\":" + Json.quote(Base64.getEncoder().encodeToString(entry))
        + ",\"inclusion_path\":" + JsonFields.hashes(inclusionPath)
        + ",\"checkpoint\":" + Json.quote(checkpoint) + "}";
  }

  /**
   * Parses a receipt.
   *
   * @throws MalformedInputException when the JSON is not a receipt
   */
  public static Receipt parse(String json) {
    JsonFields fields = new JsonFields(json);
    byte[] entry;
    try {
      entry = Base64.getDecoder().decode(fields.string("entry"));
    } catch (IllegalArgumentException e) {
      throw new MalformedInputException("receipt", "entry is not base64");
    }
    return new Receipt(fields.integer("leaf_index"), Salt.fromBase64(fields.string("salt")), entry,
        fields.hashes("inclusion_path"), fields.string("checkpoint"));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Receipt that && leafIndex == that.leafIndex && salt.equals(that.salt)
        && Arrays.equals(entry, that.entry) && inclusionPath.equals(that.inclusionPath)
        && checkpoint.equals(that.checkpoint);
  }

  @Override
  public int hashCode() {
    return Objects.hash(leafIndex, salt, Arrays.hashCode(entry), inclusionPath, checkpoint);
  }
}
