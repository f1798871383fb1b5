package dev.parley.policy.agreement;

import dev.parley.policy.Tlp;
import dev.parley.stix.TypeNames;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the peer may read of one local collection.
 *
 * @param collection the local collection's id
 * @param maxTlp the most restrictive TLP served; never RED (TLP:RED never leaves a node)
 * @param types the object types served; empty when every type is (never an empty set: an empty
 *     list that meant "all" or "none" by accident is what leaks)
 * @param unmarked what an object without a TLP object marking is treated as
 * @param danglingRefs whether an object referencing an object not held is served
 */
public record Share(String collection, Tlp maxTlp, Optional<Set<String>> types, Unmarked unmarked, DanglingRefs danglingRefs) {
  public Share {
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(maxTlp, "maxTlp");
    Objects.requireNonNull(unmarked, "unmarked");
    Objects.requireNonNull(danglingRefs, "danglingRefs");
    if (maxTlp == Tlp.RED) throw new IllegalArgumentException("max_tlp red: TLP:RED never leaves a node");
    types = types.map(Set::copyOf);
    if (types.isPresent() && types.get().isEmpty()) throw new IllegalArgumentException("types: an empty list of types");
    if (types.isPresent() && !types.get().stream().allMatch(TypeNames::valid)) throw new IllegalArgumentException("types: not a STIX type name");
  }

  /** A share entry with the defaults: every type, unmarked objects and dangling references withheld. */
  public static Share of(String collection, Tlp maxTlp) {
    return new Share(collection, maxTlp, Optional.empty(), Unmarked.WITHHOLD, DanglingRefs.WITHHOLD);
  }

  /** Whether objects of {@code type} are served. */
  public boolean allowsType(String type) {
    return types.map(t -> t.contains(type)).orElse(true);
  }
}
