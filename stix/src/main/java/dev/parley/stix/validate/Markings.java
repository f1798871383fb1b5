package dev.parley.stix.validate;

import static dev.parley.stix.validate.Types.list;
import static dev.parley.stix.validate.Types.ref;
import static dev.parley.stix.validate.Types.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Rules;

/** STIX 2.1 §7.2.3 granular markings and their selectors (§7.2.3.1). */
final class Markings {
  private Markings() {}

  static final TypeSpec GRANULAR = TypeSpec.of("granular-marking", Category.SDO)
      .optional("lang", LanguageTags.type("STIX 2.1 §7.2.3"))
      .optional("marking_ref", ref("marking-definition"))
      .required("selectors", list(string()))
      .rule((o, p, ctx) -> {
        boolean lang = o.has("lang");
        boolean ref = o.has("marking_ref");
        if (lang == ref) {
          ctx.error(Rules.GRANULAR_MARKING, p, "must have exactly one of marking_ref and lang (STIX 2.1 §7.2.3)");
        }
      })
      .build();

  /** Each selector must resolve to a property or list item of the object (§7.2.3.1). */
  static void checkSelectors(ObjectNode object, Context ctx) {
    JsonNode markings = object.get("granular_markings");
    if (markings == null || !markings.isArray()) return;
    for (int i = 0; i < markings.size(); i++) {
      JsonNode selectors = markings.get(i).get("selectors");
      if (selectors == null || !selectors.isArray()) continue;
      for (int j = 0; j < selectors.size(); j++) {
        JsonNode s = selectors.get(j);
        if (!s.isTextual()) continue;
        if (!resolves(object, s.textValue())) {
          ctx.error(Rules.GRANULAR_MARKING, "/granular_markings/" + i + "/selectors/" + j,
              "selector '" + s.textValue() + "' does not refer to a property or list item of this object (STIX 2.1 §7.2.3.1)");
        }
      }
    }
  }

  static boolean resolves(JsonNode root, String selector) {
    if (selector.isEmpty()) return false;
    JsonNode at = root;
    for (String step : selector.split("\\.", -1)) {
      if (step.startsWith("[") && step.endsWith("]")) {
        if (!at.isArray()) return false;
        int index;
        try {
          index = Integer.parseInt(step.substring(1, step.length() - 1));
        } catch (NumberFormatException e) {
          return false;
        }
        if (index < 0 || index >= at.size()) return false;
        at = at.get(index);
      } else {
        if (!at.isObject() || !at.has(step)) return false;
        at = at.get(step);
      }
    }
    return true;
  }
}
