package dev.parley.detect.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/**
 * Reads NDJSON telemetry (one JSON object a line) and maps each object with a format's mapping.
 * Each line is read into a tree ({@code readTree} over the line's bytes): measured against
 * Jackson's streaming parser, the tree cost little next to matching (BENCHMARKS.md).
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
  private final ObservationBuilder builder = new ObservationBuilder();

  JsonLinesReader(InputStream in, String source, ObjectMapper json, Mapping mapping) {
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
      JsonNode node;
      try {
        node = json.readTree(buffer, offset, length);
      } catch (JsonProcessingException e) {
        return new TelemetryItem.Malformed(number, "not JSON: " + e.getOriginalMessage());
      }
      if (!(node instanceof ObjectNode object)) return new TelemetryItem.Malformed(number, "not a JSON object");
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
