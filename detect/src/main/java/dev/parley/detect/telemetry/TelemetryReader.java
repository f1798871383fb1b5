package dev.parley.detect.telemetry;

import java.io.Closeable;
import java.io.IOException;

/**
 * Reads telemetry records from one stream, in order. A malformed line is an item, never an
 * exception; only a failure to read the stream throws. Not thread-safe.
 */
public interface TelemetryReader extends Closeable {

  /** The next item, or {@code null} at the end of the input. */
  TelemetryItem read() throws IOException;

  /** Domain names that IDNA could not convert (they keep their text) so far. */
  long unconvertedNames();
}
