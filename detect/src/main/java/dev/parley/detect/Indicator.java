package dev.parley.detect;

import dev.parley.pattern.syntax.Pattern;
import dev.parley.policy.Tlp;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An indicator ready to detect with: its id, its parsed STIX pattern (constants in normal form),
 * its validity [{@code validFrom}, {@code validUntil}) in event time, and its TLP, if marked.
 */
public record Indicator(String id, Pattern pattern, Instant validFrom, Instant validUntil, Tlp tlp) {
  public Indicator {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(validFrom, "validFrom");
  }

  /** True when {@code valid_from} ≤ {@code time} &lt; {@code valid_until} (STIX 2.1 §4.7). */
  public boolean activeAt(Instant time) {
    return !time.isBefore(validFrom) && (validUntil == null || time.isBefore(validUntil));
  }

  /** The indicator's TLP, when one of its object markings is a TLP 1.0 or 2.0 marking. */
  public Optional<Tlp> marking() {
    return Optional.ofNullable(tlp);
  }
}
