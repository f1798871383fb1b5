package dev.parley.stix.validate;

import static dev.parley.stix.validate.Types.string;

import dev.parley.stix.Rules;

/** STIX 2.1 §2.11 kill-chain-phase. */
final class KillChainPhases {
  private KillChainPhases() {}


  static final TypeSpec SPEC = TypeSpec.of("kill-chain-phase", Category.SDO)
      .required("kill_chain_name", string())
      .required("phase_name", string())
      .rule((o, p, ctx) -> {
        for (String name : new String[] {"kill_chain_name", "phase_name"}) {
          String v = o.path(name).asText(null);
          if (v != null && !recommended(v)) {
            ctx.warning(Rules.KILL_CHAIN_PHASE, Context.child(p, name),
                "should be lower case with hyphens as word separators (STIX 2.1 §2.11)");
          }
        }
      })
      .build();

  private static boolean recommended(String v) {
    if (v.isEmpty()) return false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    }
    return true;
  }

  static final ValueType TYPE = Types.object(SPEC);
}
