package dev.parley.stix.validate;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A check across the properties of one object (co-constraints such as "at least one of"). */
@FunctionalInterface
interface ObjectRule {
  void check(ObjectNode object, String pointer, Context ctx);
}
