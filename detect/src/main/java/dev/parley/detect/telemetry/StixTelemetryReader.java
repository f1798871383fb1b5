package dev.parley.detect.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.observe.Observations;
import dev.parley.stix.Json;
import dev.parley.stix.StixReader;
import dev.parley.stix.StixRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads STIX observed-data (2.1 with {@code object_refs}, or 2.0 with embedded {@code objects}) as
 * {@code parley pattern match} does, through {@link StixReader}: a bundle, an array or JSON Lines.
 * An observed-data is one record; a JSON object without a {@code type} and an {@code id} is malformed. Its SCOs are normalised like every other format's (copies; the
 * input is not changed). An observed-data whose references are not all known yet waits until they
 * are, or until the end of the input; the objects held are bounded by the input's size.
 */
final class StixTelemetryReader implements TelemetryReader {
  private final StixReader reader;
  private final long seed;
  private final Map<String, ObjectNode> objectsById = new HashMap<>();
  private final Map<String, ObjectNode> normalised = new HashMap<>();
  private final ArrayDeque<StixRecord.ObjectRecord> waiting = new ArrayDeque<>();
  private final Runnable unconverted;
  private long unconvertedNames;
  private boolean drained;

  StixTelemetryReader(InputStream in, String source) {
    this.reader = StixReader.open(in, source);
    this.seed = Digests.seed(source);
    this.unconverted = () -> unconvertedNames++;
  }

  @Override
  public TelemetryItem read() throws IOException {
    try {
      while (reader.hasNext()) {
        StixRecord record = reader.next();
        if (record instanceof StixRecord.Malformed bad) return new TelemetryItem.Malformed(bad.line(), bad.message());
        if (!(record instanceof StixRecord.ObjectRecord o)) continue;
        ObjectNode object = o.object();
        // JSON of another kind (an ECS or EVE record given as STIX) is said, not passed over in silence
        if (!object.path("type").isTextual() || !object.path("id").isTextual()) {
          return new TelemetryItem.Malformed(o.line(), "not a STIX object: a JSON object without a \"type\" and an \"id\"");
        }
        if ("observed-data".equals(object.path("type").asText())) {
          if (resolvable(object)) return item(o);
          waiting.add(o);
        } else {
          objectsById.put(object.get("id").textValue(), object);
          if (!waiting.isEmpty() && resolvable(waiting.peek().object())) return item(waiting.poll());
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    if (!drained && !waiting.isEmpty()) return item(waiting.poll());
    drained = true;
    return null;
  }

  private boolean resolvable(ObjectNode od) {
    for (JsonNode ref : od.path("object_refs")) if (!objectsById.containsKey(ref.asText())) return false;
    return true;
  }

  private TelemetryItem item(StixRecord.ObjectRecord o) throws JsonProcessingException {
    ObjectNode od = o.object();
    if (od.get("objects") instanceof ObjectNode embedded) {
      od = od.deepCopy();
      ObjectNode copy = od.putObject("objects");
      for (Iterator<Map.Entry<String, JsonNode>> it = embedded.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        copy.set(e.getKey(), e.getValue() instanceof ObjectNode sco ? StixScos.normalise(sco, unconverted) : e.getValue());
      }
    }
    Observation parsed = Observations.from(od, this::normalisedObject).orElse(null);
    if (parsed == null) return new TelemetryItem.Malformed(o.line(), "observed-data without valid first_observed and last_observed");
    String text = o.text() != null ? o.text() : Json.mapper().writeValueAsString(o.object());
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Observation observation = new Observation(Digests.hex128(bytes, 0, bytes.length, seed), parsed.firstObserved(),
        parsed.lastObserved(), parsed.numberObserved(), parsed.objects(), parsed.roots());
    return new TelemetryItem.Record(observation, o.line());
  }

  private ObjectNode normalisedObject(String id) {
    ObjectNode found = normalised.get(id);
    if (found != null) return found;
    ObjectNode original = objectsById.get(id);
    if (original == null) return null;
    ObjectNode copy = StixScos.normalise(original, unconverted);
    normalised.put(id, copy);
    return copy;
  }

  @Override
  public long unconvertedValues() {
    return unconvertedNames;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
