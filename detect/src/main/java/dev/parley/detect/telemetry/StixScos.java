package dev.parley.detect.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Puts SCOs read from STIX in the same normal form as SCOs built from logs ({@link Normalize}). */
final class StixScos {
  private StixScos() {}

  /** A normalised copy of the SCO, or the SCO itself when nothing changes. */
  static ObjectNode normalise(ObjectNode sco, Runnable unconverted) {
    String type = sco.path("type").asText("");
    String value = sco.path("value").textValue();
    String normal = switch (type) {
      case "domain-name" -> Normalize.name(value, unconverted);
      case "ipv4-addr", "ipv6-addr" -> value == null ? null : orSame(Normalize.addressValue(value), value);
      case "url" -> Normalize.url(value, unconverted);
      case "email-addr" -> Normalize.email(value, unconverted);
      default -> value;
    };
    ObjectNode copy = null;
    if (normal != null && !normal.equals(value)) {
      copy = sco.deepCopy();
      copy.put("value", normal);
    }
    JsonNode hashes = sco.get("hashes");
    if (hashes instanceof ObjectNode h && needsWork(h)) {
      if (copy == null) copy = sco.deepCopy();
      ObjectNode out = copy.putObject("hashes");
      for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String algorithm = Normalize.hashAlgorithm(e.getKey());
        out.put(algorithm, e.getValue().isTextual() ? Normalize.hashValue(algorithm, e.getValue().textValue()) : e.getValue().asText());
      }
    }
    if ("network-traffic".equals(type) && sco.path("extensions").path("http-request-ext").get("request_header") instanceof ObjectNode headers) {
      for (Iterator<String> names = headers.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!name.equalsIgnoreCase("Host")) continue;
        JsonNode v = headers.get(name);
        JsonNode normalHost = hostHeader(v);
        if (normalHost == v) continue;
        if (copy == null) copy = sco.deepCopy();
        ((ObjectNode) copy.path("extensions").path("http-request-ext").path("request_header")).set(name, normalHost);
      }
    }
    return copy == null ? sco : copy;
  }

  /** A Host header's value (a string, or a list of them) as {@link Normalize#hostHeader} gives it; the node itself when nothing changes. */
  private static JsonNode hostHeader(JsonNode value) {
    if (value.isTextual()) {
      String normal = Normalize.hostHeader(value.textValue());
      return normal.equals(value.textValue()) ? value : com.fasterxml.jackson.databind.node.TextNode.valueOf(normal);
    }
    if (!value.isArray()) return value;
    com.fasterxml.jackson.databind.node.ArrayNode out = null;
    for (int i = 0; i < value.size(); i++) {
      JsonNode one = hostHeader(value.get(i));
      if (one != value.get(i) && out == null) out = ((com.fasterxml.jackson.databind.node.ArrayNode) value).deepCopy();
      if (out != null) out.set(i, one);
    }
    return out == null ? value : out;
  }

  private static boolean needsWork(ObjectNode hashes) {
    List<String> names = new ArrayList<>();
    hashes.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      String algorithm = Normalize.hashAlgorithm(name);
      JsonNode v = hashes.get(name);
      if (!algorithm.equals(name) || v.isTextual() && !Normalize.hashValue(algorithm, v.textValue()).equals(v.textValue())) return true;
    }
    return false;
  }

  private static String orSame(String normal, String value) {
    return normal == null ? value : normal;
  }
}
