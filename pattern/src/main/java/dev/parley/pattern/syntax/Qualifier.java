package dev.parley.pattern.syntax;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** An observation expression qualifier (STIX 2.1 §9.5.1). */
public sealed interface Qualifier {

  /** {@code WITHIN x SECONDS}: all matched observations fall in a window shorter than x. */
  record Within(BigDecimal seconds) implements Qualifier {
    public Within {
      if (seconds.signum() <= 0) throw new IllegalArgumentException("WITHIN must be positive");
      if (!Constant.FloatConstant.representable(seconds)) {
        throw new IllegalArgumentException("WITHIN beyond an IEEE 754 double: " + seconds);
      }
      seconds = seconds.stripTrailingZeros();
    }
  }

  /** {@code REPEATS x TIMES}: the expression matches x different observations. */
  record Repeats(int times) implements Qualifier {
    public Repeats {
      if (times <= 0) throw new IllegalArgumentException("REPEATS must be positive");
    }
  }

  /** {@code START x STOP y}: every matched observation lies in [x, y). */
  record StartStop(Instant start, Instant stop) implements Qualifier {
    public StartStop {
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(stop, "stop");
      if (!start.isBefore(stop)) throw new IllegalArgumentException("START must precede STOP");
    }
  }
}
