package dev.parley.stix.validate;

import static dev.parley.stix.validate.Types.bool;
import static dev.parley.stix.validate.Types.integer;
import static dev.parley.stix.validate.Types.list;
import static dev.parley.stix.validate.Types.ref;
import static dev.parley.stix.validate.Types.string;
import static dev.parley.stix.validate.Types.versionTimestamp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Rules;
import dev.parley.stix.Timestamps;
import dev.parley.stix.TypeNames;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The common properties of each category of object (STIX 2.1 §3.2) and the checks on them. */
final class Common {
  private Common() {}

  static final Map<Category, TypeSpec> BY_CATEGORY = Map.of(
      Category.SDO, sdoLike("sdo", Category.SDO).build(),
      Category.SRO, sdoLike("sro", Category.SRO).build(),
      Category.SCO, TypeSpec.of("sco", Category.SCO)
          .required("type", string())
          .required("id", string())
          .optional("spec_version", string())
          .optional("object_marking_refs", list(ref("marking-definition")))
          .optional("granular_markings", list(Types.object(Markings.GRANULAR)))
          .optional("defanged", bool())
          .optional("extensions", Extensions.property())
          .build(),
      Category.MARKING_DEFINITION, TypeSpec.of("marking-definition", Category.MARKING_DEFINITION)
          .required("type", string())
          .required("spec_version", string())
          .required("id", string())
          .required("created", versionTimestamp())
          .optional("created_by_ref", ref("identity"))
          .optional("external_references", list(ExternalReferences.TYPE))
          .optional("object_marking_refs", list(ref("marking-definition")))
          .optional("granular_markings", list(Types.object(Markings.GRANULAR)))
          .optional("extensions", Extensions.property())
          .build(),
      Category.LANGUAGE_CONTENT, sdoLike("language-content", Category.LANGUAGE_CONTENT).build(),
      Category.EXTENSION_DEFINITION, sdoLike("extension-definition", Category.EXTENSION_DEFINITION)
          .required("created_by_ref", ref("identity"))
          .build());

  private static TypeSpec.Builder sdoLike(String name, Category category) {
    return TypeSpec.of(name, category)
        .required("type", string())
        .required("spec_version", string())
        .required("id", string())
        .required("created", versionTimestamp())
        .required("modified", versionTimestamp())
        .optional("created_by_ref", ref("identity"))
        .optional("revoked", bool())
        .optional("labels", list(string()))
        .optional("confidence", integer(0L, 100L))
        .optional("lang", LanguageTags.type("STIX 2.1 §3.2"))
        .optional("external_references", list(ExternalReferences.TYPE))
        .optional("object_marking_refs", list(ref("marking-definition")))
        .optional("granular_markings", list(Types.object(Markings.GRANULAR)))
        .optional("extensions", Extensions.property());
  }

  /** {@code type}: present, a string of 3-250 of a-z, 0-9 and '-', starting with a letter (§3.1). */
  static boolean checkType(ObjectNode object, Context ctx) {
    JsonNode type = object.get("type");
    if (type == null) {
      ctx.error(Rules.TYPE_MISSING, "/type", "the required property 'type' is missing");
      return false;
    }
    if (!type.isTextual()) {
      ctx.error(Rules.PROPERTY_TYPE, "/type", "must be a string, found " + Types.kind(type));
      return false;
    }
    String t = type.textValue();
    if (!TypeNames.valid(t)) {
      ctx.error(Rules.TYPE_SYNTAX, "/type",
          "'" + t + "' must have 3 to 250 of the characters a-z, 0-9 and '-', start with a letter, end with a letter or digit (STIX 2.1 §3.1)");
    }
    return true;
  }

  /** The common checks that do not fit a property type. */
  static void checkCommon(ObjectNode object, Category category, Context ctx) {
    checkId(object, category, ctx);
    checkSpecVersion(object, category, ctx);
    checkCreatedModified(object, ctx);
    Markings.checkSelectors(object, ctx);
    CommonRules.check(object, category, ctx);
  }

  private static void checkId(ObjectNode object, Category category, Context ctx) {
    JsonNode id = object.get("id");
    if (id == null || !id.isTextual()) return; // reported as a required property or a type error
    String why = Identifiers.problem(id.textValue());
    if (why != null) {
      ctx.error(Rules.ID_SYNTAX, "/id", why);
      return;
    }
    String prefix = Identifiers.typeOf(id.textValue());
    if (!prefix.equals(ctx.type)) {
      ctx.error(Rules.ID_TYPE_MISMATCH, "/id", "the id's type part '" + prefix + "' must equal the type '" + ctx.type + "' (STIX 2.1 §2.9)");
      return;
    }
    int version = Identifiers.uuidVersion(id.textValue());
    if (category == Category.SCO) {
      ScoIdCheck.check(object, ctx, version);
    } else if (version != 4) {
      ctx.warning(Rules.ID_UUID_VERSION, "/id", "should use a version 4 UUID, not version " + version + " (STIX 2.1 §2.9)");
    }
  }

  private static void checkSpecVersion(ObjectNode object, Category category, Context ctx) {
    JsonNode v = object.get("spec_version");
    if (v == null || !v.isTextual()) return;
    if (!"2.1".equals(v.textValue())) {
      ctx.error(Rules.SPEC_VERSION, "/spec_version", "must be '2.1' for STIX 2.1 content, found '" + v.textValue() + "'");
    }
  }

  private static void checkCreatedModified(ObjectNode object, Context ctx) {
    JsonNode created = object.get("created");
    JsonNode modified = object.get("modified");
    if (created == null || modified == null || !created.isTextual() || !modified.isTextual()) return;
    if (Timestamps.problem(created.textValue()) != null || Timestamps.problem(modified.textValue()) != null) return;
    if (Timestamps.compare(modified.textValue(), created.textValue()) < 0) {
      ctx.error(Rules.MODIFIED_BEFORE_CREATED, "/modified", "must be later than or equal to created (STIX 2.1 §3.2)");
    }
  }

  /** The names that the common properties of {@code category} and {@code spec} define. */
  static Set<String> known(Category category, TypeSpec spec) {
    String key = category.name() + "/" + (spec == null ? "" : spec.type());
    return KNOWN.computeIfAbsent(key, k -> {
      Set<String> names = new HashSet<>(BY_CATEGORY.get(category).props().keySet());
      if (spec != null) names.addAll(spec.props().keySet());
      return Set.copyOf(names);
    });
  }

  private static final ConcurrentHashMap<String, Set<String>> KNOWN = new ConcurrentHashMap<>();
}
