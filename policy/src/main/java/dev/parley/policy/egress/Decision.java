package dev.parley.policy.egress;

import java.util.Objects;

/** Whether one object version may go to one peer. */
public sealed interface Decision {

  /** The version is served. */
  record Served() implements Decision {}

  /** The version is withheld; {@code rule} is the first rule, in {@link Rule}'s order, that withholds it. */
  record Withheld(Rule rule) implements Decision {
    public Withheld {
      Objects.requireNonNull(rule, "rule");
    }
  }

  /** Whether the version is served. */
  default boolean served() {
    return this instanceof Served;
  }
}
