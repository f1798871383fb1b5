package dev.parley.store.log;

/**
 * The log cannot answer truthfully now: it failed its integrity check (then {@link #permanent()} is
 * true and the reason says what differs), or what was asked is not yet in a signed checkpoint.
 */
public final class LogUnavailableException extends LogException {
  private final boolean permanent;

  public LogUnavailableException(String message, boolean permanent) {
    super(message);
    this.permanent = permanent;
  }

  /** True when the log failed its check; false when retrying in a second may help. */
  public boolean permanent() {
    return permanent;
  }
}
