package dev.parley.stix.validate;

import java.util.Set;

/** The open vocabularies of STIX 2.1 §10. */
final class Vocabularies {
  private Vocabularies() {}

  static final Set<String> INDICATOR_TYPE = Set.of(
      "anomalous-activity", "anonymization", "benign", "compromised", "malicious-activity", "attribution", "unknown");

  static final Set<String> PATTERN_TYPE = Set.of("stix", "pcre", "sigma", "snort", "suricata", "yara");
}
