package dev.parley.store.accounts;

/**
 * Rights on one collection: read its objects; write (add and delete) them; replace, on an add, a
 * member whose body differs from the one sent under the same id and version (else such an object
 * is refused).
 */
public record Right(boolean read, boolean write, boolean replace) {
  public static final Right NONE = new Right(false, false, false);

  public Right(boolean read, boolean write) {
    this(read, write, false);
  }

  /** Both rights together. */
  public Right or(Right other) {
    return new Right(read || other.read, write || other.write, replace || other.replace);
  }
}
