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

  /** §11.1.1 and §3.1: a-z, 0-9 and '_' only (lower case is a MUST), 3 to 250 long, starting with a letter. */
  private static final Pattern CUSTOM_NAME = Pattern.compile("[a-z][a-z0-9_]{2,249}");

  /** §3.8: reserved in every object; they MUST NOT be present in STIX 2.1 content. */
  static final Set<String> RESERVED = Set.of("severity", "username", "phone_number", "action");

  /** Required properties, the type of each declared one, and the spec's co-constraints. */
  static void checkDeclared(TypeSpec spec, ObjectNode object, String pointer, Context ctx) {
    for (Prop prop : spec.props().values()) {
      JsonNode value = object.get(prop.name());
      if (value == null) {
        // most declared properties are absent: their pointer is only built when reported
        if (prop.required()) {
          ctx.error(Rules.REQUIRED_PROPERTY, Context.child(pointer, prop.name()), "the required property '" + prop.name() + "' is missing");
        }
      } else if (value.isNull()) {
        ctx.error(Rules.PROPERTY_TYPE, Context.child(pointer, prop.name()), "must not be null");
      } else {
        prop.type().check(value, Context.child(pointer, prop.name()), ctx);
      }
    }
    for (ObjectRule rule : spec.rules()) rule.check(object, pointer, ctx);
  }

  /** Custom properties of an object the specification defines: names checked, x_ prefix expected. */
  static void checkCustom(ObjectNode object, String pointer, Set<String> known, Context ctx) {
    checkCustom(object, pointer, known, ctx, true);
  }

  /**
   * Properties that neither the common set nor the type declares are custom properties (STIX 2.1
   * §11.1) or extension properties (§7.3.2.1). A bad name breaks a MUST (error); a name without
   * the {@code x_} prefix breaks a SHOULD (warning, only when {@code wantPrefix}).
   *
   * <p>The suffix rules run one way. §3.1: a property whose value "contains an ID reference ...
   * MUST end in {@code _ref}" (likewise {@code _refs}, {@code _bin}, {@code _hex}; §2.1, §2.8 and
   * §11.1.1 say the same of binary and hex): a value's type fixes the name's suffix, not the
   * other way round, and no text makes a custom {@code _ref} property hold an identifier. So a
   * custom {@code x_mitre_data_source_ref} holding {@code ""} breaks no MUST; it is a warning,
   * because a consumer that follows the suffix (reference graphs, markings, patterning) will
   * misread it.
   */
  static void checkCustom(ObjectNode object, String pointer, Set<String> known, Context ctx, boolean wantPrefix) {
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      if (known.contains(name) || RESERVED.contains(name)) continue; // reserved names are reported once, by Common
      String at = Context.child(pointer, name);
      if (!CUSTOM_NAME.matcher(name).matches()) {
        ctx.error(Rules.CUSTOM_PROPERTY, at,
            "custom property name '" + name + "' must have 3 to 250 of the characters a-z, 0-9 and '_', starting with a letter (STIX 2.1 §11.1.1, §3.1)");
        continue;
      }
      if (wantPrefix && !name.startsWith("x_")) {
        ctx.warning(Rules.CUSTOM_PROPERTY, at, "custom property names should start with 'x_' and a source identifier (STIX 2.1 §11.1.1)");
      }
      checkSuffix(name, e.getValue(), at, ctx);
    }
  }

  private static void checkSuffix(String name, JsonNode v, String at, Context ctx) {
    String promise;
    boolean kept;
    if (name.endsWith("_refs")) {
      promise = "a list of identifiers";
      kept = v.isArray() && allIdentifiers(v);
    } else if (name.endsWith("_ref")) {
      promise = "an identifier";
      kept = isIdentifier(v);
    } else if (name.endsWith("_bin")) {
      promise = "base64 binary";
      kept = v.isTextual() && Types.isBase64(v.textValue());
    } else if (name.endsWith("_hex")) {
      promise = "hex";
      kept = v.isTextual() && Types.isHex(v.textValue());
    } else {
      return;
    }
    if (!kept) {
      ctx.warning(Rules.CUSTOM_PROPERTY, at, "its name says it holds " + promise + ", and it does not; STIX 2.1 §3.1 fixes the"
          + " suffix of such values, not the value of such names, so this is no error, but readers that go by the suffix will misread it");
    }
  }

  private static boolean allIdentifiers(JsonNode list) {
    for (JsonNode element : list) if (!isIdentifier(element)) return false;
    return true;
  }

  private static boolean isIdentifier(JsonNode v) {
    return v.isTextual() && Identifiers.problem(v.textValue()) == null;
  }
}
