package dev.parley.pattern;

import java.util.Objects;

/** Why a pattern is invalid and where: line and column count from 1, the column in characters. */
public record PatternError(int line, int column, String reason) {
  public PatternError {
    Objects.requireNonNull(reason, "reason");
    if (line < 1 || column < 1) throw new IllegalArgumentException("positions count from 1");
  }

  /** {@code line:column: reason}, the form the command line prints. */
  @Override
  public String toString() {
    return line + ":" + column + ": " + reason;
  }
}
