package dev.parley.sync;

/** The root of what sync throws. */
public class SyncException extends RuntimeException {
  public SyncException(String message, Throwable cause) {
    super(message, cause);
  }
}
