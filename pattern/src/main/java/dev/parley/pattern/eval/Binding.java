package dev.parley.pattern.eval;

import java.time.Instant;
import java.util.BitSet;
import java.util.Objects;

/**
 * One way a pattern expression is satisfied: the observations it uses (indices into the list being
 * evaluated) and the earliest first_observed and latest last_observed among them.
 */
public record Binding(BitSet members, Instant first, Instant last) {
  public Binding {
    members = (BitSet) members.clone();
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(last, "last");
  }

  @Override
  public BitSet members() {
    return (BitSet) members.clone();
  }

  boolean disjoint(Binding other) {
    return !members.intersects(other.members);
  }

  Binding union(Binding other) {
    BitSet both = (BitSet) members.clone();
    both.or(other.members);
    return new Binding(both, first.isBefore(other.first) ? first : other.first,
        last.isAfter(other.last) ? last : other.last);
  }

  int size() {
    return members.cardinality();
  }

  int firstMember() {
    return members.nextSetBit(0);
  }
}
