package dev.parley.detect.telemetry;

import dev.parley.pattern.observe.Observation;
import java.time.Instant;
import java.util.Objects;

/**
 * One thing read from telemetry: a record as an observation (and, for a record of very many values,
 * its continuations), a record a screen showed no pattern can match (not built), or a malformed line.
 */
public sealed interface TelemetryItem {

  /** The 1-based line where the item starts. */
  long line();

  /**
   * One log record as a STIX observation: its SCOs (references between them are local keys), its
   * event time as first/last observed, and as id the hex digest of the record's bytes and source,
   * so that byte-identical records of one source share an id (of a STIX observed-data, its STIX id
   * and source: every copy and version of it shares one).
   */
  record Record(Observation observation, long line) implements TelemetryItem {
    public Record {
      Objects.requireNonNull(observation, "observation");
    }
  }

  /**
   * More values of the record read just before, past the values one observation gives: an
   * observation with that record's id and time holding them (value SCOs alone), matched as that
   * record (a record counts once for an indicator, whichever of its observations matched) and never
   * counted as a record of its own. Only a record of more than a thousand values (a long DNS answer)
   * has any.
   */
  record Continued(Observation observation, long line) implements TelemetryItem {
    public Continued {
      Objects.requireNonNull(observation, "observation");
    }
  }

  /**
   * A record that the reader's {@link TelemetryReader#screening screen} showed no pattern can
   * match, so it was not built: only its event time, which moves a detector's time on as any
   * record does.
   */
  record Screened(long line, Instant time) implements TelemetryItem {
    public Screened {
      Objects.requireNonNull(time, "time");
    }
  }

  /** A line that could not be read as a record, and why. */
  record Malformed(long line, String reason) implements TelemetryItem {
    public Malformed {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
      return "line " + line + ": " + reason;
    }
  }
}
