package dev.parley.stix.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Rules;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The specification-defined relationships: the Relationships tables of each SDO and SCO in §4 and
 * §6 (authoritative per §5.1.1; Appendix B summarises them) and the common ones of §3.7.
 *
 * <p>Judgement: §5.1 says spec-defined relationship types SHOULD be used and that relationships
 * between any SDOs/SCOs MAY use related-to or user-defined names. So an unknown (user-defined)
 * relationship type is fine, while a spec-defined type between types its table does not list is
 * a warning, not an error. The §3.7 "of same type" for derived-from and duplicate-of is a
 * definition without a MUST keyword, so a mismatch is a warning too. Custom object types are
 * never judged.
 */
final class Relationships {
  private Relationships() {}

  private static final Set<String> SCO = Set.of(
      "artifact", "autonomous-system", "directory", "domain-name", "email-addr", "email-message", "file",
      "ipv4-addr", "ipv6-addr", "mac-addr", "mutex", "network-traffic", "process", "software", "url",
      "user-account", "windows-registry-key", "x509-certificate");

  /** source type → relationship type → target types. */
  private static final Map<String, Map<String, Set<String>>> TABLE = new HashMap<>();
  private static final Set<String> DEFINED = new HashSet<>(Set.of("derived-from", "duplicate-of", "related-to"));

  static {
    add("attack-pattern", "delivers", "malware");
    add("attack-pattern", "targets", "identity", "location", "vulnerability");
    add("attack-pattern", "uses", "malware", "tool");
    add("campaign", "attributed-to", "intrusion-set", "threat-actor");
    add("campaign", "compromises", "infrastructure");
    add("campaign", "originates-from", "location");
    add("campaign", "targets", "identity", "location", "vulnerability");
    add("campaign", "uses", "attack-pattern", "infrastructure", "malware", "tool");
    add("course-of-action", "investigates", "indicator");
    add("course-of-action", "mitigates", "attack-pattern", "indicator", "malware", "tool", "vulnerability");
    add("course-of-action", "remediates", "malware", "vulnerability");
    add("identity", "located-at", "location");
    add("indicator", "indicates", "attack-pattern", "campaign", "infrastructure", "intrusion-set", "malware",
        "threat-actor", "tool");
    add("indicator", "based-on", "observed-data");
    add("infrastructure", "communicates-with", "infrastructure", "ipv4-addr", "ipv6-addr", "domain-name", "url");
    add("infrastructure", "consists-of", "infrastructure", "observed-data");
    for (String sco : SCO) add("infrastructure", "consists-of", sco);
    add("infrastructure", "controls", "infrastructure", "malware");
    add("infrastructure", "delivers", "malware");
    add("infrastructure", "has", "vulnerability");
    add("infrastructure", "hosts", "tool", "malware");
    add("infrastructure", "located-at", "location");
    add("infrastructure", "uses", "infrastructure");
    for (String actor : new String[] {"intrusion-set", "threat-actor"}) {
      add(actor, "compromises", "infrastructure");
      add(actor, "hosts", "infrastructure");
      add(actor, "owns", "infrastructure");
      add(actor, "targets", "identity", "location", "vulnerability");
      add(actor, "uses", "attack-pattern", "infrastructure", "malware", "tool");
    }
    add("intrusion-set", "attributed-to", "threat-actor");
    add("intrusion-set", "originates-from", "location");
    add("threat-actor", "attributed-to", "identity");
    add("threat-actor", "impersonates", "identity");
    add("threat-actor", "located-at", "location");
    add("malware", "authored-by", "threat-actor", "intrusion-set");
    add("malware", "beacons-to", "infrastructure");
    add("malware", "exfiltrates-to", "infrastructure");
    add("malware", "communicates-with", "ipv4-addr", "ipv6-addr", "domain-name", "url");
    add("malware", "controls", "malware");
    add("malware", "downloads", "malware", "tool", "file");
    add("malware", "drops", "malware", "tool", "file");
    add("malware", "exploits", "vulnerability");
    add("malware", "originates-from", "location");
    add("malware", "targets", "identity", "infrastructure", "location", "vulnerability");
    add("malware", "uses", "attack-pattern", "infrastructure", "malware", "tool");
    add("malware", "variant-of", "malware");
    for (String kind : new String[] {"characterizes", "av-analysis-of", "static-analysis-of", "dynamic-analysis-of"}) {
      add("malware-analysis", kind, "malware");
    }
    add("tool", "delivers", "malware");
    add("tool", "drops", "malware");
    add("tool", "has", "vulnerability");
    add("tool", "targets", "identity", "infrastructure", "location", "vulnerability");
    add("tool", "uses", "infrastructure");
    add("domain-name", "resolves-to", "domain-name", "ipv4-addr", "ipv6-addr");
    for (String ip : new String[] {"ipv4-addr", "ipv6-addr"}) {
      add(ip, "resolves-to", "mac-addr");
      add(ip, "belongs-to", "autonomous-system");
    }
  }

  private static void add(String source, String type, String... targets) {
    DEFINED.add(type);
    TABLE.computeIfAbsent(source, k -> new HashMap<>()).computeIfAbsent(type, k -> new HashSet<>()).addAll(Set.of(targets));
  }

  /** Whether the specification defines {@code type} for {@code source} → {@code target}. */
  static boolean defined(String source, String type, String target) {
    return TABLE.getOrDefault(source, Map.of()).getOrDefault(type, Set.of()).contains(target);
  }

  static void check(ObjectNode o, String p, Context ctx) {
    JsonNode kind = o.get("relationship_type");
    JsonNode source = o.get("source_ref");
    JsonNode target = o.get("target_ref");
    if (kind == null || source == null || target == null || !kind.isTextual() || !source.isTextual() || !target.isTextual()) return;
    String type = kind.textValue();
    String from = Identifiers.typeOf(source.textValue());
    String to = Identifiers.typeOf(target.textValue());
    if (Specs.type(from) == null || Specs.type(to) == null || !DEFINED.contains(type) || "related-to".equals(type)) return;
    if ("derived-from".equals(type) || "duplicate-of".equals(type)) {
      if (!from.equals(to)) {
        ctx.warning(Rules.RELATIONSHIP_TYPE, "/target_ref",
            "'" + type + "' relates objects of the same type, not " + from + " and " + to + " (STIX 2.1 §3.7)");
      }
      return;
    }
    if (!defined(from, type, to)) {
      ctx.warning(Rules.RELATIONSHIP_TYPE, "/relationship_type",
          "the specification defines no '" + type + "' relationship from " + from + " to " + to + " (STIX 2.1 §5.1, Appendix B)");
    }
  }
}
