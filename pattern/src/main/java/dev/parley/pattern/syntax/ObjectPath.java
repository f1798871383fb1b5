package dev.parley.pattern.syntax;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** An object path (STIX 2.1 §9.7): an SCO type and the steps from it to a property. */
public record ObjectPath(String objectType, List<PathStep> steps) {
  public ObjectPath {
    Objects.requireNonNull(objectType, "objectType");
    steps = List.copyOf(steps);
    if (steps.isEmpty() || !(steps.get(0) instanceof PathStep.Key)) {
      throw new IllegalArgumentException("a path starts with a property name");
    }
  }

  /** The most paths {@link #shared} keeps. */
  static final int SHARED = 4096;
  /** The longest path, in characters of its keys, that {@link #shared} keeps. */
  static final int SHARED_LENGTH = 256;
  private static final Map<ObjectPath, ObjectPath> PATHS = new ConcurrentHashMap<>();

  /**
   * The path of this type and these steps, the same instance for every pattern that names it, of
   * the first {@value #SHARED} short paths met (past them, a new one). A node holding a million
   * indicators holds a million patterns over a few dozen paths ({@code ipv4-addr:value}, {@code
   * file:hashes.'SHA-256'}); each parse had made its own, about 170 bytes of heap an indicator.
   */
  public static ObjectPath shared(String objectType, List<PathStep> steps) {
    ObjectPath path = new ObjectPath(objectType, steps);
    ObjectPath known = PATHS.get(path);
    if (known != null) return known;
    if (PATHS.size() >= SHARED || path.length() > SHARED_LENGTH) return path;
    known = PATHS.putIfAbsent(path, path);
    return known != null ? known : path;
  }

  /** The characters of the type and the keys. */
  private int length() {
    int n = objectType.length();
    for (PathStep step : steps) {
      if (step instanceof PathStep.Key key) n += key.name().length();
    }
    return n;
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
