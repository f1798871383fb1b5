package dev.parley.stix.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Rules;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** Rules on the common properties that span categories: §3.1 _enc, §3.2 not-applicable properties, §3.8 reserved names, §3.2 marking cycles. */
final class CommonRules {
  private CommonRules() {}

  /**
   * Common properties the §3.2 table marks N/A per category. defanged is an error outside SCOs
   * (§3.2: "MUST NOT be used on any STIX Objects other than SCOs"); the others are warnings, since
   * the table is informational and SCOs may carry versioning properties (§3.6).
   */
  private static final Map<Category, Set<String>> NOT_APPLICABLE = Map.of(
      Category.SDO, Set.of("defanged"),
      Category.SRO, Set.of("defanged"),
      Category.SCO, Set.of("labels", "confidence", "lang", "external_references"),
      Category.MARKING_DEFINITION, Set.of("modified", "revoked", "labels", "confidence", "lang", "defanged"),
      Category.LANGUAGE_CONTENT, Set.of("lang", "defanged"),
      Category.EXTENSION_DEFINITION, Set.of("confidence", "lang", "defanged", "extensions"));

  static void check(ObjectNode object, Category category, Context ctx) {
    for (String name : NOT_APPLICABLE.get(category)) {
      if (!object.has(name)) continue;
      if ("defanged".equals(name)) {
        ctx.error(Rules.NOT_APPLICABLE, "/defanged", "must not be used on objects other than cyber-observables (STIX 2.1 §3.2)");
      } else {
        ctx.warning(Rules.NOT_APPLICABLE, "/" + name, "is not a common property of this kind of object (STIX 2.1 §3.2)");
      }
    }
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (Properties.RESERVED.contains(name)) {
        ctx.error(Rules.RESERVED_PROPERTY, "/" + name, "'" + name + "' is reserved and must not be present in STIX 2.1 content (STIX 2.1 §3.8)");
      }
      if (name.endsWith("_enc") && name.length() > 4 && !object.has(name.substring(0, name.length() - 4))) {
        ctx.error(Rules.ENCODING_PROPERTY, "/" + name,
            "must not be present without " + name.substring(0, name.length() - 4) + " (STIX 2.1 §3.1)");
      }
    }
    if (category == Category.MARKING_DEFINITION) checkSelfMarking(object, ctx);
  }

  /** A marking definition must not mark itself (§3.2 object_marking_refs, granular_markings). */
  private static void checkSelfMarking(ObjectNode object, Context ctx) {
    String id = object.path("id").asText("");
    JsonNode refs = object.get("object_marking_refs");
    if (refs != null && refs.isArray()) {
      for (int i = 0; i < refs.size(); i++) {
        if (id.equals(refs.get(i).asText())) {
          ctx.error(Rules.MARKING_DEFINITION, "/object_marking_refs/" + i, "a marking definition must not mark itself (STIX 2.1 §3.2)");
        }
      }
    }
    JsonNode granular = object.get("granular_markings");
    if (granular != null && granular.isArray()) {
      for (int i = 0; i < granular.size(); i++) {
        if (id.equals(granular.get(i).path("marking_ref").asText())) {
          ctx.error(Rules.MARKING_DEFINITION, "/granular_markings/" + i + "/marking_ref", "a marking definition must not mark itself (STIX 2.1 §3.2)");
        }
      }
    }
  }
}
