package dev.parley.stix.validate;

import static dev.parley.stix.validate.Types.list;
import static dev.parley.stix.validate.Types.ref;
import static dev.parley.stix.validate.Types.string;
import static dev.parley.stix.validate.Types.timestamp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Rules;
import java.util.ArrayList;
import java.util.List;

/**
 * STIX 2.1 §4: the nineteen domain objects. This file holds attack-pattern to intrusion-set;
 * {@link SdosLToV} the rest. Every property table is transcribed in the specification's order.
 */
final class Sdos {
  private Sdos() {}

  static List<TypeSpec> all() {
    List<TypeSpec> all = new ArrayList<>(List.of(
        attackPattern(), campaign(), courseOfAction(), grouping(), identity(), incident(), indicator(),
        infrastructure(), intrusionSet()));
    all.addAll(SdosLToV.all());
    return all;
  }

  static TypeSpec attackPattern() {
    return TypeSpec.of("attack-pattern", Category.SDO)
        .required("name", string())
        .optional("description", string())
        .optional("aliases", list(string()))
        .optional("kill_chain_phases", list(KillChainPhases.TYPE))
        .rule(ExternalReferences.catalogue("capec", "STIX 2.1 §4.1.1"))
        .build();
  }

  static TypeSpec campaign() {
    return TypeSpec.of("campaign", Category.SDO)
        .required("name", string())
        .optional("description", string())
        .optional("aliases", list(string()))
        .optional("first_seen", timestamp())
        .optional("last_seen", timestamp())
        .optional("objective", string())
        .rule(Constraints.notBefore("first_seen", "last_seen", "STIX 2.1 §4.2.1"))
        .build();
  }

  static TypeSpec courseOfAction() {
    // action is RESERVED (§4.3.1, §3.8): Properties reports it wherever it appears.
    return TypeSpec.of("course-of-action", Category.SDO)
        .required("name", string())
        .optional("description", string())
        .build();
  }

  static TypeSpec grouping() {
    return TypeSpec.of("grouping", Category.SDO)
        .optional("name", string())
        .optional("description", string())
        .required("context", Vocabularies.open("grouping-context-ov", Vocabularies.GROUPING_CONTEXT))
        .required("object_refs", list(ref("*")))
        .build();
  }

  static TypeSpec identity() {
    return TypeSpec.of("identity", Category.SDO)
        .required("name", string())
        .optional("description", string())
        .optional("roles", list(string()))
        .optional("identity_class", Vocabularies.open("identity-class-ov", Vocabularies.IDENTITY_CLASS))
        .optional("sectors", Vocabularies.openList("industry-sector-ov", Vocabularies.INDUSTRY_SECTOR))
        .optional("contact_information", string())
        .build();
  }

  static TypeSpec incident() {
    return TypeSpec.of("incident", Category.SDO)
        .required("name", string())
        .optional("description", string())
        .build();
  }

  static TypeSpec indicator() {
    return TypeSpec.of("indicator", Category.SDO)
        .optional("name", string())
        .optional("description", string())
        .optional("indicator_types", Vocabularies.openList("indicator-type-ov", Vocabularies.INDICATOR_TYPE))
        .required("pattern", string())
        .required("pattern_type", Vocabularies.open("pattern-type-ov", Vocabularies.PATTERN_TYPE))
        .optional("pattern_version", string())
        .required("valid_from", timestamp())
        .optional("valid_until", timestamp())
        .optional("kill_chain_phases", list(KillChainPhases.TYPE))
        .rule(Constraints.shouldHave("name", "STIX 2.1 §4.7.1"))
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

  static TypeSpec infrastructure() {
    return TypeSpec.of("infrastructure", Category.SDO)
        .required("name", string())
        .optional("description", string())
        .optional("infrastructure_types", Vocabularies.openList("infrastructure-type-ov", Vocabularies.INFRASTRUCTURE_TYPE))
        .optional("aliases", list(string()))
        .optional("kill_chain_phases", list(KillChainPhases.TYPE))
        .optional("first_seen", timestamp())
        .optional("last_seen", timestamp())
        .rule(Constraints.notBefore("first_seen", "last_seen", "STIX 2.1 §4.8.1"))
        .build();
  }

  static TypeSpec intrusionSet() {
    return TypeSpec.of("intrusion-set", Category.SDO)
        .required("name", string())
        .optional("description", string())
        .optional("aliases", list(string()))
        .optional("first_seen", timestamp())
        .optional("last_seen", timestamp())
        .optional("goals", list(string()))
        .optional("resource_level", Vocabularies.open("attack-resource-level-ov", Vocabularies.ATTACK_RESOURCE_LEVEL))
        .optional("primary_motivation", Vocabularies.open("attack-motivation-ov", Vocabularies.ATTACK_MOTIVATION))
        .optional("secondary_motivations", Vocabularies.openList("attack-motivation-ov", Vocabularies.ATTACK_MOTIVATION))
        .rule(Constraints.notBefore("first_seen", "last_seen", "STIX 2.1 §4.9.1"))
        .build();
  }
}
