package dev.parley.store.witness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Json;
import dev.parley.stix.Timestamps;
import dev.parley.tlog.MalformedInputException;
import dev.parley.tlog.tree.Hash;
import dev.parley.tlog.witness.ForkEvidence;
import java.io.IOException;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;

/**
 * Fork evidence as JSON (tlog/EVIDENCE-FORMAT.md): a list of {@code {"origin", "notes", "proof",
 * "from", "at"}}, what {@code parley log evidence --format json} prints and {@code /witness/evidence}
 * serves.
 */
public final class EvidenceJson {
  private EvidenceJson() {}

  public static ArrayNode write(List<ForkEvidence> evidence) {
    ArrayNode list = Json.mapper().createArrayNode();
    for (ForkEvidence e : evidence) {
      ObjectNode o = list.addObject();
      o.put("origin", e.origin());
      e.notes().forEach(o.putArray("notes")::add);
      ArrayNode proof = o.putArray("proof");
      e.proof().forEach(h -> proof.add(h.toBase64()));
      e.from().forEach(o.putArray("from")::add);
      ArrayNode at = o.putArray("at");
      e.at().forEach(t -> at.add(Timestamps.format(t)));
    }
    return list;
  }

  /**
   * Reads a list written by {@link #write}.
   *
   * @throws MalformedInputException when it is not such a list
   */
  public static List<ForkEvidence> read(byte[] json) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(json);
    } catch (IOException e) {
      throw new MalformedInputException("fork evidence", "not JSON: " + e.getMessage());
    }
    if (root == null || !root.isArray()) throw new MalformedInputException("fork evidence", "expected a JSON array");
    List<ForkEvidence> out = new ArrayList<>();
    for (JsonNode o : root) {
      try {
        out.add(new ForkEvidence(text(o.get("origin")), strings(o.get("notes")),
            strings(o.get("proof")).stream().map(Hash::fromBase64).toList(), strings(o.get("from")),
            strings(o.get("at")).stream().map(Timestamps::parse).toList()));
      } catch (IllegalArgumentException | NullPointerException | DateTimeException e) {
        throw new MalformedInputException("fork evidence", "a record is not {origin, notes, proof, from, at}: " + e.getMessage());
      }
    }
    return out;
  }

  private static String text(JsonNode n) {
    if (n == null || !n.isTextual()) throw new IllegalArgumentException("expected a string");
    return n.asText();
  }

  private static List<String> strings(JsonNode n) {
    if (n == null || !n.isArray()) throw new IllegalArgumentException("expected an array of strings");
    List<String> out = new ArrayList<>();
    n.forEach(v -> out.add(text(v)));
    return out;
  }
}
