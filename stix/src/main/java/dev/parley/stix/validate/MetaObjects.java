package dev.parley.stix.validate;

import static dev.parley.stix.validate.Types.dictionary;
import static dev.parley.stix.validate.Types.enumeration;
import static dev.parley.stix.validate.Types.list;
import static dev.parley.stix.validate.Types.ref;
import static dev.parley.stix.validate.Types.string;
import static dev.parley.stix.validate.Types.timestamp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Rules;
import java.util.Iterator;
import java.util.List;

/** STIX 2.1 §7: marking-definition, language-content and extension-definition. */
final class MetaObjects {
  private MetaObjects() {}

  static List<TypeSpec> all() {
    return List.of(
        TypeSpec.of("marking-definition", Category.MARKING_DEFINITION)
            .optional("name", string())
            .optional("definition_type", string())
            .optional("definition", Types.any())
            .rule(Tlp::check)
            .build(),
        TypeSpec.of("language-content", Category.LANGUAGE_CONTENT)
            .required("object_ref", ref("*"))
            .optional("object_modified", timestamp())
            .required("contents", dictionary(dictionary()))
            .rule(MetaObjects::contentLanguages)
            .build(),
        TypeSpec.of("extension-definition", Category.EXTENSION_DEFINITION)
            .required("name", string())
            .optional("description", string())
            .required("schema", string())
            .required("version", string())
            .required("extension_types", list(enumeration(Extensions.EXTENSION_TYPES.toArray(String[]::new))))
            .optional("extension_properties", list(string()))
            .rule(Constraints.shouldHave("description", "STIX 2.1 §7.3.1"))
            .rule((o, p, ctx) -> {
              boolean toplevel = o.path("extension_types").toString().contains("\"toplevel-property-extension\"");
              if (toplevel && !o.has("extension_properties")) {
                ctx.warning(Rules.EXTENSION_DEFINITION, "/extension_properties",
                    "a toplevel-property-extension should list its extension_properties (STIX 2.1 §7.3.1)");
              } else if (!toplevel && o.has("extension_properties")) {
                ctx.error(Rules.EXTENSION_DEFINITION, "/extension_properties",
                    "must only be used when extension_types includes toplevel-property-extension (STIX 2.1 §7.3.1)");
              }
            })
            .build());
  }

  /** The keys of language-content contents MUST be RFC 5646 language codes (§7.1.1). */
  private static void contentLanguages(ObjectNode o, String p, Context ctx) {
    JsonNode contents = o.get("contents");
    if (contents == null || !contents.isObject()) return;
    for (Iterator<String> it = contents.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      String why = LanguageTags.problem(key);
      if (why != null) ctx.error(Rules.LANGUAGE, Context.child("/contents", key), why + " (STIX 2.1 §7.1.1)");
    }
  }
}
