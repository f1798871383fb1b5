package dev.parley.stix.validate;

import static dev.parley.stix.validate.Types.bool;
import static dev.parley.stix.validate.Types.enumeration;
import static dev.parley.stix.validate.Types.floating;
import static dev.parley.stix.validate.Types.integer;
import static dev.parley.stix.validate.Types.list;
import static dev.parley.stix.validate.Types.ref;
import static dev.parley.stix.validate.Types.string;
import static dev.parley.stix.validate.Types.timestamp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Rules;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** STIX 2.1 §4.10 to §4.19: location to vulnerability. */
final class SdosLToV {
  private SdosLToV() {}

  private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");
  private static final Pattern PRODUCT = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");

  static List<TypeSpec> all() {
    return List.of(location(), malware(), malwareAnalysis(), note(), observedData(), opinion(), report(),
        threatActor(), tool(), vulnerability());
  }

  static TypeSpec location() {
    return TypeSpec.of("location", Category.SDO)
        .optional("name", string())
        .optional("description", string())
        .optional("latitude", floating(-90.0, 90.0))
        .optional("longitude", floating(-180.0, 180.0))
        .optional("precision", floating())
        .optional("region", Vocabularies.open("region-ov", Vocabularies.REGION))
        .optional("country", string())
        .optional("administrative_area", string())
        .optional("city", string())
        .optional("street_address", string())
        .optional("postal_code", string())
        .rule((o, p, ctx) -> {
          if (!o.has("region") && !o.has("country") && !(o.has("latitude") && o.has("longitude"))) {
            ctx.error(Rules.AT_LEAST_ONE, p, "needs region, country, or latitude and longitude (STIX 2.1 §4.10)");
          }
          JsonNode country = o.get("country");
          if (country != null && country.isTextual() && !COUNTRY.matcher(country.textValue()).matches()) {
            ctx.warning(Rules.VALUE, "/country", "should be an ISO 3166-1 alpha-2 code (STIX 2.1 §4.10.1)");
          }
        })
        .rule(Constraints.requires("latitude", "longitude", "STIX 2.1 §4.10.1"))
        .rule(Constraints.requires("longitude", "latitude", "STIX 2.1 §4.10.1"))
        .rule((o, p, ctx) -> {
          if (o.has("precision") && !(o.has("latitude") && o.has("longitude"))) {
            ctx.error(Rules.REQUIRED_PROPERTY, "/precision", "needs latitude and longitude (STIX 2.1 §4.10.1)");
          }
        })
        .build();
  }

  static TypeSpec malware() {
    // is_family is required in STIX 2.1 (OS and the JSON schemas); the Errata 01 markdown table
    // marks it optional, which we read as a conversion slip, since the text still says "for a
    // malware family the name MUST be defined" and every example sets it.
    return TypeSpec.of("malware", Category.SDO)
        .optional("name", string())
        .optional("description", string())
        .optional("malware_types", Vocabularies.openList("malware-type-ov", Vocabularies.MALWARE_TYPE))
        .required("is_family", bool())
        .optional("aliases", list(string()))
        .optional("kill_chain_phases", list(KillChainPhases.TYPE))
        .optional("first_seen", timestamp())
        .optional("last_seen", timestamp())
        .optional("operating_system_refs", list(ref("software")))
        .optional("architecture_execution_envs", Vocabularies.openList("processor-architecture-ov", Vocabularies.PROCESSOR_ARCHITECTURE))
        .optional("implementation_languages", Vocabularies.openList("implementation-language-ov", Vocabularies.IMPLEMENTATION_LANGUAGE))
        .optional("capabilities", Vocabularies.openList("malware-capabilities-ov", Vocabularies.MALWARE_CAPABILITIES))
        .optional("sample_refs", list(ref("file", "artifact")))
        .rule(Constraints.notBefore("first_seen", "last_seen", "STIX 2.1 §4.11.1"))
        .rule((o, p, ctx) -> {
          if (Constraints.isTrue(o, "is_family") && !o.has("name")) {
            ctx.error(Rules.REQUIRED_PROPERTY, "/name", "a malware family must have a name (STIX 2.1 §4.11.1)");
          }
        })
        .build();
  }

  static TypeSpec malwareAnalysis() {
    return TypeSpec.of("malware-analysis", Category.SDO)
        .required("product", string())
        .optional("version", string())
        .optional("host_vm_ref", ref("software"))
        .optional("operating_system_ref", ref("software"))
        .optional("installed_software_refs", list(ref("software")))
        .optional("configuration_version", string())
        .optional("modules", list(string()))
        .optional("analysis_engine_version", string())
        .optional("analysis_definition_version", string())
        .optional("submitted", timestamp())
        .optional("analysis_started", timestamp())
        .optional("analysis_ended", timestamp())
        .optional("result_name", string())
        .optional("result", Vocabularies.open("malware-result-ov", Vocabularies.MALWARE_RESULT))
        .optional("analysis_sco_refs", list(ref("*sco")))
        .optional("sample_ref", ref("file", "network-traffic", "artifact"))
        .rule(Constraints.atLeastOne("STIX 2.1 §4.12", "result", "analysis_sco_refs"))
        .rule((o, p, ctx) -> {
          JsonNode product = o.get("product");
          if (product != null && product.isTextual() && !PRODUCT.matcher(product.textValue()).matches()) {
            ctx.warning(Rules.VALUE, "/product", "should be lower case with words separated by '-' (STIX 2.1 §4.12.1)");
          }
        })
        .build();
  }

  static TypeSpec note() {
    return TypeSpec.of("note", Category.SDO)
        .optional("abstract", string())
        .required("content", string())
        .optional("authors", list(string()))
        .required("object_refs", list(ref("*")))
        .build();
  }

  static TypeSpec observedData() {
    return TypeSpec.of("observed-data", Category.SDO)
        .required("first_observed", timestamp())
        .required("last_observed", timestamp())
        .required("number_observed", integer(1L, 999_999_999L))
        .optional("objects", ObservableContainers.TYPE)
        .optional("object_refs", list(ref("*sco", "*sro")))
        .rule(Constraints.notBefore("first_observed", "last_observed", "STIX 2.1 §4.14.1"))
        .rule(Constraints.exactlyOne("objects", "object_refs", "STIX 2.1 §4.14"))
        .rule((o, p, ctx) -> {
          JsonNode refs = o.get("object_refs");
          if (refs == null || !refs.isArray() || refs.isEmpty()) return;
          for (JsonNode r : refs) {
            if (r.isTextual() && Identifiers.allows(Set.of("*sco"), Identifiers.typeOf(r.textValue()))
                && Specs.categoryOf(Identifiers.typeOf(r.textValue())) != Category.SRO) {
              return;
            }
          }
          ctx.error(Rules.REFERENCE_TYPE, "/object_refs", "must hold at least one SCO reference (STIX 2.1 §4.14.1)");
        })
        .build();
  }

  static TypeSpec opinion() {
    return TypeSpec.of("opinion", Category.SDO)
        .optional("explanation", string())
        .optional("authors", list(string()))
        .required("opinion", enumeration(Vocabularies.OPINION))
        .required("object_refs", list(ref("*")))
        .build();
  }

  static TypeSpec report() {
    return TypeSpec.of("report", Category.SDO)
        .required("name", string())
        .optional("description", string())
        .optional("report_types", Vocabularies.openList("report-type-ov", Vocabularies.REPORT_TYPE))
        .required("published", timestamp())
        .required("object_refs", list(ref("*")))
        .build();
  }

  static TypeSpec threatActor() {
    return TypeSpec.of("threat-actor", Category.SDO)
        .required("name", string())
        .optional("description", string())
        .optional("threat_actor_types", Vocabularies.openList("threat-actor-type-ov", Vocabularies.THREAT_ACTOR_TYPE))
        .optional("aliases", list(string()))
        .optional("first_seen", timestamp())
        .optional("last_seen", timestamp())
        .optional("roles", Vocabularies.openList("threat-actor-role-ov", Vocabularies.THREAT_ACTOR_ROLE))
        .optional("goals", list(string()))
        .optional("sophistication", Vocabularies.open("threat-actor-sophistication-ov", Vocabularies.THREAT_ACTOR_SOPHISTICATION))
        .optional("resource_level", Vocabularies.open("attack-resource-level-ov", Vocabularies.ATTACK_RESOURCE_LEVEL))
        .optional("primary_motivation", Vocabularies.open("attack-motivation-ov", Vocabularies.ATTACK_MOTIVATION))
        .optional("secondary_motivations", Vocabularies.openList("attack-motivation-ov", Vocabularies.ATTACK_MOTIVATION))
        .optional("personal_motivations", Vocabularies.openList("attack-motivation-ov", Vocabularies.ATTACK_MOTIVATION))
        .rule(Constraints.notBefore("first_seen", "last_seen", "STIX 2.1 §4.17.1"))
        .build();
  }

  static TypeSpec tool() {
    return TypeSpec.of("tool", Category.SDO)
        .required("name", string())
        .optional("description", string())
        .optional("tool_types", Vocabularies.openList("tool-type-ov", Vocabularies.TOOL_TYPE))
        .optional("aliases", list(string()))
        .optional("kill_chain_phases", list(KillChainPhases.TYPE))
        .optional("tool_version", string())
        .build();
  }

  static TypeSpec vulnerability() {
    return TypeSpec.of("vulnerability", Category.SDO)
        .required("name", string())
        .optional("description", string())
        .rule(ExternalReferences.catalogue("cve", "STIX 2.1 §4.19.1"))
        .build();
  }
}
