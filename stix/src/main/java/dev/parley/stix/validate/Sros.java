package dev.parley.stix.validate;

import static dev.parley.stix.validate.Types.integer;
import static dev.parley.stix.validate.Types.list;
import static dev.parley.stix.validate.Types.ref;
import static dev.parley.stix.validate.Types.string;
import static dev.parley.stix.validate.Types.timestamp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Rules;
import java.util.List;
import java.util.regex.Pattern;

/** STIX 2.1 §5: relationship and sighting. */
final class Sros {
  private Sros() {}

  private static final Pattern RELATIONSHIP_TYPE = Pattern.compile("[a-z0-9-]+");

  static List<TypeSpec> all() {
    return List.of(
        TypeSpec.of("relationship", Category.SRO)
            .required("relationship_type", string())
            .optional("description", string())
            .required("source_ref", ref("*sdo", "*sco"))
            .required("target_ref", ref("*sdo", "*sco"))
            .optional("start_time", timestamp())
            .optional("stop_time", timestamp())
            .rule((o, p, ctx) -> {
              JsonNode t = o.get("relationship_type");
              if (t != null && t.isTextual() && !RELATIONSHIP_TYPE.matcher(t.textValue()).matches()) {
                ctx.error(Rules.VALUE, "/relationship_type",
                    "must be in ASCII and limited to the characters a-z, 0-9 and '-' (STIX 2.1 §5.1.2)");
              }
              TimeOrder.strictlyAfter(o, "start_time", "stop_time", ctx, "STIX 2.1 §5.1.2");
            })
            .rule(Relationships::check)
            .build(),
        TypeSpec.of("sighting", Category.SRO)
            .optional("description", string())
            .optional("first_seen", timestamp())
            .optional("last_seen", timestamp())
            .optional("count", integer(0L, 999_999_999L))
            .required("sighting_of_ref", ref("*sdo"))
            .optional("observed_data_refs", list(ref("observed-data")))
            .optional("where_sighted_refs", list(ref("identity", "location")))
            .optional("summary", Types.bool())
            .rule((o, p, ctx) -> TimeOrder.notBefore(o, "first_seen", "last_seen", ctx, "STIX 2.1 §5.2.1"))
            .build());
  }
}
