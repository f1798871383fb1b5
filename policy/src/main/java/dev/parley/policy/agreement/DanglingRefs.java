package dev.parley.policy.agreement;

/** What a share entry does with an object that references an object this node does not hold. */
public enum DanglingRefs {
  /** Withhold it: the missing object may still arrive, marked RED (fail closed). */
  WITHHOLD,
  /** Serve it: the identifiers of objects not held may reach the peer. */
  SERVE;

  /** The word of the agreement file: {@code withhold} or {@code serve}. */
  public String label() {
    return Words.of(this);
  }
}
