package dev.parley.store.objects;

/**
 * What an add does when the collection already holds a member with the object's id and version but
 * another body (corrected content whose producer did not change {@code modified}, as MITRE ATT&CK
 * releases do). Only the collection's own members are compared: what other collections hold never
 * decides.
 */
public enum ConflictPolicy {
  /** The member stays; the incoming object is refused, with what to do about it. */
  KEEP,
  /** The member is removed (a delete entry in the log) and the incoming object takes its place (a store entry). */
  REPLACE
}
