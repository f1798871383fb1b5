package dev.parley.stix.validate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The registry of every object type and predefined extension that STIX 2.1 defines. */
final class Specs {
  private Specs() {}

  private static final Map<String, TypeSpec> TYPES = new HashMap<>();
  private static final Map<String, TypeSpec> EXTENSIONS = new HashMap<>();
  private static final Map<String, Set<String>> EXTENSION_TARGETS = new HashMap<>();

  static {
    for (List<TypeSpec> group : List.of(Sdos.all(), Sros.all(), Scos.all(), MetaObjects.all())) {
      for (TypeSpec spec : group) {
        if (TYPES.put(spec.type(), spec) != null) throw new IllegalStateException("two specs for " + spec.type());
      }
    }
    for (ScoExtensions.Entry e : ScoExtensions.all()) {
      EXTENSIONS.put(e.spec().type(), e.spec());
      EXTENSION_TARGETS.put(e.spec().type(), e.appliesTo());
    }
  }

  /** The spec of a STIX 2.1 type, or null for a type the specification does not define. */
  static TypeSpec type(String type) {
    return TYPES.get(type);
  }

  static Category categoryOf(String type) {
    TypeSpec spec = TYPES.get(type);
    return spec == null ? null : spec.category();
  }

  /** The spec of a predefined extension such as {@code archive-ext}, or null. */
  static TypeSpec extension(String name) {
    return EXTENSIONS.get(name);
  }

  static boolean extensionAppliesTo(String name, String type) {
    return EXTENSION_TARGETS.getOrDefault(name, Set.of()).contains(type);
  }

  static int typeCount() {
    return TYPES.size();
  }
}
