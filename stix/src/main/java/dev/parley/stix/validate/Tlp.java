package dev.parley.stix.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Rules;
import dev.parley.stix.marking.TlpIds;

/**
 * Marking definitions (STIX 2.1 §7.2.1): statement and TLP 1.0 definitions, whose four TLP objects
 * are fixed by the specification (§7.2.1.4), and TLP 2.0 through its extension definition.
 */
final class Tlp {
  private Tlp() {}

  static void check(ObjectNode o, String p, Context ctx) {
    JsonNode type = o.get("definition_type");
    JsonNode definition = o.get("definition");
    boolean extended = o.has("extensions");
    if (type == null && definition == null && !extended) {
      ctx.error(Rules.MARKING_DEFINITION, p, "needs definition_type and definition, or an extension that defines the marking (STIX 2.1 §7.2.1)");
      return;
    }
    if ((type == null) != (definition == null)) {
      ctx.error(Rules.MARKING_DEFINITION, type == null ? "/definition_type" : "/definition",
          "definition_type and definition go together (STIX 2.1 §7.2.1)");
      return;
    }
    if (type != null) checkDefinition(o, type, definition, ctx);
    checkTlp1IdReuse(o, type, ctx);
    checkTlp2(o, ctx);
  }

  private static void checkDefinition(ObjectNode o, JsonNode type, JsonNode definition, Context ctx) {
    if (!type.isTextual()) return;
    if (!definition.isObject()) {
      ctx.error(Rules.PROPERTY_TYPE, "/definition", "must be an object, found " + Types.kind(definition));
      return;
    }
    switch (type.textValue()) {
      case "statement" -> {
        JsonNode s = definition.get("statement");
        if (s == null || !s.isTextual()) ctx.error(Rules.MARKING_DEFINITION, "/definition/statement", "a statement marking needs a string statement (STIX 2.1 §7.2.1.3)");
      }
      case "tlp" -> checkTlp1(o, definition, ctx);
      default -> ctx.warning(Rules.OPEN_VOCABULARY, "/definition_type",
          "'" + type.textValue() + "' is neither 'statement' nor 'tlp' (STIX 2.1 §7.2.1)");
    }
  }

  private static void checkTlp1(ObjectNode o, JsonNode definition, Context ctx) {
    String colour = definition.path("tlp").asText("");
    String expectedId = TlpIds.TLP1.get(colour);
    if (expectedId == null) {
      ctx.error(Rules.TLP, "/definition/tlp", "'" + colour + "' is not a TLP 1.0 colour: white, green, amber or red (STIX 2.1 §7.2.1.4)");
      return;
    }
    if (!expectedId.equals(o.path("id").asText())) {
      ctx.error(Rules.TLP, "/id", "the TLP:" + colour.toUpperCase() + " marking must use the id " + expectedId + " (STIX 2.1 §7.2.1.4)");
    }
    if (!TlpIds.TLP1_CREATED.equals(o.path("created").asText())) {
      ctx.error(Rules.TLP, "/created", "the TLP 1.0 markings were created at " + TlpIds.TLP1_CREATED + " (STIX 2.1 §7.2.1.4)");
    }
    JsonNode name = o.get("name");
    if (name != null && !("TLP:" + colour.toUpperCase()).equals(name.asText())) {
      ctx.error(Rules.TLP, "/name", "the name of this marking is TLP:" + colour.toUpperCase() + " (STIX 2.1 §7.2.1.4)");
    }
  }

  /** The four TLP 1.0 ids name those markings only; no other marking may be created under them (§7.2.1.4). */
  private static void checkTlp1IdReuse(ObjectNode o, JsonNode type, Context ctx) {
    String id = o.path("id").asText("");
    if (TlpIds.TLP1.containsValue(id) && (type == null || !"tlp".equals(type.asText()))) {
      ctx.error(Rules.TLP, "/id", "this id belongs to a TLP 1.0 marking definition; other markings must not use it (STIX 2.1 §7.2.1.4)");
    }
  }

  /**
   * The five TLP 2.0 ids name the markings published with the TLP 2.0 extension definition, each of
   * one level; a definition under one of them that is not that level's (another level, or no TLP 2.0
   * extension) is a forgery of it, refused like a TLP 1.0 id reused: readers that trust the id would
   * take AMBER content marked by a definition that says CLEAR, and those that read the content would
   * not (a hostile peer sent one). A TLP 2.0 level under an id of its own stays a warning: a marking
   * of the author's, not the published one.
   */
  private static void checkTlp2(ObjectNode o, Context ctx) {
    String id = o.path("id").asText("");
    String published = null;
    for (var e : TlpIds.TLP2.entrySet()) if (e.getValue().equals(id)) published = e.getKey();
    JsonNode ext = o.path("extensions").get(TlpIds.TLP2_EXTENSION);
    if (published != null) {
      String level = ext == null ? null : ext.path("tlp_2_0").asText(null);
      if (!published.equals(level)) {
        ctx.error(Rules.TLP, "/id", "this id belongs to the published TLP 2.0 " + published + " marking definition; "
            + (level == null ? "a definition without its tlp_2_0 level" : "one of level '" + level + "'") + " must not use it");
        return;
      }
    }
    if (ext == null || !ext.isObject()) return;
    JsonNode level = ext.get("tlp_2_0");
    String at = "/extensions/" + TlpIds.TLP2_EXTENSION + "/tlp_2_0";
    if (level == null) {
      ctx.error(Rules.TLP, at, "a TLP 2.0 marking names its level in tlp_2_0");
    } else if (!level.isTextual() || !TlpIds.TLP2.containsKey(level.textValue())) {
      ctx.error(Rules.TLP, at, "must be one of clear, green, amber, amber+strict, red");
    } else if (!TlpIds.TLP2.get(level.textValue()).equals(o.path("id").asText())) {
      ctx.warning(Rules.TLP, "/id", "the TLP 2.0 " + level.textValue() + " marking is published as " + TlpIds.TLP2.get(level.textValue()));
    }
  }
}
