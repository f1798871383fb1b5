package dev.parley.stix.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Finding;
import dev.parley.stix.Rules;
import dev.parley.stix.Severity;
import dev.parley.stix.StixRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Validates the records of one input in order, adding the checks that span objects: a reference
 * to an object of the same input whose type differs from the reference's, and the same object
 * version given twice. The cross-object index holds at most {@value #INDEX_LIMIT} ids; past that,
 * cross-object checks stop and a warning says so, so that memory stays bounded on huge inputs.
 * Not thread-safe.
 */
public final class ValidationSession {
  static final int INDEX_LIMIT = 100_000;

  private final StixValidator validator;
  private final Map<String, String> typeById = new HashMap<>();
  private final Map<String, List<PendingRef>> pending = new HashMap<>();
  private final Map<String, Long> versions = new HashMap<>();
  private boolean saturated;
  private int pendingCount;

  private record PendingRef(String referrer, String pointer, String source, long line) {}

  ValidationSession(StixValidator validator) {
    this.validator = validator;
  }

  /** The findings about one record, placed at its source and line. */
  public List<Finding> accept(StixRecord record) {
    if (record instanceof StixRecord.Malformed m) return List.of(m.finding());
    if (record instanceof StixRecord.BundleRecord b) return place(validator.validateBundle(b.header()), b.source(), b.line());
    StixRecord.ObjectRecord o = (StixRecord.ObjectRecord) record;
    List<Finding> findings = new ArrayList<>(place(validator.validate(o.object()), o.source(), o.line()));
    crossCheck(o, findings);
    return findings;
  }

  private static List<Finding> place(List<Finding> findings, String source, long line) {
    if (findings.isEmpty()) return findings;
    List<Finding> placed = new ArrayList<>(findings.size());
    for (Finding f : findings) placed.add(f.at(source, line));
    return placed;
  }

  private void crossCheck(StixRecord.ObjectRecord record, List<Finding> findings) {
    ObjectNode o = record.object();
    String id = o.path("id").asText("");
    String type = o.path("type").asText("");
    if (id.isEmpty() || type.isEmpty()) return;
    if (typeById.size() >= INDEX_LIMIT) {
      if (!saturated) {
        saturated = true;
        findings.add(new Finding(Severity.WARNING, Rules.CROSS_REFERENCE,
            "more than " + INDEX_LIMIT + " objects: checks across objects stop here", id, "", record.source(), record.line(), 0));
      }
      return;
    }
    String version = o.path("modified").asText(o.path("created").asText(""));
    String key = id + "\u0000" + version;
    Long firstLine = versions.putIfAbsent(key, record.line());
    if (firstLine != null) {
      findings.add(new Finding(Severity.WARNING, Rules.DUPLICATE_OBJECT,
          "this version of " + id + " already appeared at line " + firstLine, id, "", record.source(), record.line(), 0));
    }
    typeById.put(id, type);
    List<PendingRef> waiting = pending.remove(id);
    if (waiting != null) {
      pendingCount -= waiting.size();
      for (PendingRef ref : waiting) mismatch(ref, id, type, findings);
    }
    collectRefs(o, "", id, record, findings);
  }

  private void collectRefs(JsonNode node, String pointer, String referrer, StixRecord.ObjectRecord record, List<Finding> findings) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      String at = Context.child(pointer, name);
      JsonNode v = e.getValue();
      if (name.endsWith("_ref") && v.isTextual()) {
        reference(v.textValue(), at, referrer, record, findings);
      } else if (name.endsWith("_refs") && v.isArray()) {
        for (int i = 0; i < v.size(); i++) {
          if (v.get(i).isTextual()) reference(v.get(i).textValue(), Context.child(at, i), referrer, record, findings);
        }
      } else if ("extensions".equals(name) && v.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> ext = v.fields(); ext.hasNext(); ) {
          Map.Entry<String, JsonNode> x = ext.next();
          if (x.getValue().isObject()) collectRefs(x.getValue(), Context.child(at, x.getKey()), referrer, record, findings);
        }
      }
    }
  }

  private void reference(String target, String pointer, String referrer, StixRecord.ObjectRecord record, List<Finding> findings) {
    PendingRef ref = new PendingRef(referrer, pointer, record.source(), record.line());
    String known = typeById.get(target);
    if (known != null) {
      mismatch(ref, target, known, findings);
    } else if (pendingCount < INDEX_LIMIT) {
      pending.computeIfAbsent(target, k -> new ArrayList<>(1)).add(ref);
      pendingCount++;
    }
  }

  private static void mismatch(PendingRef ref, String target, String actualType, List<Finding> findings) {
    String claimed = Identifiers.typeOf(target);
    if (!claimed.equals(actualType)) {
      findings.add(new Finding(Severity.ERROR, Rules.CROSS_REFERENCE,
          "refers to " + target + ", which this input holds as a " + actualType, ref.referrer(), ref.pointer(), ref.source(), ref.line(), 0));
    }
  }
}
