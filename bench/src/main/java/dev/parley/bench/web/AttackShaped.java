package dev.parley.bench.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Content shaped like an enterprise ATT&CK release, at its size (about 25,000 objects, four in five
 * of them relationships), generated from a seed: tactics and a matrix, techniques and
 * sub-techniques (some revoked, some deprecated), groups, malware, tools, campaigns, mitigations,
 * data sources and components, every object under one statement marking and created by one
 * identity, with {@code x_mitre_*} properties and external references. One technique is a hub
 * that every group and every piece of malware uses (ATT&CK's command interpreter has about a
 * thousand such relationships): its page and graph are the heavy ones.
 */
final class AttackShaped {
  static final String HUB_ID = "T1059";

  private final Random random;
  private final String identity = "identity--" + UUID.randomUUID();
  private final String marking = "marking-definition--" + UUID.randomUUID();
  private final List<ObjectNode> objects = new ArrayList<>();
  private final List<String> techniques = new ArrayList<>();
  private final List<String> software = new ArrayList<>();
  String hub;
  String firstGroup;

  private AttackShaped(long seed) {
    random = new Random(seed);
  }

  /** The objects of one generated release, in an order a loader can store (referenced objects first). */
  static AttackShaped generate(long seed) {
    AttackShaped a = new AttackShaped(seed);
    a.build();
    return a;
  }

  List<ObjectNode> objects() {
    return objects;
  }

  private void build() {
    ObjectNode id = Json.mapper().createObjectNode();
    id.put("type", "identity").put("spec_version", "2.1").put("id", identity).put("created", "2017-06-01T00:00:00.000Z")
        .put("modified", "2017-06-01T00:00:00.000Z").put("name", "Example Knowledge Base").put("identity_class", "organization");
    id.putArray("object_marking_refs").add(marking);
    objects.add(id);
    ObjectNode m = Json.mapper().createObjectNode();
    m.put("type", "marking-definition").put("spec_version", "2.1").put("id", marking).put("created", "2017-06-01T00:00:00.000Z")
        .put("created_by_ref", identity).put("definition_type", "statement");
    m.putObject("definition").put("statement", "Copyright 2026, Example Knowledge Base. Generated for Parley's benchmarks.");
    objects.add(m);
    List<String> tactics = new ArrayList<>();
    for (int i = 0; i < 14; i++) {
      ObjectNode t = sdo("x-mitre-tactic", "Tactic " + i, "TA" + (1000 + i), "tactics");
      t.put("x_mitre_shortname", "tactic-" + i);
      tactics.add(t.get("id").asText());
    }
    ObjectNode matrix = sdo("x-mitre-matrix", "Example Enterprise Matrix", "example-enterprise", "matrices");
    ArrayNode refs = matrix.putArray("tactic_refs");
    tactics.forEach(refs::add);
    for (int i = 0; i < 700; i++) {
      String number = "T" + (1000 + i);
      ObjectNode t = sdo("attack-pattern", "Technique " + number, number, "techniques");
      t.putArray("kill_chain_phases").addObject().put("kill_chain_name", "example-attack").put("phase_name", "tactic-" + (i % 14));
      t.putArray("x_mitre_platforms").add("Windows").add("Linux");
      t.put("x_mitre_is_subtechnique", false);
      if (i % 35 == 3) t.put("revoked", true);
      if (i % 35 == 4) t.put("x_mitre_deprecated", true);
      techniques.add(t.get("id").asText());
      if (number.equals(HUB_ID)) hub = t.get("id").asText();
    }
    for (int i = 0; i < 450; i++) {
      int parent = random.nextInt(700);
      String number = "T" + (1000 + parent) + "." + String.format("%03d", 1 + i % 9);
      ObjectNode t = sdo("attack-pattern", "Sub-technique " + number, number, "techniques");
      t.put("x_mitre_is_subtechnique", true);
      techniques.add(t.get("id").asText());
      relationship("subtechnique-of", t.get("id").asText(), techniques.get(parent));
    }
    for (int i = 0; i < 700; i++) software.add(software("malware", "Malware " + i, "S" + (1000 + i)));
    for (int i = 0; i < 90; i++) software.add(software("tool", "Tool " + i, "S" + (2000 + i)));
    List<String> mitigations = new ArrayList<>();
    for (int i = 0; i < 280; i++) mitigations.add(sdo("course-of-action", "Mitigation " + i, "M" + (1000 + i), "mitigations").get("id").asText());
    List<String> sources = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ObjectNode s = sdo("x-mitre-data-source", "Data source " + i, "DS" + (1000 + i), "datasources");
      s.putArray("x_mitre_collection_layers").add("Host");
      sources.add(s.get("id").asText());
    }
    for (int i = 0; i < 120; i++) {
      ObjectNode c = sdo("x-mitre-data-component", "Data component " + i, "DC" + (1000 + i), "datacomponents");
      c.put("x_mitre_data_source_ref", sources.get(i % sources.size()));
    }
    List<String> groups = new ArrayList<>();
    for (int i = 0; i < 180; i++) {
      ObjectNode g = sdo("intrusion-set", "Group " + i, "G" + (1000 + i), "groups");
      g.putArray("aliases").add("Group " + i).add("ALIAS-" + i);
      groups.add(g.get("id").asText());
    }
    firstGroup = groups.get(0);
    for (int i = 0; i < 40; i++) {
      ObjectNode c = sdo("campaign", "Campaign " + i, "C" + (1000 + i), "campaigns");
      c.put("first_seen", "2024-01-01T00:00:00.000Z").put("last_seen", "2024-02-01T00:00:00.000Z");
      relationship("attributed-to", c.get("id").asText(), groups.get(i % groups.size()));
    }
    for (String g : groups) {
      relationship("uses", g, hub);
      for (int k = 0; k < 50; k++) relationship("uses", g, techniques.get(random.nextInt(techniques.size())));
      for (int k = 0; k < 10; k++) relationship("uses", g, software.get(random.nextInt(software.size())));
    }
    for (String s : software) {
      relationship("uses", s, hub);
      for (int k = 0; k < 14; k++) relationship("uses", s, techniques.get(random.nextInt(techniques.size())));
    }
    for (String c : mitigations) for (int k = 0; k < 3; k++) relationship("mitigates", c, techniques.get(random.nextInt(700)));
  }

  private ObjectNode sdo(String type, String name, String externalId, String path) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("type", type).put("spec_version", "2.1").put("id", uuid4(type)).put("created", "2018-01-01T00:00:00.000Z")
        .put("modified", "2025-06-01T12:00:00.000Z").put("created_by_ref", identity).put("name", name)
        .put("description", name + " is generated. Adversaries may do what " + externalId + " says (Citation: Example " + externalId + ").");
    o.putArray("object_marking_refs").add(marking);
    ArrayNode ext = o.putArray("external_references");
    ext.addObject().put("source_name", "example-kb").put("url", "https://kb.example.org/" + path + "/" + externalId)
        .put("external_id", externalId);
    ext.addObject().put("source_name", "Example " + externalId).put("description", "Example Labs. (2024). On " + externalId + ".")
        .put("url", "https://labs.example.org/" + externalId);
    o.put("x_mitre_version", "1.0").put("x_mitre_attack_spec_version", "3.3.0").put("x_mitre_modified_by_ref", identity);
    o.putArray("x_mitre_domains").add("example-enterprise");
    objects.add(o);
    return o;
  }

  private String software(String type, String name, String externalId) {
    ObjectNode s = sdo(type, name, externalId, "software");
    if (type.equals("malware")) s.put("is_family", true);
    s.putArray("x_mitre_aliases").add(name);
    return s.get("id").asText();
  }

  private void relationship(String type, String source, String target) {
    ObjectNode r = Json.mapper().createObjectNode();
    r.put("type", "relationship").put("spec_version", "2.1").put("id", uuid4("relationship")).put("created", "2018-01-01T00:00:00.000Z")
        .put("modified", "2025-06-01T12:00:00.000Z").put("created_by_ref", identity).put("relationship_type", type)
        .put("source_ref", source).put("target_ref", target).put("x_mitre_modified_by_ref", identity)
        .put("x_mitre_attack_spec_version", "3.3.0").put("description", "Generated: " + type + ".");
    r.putArray("object_marking_refs").add(marking);
    objects.add(r);
  }

  /** A random version 4 UUID from the seeded generator, so a run is reproducible. */
  private String uuid4(String type) {
    long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return type + "--" + new UUID(hi, lo);
  }
}
