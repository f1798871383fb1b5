package dev.parley.stix.validate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the specification says of one object type (or one predefined extension): its own
 * properties and its co-constraints. Common properties come from {@link Category}.
 *
 * @param idContributing the SCO properties that feed its deterministic id (STIX 2.1 §3.4), in order
 */
record TypeSpec(
    String type, Category category, Map<String, Prop> props, List<ObjectRule> rules, List<String> idContributing) {

  TypeSpec {
    props = Collections.unmodifiableMap(new LinkedHashMap<>(props)); // spec order, fast to iterate
    rules = List.copyOf(rules);
    idContributing = List.copyOf(idContributing);
  }

  static Builder of(String type, Category category) {
    return new Builder(type, category);
  }

  /** Builds a spec in the order the specification lists the properties. */
  static final class Builder {
    private final String type;
    private final Category category;
    private final Map<String, Prop> props = new LinkedHashMap<>();
    private final List<ObjectRule> rules = new ArrayList<>();
    private List<String> idContributing = List.of();

    private Builder(String type, Category category) {
      this.type = type;
      this.category = category;
    }

    Builder required(String name, ValueType t) {
      props.put(name, Prop.required(name, t));
      return this;
    }

    Builder optional(String name, ValueType t) {
      props.put(name, Prop.optional(name, t));
      return this;
    }

    Builder rule(ObjectRule rule) {
      rules.add(rule);
      return this;
    }

    Builder idContributing(String... names) {
      idContributing = List.of(names);
      return this;
    }

    TypeSpec build() {
      return new TypeSpec(type, category, props, rules, idContributing);
    }
  }
}
