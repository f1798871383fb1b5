package dev.parley.stix.validate;

import java.util.Objects;

/** One property of an object type: its name, its data type, and whether it is required. */
record Prop(String name, ValueType type, boolean required) {
  Prop {
    Objects.requireNonNull(name);
    Objects.requireNonNull(type);
  }

  static Prop required(String name, ValueType type) {
    return new Prop(name, type, true);
  }

  static Prop optional(String name, ValueType type) {
    return new Prop(name, type, false);
  }
}
