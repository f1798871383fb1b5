package dev.parley.pattern.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.pattern.syntax.ObjectPath;
import dev.parley.pattern.syntax.PathStep;
import dev.parley.pattern.value.Value;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Walks an object path (STIX 2.1 §9.7) from one SCO: dictionary keys, list indices, [*], and
 * references followed through the same observation. A missing step yields nothing, never an error.
 */
public final class Paths {
  private Paths() {}

  /** The JSON nodes the path reaches from {@code root}; empty when absent or of another type. */
  public static List<JsonNode> nodes(ObjectPath path, ObjectNode root, Observation observation) {
    if (!path.objectType().equals(root.path("type").asText())) return List.of();
    if (path.steps().size() == 1) { // the common case, e.g. ipv4-addr:value, without lists
      JsonNode child = root.get(((PathStep.Key) path.steps().get(0)).name());
      return child == null || child.isNull() ? List.of() : List.of(child);
    }
    List<JsonNode> current = List.of(root);
    String lastKey = "";
    for (PathStep step : path.steps()) {
      List<JsonNode> next = new ArrayList<>(2);
      for (JsonNode node : current) {
        if (step instanceof PathStep.Key key) {
          JsonNode target = node;
          if (node.isTextual() && (lastKey.endsWith("_ref") || lastKey.endsWith("_refs"))) {
            target = observation.dereference(node.asText()); // §9.7.4
          }
          if (target instanceof ObjectNode object) {
            JsonNode child = object.get(key.name());
            if (child != null && !child.isNull()) next.add(child);
          }
        } else if (step instanceof PathStep.Index index) {
          if (node.isArray() && index.index() < node.size()) next.add(node.get(index.index()));
        } else if (node.isArray()) {
          node.forEach(next::add); // [*]
        }
      }
      if (step instanceof PathStep.Key key) lastKey = key.name();
      current = next;
      if (current.isEmpty()) break;
    }
    return current;
  }

  /** The values the path reaches, in native form (§9.6.4). */
  public static List<Value> values(ObjectPath path, ObjectNode root, Observation observation) {
    List<JsonNode> nodes = nodes(path, root, observation);
    if (nodes.isEmpty()) return List.of();
    List<Value> values = new ArrayList<>(nodes.size());
    String binary = path.isBinary() ? path.lastKey() : null;
    for (JsonNode node : nodes) values.add(value(node, binary));
    return values;
  }

  /** One JSON node as a value; {@code binaryKey} is the property name when it ends in _bin/_hex. */
  public static Value value(JsonNode node, String binaryKey) {
    if (binaryKey != null) return node.isTextual() ? decode(node.asText(), binaryKey) : new Value.Other();
    if (node.isTextual()) return new Value.Text(node.asText());
    if (node.isBoolean()) return new Value.Bool(node.booleanValue());
    if (node.isNumber()) {
      if (node.isFloatingPointNumber() && !node.isBigDecimal()) {
        double d = node.doubleValue(); // a double parser reads 1e400 as Infinity, which no decimal holds
        return Double.isFinite(d) ? new Value.Number(BigDecimal.valueOf(d)) : new Value.Other();
      }
      return new Value.Number(node.decimalValue());
    }
    return new Value.Other();
  }

  private static Value decode(String text, String key) {
    try {
      return new Value.Bytes(key.endsWith("_bin")
          ? Base64.getMimeDecoder().decode(text) : HexFormat.of().parseHex(text));
    } catch (IllegalArgumentException notEncoded) {
      return new Value.Other();
    }
  }
}
