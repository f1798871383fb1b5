package dev.parley.detect.telemetry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.pattern.match.ValueScreen;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * Reads NDJSON telemetry (one JSON object a line) and maps each object with a format's mapping.
 * The line is streamed with Jackson's parser; only the top-level members the mapping reads, and of
 * those the children it reads, become a tree ({@link JsonTrees}); the rest are skipped unbuilt: a
 * whole {@code readTree} of an EVE flow event cost more than matching it (BENCHMARKS.md). EVE has a
 * reader of its own ({@link EveLinesReader}), which builds no tree of the event itself. A screen
 * given to the reader is asked through the format's {@link Screen}, of the tree, before mapping.
 */
final class JsonLinesReader extends LineTelemetryReader {
  /** Maps one JSON record's observables into the builder; returns its time, or null when it has none. */
  @FunctionalInterface
  interface Mapping {
    Instant map(ObjectNode record, ObservationBuilder builder);
  }

  /** Tells a record that no pattern can match from its tree: its time, or null when one may or it is not judged. */
  @FunctionalInterface
  interface Screen {
    Instant unmatched(ObjectNode record, ValueScreen screen);
  }

  private final ObjectMapper json;
  private final JsonTrees trees;
  private final Mapping mapping;
  private final Predicate<String> keep;
  private final Screen judge;

  JsonLinesReader(InputStream in, String source, ObjectMapper json, Mapping mapping, Predicate<String> keep,
      BiPredicate<String, String> keepWithin, Screen judge) {
    super(in, source);
    this.json = json;
    this.trees = new JsonTrees(json, keepWithin);
    this.mapping = mapping;
    this.keep = keep;
    this.judge = judge;
  }

  @Override
  boolean tabsTrail() {
    return true;
  }

  @Override
  TelemetryItem line(byte[] buffer, int offset, int length, long number) throws IOException {
    ObjectNode object;
    try (JsonParser p = json.getFactory().createParser(buffer, offset, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return new TelemetryItem.Malformed(number, "not a JSON object");
      object = trees.object(16);
      for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
        p.nextToken();
        if (keep.test(name)) object.set(name, trees.value(p, name));
        else p.skipChildren();
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        return new TelemetryItem.Malformed(number, "not one JSON object");
      }
    } catch (JsonProcessingException | NumberFormatException | ArithmeticException e) {
      return JsonTrees.notJson(number, e);
    }
    if (screen != null) {
      Instant unmatched = judge.unmatched(object, screen);
      if (unmatched != null) return new TelemetryItem.Screened(number, unmatched);
    }
    return finish(mapping.map(object, builder), buffer, offset, length, number, "no valid timestamp");
  }
}
