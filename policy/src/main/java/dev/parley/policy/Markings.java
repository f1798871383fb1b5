package dev.parley.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What marks one object (STIX 2.1 §7.2): the most restrictive TLP among its object markings
 * (§7.2.2) and among its granular markings (§7.2.3), TLP 1.0 and 2.0 ids alike; the other marking
 * definitions it names, which the caller resolves with {@link MarkingStatus}; and, for a marking
 * definition, what it is.
 *
 * @param objectTlp the most restrictive TLP of {@code object_marking_refs}; empty when none is a TLP id
 * @param granularTlp the most restrictive TLP of {@code granular_markings[].marking_ref}; a granular
 *     marking with {@code lang} only marks no data
 * @param others every other marking id named, object-level and granular, in the order written
 * @param malformed whether {@code object_marking_refs} or {@code granular_markings} is not of the
 *     form §7.2.2 and §7.2.3 give it (not a list of ids; an entry with neither a marking nor a
 *     language): what such a marking says is unknown, so it withholds like an unknown marking
 * @param definition what the object is, when it is a marking definition
 */
public record Markings(
    Optional<Tlp> objectTlp, Optional<Tlp> granularTlp, Set<String> others, boolean malformed, Definition definition) {

  public Markings {
    Objects.requireNonNull(objectTlp, "objectTlp");
    Objects.requireNonNull(granularTlp, "granularTlp");
    others = Collections.unmodifiableSet(new LinkedHashSet<>(others));
    Objects.requireNonNull(definition, "definition");
  }

  /** Reads the markings of {@code object}; any object, valid or not, gives an answer. */
  public static Markings of(ObjectNode object) {
    Set<String> others = new LinkedHashSet<>();
    Tlp objectTlp = null;
    Tlp granularTlp = null;
    boolean malformed = false;
    JsonNode refs = object.get("object_marking_refs");
    if (refs != null) {
      if (!refs.isArray()) malformed = true;
      for (JsonNode ref : refs.isArray() ? refs : object.arrayNode()) {
        if (!ref.isTextual()) {
          malformed = true;
          continue;
        }
        objectTlp = mark(ref.textValue(), objectTlp, others);
      }
    }
    JsonNode granular = object.get("granular_markings");
    if (granular != null) {
      if (!granular.isArray()) malformed = true;
      for (JsonNode marking : granular.isArray() ? granular : object.arrayNode()) {
        JsonNode ref = marking.get("marking_ref");
        if (ref != null && ref.isTextual()) {
          granularTlp = mark(ref.textValue(), granularTlp, others);
        } else if (ref != null || !marking.path("lang").isTextual()) {
          malformed = true;
        }
      }
    }
    return new Markings(Optional.ofNullable(objectTlp), Optional.ofNullable(granularTlp), others, malformed,
        MarkingDefinitions.classify(object));
  }

  private static Tlp mark(String id, Tlp highest, Set<String> others) {
    Optional<Tlp> level = Tlp.ofMarking(id);
    if (level.isEmpty()) {
      others.add(id);
      return highest;
    }
    return highest == null ? level.get() : Tlp.max(highest, level.get());
  }
}
