package dev.parley.stix.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Rules;
import dev.parley.stix.Timestamps;

/** Ordering constraints between two timestamp properties of one object. */
final class TimeOrder {
  private TimeOrder() {}

  /** {@code later} must be strictly after {@code earlier} when both are present and valid. */
  static void strictlyAfter(ObjectNode o, String earlier, String later, Context ctx, String section) {
    Integer c = compare(o, earlier, later);
    if (c != null && c >= 0) ctx.error(Rules.TIME_ORDER, "/" + later, "must be later than " + earlier + " (" + section + ")");
  }

  /** {@code later} must not be before {@code earlier} when both are present and valid. */
  static void notBefore(ObjectNode o, String earlier, String later, Context ctx, String section) {
    Integer c = compare(o, earlier, later);
    if (c != null && c > 0) ctx.error(Rules.TIME_ORDER, "/" + later, "must be later than or equal to " + earlier + " (" + section + ")");
  }

  private static Integer compare(ObjectNode o, String earlier, String later) {
    JsonNode a = o.get(earlier);
    JsonNode b = o.get(later);
    if (a == null || b == null || !a.isTextual() || !b.isTextual()) return null;
    if (Timestamps.problem(a.textValue()) != null || Timestamps.problem(b.textValue()) != null) return null;
    return Timestamps.compare(a.textValue(), b.textValue());
  }
}
