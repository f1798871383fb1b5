package dev.parley.stix.validate;

import static dev.parley.stix.validate.Types.string;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Rules;
import java.util.regex.Pattern;

/** STIX 2.1 §2.5 external-reference. */
final class ExternalReferences {
  private ExternalReferences() {}

  private static final Pattern CAPEC = Pattern.compile("CAPEC-\\d+");
  private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,}");

  static final TypeSpec SPEC = TypeSpec.of("external-reference", Category.SDO)
      .required("source_name", string())
      .optional("description", string())
      .optional("url", Types.url())
      .optional("hashes", Types.hashes())
      .optional("external_id", string())
      .rule((o, p, ctx) -> {
        if (!o.has("description") && !o.has("url") && !o.has("external_id")) {
          ctx.error(Rules.EXTERNAL_REFERENCE, p, "needs at least one of description, url and external_id besides source_name (STIX 2.1 §2.5.2)");
        }
        if (o.has("url") && !o.has("hashes")) {
          ctx.warning(Rules.EXTERNAL_REFERENCE, p, "should give hashes of the url's content (STIX 2.1 §2.5.1)");
        }
        checkWellKnown(o.path("source_name").asText(""), o.get("external_id"), p, ctx);
      })
      .build();

  static final ValueType TYPE = Types.object(SPEC);

  /** CAPEC and CVE references name their entry in external_id, in that catalogue's form. */
  private static void checkWellKnown(String source, JsonNode externalId, String p, Context ctx) {
    Pattern form = switch (source) {
      case "capec" -> CAPEC;
      case "cve" -> CVE;
      default -> null;
    };
    if (form == null) return;
    if (externalId == null) {
      ctx.error(Rules.EXTERNAL_REFERENCE, p, "a '" + source + "' reference must name its entry in external_id");
    } else if (externalId.isTextual() && !form.matcher(externalId.textValue()).matches()) {
      ctx.error(Rules.EXTERNAL_REFERENCE, Context.child(p, "external_id"),
          "'" + externalId.textValue() + "' is not of the form " + (form == CAPEC ? "CAPEC-[id]" : "CVE-YYYY-NNNN"));
    }
  }
}
