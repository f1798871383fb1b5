package dev.parley.stix.validate;

import static dev.parley.stix.validate.Types.bool;
import static dev.parley.stix.validate.Types.dictionary;
import static dev.parley.stix.validate.Types.hashes;
import static dev.parley.stix.validate.Types.integer;
import static dev.parley.stix.validate.Types.list;
import static dev.parley.stix.validate.Types.ref;
import static dev.parley.stix.validate.Types.string;
import static dev.parley.stix.validate.Types.timestamp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Rules;
import java.util.List;
import java.util.regex.Pattern;

/** STIX 2.1 §6.8 to §6.18: ipv4-addr to x509-certificate. */
final class ScosIToX {
  private ScosIToX() {}

  private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(?::[0-9a-f]{2}){5}");
  /** The usual short forms of the registry hives, which §6.17.1 forbids. */
  private static final Pattern ABBREVIATED_HIVE =
      Pattern.compile("(?i)(?:HKLM|HKCU|HKCR|HKU|HKCC|HKPD)(?:\\\\|$)");

  static List<TypeSpec> all() {
    return List.of(ipAddr("ipv4-addr"), ipAddr("ipv6-addr"), macAddr(), mutex(), networkTraffic(), process(),
        software(), url(), userAccount(), windowsRegistryKey(), x509Certificate());
  }

  static TypeSpec ipAddr(String type) {
    return TypeSpec.of(type, Category.SCO)
        .required("value", string())
        .optional("resolves_to_refs", list(ref("mac-addr")))
        .optional("belongs_to_refs", list(ref("autonomous-system")))
        .idContributing("value")
        .build();
  }

  static TypeSpec macAddr() {
    return TypeSpec.of("mac-addr", Category.SCO)
        .required("value", string())
        .rule((o, p, ctx) -> {
          JsonNode v = o.get("value");
          if (v != null && v.isTextual() && !MAC.matcher(v.textValue()).matches()) {
            ctx.error(Rules.VALUE, "/value", "must be a colon-delimited, lower-case MAC-48 address with leading zeros (STIX 2.1 §6.10.1)");
          }
        })
        .idContributing("value")
        .build();
  }

  static TypeSpec mutex() {
    return TypeSpec.of("mutex", Category.SCO).required("name", string()).idContributing("name").build();
  }

  static TypeSpec networkTraffic() {
    String[] endpoints = {"ipv4-addr", "ipv6-addr", "mac-addr", "domain-name"};
    return TypeSpec.of("network-traffic", Category.SCO)
        .optional("start", timestamp())
        .optional("end", timestamp())
        .optional("is_active", bool())
        .optional("src_ref", ref(endpoints))
        .optional("dst_ref", ref(endpoints))
        .optional("src_port", integer(0L, 65535L))
        .optional("dst_port", integer(0L, 65535L))
        .required("protocols", list(string()))
        .optional("src_byte_count", integer(0L, null))
        .optional("dst_byte_count", integer(0L, null))
        .optional("src_packets", integer(0L, null))
        .optional("dst_packets", integer(0L, null))
        .optional("ipfix", dictionary(Types.integerOrString()))
        .optional("src_payload_ref", ref("artifact"))
        .optional("dst_payload_ref", ref("artifact"))
        .optional("encapsulates_refs", list(ref("network-traffic")))
        .optional("encapsulated_by_ref", ref("network-traffic"))
        .rule(Constraints.atLeastOne("STIX 2.1 §6.12.1", "src_ref", "dst_ref"))
        .rule(Constraints.shouldHave("src_port", "STIX 2.1 §6.12"))
        .rule(Constraints.shouldHave("dst_port", "STIX 2.1 §6.12"))
        .rule(Constraints.notBefore("start", "end", "STIX 2.1 §6.12.1"))
        .rule((o, p, ctx) -> {
          if (Constraints.isTrue(o, "is_active") && o.has("end")) {
            ctx.error(Rules.SCO_RULE, "/end", "must not be present when is_active is true (STIX 2.1 §6.12.1)");
          }
          JsonNode protocols = o.get("protocols");
          if (protocols != null && protocols.isArray()) {
            for (int i = 0; i < protocols.size(); i++) {
              String s = protocols.get(i).asText("");
              if (!s.equals(s.toLowerCase())) {
                ctx.warning(Rules.VALUE, "/protocols/" + i, "protocol names should be lower case (STIX 2.1 §6.12.1)");
              }
            }
          }
        })
        .idContributing("start", "end", "src_ref", "dst_ref", "src_port", "dst_port", "protocols", "extensions")
        .build();
  }

  static TypeSpec process() {
    return TypeSpec.of("process", Category.SCO)
        .optional("is_hidden", bool())
        .optional("pid", integer())
        .optional("created_time", timestamp())
        .optional("cwd", string())
        .optional("command_line", string())
        .optional("environment_variables", dictionary(string()))
        .optional("opened_connection_refs", list(ref("network-traffic")))
        .optional("creator_user_ref", ref("user-account"))
        .optional("image_ref", ref("file"))
        .optional("parent_ref", ref("process"))
        .optional("child_refs", list(ref("process")))
        .rule(Constraints.anyProperty("STIX 2.1 §6.13.1"))
        .build(); // no ID contributing properties: a process id is a UUIDv4 (§6.13)
  }

  static TypeSpec software() {
    return TypeSpec.of("software", Category.SCO)
        .required("name", string())
        .optional("cpe", string())
        .optional("swid", string())
        .optional("languages", list(LanguageTags.type("STIX 2.1 §6.14.1")))
        .optional("vendor", string())
        .optional("version", string())
        .idContributing("name", "cpe", "swid", "vendor", "version")
        .build();
  }

  static TypeSpec url() {
    return TypeSpec.of("url", Category.SCO).required("value", string()).rule(Urls.URL_VALUE).idContributing("value").build();
  }

  static TypeSpec userAccount() {
    return TypeSpec.of("user-account", Category.SCO)
        .optional("user_id", string())
        .optional("credential", string())
        .optional("account_login", string())
        .optional("account_type", Vocabularies.open("account-type-ov", Vocabularies.ACCOUNT_TYPE))
        .optional("display_name", string())
        .optional("is_service_account", bool())
        .optional("is_privileged", bool())
        .optional("can_escalate_privs", bool())
        .optional("is_disabled", bool())
        .optional("account_created", timestamp())
        .optional("account_expires", timestamp())
        .optional("credential_last_changed", timestamp())
        .optional("account_first_login", timestamp())
        .optional("account_last_login", timestamp())
        .rule(Constraints.anyProperty("STIX 2.1 §6.16.1"))
        .idContributing("account_type", "user_id", "account_login")
        .build();
  }

  static TypeSpec windowsRegistryKey() {
    return TypeSpec.of("windows-registry-key", Category.SCO)
        .optional("key", string())
        .optional("values", list(Types.object(ScoTypes.REGISTRY_VALUE)))
        .optional("modified_time", timestamp())
        .optional("creator_user_ref", ref("user-account"))
        .optional("number_of_subkeys", integer(0L, null))
        .rule(Constraints.atLeastOne("STIX 2.1 §6.17",
            "key", "values", "modified_time", "creator_user_ref", "number_of_subkeys"))
        .rule((o, p, ctx) -> {
          JsonNode key = o.get("key");
          if (key != null && key.isTextual() && ABBREVIATED_HIVE.matcher(key.textValue()).lookingAt()) {
            ctx.error(Rules.VALUE, "/key", "the hive must be fully expanded, e.g. HKEY_LOCAL_MACHINE instead of HKLM (STIX 2.1 §6.17.1)");
          }
        })
        .idContributing("key", "values")
        .build();
  }

  static TypeSpec x509Certificate() {
    return TypeSpec.of("x509-certificate", Category.SCO)
        .optional("is_self_signed", bool())
        .optional("hashes", hashes())
        .optional("version", string())
        .optional("serial_number", string())
        .optional("signature_algorithm", string())
        .optional("issuer", string())
        .optional("validity_not_before", timestamp())
        .optional("validity_not_after", timestamp())
        .optional("subject", string())
        .optional("subject_public_key_algorithm", string())
        .optional("subject_public_key_modulus", string())
        .optional("subject_public_key_exponent", integer())
        .optional("x509_v3_extensions", Types.object(ScoTypes.X509_V3_EXTENSIONS))
        .rule(Constraints.atLeastOne("STIX 2.1 §6.18", "is_self_signed", "hashes", "version", "serial_number",
            "signature_algorithm", "issuer", "validity_not_before", "validity_not_after", "subject",
            "subject_public_key_algorithm", "subject_public_key_modulus", "subject_public_key_exponent",
            "x509_v3_extensions"))
        .idContributing("hashes", "serial_number")
        .build();
  }
}
