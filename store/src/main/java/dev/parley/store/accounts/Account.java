package dev.parley.store.accounts;

import java.util.Map;
import java.util.Objects;

/**
 * An account and its rights: per collection id (or {@code *} for all) whether it may read and
 * write. An administrator may do everything. A peer's account carries the peer's id. {@code telemetry}:
 * the account may post telemetry to the node's detection ({@code parley token create --telemetry}).
 */
public record Account(String name, boolean admin, Map<String, Right> rights, Integer peer, boolean telemetry) {
  /** The key that grants a right on every collection. */
  public static final String EVERY = "*";

  public Account {
    Objects.requireNonNull(name, "name");
    rights = Map.copyOf(rights);
    // a peer's account is never an administrator and never posts telemetry, whatever its row says
    if (peer != null) {
      admin = false;
      telemetry = false;
    }
  }

  /** An account without the telemetry right. */
  public Account(String name, boolean admin, Map<String, Right> rights, Integer peer) {
    this(name, admin, rights, peer, false);
  }

  /** May this account post telemetry? Administrators may. */
  public boolean canPostTelemetry() {
    return admin || telemetry;
  }

  /** An account that is no peer's. */
  public Account(String name, boolean admin, Map<String, Right> rights) {
    this(name, admin, rights, null);
  }

  /** Whether this is the account of a peer node: what it reads is that peer's feed (its agreement applies). */
  public boolean isPeer() {
    return peer != null;
  }

  /** May this account read objects of the collection? */
  public boolean canRead(String collectionId) {
    return admin || right(collectionId).read();
  }

  /** May this account add objects to (or delete from) the collection? */
  public boolean canWrite(String collectionId) {
    return admin || right(collectionId).write();
  }

  /** May this account's adds to the collection replace a member that has another body under the same id and version? */
  public boolean canReplace(String collectionId) {
    return right(collectionId).replace(); // not implied by admin: replacing is asked for, never a default
  }

  /** Can this account see that the collection exists (it may read or write it)? */
  public boolean canSee(String collectionId) {
    return canRead(collectionId) || canWrite(collectionId);
  }

  private Right right(String collectionId) {
    Right specific = rights.getOrDefault(collectionId, Right.NONE);
    Right every = rights.getOrDefault(EVERY, Right.NONE);
    return specific.or(every);
  }
}
