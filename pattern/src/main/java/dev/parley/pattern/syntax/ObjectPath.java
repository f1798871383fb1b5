package dev.parley.pattern.syntax;

import java.util.List;
import java.util.Objects;

/** An object path (STIX 2.1 §9.7): an SCO type and the steps from it to a property. */
public record ObjectPath(String objectType, List<PathStep> steps) {
  public ObjectPath {
    Objects.requireNonNull(objectType, "objectType");
    steps = List.copyOf(steps);
    if (steps.isEmpty() || !(steps.get(0) instanceof PathStep.Key)) {
      throw new IllegalArgumentException("a path starts with a property name");
    }
  }

  /** The last property name on the path; decides whether the property is binary (§9.6.4). */
  public String lastKey() {
    for (int i = steps.size() - 1; ; i--) {
      if (steps.get(i) instanceof PathStep.Key key) return key.name();
    }
  }

  /** True when the property holds binary data: its name ends in _bin or _hex (§9.6.4). */
  public boolean isBinary() {
    String last = lastKey();
    return last.endsWith("_bin") || last.endsWith("_hex");
  }

  /** The path after the type, as written (e.g. {@code hashes.'SHA-256'}). */
  public String propertyText() {
    return Printer.steps(steps);
  }

  @Override
  public String toString() {
    return objectType + ":" + propertyText();
  }
}
