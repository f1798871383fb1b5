package dev.parley.store;

/** A named thing (collection, account) does not exist. */
public final class NotFoundException extends StoreException {
  public NotFoundException(String message) {
    super(message);
  }
}
