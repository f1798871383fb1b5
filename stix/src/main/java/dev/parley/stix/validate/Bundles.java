package dev.parley.stix.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Rules;
import java.util.Set;

/** STIX 2.1 §8: the bundle's own properties. */
final class Bundles {
  private Bundles() {}

  private static final Set<String> KNOWN = Set.of("type", "id", "objects");
  /** A STIX 2.0 bundle's spec_version gets its own warning below, not a second custom-property one. */
  private static final Set<String> KNOWN_WITH_20_SPEC_VERSION = Set.of("type", "id", "objects", "spec_version");

  static void check(ObjectNode bundle, Context ctx) {
    JsonNode id = bundle.get("id");
    if (id == null) {
      ctx.error(Rules.REQUIRED_PROPERTY, "/id", "a bundle needs an id (STIX 2.1 §8)");
    } else if (!id.isTextual()) {
      ctx.error(Rules.PROPERTY_TYPE, "/id", "must be a string");
    } else {
      String why = Identifiers.problem(id.textValue());
      if (why != null) ctx.error(Rules.ID_SYNTAX, "/id", why);
      else if (!"bundle".equals(Identifiers.typeOf(id.textValue()))) {
        ctx.error(Rules.ID_TYPE_MISMATCH, "/id", "a bundle's id must start with 'bundle--'");
      }
    }
    JsonNode objects = bundle.get("objects");
    if (objects != null && !objects.isArray()) {
      ctx.error(Rules.PROPERTY_TYPE, "/objects", "must be a list of STIX objects, found " + Types.kind(objects));
    }
    if (bundle.has("spec_version")) {
      ctx.warning(Rules.BUNDLE, "/spec_version", "bundles have no spec_version in STIX 2.1 (§8); each object carries its own");
    }
    Properties.checkCustom(bundle, "", bundle.has("spec_version") ? KNOWN_WITH_20_SPEC_VERSION : KNOWN, ctx);
    EmptyLists.check(bundle, "", ctx);
  }
}
