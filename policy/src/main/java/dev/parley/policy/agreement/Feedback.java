package dev.parley.policy.agreement;

/** The kinds of feedback an agreement lists under {@code feedback}. */
public enum Feedback {
  /** STIX sightings (§5.2). */
  SIGHTING;

  /** The word of the agreement file: {@code sighting}. */
  public String label() {
    return Words.of(this);
  }
}
