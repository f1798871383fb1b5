package dev.parley.stix.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Rules;
import java.util.Iterator;
import java.util.Map;

/**
 * The deprecated observable container (STIX 2.1 §2.13): a dictionary of cyber-observables keyed by
 * local references. Its use is a warning (SHOULD NOT); its shape is still checked.
 */
final class ObservableContainers {
  private ObservableContainers() {}

  static final ValueType TYPE = ObservableContainers::check;

  private static void check(JsonNode v, String p, Context ctx) {
    if (!v.isObject()) {
      ctx.error(Rules.PROPERTY_TYPE, p, "must be a dictionary of cyber-observables, found " + Types.kind(v));
      return;
    }
    ctx.warning(Rules.DEPRECATED, p, "the observable container is deprecated; use object_refs (STIX 2.1 §2.13)");
    if (v.isEmpty()) ctx.error(Rules.DICTIONARY, p, "must contain at least one object (STIX 2.1 §4.14.1)");
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String at = Context.child(p, e.getKey());
      JsonNode sco = e.getValue();
      if (!sco.isObject() || !sco.path("type").isTextual()) {
        ctx.error(Rules.PROPERTY_TYPE, at, "each entry must be a cyber-observable object with a type");
      }
    }
  }
}
