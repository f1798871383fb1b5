package dev.parley.detect.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.observe.Observations;
import dev.parley.pattern.value.Comparisons;
import dev.parley.stix.Json;
import dev.parley.stix.StixReader;
import dev.parley.stix.StixRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads STIX observed-data (2.1 with {@code object_refs}, or 2.0 with embedded {@code objects}) as
 * {@code parley pattern match} does, through {@link StixReader}: a bundle, an array or JSON Lines.
 * An observed-data is one record; a JSON object without a {@code type} and an {@code id} is
 * malformed. Its SCOs are normalised like every other format's (copies; the input is not changed).
 * An observed-data whose references are not all known yet waits until they are, or until the end
 * of the input; the objects held are bounded by the input's size.
 *
 * <p>An observation is its observed-data's id (STIX 2.1 §3.6: versions of one object share it), not
 * its bytes: the record's id is the digest of the STIX id and the source, so an observed-data sent
 * again, re-serialised or as a later version, is a repeat to the detector's idempotency, here and
 * for 24 hours in a node. In one input, an observed-data whose id was read before (up to {@link
 * #REMEMBERED} ids) is skipped and counted ({@link #duplicates}): it is not a second observation
 * (§9.5), so it neither counts again nor satisfies a {@code REPEATS} or a second bracket alone.
 *
 * <p>A string longer than {@link LongStringCutter}'s bounds (16 MiB, or 32 KiB for a member name)
 * is never built: the object that holds it is malformed, with its line, its id and the member, and
 * every object after it is read.
 */
final class StixTelemetryReader implements TelemetryReader {
  /** Observed-data ids remembered in one input at most, beyond which the oldest are forgotten. */
  static final int REMEMBERED = 1 << 20;

  private final LongStringCutter strings;
  private final StixReader reader;
  private final long seed;
  private final Map<String, ObjectNode> objectsById = new HashMap<>();
  private final Map<String, ObjectNode> normalised = new HashMap<>();
  private final ArrayDeque<StixRecord.ObjectRecord> waiting = new ArrayDeque<>();
  private final Set<String> observed = Collections.newSetFromMap(new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED;
    }
  });
  private final Runnable unconverted;
  private long unconvertedNames;
  private long duplicates;
  /** Cut strings found in the objects read so far (the cutter counts those it passed, ahead of the parser). */
  private long cutsFound;
  private String bundleId;
  private long inBundle;

  StixTelemetryReader(InputStream in, String source) {
    this(new LongStringCutter(in), source);
  }

  /** A reader of what {@code strings} lets through (tests give it other bounds). */
  StixTelemetryReader(LongStringCutter strings, String source) {
    this.strings = strings;
    this.reader = StixReader.open(strings, source);
    this.seed = Digests.seed(source);
    this.unconverted = () -> unconvertedNames++;
  }

  @Override
  public TelemetryItem read() throws IOException {
    try {
      while (true) {
        if (!waiting.isEmpty() && resolvable(waiting.peek().object())) {
          TelemetryItem item = item(waiting.poll());
          if (item != null) return item;
          continue;
        }
        StixRecord record;
        // an object's tree is bounded as a line's are: one observed-data of 3,000,000 {} ran a 128 MB heap out (hostile run
        // 12as D5); past the bound the document is malformed there
        Json.limitValues(JsonTrees.MAX_NODES);
        try {
          if (!reader.hasNext()) break;
          record = reader.next();
        } finally {
          Json.limitValues(0);
        }
        if (record instanceof StixRecord.Malformed bad) return new TelemetryItem.Malformed(bad.line(), bad.message());
        if (record instanceof StixRecord.BundleRecord header) {
          // a bundle's own properties are not telemetry: a string cut there is only accounted for
          Cut cut = strings.cuts() > cutsFound ? cut(header.header()) : null;
          if (cut != null) cutsFound += cut.count;
          continue;
        }
        if (!(record instanceof StixRecord.ObjectRecord o)) continue;
        ObjectNode object = o.object();
        long index = indexInBundle(o);
        if (strings.cuts() > cutsFound) {
          Cut cut = cut(object);
          if (cut != null) {
            cutsFound += cut.count;
            return new TelemetryItem.Malformed(o.line(), cut.reason(object, index));
          }
        }
        // JSON of another kind (an ECS or EVE record given as STIX) is said, not passed over in silence
        if (!object.path("type").isTextual() || !object.path("id").isTextual()) {
          return new TelemetryItem.Malformed(o.line(), "not a STIX object: a JSON object without a \"type\" and an \"id\"");
        }
        if ("observed-data".equals(object.path("type").asText())) {
          if (!resolvable(object)) {
            waiting.add(o);
            continue;
          }
          TelemetryItem item = item(o);
          if (item != null) return item;
        } else {
          objectsById.put(object.get("id").textValue(), object);
        }
      }
      while (!waiting.isEmpty()) {
        TelemetryItem item = item(waiting.poll());
        if (item != null) return item;
      }
      return null;
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** The 1-based place of a bundle's object among the bundle's objects; 0 for one that stands alone. */
  private long indexInBundle(StixRecord.ObjectRecord o) {
    if (o.bundleId().isEmpty()) return 0;
    if (!o.bundleId().equals(bundleId)) {
      bundleId = o.bundleId();
      inBundle = 0;
    }
    return ++inBundle;
  }

  private boolean resolvable(ObjectNode od) {
    for (JsonNode ref : od.path("object_refs")) if (!objectsById.containsKey(ref.asText())) return false;
    return true;
  }

  /** The record of an observed-data, or null when its id was read before in this input (counted). */
  private TelemetryItem item(StixRecord.ObjectRecord o) {
    ObjectNode od = o.object();
    String stixId = od.get("id").textValue();
    byte[] idBytes = stixId.getBytes(StandardCharsets.UTF_8);
    String id = Digests.hex128(idBytes, 0, idBytes.length, seed);
    if (observed.contains(id)) {
      duplicates++;
      return null;
    }
    if (od.get("objects") instanceof ObjectNode embedded) {
      od = od.deepCopy();
      ObjectNode copy = od.putObject("objects");
      for (Iterator<Map.Entry<String, JsonNode>> it = embedded.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        copy.set(e.getKey(), e.getValue() instanceof ObjectNode sco ? StixScos.normalise(sco, unconverted) : e.getValue());
      }
    }
    // STIX 2.1 §4.14: number_observed is an integer from 1 to 999,999,999, required (hostile run 12t: 0 was counted as a hit)
    JsonNode number = od.get("number_observed");
    if (number == null || !number.isIntegralNumber() || !number.canConvertToLong() || number.longValue() < 1 || number.longValue() > 999_999_999L) {
      return new TelemetryItem.Malformed(o.line(), "observed-data whose number_observed is " + (number == null ? "missing" : Json.abbreviated(number.toString()))
          + ": STIX 2.1 §4.14 asks for an integer from 1 to 999,999,999");
    }
    Observation parsed = Observations.from(od, this::normalisedObject).orElse(null);
    if (parsed == null) {
      Instant first = Comparisons.timestamp(od.path("first_observed").asText(""));
      Instant last = Comparisons.timestamp(od.path("last_observed").asText(""));
      if (first != null && last != null) {
        return new TelemetryItem.Malformed(o.line(), "observed-data whose last_observed precedes its first_observed (STIX 2.1 §4.14)");
      }
      return new TelemetryItem.Malformed(o.line(), "observed-data without valid first_observed and last_observed");
    }
    if (!Times.inYears(parsed.firstObserved()) || !Times.inYears(parsed.lastObserved())) {
      // year 0000 is a STIX timestamp, but no time of a record in any other format: the same rule for every format
      return new TelemetryItem.Malformed(o.line(), "observed-data observed outside the years 0001-9999");
    }
    if (parsed.objects().size() > MAX_OBJECTS) return new TelemetryItem.Malformed(o.line(), TelemetryReader.tooManyObjects(parsed.objects().size()));
    observed.add(id);
    Observation observation = new Observation(id, parsed.firstObserved(), parsed.lastObserved(), parsed.numberObserved(),
        parsed.objects(), parsed.roots());
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
  public long duplicates() {
    return duplicates;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }

  /**
   * The strings {@link LongStringCutter} cut in one object: how many, and where the first is (its
   * members' names and indexes, dotted), or null when it holds none.
   */
  private Cut cut(ObjectNode object) {
    Cut cut = new Cut();
    cut.visit(object, "");
    return cut.count == 0 ? null : cut;
  }

  /** A walk of one object's tree for the strings the cutter cut, names and values. */
  private final class Cut {
    long count;
    String first;
    boolean firstIsName;

    void visit(JsonNode node, String path) {
      if (node.isTextual()) {
        if (strings.isCut(node.textValue(), false)) found(path, false);
      } else if (node.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          boolean cutName = strings.isCut(e.getKey(), true);
          if (cutName) found(path, true);
          visit(e.getValue(), path + "/" + (cutName ? "(a cut name)" : e.getKey()));
        }
      } else if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) visit(node.get(i), path + "/" + i);
      }
    }

    private void found(String path, boolean name) {
      if (count++ == 0) {
        first = path.isEmpty() ? "" : path.substring(1).replace('/', '.');
        firstIsName = name;
      }
    }

    /** Why the object is malformed: what it is, where, and the first string too long. */
    String reason(ObjectNode object, long index) {
      JsonNode id = object.get("id");
      JsonNode type = object.get("type");
      String what = id != null && id.isTextual() && id.textValue().length() <= 200 ? id.textValue()
          : type != null && type.isTextual() && type.textValue().length() <= 200 ? "a " + type.textValue() + " object" : "an object";
      String place = index > 0 ? " (object " + index + " of the bundle)" : "";
      String string = firstIsName
          ? "a member name" + (first.isEmpty() ? "" : " in " + first) + " is longer than " + String.format("%,d", strings.limit(true))
          : (first.isEmpty() ? "a string" : first + " is a string") + " longer than " + String.format("%,d", strings.limit(false));
      return what + place + " skipped: " + string + " characters, the longest read" + (count > 1 ? " (" + count + " such strings)" : "");
    }
  }
}
