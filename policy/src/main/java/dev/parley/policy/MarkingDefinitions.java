package dev.parley.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.marking.TlpIds;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Tells what a marking definition is. A standard TLP definition is served to every peer (the
 * issue's rule 5), so it must be the published object and nothing more: under a fixed id, a body
 * with other members (a description, a custom property) could carry text that no rule would then
 * hold back, so it is {@link Definition.Other} and follows the rules like any object.
 */
final class MarkingDefinitions {
  private MarkingDefinitions() {}

  /** The members of a TLP 1.0 definition as §7.2.1.4 publishes them. */
  private static final Set<String> TLP1_MEMBERS = Set.of("type", "spec_version", "id", "created", "definition_type", "name", "definition");

  /** The members of a TLP 2.0 definition as its extension publishes them. */
  private static final Set<String> TLP2_MEMBERS = Set.of("type", "spec_version", "id", "created", "name", "extensions");

  /** The properties §7.2.1 gives a marking definition, extensions aside (they may define other markings). */
  private static final Set<String> STATEMENT_MEMBERS = Set.of("type", "spec_version", "id", "created", "created_by_ref",
      "external_references", "object_marking_refs", "granular_markings", "name", "definition_type", "definition");

  static Definition classify(ObjectNode o) {
    if (!"marking-definition".equals(o.path("type").textValue())) return new Definition.NotADefinition();
    String id = o.path("id").asText("");
    Optional<Tlp> level = Tlp.ofMarking(id);
    if (level.isPresent()) {
      boolean standard = TlpIds.TLP2.containsValue(id) ? tlp2(o, level.get()) : tlp1(o, colour(id));
      return standard ? new Definition.StandardTlp(level.get()) : new Definition.Other();
    }
    return statement(o) ? new Definition.Statement() : new Definition.Other();
  }

  private static boolean tlp1(ObjectNode o, String colour) {
    return only(o, TLP1_MEMBERS) && common(o, "TLP:" + colour.toUpperCase(Locale.ROOT))
        && "tlp".equals(o.path("definition_type").textValue())
        && exactly(o.get("definition"), "tlp", colour);
  }

  private static boolean tlp2(ObjectNode o, Tlp level) {
    JsonNode extensions = o.get("extensions");
    if (!only(o, TLP2_MEMBERS) || !common(o, level.displayName())
        || extensions == null || !extensions.isObject() || extensions.size() != 1) return false;
    JsonNode ext = extensions.get(TlpIds.TLP2_EXTENSION);
    return ext != null && ext.isObject() && ext.size() == 2
        && "property-extension".equals(ext.path("extension_type").textValue())
        && level.label().equals(ext.path("tlp_2_0").textValue());
  }

  /** {@code spec_version} and {@code created} are strings, and the name, if any, is the published one. */
  private static boolean common(ObjectNode o, String name) {
    JsonNode n = o.get("name");
    return o.path("created").isTextual() && (!o.has("spec_version") || o.get("spec_version").isTextual())
        && (n == null || name.equals(n.textValue()));
  }

  private static boolean statement(ObjectNode o) {
    return only(o, STATEMENT_MEMBERS) && "statement".equals(o.path("definition_type").textValue())
        && o.path("definition").isObject() && o.get("definition").size() == 1
        && o.get("definition").path("statement").isTextual();
  }

  private static boolean exactly(JsonNode object, String member, String value) {
    return object != null && object.isObject() && object.size() == 1 && value.equals(object.path(member).textValue());
  }

  private static boolean only(ObjectNode o, Set<String> members) {
    for (Iterator<String> names = o.fieldNames(); names.hasNext(); ) {
      if (!members.contains(names.next())) return false;
    }
    return true;
  }

  private static String colour(String id) {
    return TlpIds.TLP1.entrySet().stream().filter(e -> e.getValue().equals(id)).findFirst().orElseThrow().getKey();
  }
}
