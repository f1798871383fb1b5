package dev.parley.store.embedded;

/** The embedded PostgreSQL could not be prepared, started or stopped. */
public final class EmbeddedDatabaseException extends RuntimeException {
  public EmbeddedDatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
