package dev.parley.pattern.observe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One observed-data (STIX 2.1 §4.14) ready for matching: its time window, its count, and the
 * objects it may reach. {@code objects} maps a reference (an SCO id in 2.1, a dictionary key in
 * 2.0) to the object; only these may be dereferenced (§9.7.4). {@code roots} are the objects an
 * observation expression may start from.
 */
public record Observation(
    String id,
    Instant firstObserved,
    Instant lastObserved,
    long numberObserved,
    Map<String, ObjectNode> objects,
    List<ObjectNode> roots) {

  public Observation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(firstObserved, "firstObserved");
    Objects.requireNonNull(lastObserved, "lastObserved");
    objects = Map.copyOf(objects);
    roots = List.copyOf(roots);
    if (numberObserved < 1) throw new IllegalArgumentException("number_observed must be at least 1");
    if (lastObserved.isBefore(firstObserved)) {
      throw new IllegalArgumentException("last_observed must not precede first_observed");
    }
  }

  /** The object a reference names within this observation, or null (§9.7.4). */
  public ObjectNode dereference(String reference) {
    return objects.get(reference);
  }

  /**
   * This observation's id, times and count without its objects: what counting needs of an
   * observation that waits for the rest of a set, at a small part of its memory.
   */
  public Observation withoutObjects() {
    return new Observation(id, firstObserved, lastObserved, numberObserved, Map.of(), List.of());
  }

  /** False for one made by {@link #withoutObjects} (an observation no bracket could match). */
  public boolean hasObjects() {
    return !roots.isEmpty() || !objects.isEmpty();
  }
}
