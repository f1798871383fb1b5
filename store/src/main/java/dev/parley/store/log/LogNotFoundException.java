package dev.parley.store.log;

/** A tile, bundle, proof or receipt that the log does not have (beyond the tree, or never logged). */
public final class LogNotFoundException extends LogException {
  public LogNotFoundException(String message) {
    super(message);
  }
}
