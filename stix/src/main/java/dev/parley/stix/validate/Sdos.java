package dev.parley.stix.validate;

import static dev.parley.stix.validate.Types.list;
import static dev.parley.stix.validate.Types.string;
import static dev.parley.stix.validate.Types.timestamp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Rules;
import java.util.List;

/** STIX 2.1 §4: the nineteen domain objects. */
final class Sdos {
  private Sdos() {}

  static List<TypeSpec> all() {
    return List.of(indicator());
  }

  static TypeSpec indicator() {
    return TypeSpec.of("indicator", Category.SDO)
        .optional("name", string())
        .optional("description", string())
        .optional("indicator_types", list(Types.vocabulary("indicator-type-ov", Vocabularies.INDICATOR_TYPE)))
        .required("pattern", string())
        .required("pattern_type", Types.vocabulary("pattern-type-ov", Vocabularies.PATTERN_TYPE))
        .optional("pattern_version", string())
        .required("valid_from", timestamp())
        .optional("valid_until", timestamp())
        .optional("kill_chain_phases", list(KillChainPhases.TYPE))
        .rule((o, p, ctx) -> {
          TimeOrder.strictlyAfter(o, "valid_from", "valid_until", ctx, "STIX 2.1 §4.7.1");
          JsonNode pattern = o.get("pattern");
          JsonNode type = o.get("pattern_type");
          if (pattern != null && pattern.isTextual() && type != null && type.isTextual()) {
            ctx.patterns.check(type.textValue(), pattern.textValue())
                .ifPresent(why -> ctx.error(Rules.PATTERN, "/pattern", why));
          }
        })
        .build();
  }
}
