package dev.parley.stix.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Rules;
import dev.parley.stix.Timestamps;

/** The findings for STIX 2.1 §2.16 timestamps (read by {@link Timestamps}) and the millisecond precision of versions (§3.2). */
final class TimestampRules {
  private TimestampRules() {}

  static void check(JsonNode v, String p, Context ctx, boolean versioning) {
    if (!v.isTextual()) {
      ctx.error(Rules.PROPERTY_TYPE, p, "must be a timestamp string, found " + Types.kind(v));
      return;
    }
    String why = Timestamps.problem(v.textValue());
    if (why != null) {
      ctx.error(Rules.TIMESTAMP_SYNTAX, p, "'" + v.textValue() + "' " + why);
      return;
    }
    if (versioning) {
      int digits = Timestamps.fractionDigits(v.textValue());
      if (digits < 3) {
        ctx.error(Rules.TIMESTAMP_PRECISION, p,
            "must be precise to at least the millisecond (three fraction digits, STIX 2.1 §3.2)");
      }
    }
  }
}
