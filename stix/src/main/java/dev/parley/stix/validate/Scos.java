package dev.parley.stix.validate;

import static dev.parley.stix.validate.Types.list;
import static dev.parley.stix.validate.Types.ref;
import static dev.parley.stix.validate.Types.string;

import java.util.List;

/** STIX 2.1 §6: the eighteen cyber-observable objects. */
final class Scos {
  private Scos() {}

  static List<TypeSpec> all() {
    return List.of(
        TypeSpec.of("ipv4-addr", Category.SCO)
            .required("value", string())
            .optional("resolves_to_refs", list(ref("mac-addr")))
            .optional("belongs_to_refs", list(ref("autonomous-system")))
            .idContributing("value")
            .build(),
        TypeSpec.of("domain-name", Category.SCO)
            .required("value", string())
            .optional("resolves_to_refs", list(ref("ipv4-addr", "ipv6-addr", "domain-name")))
            .idContributing("value")
            .build());
  }
}
