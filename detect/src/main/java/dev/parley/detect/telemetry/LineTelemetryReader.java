package dev.parley.detect.telemetry;

import dev.parley.pattern.match.ValueScreen;
import dev.parley.pattern.observe.Observation;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A reader of line-based telemetry: one record a line, each mapped into an {@link ObservationBuilder}
 * and identified by the digest of its bytes. Subclasses read one line. Not thread-safe.
 */
abstract class LineTelemetryReader implements TelemetryReader {
  private final InputStream in;
  private final LineReader lines;
  private final long seed;
  final ObservationBuilder builder = new ObservationBuilder();
  /**
   * The bytes of the line being read, with the blank space after its text that parsing leaves out:
   * a record's id is the digest of all its bytes, so a line and the same line with a trailing space
   * are two records (issue 12: "byte-for-byte identical"; a hostile run saw the second counted as a
   * repeat). Its line ending, LF or CR LF, is none of its bytes.
   */
  private int untrimmed;
  /** The screen records are asked of before they are built, or null: build every record. */
  ValueScreen screen;
  /**
   * Lines of this many bytes or more are built whatever the screen says: whether a record is
   * malformed for its objects ({@link TelemetryReader#MAX_OBJECTS}, two bytes each at least) is
   * decided on every line that could have that many, so that it never depends on the indicators (a
   * hostile run padded a line with 1,100 values and read from "malformed" or "read" whether any was
   * an indicator it may not read).
   */
  static final int SCREENED_BELOW = 1_024;

  /** Whether a line of {@code length} bytes is asked of the screen before it is built. */
  final boolean screened(int length) {
    return screen != null && length < SCREENED_BELOW;
  }

  LineTelemetryReader(InputStream in, String source) {
    this.in = in;
    this.lines = new LineReader(in);
    this.seed = Digests.seed(source);
  }

  @Override
  public final TelemetryReader screening(ValueScreen screen) {
    this.screen = Objects.requireNonNull(screen, "screen");
    return this;
  }

  /** The continuations of the record read last, still to be handed out, and the next of them. */
  private List<Observation> continued = List.of();
  private int nextContinued;

  @Override
  public final TelemetryItem read() throws IOException {
    if (nextContinued < continued.size()) return new TelemetryItem.Continued(continued.get(nextContinued++), lines.number());
    continued = List.of();
    while (lines.next()) {
      long number = lines.number();
      if (lines.tooLong()) return new TelemetryItem.Malformed(number, LineReader.tooLongReason());
      byte[] buffer = lines.buffer();
      int offset = lines.offset();
      int length = lines.length();
      untrimmed = length;
      while (length > 0 && (buffer[offset + length - 1] == ' ' || buffer[offset + length - 1] == '\t' && tabsTrail())) length--;
      if (length == 0) continue;
      // a line of UTF-16 or UTF-32 among UTF-8 ones (a zero byte at its start): JSON's parser would guess its encoding and read
      // it, and one event sent in three encodings counted three times (hostile run 12z)
      if (buffer[offset] == 0 || length > 1 && buffer[offset + 1] == 0) {
        return new TelemetryItem.Malformed(number, "not UTF-8 text (a zero byte at its start: UTF-16 or UTF-32?); telemetry is UTF-8");
      }
      TelemetryItem item = line(buffer, offset, length, number);
      if (item != null) return item;
    }
    return null;
  }

  /** True when trailing tabs are blank space (JSON), false when they separate empty fields (TSV). */
  abstract boolean tabsTrail();

  /** The item of one non-blank line, or null when the line holds none (a header). */
  abstract TelemetryItem line(byte[] buffer, int offset, int length, long number) throws IOException;

  /** The record the builder holds, at {@code time}; malformed when the record had no valid time. */
  final TelemetryItem finish(Instant time, byte[] buffer, int offset, int length, long number, String noTime) {
    String bad = time == null ? noTime : builder.objects() > MAX_OBJECTS ? TelemetryReader.tooManyObjects(builder.objects()) : null;
    if (bad != null) {
      builder.build("", Instant.EPOCH); // drop what the mapping added
      builder.dropContinuations();
      return new TelemetryItem.Malformed(number, bad);
    }
    String id = Digests.hex128(buffer, offset, untrimmed, seed);
    Observation record = builder.build(id, time);
    continued = builder.continuations(id, time);
    nextContinued = 0;
    return new TelemetryItem.Record(record, number);
  }

  @Override
  public final long unconvertedValues() {
    return builder.unconvertedValues();
  }

  @Override
  public final long droppedValues() {
    return builder.droppedValues();
  }

  @Override
  public final void close() throws IOException {
    in.close();
  }
}
