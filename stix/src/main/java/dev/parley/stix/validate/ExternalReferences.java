package dev.parley.stix.validate;

import static dev.parley.stix.validate.Types.string;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Rules;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * STIX 2.1 §2.5 external-reference.
 *
 * <p>§2.5 itself sets no rule for CAPEC or CVE references. The MUSTs live in two property tables:
 * attack-pattern (§4.1.1: a CAPEC id uses source_name {@code capec} and external_id
 * {@code CAPEC-[id]}) and vulnerability (§4.19.1: source_name {@code cve}, external_id the exact
 * CVE id). So {@link #catalogue} reports errors on those two types only; on other objects a
 * malformed capec/cve reference is a warning.
 */
final class ExternalReferences {
  private ExternalReferences() {}

  private static final Map<String, Pattern> FORMS = Map.of(
      "capec", Pattern.compile("CAPEC-\\d+"),
      "cve", Pattern.compile("CVE-\\d{4}-\\d{4,}"));

  static final TypeSpec SPEC = TypeSpec.of("external-reference", Category.SDO)
      .required("source_name", string())
      .optional("description", string())
      .optional("url", Urls.REFERENCE)
      .optional("hashes", Types.hashes())
      .optional("external_id", string())
      .rule((o, p, ctx) -> {
        if (!o.has("description") && !o.has("url") && !o.has("external_id")) {
          ctx.error(Rules.EXTERNAL_REFERENCE, p, "needs at least one of description, url and external_id besides source_name (STIX 2.1 §2.5.2)");
        }
        if (o.has("url") && !o.has("hashes")) {
          ctx.warning(Rules.EXTERNAL_REFERENCE, p, "should give hashes of the url's content (STIX 2.1 §2.5.1)");
        }
        String source = o.path("source_name").asText("");
        JsonNode id = o.get("external_id");
        Pattern form = FORMS.get(source);
        if (form != null && id != null && id.isTextual() && !form.matcher(id.textValue()).matches()
            && !("attack-pattern".equals(ctx.type) || "vulnerability".equals(ctx.type))) {
          ctx.warning(Rules.EXTERNAL_REFERENCE, Context.child(p, "external_id"),
              "'" + id.textValue() + "' is not a " + source.toUpperCase() + " identifier");
        }
      })
      .build();

  static final ValueType TYPE = Types.object(SPEC);

  /** The MUSTs of §4.1.1 (capec) and §4.19.1 (cve) on the external references of one object. */
  static ObjectRule catalogue(String source, String section) {
    Pattern form = FORMS.get(source);
    return (o, p, ctx) -> {
      JsonNode refs = o.get("external_references");
      if (refs == null || !refs.isArray()) return;
      for (int i = 0; i < refs.size(); i++) {
        JsonNode ref = refs.get(i);
        String name = ref.path("source_name").asText("");
        JsonNode id = ref.get("external_id");
        String at = "/external_references/" + i;
        if (source.equals(name) && id != null && id.isTextual() && !form.matcher(id.textValue()).matches()) {
          ctx.error(Rules.EXTERNAL_REFERENCE, at + "/external_id",
              "'" + id.textValue() + "' is not a " + source.toUpperCase() + " identifier (" + section + ")");
        } else if (!source.equals(name) && id != null && id.isTextual() && form.matcher(id.textValue()).matches()) {
          ctx.error(Rules.EXTERNAL_REFERENCE, at + "/source_name",
              "a " + source.toUpperCase() + " identifier must use source_name '" + source + "' (" + section + ")");
        }
      }
    };
  }
}
