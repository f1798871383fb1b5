package dev.parley.pattern.syntax;

import java.util.Objects;

/** One step of an object path (STIX 2.1 §9.7.1-9.7.4). */
public sealed interface PathStep {

  /** A property name or dictionary key; a reference is followed when a key comes after it. */
  record Key(String name) implements PathStep {
    public Key {
      Objects.requireNonNull(name, "name");
    }
  }

  /** {@code [n]}: one list element; out of range is absent (§9.7.2). */
  record Index(int index) implements PathStep {
    public Index {
      if (index < 0) throw new IllegalArgumentException("list index must not be negative");
    }
  }

  /** {@code [*]}: every list element, any one may satisfy the comparison (§9.7.2). */
  record AnyIndex() implements PathStep {}
}
