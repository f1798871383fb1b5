package dev.parley.detect;

import dev.parley.pattern.syntax.Pattern;
import dev.parley.pattern.syntax.PatternExpression;
import dev.parley.policy.Tlp;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An indicator ready to detect with: its id, its parsed STIX pattern (constants in normal form),
 * its validity [{@code validFrom}, {@code validUntil}) in event time, its TLP, if marked, its
 * owner ({@link IndicatorSet.Builder#LOCAL}, or the peer whose it is), and the budget group of the
 * writer of the version detected with (the peer; for this node's own, {@link IndicatorSet.Builder#LOCAL}
 * or the local account's group, {@link IndicatorSet.Builder#ACCOUNT_GROUPS}): the indicators of one
 * group share a budget for their MATCHES and LIKE searches of a record ({@link Detector#compile}),
 * for their compound patterns' work, for their automaton states and for the sightings they write.
 */
public record Indicator(String id, Pattern pattern, Instant validFrom, Instant validUntil, Tlp tlp, int owner, int group) {
  public Indicator {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(validFrom, "validFrom");
  }

  /** An indicator of {@code owner}'s, in the owner's group. */
  public Indicator(String id, Pattern pattern, Instant validFrom, Instant validUntil, Tlp tlp, int owner) {
    this(id, pattern, validFrom, validUntil, tlp, owner, owner);
  }

  /** An indicator of this node's own. */
  public Indicator(String id, Pattern pattern, Instant validFrom, Instant validUntil, Tlp tlp) {
    this(id, pattern, validFrom, validUntil, tlp, IndicatorSet.Builder.LOCAL);
  }

  /** True when {@code valid_from} ≤ {@code time} &lt; {@code valid_until} (STIX 2.1 §4.7). */
  public boolean activeAt(Instant time) {
    return !time.isBefore(validFrom) && (validUntil == null || time.isBefore(validUntil));
  }

  /**
   * Whether its pattern is one observation expression without qualifiers: a record matches it alone,
   * within one run, and is never carried to a later run for it.
   */
  public boolean singleObservation() {
    return pattern.expression() instanceof PatternExpression.Observation;
  }

  /** The indicator's TLP, when one of its object markings is a TLP 1.0 or 2.0 marking. */
  public Optional<Tlp> marking() {
    return Optional.ofNullable(tlp);
  }
}
