package dev.parley.store.log;

import dev.parley.store.StoreException;

/** The transparency log failed or refused an operation; subclasses say why. */
public class LogException extends StoreException {
  public LogException(String message) {
    super(message);
  }

  public LogException(String message, Throwable cause) {
    super(message, cause);
  }
}
