package dev.parley.stix.validate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Rules;
import java.util.Optional;

/** Warns when an SCO's id is not the deterministic one the specification recommends (§2.9). */
final class ScoIdCheck {
  private ScoIdCheck() {}

  static void check(ObjectNode sco, Context ctx, int uuidVersion) {
    String id = sco.get("id").textValue();
    boolean versioned = sco.has("created") || sco.has("modified");
    if (ctx.errorsOnly && !(uuidVersion == 5 && versioned)) return; // the rest only warns
    Optional<String> expected = ScoIds.deterministicId(sco);
    if (uuidVersion == 5 && versioned && expected.isPresent() && expected.get().equalsIgnoreCase(id)) {
      ctx.error(Rules.SCO_ID, "/id",
          "a versioned cyber-observable must not use the default namespace for its id (STIX 2.1 §3.6)");
    } else if (uuidVersion == 5) {
      if (expected.isPresent() && !expected.get().equalsIgnoreCase(id)) {
        ctx.warning(Rules.SCO_ID, "/id",
            "a UUIDv5 id should be derived from the ID contributing properties: expected " + expected.get() + " (STIX 2.1 §3.4)");
      }
    } else if (uuidVersion != 4) {
      ctx.warning(Rules.ID_UUID_VERSION, "/id", "SCO ids should use a version 5 (or 4) UUID, not version " + uuidVersion + " (STIX 2.1 §2.9)");
    } else if (expected.isPresent()) {
      ctx.warning(Rules.SCO_ID, "/id", "should be the deterministic UUIDv5 id " + expected.get() + " (STIX 2.1 §2.9)");
    }
  }
}
