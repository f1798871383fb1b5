package dev.parley.stix.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Rules;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Reusable co-constraints between the properties of one object, as {@link ObjectRule}s. */
final class Constraints {
  private Constraints() {}

  /** The properties every object or embedded type has that do not count as content. */
  private static final Set<String> FRAME =
      Set.of("type", "id", "spec_version", "object_marking_refs", "granular_markings", "defanged");

  /** At least one of {@code names} must be present (an error). */
  static ObjectRule atLeastOne(String section, String... names) {
    List<String> list = List.of(names);
    return (o, p, ctx) -> {
      for (String n : list) if (o.has(n)) return;
      ctx.error(Rules.AT_LEAST_ONE, p, "needs at least one of " + String.join(", ", list) + " (" + section + ")");
    };
  }

  /** The object (or embedded type) must hold at least one property besides type, id and markings. */
  static ObjectRule anyProperty(String section) {
    return (o, p, ctx) -> {
      for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
        String n = it.next();
        if (!FRAME.contains(n) && !(n.equals("extensions") && o.get(n).isObject() && o.get(n).isEmpty())) return;
      }
      ctx.error(Rules.AT_LEAST_ONE, p, "must hold at least one property of its own (" + section + ")");
    };
  }

  /** {@code a} and {@code b} must not both be present. */
  static ObjectRule notBoth(String a, String b, String section) {
    return (o, p, ctx) -> {
      if (o.has(a) && o.has(b)) {
        ctx.error(Rules.MUTUALLY_EXCLUSIVE, Context.child(p, b), "must not be present together with " + a + " (" + section + ")");
      }
    };
  }

  /** Exactly one of {@code a} and {@code b} must be present. */
  static ObjectRule exactlyOne(String a, String b, String section) {
    return (o, p, ctx) -> {
      if (o.has(a) && o.has(b)) {
        ctx.error(Rules.MUTUALLY_EXCLUSIVE, Context.child(p, b), "must not be present together with " + a + " (" + section + ")");
      } else if (!o.has(a) && !o.has(b)) {
        ctx.error(Rules.AT_LEAST_ONE, p, "needs one of " + a + " and " + b + " (" + section + ")");
      }
    };
  }

  /** When {@code present} is there, {@code needed} must be there too. */
  static ObjectRule requires(String present, String needed, String section) {
    return (o, p, ctx) -> {
      if (o.has(present) && !o.has(needed)) {
        ctx.error(Rules.REQUIRED_PROPERTY, Context.child(p, needed), "is required when " + present + " is present (" + section + ")");
      }
    };
  }

  /** A SHOULD: {@code name} is expected; its absence is a warning. */
  static ObjectRule shouldHave(String name, String section) {
    return (o, p, ctx) -> {
      if (!o.has(name)) ctx.warning(Rules.SHOULD_PROVIDE, Context.child(p, name), "should be provided (" + section + ")");
    };
  }

  /** {@code later} must not be before {@code earlier}. */
  static ObjectRule notBefore(String earlier, String later, String section) {
    return (o, p, ctx) -> TimeOrder.notBefore(o, earlier, later, ctx, section);
  }

  static boolean isTrue(ObjectNode o, String name) {
    JsonNode v = o.get(name);
    return v != null && v.isBoolean() && v.booleanValue();
  }

  static boolean isFalse(ObjectNode o, String name) {
    JsonNode v = o.get(name);
    return v != null && v.isBoolean() && !v.booleanValue();
  }
}
