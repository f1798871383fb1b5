package dev.parley.stix.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Rules;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The {@code extensions} property (STIX 2.1 §7.3): keys are extension-definition ids or the names
 * of predefined extensions (§3.10, the SCO extensions of §6); values are objects.
 */
final class Extensions {
  private Extensions() {}

  static final Set<String> EXTENSION_TYPES =
      Set.of("new-sdo", "new-sco", "new-sro", "property-extension", "toplevel-property-extension");

  static ValueType property() {
    return Extensions::check;
  }

  private static void check(JsonNode v, String p, Context ctx) {
    if (!v.isObject()) {
      ctx.error(Rules.PROPERTY_TYPE, p, "must be a dictionary of extensions, found " + Types.kind(v));
      return;
    }
    if (v.isEmpty()) ctx.error(Rules.EXTENSION, p, "extensions must hold at least one extension");
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      String at = Context.child(p, name);
      JsonNode body = e.getValue();
      if (!body.isObject()) {
        ctx.error(Rules.EXTENSION, at, "an extension must be an object, found " + Types.kind(body));
        continue;
      }
      if (name.startsWith("extension-definition--")) {
        String why = Identifiers.problem(name);
        if (why != null) ctx.error(Rules.EXTENSION, at, why);
        JsonNode type = body.get("extension_type");
        if (type != null && (!type.isTextual() || !EXTENSION_TYPES.contains(type.textValue()))) {
          ctx.error(Rules.ENUMERATION, Context.child(at, "extension_type"),
              "must be one of " + String.join(", ", new java.util.TreeSet<>(EXTENSION_TYPES)) + " (STIX 2.1 §10.5)");
        }
        continue;
      }
      TypeSpec predefined = Specs.extension(name);
      if (predefined == null) {
        ctx.warning(Rules.EXTENSION, at,
            "'" + name + "' is neither an extension-definition id nor a predefined extension (STIX 2.1 §7.3)");
      } else if (!Specs.extensionAppliesTo(name, ctx.type)) {
        ctx.error(Rules.EXTENSION, at, "the predefined extension '" + name + "' does not apply to " + ctx.type);
      } else {
        Properties.checkDeclared(predefined, (ObjectNode) body, at, ctx);
        Properties.checkCustom((ObjectNode) body, at, predefined.props().keySet(), ctx);
      }
    }
  }

  /** The extension_type of the new-object extension an object of an unknown type declares, or null. */
  static String newObjectKind(ObjectNode object) {
    JsonNode ext = object.get("extensions");
    if (ext == null || !ext.isObject()) return null;
    for (Iterator<Map.Entry<String, JsonNode>> it = ext.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().startsWith("extension-definition--")) continue;
      String kind = e.getValue().path("extension_type").asText("");
      if (kind.startsWith("new-")) return kind;
    }
    return null;
  }
}
