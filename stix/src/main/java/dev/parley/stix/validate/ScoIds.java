package dev.parley.stix.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Canonical;
import dev.parley.stix.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Deterministic SCO identifiers (STIX 2.1 §2.9, §3.4): a UUIDv5 in the namespace
 * {@code 00abedb4-aa42-466c-9c01-fed23315a9b7} over the RFC 8785 form of the object's ID
 * contributing properties.
 */
public final class ScoIds {
  private ScoIds() {}

  /** The STIX namespace for SCO identifiers. */
  public static final UUID NAMESPACE = UUID.fromString("00abedb4-aa42-466c-9c01-fed23315a9b7");

  /** In order of preference, the hash chosen when {@code hashes} contributes to an id. */
  private static final List<String> HASH_PREFERENCE = List.of("MD5", "SHA-1", "SHA-256", "SHA-512");

  /**
   * The deterministic id of an SCO, or empty when its type is not a predefined SCO, none of its ID
   * contributing properties is present (then a UUIDv4 is the rule), or they have no RFC 8785 form
   * (a lone surrogate, a number beyond the range of a double): then there is no id to compare with.
   */
  public static Optional<String> deterministicId(ObjectNode sco) {
    String type = sco.path("type").asText("");
    TypeSpec spec = Specs.type(type);
    if (spec == null || spec.category() != Category.SCO || spec.idContributing().isEmpty()) return Optional.empty();
    ObjectNode name = Json.mapper().createObjectNode();
    for (String property : spec.idContributing()) {
      JsonNode value = sco.get(property);
      if (value == null || value.isNull()) continue;
      name.set(property, "hashes".equals(property) ? oneHash(value) : value);
    }
    if (name.isEmpty()) return Optional.empty();
    String canonical;
    try {
      canonical = Canonical.string(name);
    } catch (IllegalArgumentException noCanonicalForm) {
      return Optional.empty();
    }
    return Optional.of(type + "--" + uuid5(NAMESPACE, canonical));
  }

  private static JsonNode oneHash(JsonNode hashes) {
    if (!hashes.isObject() || hashes.isEmpty()) return hashes;
    ObjectNode one = Json.mapper().createObjectNode();
    for (String algorithm : HASH_PREFERENCE) {
      if (hashes.has(algorithm)) {
        one.set(algorithm, hashes.get(algorithm));
        return one;
      }
    }
    String first = hashes.fieldNames().next();
    one.set(first, hashes.get(first));
    return one;
  }

  /** RFC 4122 §4.3 name-based UUID with SHA-1. */
  public static UUID uuid5(UUID namespace, String name) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      ByteBuffer ns = ByteBuffer.allocate(16);
      ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
      sha1.update(ns.array());
      byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
      h[6] = (byte) ((h[6] & 0x0f) | 0x50);
      h[8] = (byte) ((h[8] & 0x3f) | 0x80);
      ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
      return new UUID(b.getLong(), b.getLong());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-1", e);
    }
  }
}
