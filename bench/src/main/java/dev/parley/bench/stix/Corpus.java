package dev.parley.bench.stix;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Json;
import dev.parley.stix.validate.ScoIds;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * A generated STIX 2.1 corpus with every object type at realistic sizes: mostly indicators and
 * observables, as real feeds are, plus every other SDO, both SROs and the meta objects. The same
 * seed gives the same corpus.
 */
public final class Corpus {
  private static final String[] SDO_TYPES = {
    "attack-pattern", "campaign", "course-of-action", "grouping", "identity", "incident", "indicator",
    "infrastructure", "intrusion-set", "location", "malware", "malware-analysis", "note", "observed-data",
    "opinion", "report", "threat-actor", "tool", "vulnerability"
  };
  private static final String IDENTITY = "identity--f431f809-377b-45e0-aa1c-6a4751cae5ff";
  private static final String TLP_GREEN = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da";

  private final Random random;
  private final List<String> observables = new ArrayList<>();

  public Corpus(long seed) {
    this.random = new Random(seed);
  }

  /** The next object; roughly 40% indicators, 35% observables, 25% everything else. */
  public ObjectNode next() {
    int dice = random.nextInt(100);
    if (dice < 40) return indicator();
    if (dice < 75) return observable();
    if (dice < 80) return relationship();
    if (dice < 82) return sighting();
    if (dice < 83) return meta();
    return sdo(SDO_TYPES[random.nextInt(SDO_TYPES.length)]);
  }

  /** Writes the first {@code n} objects of the corpus of {@code seed} to {@code file}, one a line (JSON Lines). */
  public static void writeLines(Path file, long seed, int n) throws IOException {
    Corpus corpus = new Corpus(seed);
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      for (int i = 0; i < n; i++) {
        w.write(corpus.next().toString());
        w.write('\n');
      }
    }
  }

  public List<ObjectNode> take(int n) {
    List<ObjectNode> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) list.add(next());
    return list;
  }

  private String uuid() {
    return new UUID((random.nextLong() & ~0xF000L) | 0x4000L, (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
  }

  private String time() {
    return String.format("20%02d-%02d-%02dT%02d:%02d:%02d.%03dZ", 15 + random.nextInt(10), 1 + random.nextInt(12),
        1 + random.nextInt(28), random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(1000));
  }

  private String ip() {
    return (1 + random.nextInt(222)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
  }

  private String domain() {
    return "host" + random.nextInt(1_000_000) + ".example" + random.nextInt(50) + ".com";
  }

  private String sha256() {
    StringBuilder b = new StringBuilder(64);
    for (int i = 0; i < 64; i++) b.append(Character.forDigit(random.nextInt(16), 16));
    return b.toString();
  }

  private ObjectNode base(String type) {
    ObjectNode o = Json.mapper().createObjectNode();
    String t = time();
    o.put("type", type).put("spec_version", "2.1").put("id", type + "--" + uuid());
    o.put("created", t).put("modified", t).put("created_by_ref", IDENTITY);
    o.putArray("object_marking_refs").add(TLP_GREEN);
    return o;
  }

  private ObjectNode indicator() {
    ObjectNode o = base("indicator");
    String pattern = switch (random.nextInt(4)) {
      case 0 -> "[ipv4-addr:value = '" + ip() + "']";
      case 1 -> "[domain-name:value = '" + domain() + "']";
      case 2 -> "[file:hashes.'SHA-256' = '" + sha256() + "']";
      default -> "[url:value = 'http://" + domain() + "/path/" + random.nextInt(10000) + "']";
    };
    o.put("name", "Indicator " + random.nextInt(100000));
    o.put("description", "Generated indicator for load: traffic to this value was seen in an intrusion.");
    o.putArray("indicator_types").add("malicious-activity");
    o.put("pattern", pattern).put("pattern_type", "stix").put("valid_from", o.get("created").asText());
    o.putArray("kill_chain_phases").addObject().put("kill_chain_name", "lockheed-martin-cyber-kill-chain").put("phase_name", "command-and-control");
    o.put("confidence", random.nextInt(101));
    o.putArray("labels").add("generated");
    return o;
  }

  private ObjectNode observable() {
    ObjectNode o = Json.mapper().createObjectNode();
    switch (random.nextInt(5)) {
      case 0 -> o.put("type", "ipv4-addr").put("value", ip());
      case 1 -> o.put("type", "domain-name").put("value", domain());
      case 2 -> o.put("type", "url").put("value", "https://" + domain() + "/a/" + random.nextInt(1000));
      case 3 -> o.put("type", "email-addr").put("value", "user" + random.nextInt(10000) + "@" + domain());
      default -> {
        o.put("type", "file").put("name", "sample" + random.nextInt(10000) + ".exe").put("size", random.nextInt(10_000_000));
        o.putObject("hashes").put("SHA-256", sha256());
      }
    }
    o.put("spec_version", "2.1");
    o.put("id", ScoIds.deterministicId(o).orElse(o.get("type").asText() + "--" + uuid()));
    observables.add(o.get("id").asText());
    if (observables.size() > 1000) observables.remove(0);
    return o;
  }

  private ObjectNode relationship() {
    ObjectNode o = base("relationship");
    o.put("relationship_type", "indicates");
    o.put("source_ref", "indicator--" + uuid()).put("target_ref", "malware--" + uuid());
    return o;
  }

  private ObjectNode sighting() {
    ObjectNode o = base("sighting");
    o.put("sighting_of_ref", "indicator--" + uuid()).put("count", 1 + random.nextInt(50));
    o.put("first_seen", o.get("created").asText()).put("last_seen", o.get("created").asText());
    o.putArray("where_sighted_refs").add(IDENTITY);
    return o;
  }

  private ObjectNode meta() {
    ObjectNode o = base("language-content");
    o.remove("created_by_ref");
    o.put("object_ref", "malware--" + uuid());
    o.putObject("contents").putObject("de").put("name", "Schadsoftware");
    return o;
  }

  private ObjectNode sdo(String type) {
    if (type.equals("indicator")) return indicator();
    ObjectNode o = base(type);
    String name = type + " " + random.nextInt(100000);
    switch (type) {
      case "attack-pattern", "campaign", "course-of-action", "infrastructure", "intrusion-set", "threat-actor", "tool", "vulnerability", "incident" -> o.put("name", name);
      case "grouping" -> {
        o.put("context", "suspicious-activity");
        o.putArray("object_refs").add("indicator--" + uuid());
      }
      case "identity" -> o.put("name", name).put("identity_class", "organization");
      case "location" -> o.put("region", "europe").put("country", "DE");
      case "malware" -> o.put("name", name).put("is_family", true);
      case "malware-analysis" -> o.put("product", "sandbox").put("result", "malicious");
      case "note" -> {
        o.put("content", "We think this is a false positive.");
        o.putArray("object_refs").add("indicator--" + uuid());
      }
      case "observed-data" -> {
        o.put("first_observed", o.get("created").asText()).put("last_observed", o.get("created").asText()).put("number_observed", 1);
        ArrayNode refs = o.putArray("object_refs");
        refs.add(observables.isEmpty() ? "ipv4-addr--" + uuid() : observables.get(random.nextInt(observables.size())));
      }
      case "opinion" -> {
        o.put("opinion", "disagree").put("explanation", "The attribution is not supported by the evidence.");
        o.putArray("object_refs").add("report--" + uuid());
      }
      case "report" -> {
        o.put("name", name).put("published", o.get("created").asText());
        o.putArray("report_types").add("threat-report");
        o.putArray("object_refs").add("indicator--" + uuid()).add("malware--" + uuid());
      }
      default -> throw new IllegalArgumentException(type);
    }
    if (!Set.of("note", "observed-data", "opinion", "malware-analysis").contains(type)) o.put("description", "Generated " + type + " with a description of a realistic length for a feed.");
    return o;
  }
}
