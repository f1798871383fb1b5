package dev.parley.stix.validate;

import static dev.parley.stix.validate.Types.string;

import dev.parley.stix.Rules;
import java.util.regex.Pattern;

/** STIX 2.1 §2.11 kill-chain-phase. */
final class KillChainPhases {
  private KillChainPhases() {}

  private static final Pattern RECOMMENDED = Pattern.compile("[a-z0-9-]+");

  static final TypeSpec SPEC = TypeSpec.of("kill-chain-phase", Category.SDO)
      .required("kill_chain_name", string())
      .required("phase_name", string())
      .rule((o, p, ctx) -> {
        for (String name : new String[] {"kill_chain_name", "phase_name"}) {
          String v = o.path(name).asText(null);
          if (v != null && !RECOMMENDED.matcher(v).matches()) {
            ctx.warning(Rules.KILL_CHAIN_PHASE, Context.child(p, name),
                "should be lower case with hyphens as word separators (STIX 2.1 §2.11)");
          }
        }
      })
      .build();

  static final ValueType TYPE = Types.object(SPEC);
}
