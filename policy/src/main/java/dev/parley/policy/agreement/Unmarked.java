package dev.parley.policy.agreement;

import dev.parley.policy.Tlp;
import java.util.Optional;

/** What a share entry treats an object without any TLP object marking as: withheld, or a level. */
public enum Unmarked {
  WITHHOLD,
  CLEAR,
  GREEN,
  AMBER;

  /** The level an unmarked object is treated as; empty when it is withheld. */
  public Optional<Tlp> level() {
    return switch (this) {
      case WITHHOLD -> Optional.empty();
      case CLEAR -> Optional.of(Tlp.CLEAR);
      case GREEN -> Optional.of(Tlp.GREEN);
      case AMBER -> Optional.of(Tlp.AMBER);
    };
  }

  /** The word of the agreement file: {@code withhold}, {@code clear}, {@code green}, {@code amber}. */
  public String label() {
    return Words.of(this);
  }
}
