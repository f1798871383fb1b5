package dev.parley.pattern.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.pattern.value.Comparisons;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Builds {@link Observation}s from STIX observed-data JSON, both 2.1 and 2.0 forms. */
public final class Observations {
  private Observations() {}

  /**
   * Reads an observed-data object: the SCOs of its 2.0 {@code objects} dictionary under their keys,
   * and those of its 2.1 {@code object_refs} looked up with {@code objectsById} under their ids
   * (refs it cannot find are left out). An observed-data carrying both, e.g. an empty {@code
   * objects} beside {@code object_refs}, is read for both. Empty when the object is not
   * observed-data or lacks valid timestamps.
   */
  public static Optional<Observation> from(ObjectNode observedData, Function<String, ObjectNode> objectsById) {
    if (!"observed-data".equals(observedData.path("type").asText())) return Optional.empty();
    Instant first = Comparisons.timestamp(observedData.path("first_observed").asText(""));
    Instant last = Comparisons.timestamp(observedData.path("last_observed").asText(""));
    if (first == null || last == null || last.isBefore(first)) return Optional.empty();
    long count = count(observedData.path("number_observed"));
    Map<String, ObjectNode> objects = new LinkedHashMap<>();
    if (observedData.get("objects") instanceof ObjectNode dictionary) {
      for (Iterator<Map.Entry<String, JsonNode>> it = dictionary.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue() instanceof ObjectNode o) objects.put(e.getKey(), o);
      }
    }
    for (JsonNode ref : observedData.path("object_refs")) {
      ObjectNode found = ref.isTextual() ? objectsById.apply(ref.asText()) : null;
      if (found != null) objects.putIfAbsent(ref.asText(), found);
    }
    List<ObjectNode> roots = new ArrayList<>(objects.values());
    return Optional.of(new Observation(observedData.path("id").asText(""), first, last,
        Math.max(1, count), objects, roots));
  }

  /**
   * number_observed as a long, as {@code asLong(1)} reads it, without {@code longValue()} on a
   * decimal: for 1e-99999999 that divides by 10^99999999, and 1e99999999 does not fit a long anyway.
   */
  private static long count(JsonNode n) {
    if (!n.isNumber()) return n.asLong(1);
    if (!n.canConvertToLong()) return 1;
    if (n.isIntegralNumber()) return n.longValue();
    BigDecimal d = n.decimalValue();
    return d.abs().compareTo(BigDecimal.ONE) < 0 ? 0 : d.longValue(); // |d| >= 1: its scale is at most its digit count
  }
}
