package dev.parley.stix;

/** How much a finding matters: an error breaks a MUST of the specification, a warning a SHOULD. */
public enum Severity {
  ERROR,
  WARNING;

  /** The lower-case name used in text and JSON output. */
  public String label() {
    return this == ERROR ? "error" : "warning";
  }
}
