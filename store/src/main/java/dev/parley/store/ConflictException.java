package dev.parley.store;

/** A write would break a uniqueness rule (a name or alias already taken). */
public final class ConflictException extends StoreException {
  public ConflictException(String message) {
    super(message);
  }
}
