package dev.parley.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What this node knows of a marking that is not a TLP marking ({@link Markings#others()}): a
 * statement restricts nothing (STIX 2.1 §7.2.1.3); a marking of any other kind, or one the node does
 * not hold, withholds what it marks.
 */
public enum MarkingStatus {
  /** A statement marking the node holds. */
  STATEMENT,
  /** A marking definition the node holds that is not a statement (an extension's, say): not understood. */
  OTHER,
  /** No marking definition of that id is held. */
  NOT_HELD;

  /**
   * The status of a marking id given the definition the node holds under it, or null when it holds
   * none. Where the node holds several bodies under one id, the caller reports STATEMENT only when
   * every one is a statement.
   */
  public static MarkingStatus of(ObjectNode heldDefinition) {
    if (heldDefinition == null) return NOT_HELD;
    return MarkingDefinitions.classify(heldDefinition) instanceof Definition.Statement ? STATEMENT : OTHER;
  }
}
