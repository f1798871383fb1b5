package dev.parley.store.objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Canonical;
import dev.parley.stix.Json;
import dev.parley.stix.Timestamps;
import dev.parley.tlog.tree.Hashes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * An object version about to be stored: its identity (id, version key), what the queries filter on,
 * its canonical bytes (RFC 8785, for hashing and the log) and its JSON as UTF-8 (every property as
 * received, for exact round trips). A record for passing along, not for comparing: the arrays are
 * shared, not copied.
 *
 * @param versionKey {@code modified}, else {@code created}, else null (the object has one version)
 * @param search what the web interface's search index keeps of it, or null to have the indexer derive it from the body in SQL
 */
public record NewObject(String stixId, String type, Instant versionKey, String specVersion, byte[] canonical, byte[] sha256, byte[] body,
    Searchable search) {
  public NewObject {
    Objects.requireNonNull(stixId, "stixId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(specVersion, "specVersion");
    Objects.requireNonNull(canonical, "canonical");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(body, "body");
  }

  /** Reads identity and version from a STIX object; throws {@link IllegalArgumentException} when they are missing or malformed. */
  public static NewObject of(ObjectNode object) {
    return of(object, null);
  }

  /**
   * As {@link #of(ObjectNode)}, keeping {@code text} as the body when it is given: the object's
   * JSON exactly as received, which must parse to {@code object} (no repeated member names).
   */
  public static NewObject of(ObjectNode object, String text) {
    String id = text(object, "id");
    String type = text(object, "type");
    if (id == null || type == null) throw new IllegalArgumentException("a STIX object needs an id and a type");
    Instant version = null;
    String modified = text(object, "modified");
    String created = text(object, "created");
    if (modified != null) version = Timestamps.parse(modified);
    else if (created != null) version = Timestamps.parse(created);
    String spec = text(object, "spec_version");
    byte[] canonical = Canonical.bytes(object);
    try {
      byte[] body = text != null ? text.getBytes(StandardCharsets.UTF_8) : Json.mapper().writeValueAsBytes(object);
      return new NewObject(id, type, version, spec == null ? "2.1" : spec, canonical, Hashes.sha256(canonical).bytes(), body,
          Searchable.of(type, object));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a parsed JSON object", e);
    }
  }

  private static String text(JsonNode o, String field) {
    JsonNode n = o.get(field);
    return n != null && n.isTextual() ? n.textValue() : null;
  }
}
