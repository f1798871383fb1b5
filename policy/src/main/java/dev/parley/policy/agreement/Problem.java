package dev.parley.policy.agreement;

import java.util.Objects;

/**
 * Why an agreement file was refused, and where.
 *
 * @param pointer an RFC 6901 JSON pointer to the value at fault; empty for the whole file (a syntax
 *     error, whose message then starts with its line and column)
 */
public record Problem(String pointer, String message) {
  public Problem {
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(message, "message");
  }

  /** {@code /share/0/max_tlp: red is refused ...}; a problem of the whole file reads {@code /: ...}. */
  @Override
  public String toString() {
    return (pointer.isEmpty() ? "/" : pointer) + ": " + message;
  }
}
