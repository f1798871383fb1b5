package dev.parley.detect.telemetry;

import dev.parley.pattern.match.ValueScreen;
import java.io.Closeable;
import java.io.IOException;

/**
 * Reads telemetry records from one stream, in order. A malformed line is an item, never an
 * exception; only a failure to read the stream throws. Not thread-safe.
 */
public interface TelemetryReader extends Closeable {
  /**
   * The most STIX objects one record may give; a record with more is malformed, and nothing of it is
   * matched. A log record's observation stops at 1,016 values before, its next values follow in
   * continuations ({@link TelemetryItem.Continued}) up to 16,256 in the record, the rest left out
   * ({@link #droppedValues}); a STIX observed-data of more objects is malformed. A DNS answer of 60,000 addresses (one 906 KB EVE
   * line) cost a run seconds to match and store, and each hit stored and logged its 60,000 SCOs.
   */
  int MAX_OBJECTS = 1_024;

  /** The value SCOs one log record gives at most, in its observation and continuations (16,256); past them values are left out. */
  int RECORD_VALUES = ObservationBuilder.RECORD_VALUES;

  /** Why a record of {@code objects} objects, more than {@link #MAX_OBJECTS}, is malformed. */
  static String tooManyObjects(int objects) {
    return "the record holds " + objects + " STIX objects, more than " + MAX_OBJECTS + " (a list of thousands of addresses or"
        + " names?): nothing of it is matched";
  }

  /** The next item, or {@code null} at the end of the input. */
  TelemetryItem read() throws IOException;

  /**
   * From now on, returns as {@link TelemetryItem.Screened} the records that {@code screen} shows no
   * pattern can match, without building them; a reader that cannot tell builds every record (the
   * default). The screen must be of the matcher the records go to. Returns this reader.
   */
  default TelemetryReader screening(ValueScreen screen) {
    return this;
  }

  /**
   * Values not converted so far: domain names that IDNA could not convert or that are no host name
   * (a space, '/', '@', '\\', a control character; the root, {@code .}), which keep their text, and
   * Zeek values whose {@code \xNN} escapes are not UTF-8 (those bytes read as U+FFFD; a name among
   * them is counted once).
   */
  long unconvertedValues();

  /**
   * Values left out of their records so far, past the {@code 16,256} value SCOs one record gives at
   * most, in its observation and continuations (more than a DNS message holds); each record is
   * detected with the rest. Always 0
   * for STIX observed-data, whose records are their objects (the default).
   */
  default long droppedValues() {
    return 0;
  }

  /**
   * Records skipped so far because this input held one with the same id before: a STIX
   * observed-data read again (the same, re-serialised, or another version of it) is not a second
   * observation. Always 0 for log formats, whose records have no id of their own (the default).
   */
  default long duplicates() {
    return 0;
  }

  /**
   * The lines that put a reader of the rest of this input (opened after the last line read) in this
   * reader's state: the Zeek TSV header in force, which its later lines are split by. Empty when the
   * format keeps no state from line to line (the default), or nothing of it was read yet.
   */
  default byte[] preamble() {
    return new byte[0];
  }
}
