package dev.parley.stix.validate;

import static dev.parley.stix.validate.Types.binary;
import static dev.parley.stix.validate.Types.bool;
import static dev.parley.stix.validate.Types.dictionary;
import static dev.parley.stix.validate.Types.enumeration;
import static dev.parley.stix.validate.Types.hashes;
import static dev.parley.stix.validate.Types.hex;
import static dev.parley.stix.validate.Types.integer;
import static dev.parley.stix.validate.Types.list;
import static dev.parley.stix.validate.Types.ref;
import static dev.parley.stix.validate.Types.string;
import static dev.parley.stix.validate.Types.timestamp;

import dev.parley.stix.Rules;
import java.util.ArrayList;
import java.util.List;

/**
 * STIX 2.1 §6: the eighteen cyber-observable objects, artifact to file here and the rest in
 * {@link ScosIToX}. The ID contributing properties are those each SCO section lists.
 */
final class Scos {
  private Scos() {}

  static List<TypeSpec> all() {
    List<TypeSpec> all = new ArrayList<>(List.of(
        artifact(), autonomousSystem(), directory(), domainName(), emailAddr(), emailMessage(), file()));
    all.addAll(ScosIToX.all());
    return all;
  }

  static TypeSpec artifact() {
    return TypeSpec.of("artifact", Category.SCO)
        .optional("mime_type", string())
        .optional("payload_bin", binary())
        .optional("url", Urls.LOCATOR)
        .optional("hashes", hashes())
        .optional("encryption_algorithm", enumeration(Vocabularies.ENCRYPTION_ALGORITHM))
        .optional("decryption_key", string())
        .rule(Constraints.exactlyOne("payload_bin", "url", "STIX 2.1 §6.1.1"))
        .rule(Constraints.requires("url", "hashes", "STIX 2.1 §6.1.1"))
        .rule(Constraints.requires("decryption_key", "encryption_algorithm", "STIX 2.1 §6.1.1"))
        .idContributing("hashes", "payload_bin")
        .build();
  }

  static TypeSpec autonomousSystem() {
    return TypeSpec.of("autonomous-system", Category.SCO)
        .required("number", integer())
        .optional("name", string())
        .optional("rir", string())
        .idContributing("number")
        .build();
  }

  static TypeSpec directory() {
    return TypeSpec.of("directory", Category.SCO)
        .required("path", string())
        .optional("path_enc", string())
        .optional("ctime", timestamp())
        .optional("mtime", timestamp())
        .optional("atime", timestamp())
        .optional("contains_refs", list(ref("file", "directory")))
        .idContributing("path")
        .build();
  }

  static TypeSpec domainName() {
    return TypeSpec.of("domain-name", Category.SCO)
        .required("value", string())
        .optional("resolves_to_refs", list(ref("ipv4-addr", "ipv6-addr", "domain-name")))
        .idContributing("value")
        .build();
  }

  static TypeSpec emailAddr() {
    return TypeSpec.of("email-addr", Category.SCO)
        .required("value", string())
        .optional("display_name", string())
        .optional("belongs_to_ref", ref("user-account"))
        .idContributing("value")
        .build();
  }

  static TypeSpec emailMessage() {
    return TypeSpec.of("email-message", Category.SCO)
        .required("is_multipart", bool())
        .optional("date", timestamp())
        .optional("content_type", string())
        .optional("from_ref", ref("email-addr"))
        .optional("sender_ref", ref("email-addr"))
        .optional("to_refs", list(ref("email-addr")))
        .optional("cc_refs", list(ref("email-addr")))
        .optional("bcc_refs", list(ref("email-addr")))
        .optional("message_id", string())
        .optional("subject", string())
        .optional("received_lines", list(string()))
        .optional("additional_header_fields", dictionary(list(string())))
        .optional("body", string())
        .optional("body_multipart", list(Types.object(ScoTypes.EMAIL_MIME_PART)))
        .optional("raw_email_ref", ref("artifact"))
        .rule((o, p, ctx) -> {
          if (Constraints.isTrue(o, "is_multipart") && o.has("body")) {
            ctx.error(Rules.SCO_RULE, "/body", "must not be present when is_multipart is true (STIX 2.1 §6.6.1)");
          }
          if (Constraints.isFalse(o, "is_multipart") && o.has("body_multipart")) {
            ctx.error(Rules.SCO_RULE, "/body_multipart", "must not be present when is_multipart is false (STIX 2.1 §6.6.1)");
          }
        })
        .idContributing("from_ref", "subject", "body")
        .build();
  }

  static TypeSpec file() {
    return TypeSpec.of("file", Category.SCO)
        .optional("hashes", hashes())
        .optional("size", integer(0L, null))
        .optional("name", string())
        .optional("name_enc", string())
        .optional("magic_number_hex", hex())
        .optional("mime_type", string())
        .optional("ctime", timestamp())
        .optional("mtime", timestamp())
        .optional("atime", timestamp())
        .optional("parent_directory_ref", ref("directory"))
        .optional("contains_refs", list(ref("*sco")))
        .optional("content_ref", ref("artifact"))
        .rule(Constraints.atLeastOne("STIX 2.1 §6.7.1", "hashes", "name"))
        .idContributing("hashes", "name", "extensions", "parent_directory_ref")
        .build();
  }
}
