package dev.parley.detect.telemetry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/**
 * Reads Elastic Common Schema NDJSON, one event a line, streamed with Jackson's parser into an
 * {@link EcsEvent} (the values of the paths the mapping reads, no tree of the event), screened
 * ({@link EcsScreen}) and mapped ({@link EcsRecords}). Not thread-safe.
 */
final class EcsLinesReader extends LineTelemetryReader {
  private final ObjectMapper json;
  private final EcsEvent event;

  EcsLinesReader(InputStream in, String source, ObjectMapper json) {
    super(in, source);
    this.json = json;
    this.event = new EcsEvent(new JsonTrees(json, (member, child) -> true));
  }

  @Override
  boolean tabsTrail() {
    return true;
  }

  @Override
  TelemetryItem line(byte[] buffer, int offset, int length, long number) throws IOException {
    EcsEvent e = event;
    try (JsonParser p = json.getFactory().createParser(buffer, offset, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return new TelemetryItem.Malformed(number, "not a JSON object");
      e.read(p);
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        return new TelemetryItem.Malformed(number, "not one JSON object");
      }
    } catch (JsonProcessingException | NumberFormatException | ArithmeticException ex) {
      return JsonTrees.notJson(number, ex);
    }
    if (screen != null) {
      Instant unmatched = EcsScreen.unmatched(e, screen);
      if (unmatched != null) return new TelemetryItem.Screened(number, unmatched);
    }
    return finish(EcsRecords.map(e, builder), buffer, offset, length, number, "no valid timestamp");
  }
}
