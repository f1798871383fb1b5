package dev.parley.stix.validate;

import dev.parley.stix.TlpLevel;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** The TLP 2.0 marking definitions published with the TLP 2.0 extension definition, by level name. */
final class Tlp2 {
  private Tlp2() {}

  static final Map<String, String> LEVELS = Arrays.stream(TlpLevel.values())
      .collect(Collectors.toUnmodifiableMap(TlpLevel::label, TlpLevel::tlp2Id));
}
