package dev.parley.pattern.syntax;

/** The comparison operators of STIX 2.1 §9.6.1, with their pattern spelling. */
public enum ComparisonOperator {
  EQ("="),
  NE("!="),
  LT("<"),
  LE("<="),
  GT(">"),
  GE(">="),
  IN("IN"),
  LIKE("LIKE"),
  MATCHES("MATCHES"),
  ISSUBSET("ISSUBSET"),
  ISSUPERSET("ISSUPERSET");

  private final String symbol;

  ComparisonOperator(String symbol) {
    this.symbol = symbol;
  }

  /** The operator as written in a pattern. */
  public String symbol() {
    return symbol;
  }

  /** True for the four ordering operators. */
  public boolean isOrdering() {
    return this == LT || this == LE || this == GT || this == GE;
  }
}
