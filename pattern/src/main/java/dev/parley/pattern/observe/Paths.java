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
 *
 * <p>One reading beyond the text: a header of an HTTP request ({@code network-traffic:extensions.
 * 'http-request-ext'.request_header.'User-Agent'}) or of an e-mail ({@code email-message:
 * additional_header_fields.'X-Mailer'}) named without an index step reaches every string of the
 * header's list, as {@code [*]} would. §6.12.2 and §6.6 make each header's value a list of strings
 * (a header may repeat), while the 2.1 JSON schema, and the patterns producers publish (MISP's
 * export, OpenCTI's connectors), write one string: read strictly, the usual user-agent indicator
 * could never match a header the specification's way. A header given as a string reads as before.
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
    int header = headerName(path);
    for (int i = 0; i < path.steps().size(); i++) {
      PathStep step = path.steps().get(i);
      List<JsonNode> next = new ArrayList<>(2);
      for (JsonNode node : current) {
        if (step instanceof PathStep.Key key) {
          JsonNode target = node;
          if (node.isTextual() && (lastKey.endsWith("_ref") || lastKey.endsWith("_refs"))) {
            target = observation.dereference(node.asText()); // §9.7.4
          }
          if (target instanceof ObjectNode object) {
            JsonNode child = object.get(key.name());
            if (child == null && i == header) child = ignoringCase(object, key.name());
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
    return header == path.steps().size() - 1 ? headerValues(current) : current;
  }

  /**
   * The index of the step that names a header (after {@code request_header} of an HTTP request, or
   * {@code additional_header_fields} of an e-mail), whatever follows it; -1 for other paths. A header's
   * name is matched ignoring case when no key has it exactly: header names are case-insensitive
   * (RFC 9110 §5.1, RFC 5322 §1.2.2), so {@code request_header.'user-agent'} finds {@code User-Agent}.
   */
  static int headerName(ObjectPath path) {
    List<PathStep> steps = path.steps();
    if (steps.size() >= 2 && key(steps.get(0), "additional_header_fields") && steps.get(1) instanceof PathStep.Key
        && path.objectType().equals("email-message")) {
      return 1;
    }
    if (steps.size() >= 4 && key(steps.get(2), "request_header") && steps.get(3) instanceof PathStep.Key
        && key(steps.get(1), "http-request-ext") && key(steps.get(0), "extensions") && path.objectType().equals("network-traffic")) {
      return 3;
    }
    return -1;
  }

  private static JsonNode ignoringCase(ObjectNode object, String name) {
    for (var it = object.fields(); it.hasNext(); ) {
      var e = it.next();
      if (e.getKey().equalsIgnoreCase(name)) return e.getValue();
    }
    return null;
  }

  private static boolean key(PathStep step, String name) {
    return step instanceof PathStep.Key k && k.name().equals(name);
  }

  /** The headers' values: each list replaced by its elements, anything else kept. */
  private static List<JsonNode> headerValues(List<JsonNode> nodes) {
    boolean lists = false;
    for (JsonNode node : nodes) lists |= node.isArray();
    if (!lists) return nodes;
    List<JsonNode> values = new ArrayList<>();
    for (JsonNode node : nodes) {
      if (node.isArray()) node.forEach(values::add);
      else values.add(node);
    }
    return values;
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
