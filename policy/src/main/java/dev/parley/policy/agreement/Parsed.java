package dev.parley.policy.agreement;

import java.util.List;
import java.util.Objects;

/** The outcome of reading an agreement file: the agreement, or every problem found in it. */
public sealed interface Parsed {

  /** The file is a valid agreement. */
  record Valid(Agreement agreement) implements Parsed {
    public Valid {
      Objects.requireNonNull(agreement, "agreement");
    }
  }

  /** The file is refused; {@code problems} holds at least one, in the order of the file. */
  record Invalid(List<Problem> problems) implements Parsed {
    public Invalid {
      problems = List.copyOf(problems);
      if (problems.isEmpty()) throw new IllegalArgumentException("an invalid agreement has a problem");
    }
  }
}
