package dev.parley.stix.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Rules;
import java.util.Iterator;
import java.util.Map;

/**
 * STIX 2.1 §2.12: "every instance of a list MUST have at least one value" and "Empty lists are
 * prohibited in STIX". A JSON array is how the JSON serialization writes a list, and STIX gives it
 * no other meaning, so every array of an object is judged, at any depth: declared properties,
 * custom properties, dictionary values and extension properties alike.
 */
final class EmptyLists {
  private EmptyLists() {}

  static void check(JsonNode node, String pointer, Context ctx) {
    if (node.isArray()) {
      if (node.isEmpty()) {
        ctx.error(Rules.EMPTY_LIST, pointer, "a list must have at least one value (STIX 2.1 §2.12)");
        return;
      }
      for (int i = 0; i < node.size(); i++) {
        JsonNode element = node.get(i);
        if (element.isContainerNode()) check(element, Context.child(pointer, i), ctx);
      }
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        // pointers are built only on the way to a container, where an empty list can hide
        if (e.getValue().isContainerNode()) check(e.getValue(), Context.child(pointer, e.getKey()), ctx);
      }
    }
  }
}
