package dev.parley.tlog;

/** The one unchecked root exception of parley-tlog; subclasses name what failed. */
public class TlogException extends RuntimeException {
  public TlogException(String message) {
    super(message);
  }

  public TlogException(String message, Throwable cause) {
    super(message, cause);
  }
}
