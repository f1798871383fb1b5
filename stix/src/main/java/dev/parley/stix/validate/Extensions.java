package dev.parley.stix.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Rules;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The {@code extensions} property (STIX 2.1 §7.3): keys are extension-definition ids or the names
 * of predefined extensions (§3.10, the SCO extensions of §6); values are objects.
 */
final class Extensions {
  private Extensions() {}

  static final Set<String> EXTENSION_TYPES =
      Set.of("new-sdo", "new-sco", "new-sro", "property-extension", "toplevel-property-extension");

  private static final Pattern CUSTOM_EXTENSION = Pattern.compile("[a-z0-9-]+-ext");

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
        if (type == null) {
          ctx.error(Rules.EXTENSION, at, "an extension defined by an extension-definition must name its extension_type (STIX 2.1 §3.2, §7.3)");
        } else if (!type.isTextual() || !EXTENSION_TYPES.contains(type.textValue())) {
          ctx.error(Rules.ENUMERATION, Context.child(at, "extension_type"),
              "must be one of " + String.join(", ", new TreeSet<>(EXTENSION_TYPES)) + " (STIX 2.1 §10.5)");
        }
        Properties.checkCustom((ObjectNode) body, at, Set.of("extension_type"), ctx, false);
        continue;
      }
      TypeSpec predefined = Specs.extension(name);
      if (predefined == null) {
        checkCustomExtension(name, (ObjectNode) body, at, ctx);
      } else if (!Specs.extensionAppliesTo(name, ctx.type)) {
        ctx.error(Rules.EXTENSION, at, "the predefined extension '" + name + "' does not apply to " + ctx.type);
      } else {
        Properties.checkDeclared(predefined, (ObjectNode) body, at, ctx);
        Properties.checkCustom((ObjectNode) body, at, predefined.props().keySet(), ctx);
      }
    }
  }

  /** A deprecated custom extension (STIX 2.1 §11.3): its name MUSTs, and a warning for its use. */
  private static void checkCustomExtension(String name, ObjectNode body, String at, Context ctx) {
    if (!CUSTOM_EXTENSION.matcher(name).matches() || name.length() > 250) {
      ctx.error(Rules.EXTENSION, at, "'" + name + "' is neither an extension-definition id nor a predefined extension, and as a custom "
          + "extension name it must have 3 to 250 of a-z, 0-9 and '-' and end with '-ext' (STIX 2.1 §11.3.1)");
      return;
    }
    if (Specs.categoryOf(ctx.type) != Category.SCO && Specs.categoryOf(ctx.type) != null) {
      ctx.warning(Rules.EXTENSION, at, "custom extensions can only be used with cyber-observables (STIX 2.1 §11.3)");
    } else {
      ctx.warning(Rules.DEPRECATED, at, "custom extensions are deprecated; use an extension-definition (STIX 2.1 §11.3)");
    }
    if (body.isEmpty()) ctx.error(Rules.EXTENSION, at, "a custom extension must have one or more properties (STIX 2.1 §11.3.1)");
    Properties.checkCustom(body, at, Set.of(), ctx, false);
  }

  /** Whether the object names any extension-definition (whose properties may sit at top level). */
  static boolean usesDefinitions(ObjectNode object) {
    JsonNode ext = object.get("extensions");
    if (ext == null || !ext.isObject()) return false;
    for (Iterator<String> it = ext.fieldNames(); it.hasNext(); ) {
      if (it.next().startsWith("extension-definition--")) return true;
    }
    return false;
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
