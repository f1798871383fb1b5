package dev.parley.detect.telemetry;

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
  private final JsonTrees.Members members;
  private final JsonTrees trees;

  EcsLinesReader(InputStream in, String source, ObjectMapper json) {
    super(in, source);
    this.json = json;
    this.trees = new JsonTrees(json, (member, child) -> true);
    this.event = new EcsEvent(trees);
    this.members = event::read;
  }

  @Override
  boolean tabsTrail() {
    return true;
  }

  @Override
  TelemetryItem line(byte[] buffer, int offset, int length, long number) throws IOException {
    EcsEvent e = event;
    trees.newLine();
    TelemetryItem.Malformed bad = JsonTrees.object(json, buffer, offset, length, number, members);
    if (bad != null) return bad;
    if (screened(length)) {
      Instant unmatched = EcsScreen.unmatched(e, screen);
      if (unmatched != null) return new TelemetryItem.Screened(number, unmatched);
    }
    return finish(EcsRecords.map(e, builder), buffer, offset, length, number, "no valid timestamp");
  }
}
