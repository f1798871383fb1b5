package dev.parley.stix.validate;

import com.fasterxml.jackson.databind.JsonNode;

/** A STIX data type (STIX 2.1 §2): checks one value and reports what is wrong with it. */
@FunctionalInterface
interface ValueType {
  void check(JsonNode value, String pointer, Context ctx);
}
