package dev.parley.pattern.syntax;

/** The observation operators of STIX 2.1 §9.5.2, lowest precedence last. */
public enum ObservationOperator {
  AND,
  OR,
  FOLLOWEDBY
}
