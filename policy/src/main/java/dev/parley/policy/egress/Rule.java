package dev.parley.policy.egress;

/**
 * The rules that withhold an object version from a peer, in the order of precedence: when several
 * withhold it, the first of this order is the one named (so {@code policy explain} is
 * deterministic). Where a peer must not look is decided before what an object is; what an object is
 * before what it names.
 */
public enum Rule {
  /** Rule 1: its collection is not in the agreement's {@code share}. */
  COLLECTION("collection"),
  /** Rule 1: its type is not in the share entry's {@code types}. */
  TYPE("type"),
  /** Rule 3: it was received from this very peer; nothing goes back to where it came from. */
  ECHO("echo"),
  /** Rule 2: its TLP object marking is above {@code max_tlp}. */
  TLP("tlp"),
  /** Rule 2: it has no TLP object marking, and {@code unmarked} withholds it or names a level above {@code max_tlp}. */
  UNMARKED("unmarked"),
  /** Rule 2: a granular marking marks a part of it above {@code max_tlp}. */
  GRANULAR("granular"),
  /** Rule 2: it carries a marking that is neither TLP nor a statement this node holds, or markings that are malformed. */
  UNKNOWN_MARKING("unknown-marking"),
  /** Rule 3: it was received from another peer, and its TLP may not go on (GREEN without relay, AMBER and above). */
  RELAY("relay"),
  /** Rule 4: it names an object this peer may not receive, or one this node does not hold. */
  REFERENCE("reference");

  private final String id;

  Rule(String id) {
    this.id = id;
  }

  /** The rule's name, as {@code policy explain} prints it. */
  public String id() {
    return id;
  }

  /** A sentence for people: why an object withheld by this rule is withheld. */
  public String describe() {
    return switch (this) {
      case COLLECTION -> "its collection is not shared with this peer";
      case TYPE -> "its type is not among the types shared from its collection";
      case ECHO -> "it was received from this peer";
      case TLP -> "its TLP marking is above the agreement's max_tlp";
      case UNMARKED -> "it has no TLP marking, and the agreement withholds unmarked objects or treats them above max_tlp";
      case GRANULAR -> "a granular marking marks part of it above the agreement's max_tlp";
      case UNKNOWN_MARKING -> "it carries a marking this node does not recognise";
      case RELAY -> "it was received from another peer and its TLP may not be relayed";
      case REFERENCE -> "it references an object this peer may not receive or this node does not hold";
    };
  }
}
