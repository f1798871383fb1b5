package dev.parley.stix.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Rules;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks an object's properties against a {@link TypeSpec}, and the naming of the others. */
final class Properties {
  private Properties() {}

  private static final Pattern CUSTOM_NAME = Pattern.compile("[a-z0-9_]{3,250}");
  private static final Pattern LOOSE_NAME = Pattern.compile("[A-Za-z0-9_]{3,250}");

  /** Required properties, the type of each declared one, and the spec's co-constraints. */
  static void checkDeclared(TypeSpec spec, ObjectNode object, String pointer, Context ctx) {
    for (Prop prop : spec.props().values()) {
      JsonNode value = object.get(prop.name());
      String at = Context.child(pointer, prop.name());
      if (value == null) {
        if (prop.required()) ctx.error(Rules.REQUIRED_PROPERTY, at, "the required property '" + prop.name() + "' is missing");
      } else if (value.isNull()) {
        ctx.error(Rules.PROPERTY_TYPE, at, "must not be null");
      } else {
        prop.type().check(value, at, ctx);
      }
    }
    for (ObjectRule rule : spec.rules()) rule.check(object, pointer, ctx);
  }

  /**
   * Properties that neither the common set nor the type declares are custom properties (STIX 2.1
   * §11.1): their names must have 3 to 250 of a-z, 0-9 and underscore.
   */
  static void checkCustom(ObjectNode object, String pointer, Set<String> known, Context ctx) {
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      String name = it.next().getKey();
      if (known.contains(name)) continue;
      String at = Context.child(pointer, name);
      if (!LOOSE_NAME.matcher(name).matches()) {
        ctx.error(Rules.CUSTOM_PROPERTY, at,
            "custom property name '" + name + "' must have 3 to 250 of the characters a-z, 0-9 and '_' (STIX 2.1 §11.1)");
      } else if (!CUSTOM_NAME.matcher(name).matches()) {
        ctx.warning(Rules.CUSTOM_PROPERTY, at, "custom property name '" + name + "' should be lower case (STIX 2.1 §3.1)");
      }
    }
  }
}
