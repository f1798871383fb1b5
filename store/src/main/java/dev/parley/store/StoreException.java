package dev.parley.store;

/** The root of everything the store throws: the database failed or refused an operation. */
public class StoreException extends RuntimeException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
