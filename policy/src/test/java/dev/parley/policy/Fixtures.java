package dev.parley.policy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Json;
import dev.parley.stix.marking.TlpIds;
import java.io.IOException;
import java.io.UncheckedIOException;

/** STIX objects for the policy tests, written as the specification's examples are. */
public final class Fixtures {
  private Fixtures() {}

  /** The statement marking of STIX 2.1 §7.2.1.3's example. */
  public static final String STATEMENT_ID = "marking-definition--4a0042fe-8b88-40fe-9600-dfa128ce6fbd";

  /** A marking definition of §7.2.3's first example, of unstated kind. */
  public static final String OTHER_MARKING_ID = "marking-definition--089a6ecb-cc15-43cc-9494-767639779123";

  public static final String INDICATOR_ID = "indicator--b346b4b3-f4b7-4235-b659-f985f65f0009";

  public static ObjectNode json(String text) {
    try {
      return (ObjectNode) Json.mapper().readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The id of a TLP level in TLP 1.0 form (white for CLEAR; none for AMBER+STRICT) or TLP 2.0 form. */
  public static String tlpId(Tlp level, boolean tlp2) {
    if (tlp2) return TlpIds.TLP2.get(level.label());
    return TlpIds.TLP1.get(level == Tlp.CLEAR ? "white" : level.label());
  }

  /** §7.2.2's example indicator, with the given object markings (none: no object_marking_refs). */
  public static ObjectNode indicator(String... objectMarkingRefs) {
    ObjectNode o = json("""
        {"type": "indicator", "spec_version": "2.1", "id": "indicator--b346b4b3-f4b7-4235-b659-f985f65f0009",
         "created": "2016-04-06T20:03:48.000Z", "modified": "2016-04-06T20:03:48.000Z",
         "name": "Poison Ivy Malware", "description": "This file is part of Poison Ivy",
         "pattern": "[ file:hashes.'SHA-256' = '4bac27393bdd9777ce02453256c5577cd02275510b2227f473d03f533924f877' ]",
         "pattern_type": "stix", "valid_from": "2016-01-01T00:00:00Z"}""");
    if (objectMarkingRefs.length > 0) {
      ArrayNode refs = o.putArray("object_marking_refs");
      for (String ref : objectMarkingRefs) refs.add(ref);
    }
    return o;
  }

  /** {@code object} with a granular marking of {@code markingRef} on its description (§7.2.3). */
  public static ObjectNode withGranular(ObjectNode object, String markingRef) {
    ObjectNode g = object.withArray("granular_markings").addObject();
    g.put("marking_ref", markingRef);
    g.putArray("selectors").add("description");
    return object;
  }

  /** The TLP 1.0 marking definition of §7.2.1.4 for {@code colour}, as published. */
  public static ObjectNode tlp1Definition(String colour) {
    return json("""
        {"type": "marking-definition", "spec_version": "2.1", "id": "%s", "created": "2017-01-20T00:00:00.000Z",
         "definition_type": "tlp", "name": "TLP:%s", "definition": {"tlp": "%s"}}"""
        .formatted(TlpIds.TLP1.get(colour), colour.toUpperCase(), colour));
  }

  /** The TLP 2.0 marking definition for {@code level}, as the extension publishes it. */
  public static ObjectNode tlp2Definition(Tlp level) {
    return json("""
        {"type": "marking-definition", "spec_version": "2.1", "id": "%s", "created": "2022-10-01T00:00:00.000Z",
         "name": "%s", "extensions": {"%s": {"extension_type": "property-extension", "tlp_2_0": "%s"}}}"""
        .formatted(TlpIds.TLP2.get(level.label()), level.displayName(), TlpIds.TLP2_EXTENSION, level.label()));
  }

  /** §7.2.1.3's example statement marking. */
  public static ObjectNode statementDefinition() {
    return json("""
        {"type": "marking-definition", "spec_version": "2.1", "id": "%s", "created": "2016-08-01T00:00:00.000Z",
         "definition_type": "statement", "definition": {"statement": "Copyright 2019, Example Corp"}}"""
        .formatted(STATEMENT_ID));
  }
}
