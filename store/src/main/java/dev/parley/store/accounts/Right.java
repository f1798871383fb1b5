package dev.parley.store.accounts;

/** Read and write rights on one collection. */
public record Right(boolean read, boolean write) {
  public static final Right NONE = new Right(false, false);
}
