package dev.parley.detect.telemetry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * Reads NDJSON telemetry (one JSON object a line) and maps each object with a format's mapping.
 * The line is streamed with Jackson's parser; only the top-level members the mapping reads become
 * a tree, the rest (flow counters, TCP flags, alert metadata...) are skipped unbuilt: a whole
 * {@code readTree} of an EVE flow event cost more than matching it (BENCHMARKS.md).
 */
final class JsonLinesReader implements TelemetryReader {
  /** Maps one JSON record's observables into the builder; returns its time, or null when it has none. */
  @FunctionalInterface
  interface Mapping {
    Instant map(ObjectNode record, ObservationBuilder builder);
  }

  private final InputStream in;
  private final LineReader lines;
  private final long seed;
  private final ObjectMapper json;
  private final Mapping mapping;
  private final Predicate<String> keep;
  private final ObservationBuilder builder = new ObservationBuilder();

  JsonLinesReader(InputStream in, String source, ObjectMapper json, Mapping mapping, Predicate<String> keep) {
    this.keep = keep;
    this.in = in;
    this.lines = new LineReader(in);
    this.seed = Digests.seed(source);
    this.json = json;
    this.mapping = mapping;
  }

  @Override
  public TelemetryItem read() throws IOException {
    while (lines.next()) {
      long number = lines.number();
      if (lines.tooLong()) return new TelemetryItem.Malformed(number, "line longer than " + LineReader.MAX_LINE + " bytes");
      byte[] buffer = lines.buffer();
      int offset = lines.offset();
      int length = lines.length();
      while (length > 0 && (buffer[offset + length - 1] == ' ' || buffer[offset + length - 1] == '\t')) length--;
      if (length == 0) continue;
      if (number == 1 && length >= 3 && (buffer[offset] & 0xff) == 0xEF && (buffer[offset + 1] & 0xff) == 0xBB) {
        offset += 3;
        length -= 3;
      }
      ObjectNode object;
      try (JsonParser p = json.getFactory().createParser(buffer, offset, length)) {
        if (p.nextToken() != JsonToken.START_OBJECT) return new TelemetryItem.Malformed(number, "not a JSON object");
        object = json.getNodeFactory().objectNode();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
          p.nextToken();
          if (keep.test(name)) object.set(name, json.readTree(p));
          else p.skipChildren();
        }
        if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
          return new TelemetryItem.Malformed(number, "not one JSON object");
        }
      } catch (JsonProcessingException e) {
        return new TelemetryItem.Malformed(number, "not JSON: " + e.getOriginalMessage());
      }
      Instant time = mapping.map(object, builder);
      if (time == null) {
        builder.build("", Instant.EPOCH);
        return new TelemetryItem.Malformed(number, "no valid timestamp");
      }
      return new TelemetryItem.Record(builder.build(Digests.hex128(buffer, offset, length, seed), time), number);
    }
    return null;
  }

  @Override
  public long unconvertedNames() {
    return builder.unconvertedNames();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
