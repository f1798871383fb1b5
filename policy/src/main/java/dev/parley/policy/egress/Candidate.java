package dev.parley.policy.egress;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.policy.MarkingStatus;
import dev.parley.policy.Markings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One object version as the store describes it to egress.
 *
 * @param collection the local collection's id
 * @param type the object's {@code type}
 * @param markings what marks it
 * @param otherMarkings what the node knows of each of {@link Markings#others()}; an id missing here
 *     counts as {@link MarkingStatus#NOT_HELD}
 * @param provenance where it came from
 */
public record Candidate(String collection, String type, Markings markings, Map<String, MarkingStatus> otherMarkings, Provenance provenance) {
  public Candidate {
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(markings, "markings");
    otherMarkings = Map.copyOf(otherMarkings);
    Objects.requireNonNull(provenance, "provenance");
  }

  /** The candidate for {@code object}, each of its other markings resolved by {@code status}. */
  public static Candidate of(String collection, ObjectNode object, Function<String, MarkingStatus> status, Provenance provenance) {
    Markings markings = Markings.of(object);
    Map<String, MarkingStatus> statuses = new LinkedHashMap<>();
    for (String id : markings.others()) statuses.put(id, Objects.requireNonNullElse(status.apply(id), MarkingStatus.NOT_HELD));
    return new Candidate(collection, object.path("type").asText(""), markings, statuses, provenance);
  }

  /** What the node knows of the marking {@code id}. */
  MarkingStatus status(String id) {
    return otherMarkings.getOrDefault(id, MarkingStatus.NOT_HELD);
  }
}
