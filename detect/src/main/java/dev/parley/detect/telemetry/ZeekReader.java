package dev.parley.detect.telemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Reads Zeek logs, TSV and JSON alike, told apart line by line: a line that starts with {@code {}
 * is a JSON record (Zeek's JSON writer, one object a line), {@code #} a TSV header line, anything
 * else a TSV record under the latest header. A TSV record is split by the header's separator
 * without a JSON tree; only the fields a mapping asks for are decoded. A JSON record is streamed
 * into the fields the mappings read ({@link ZeekJsonRecord}), also without a tree; its log is its
 * {@code _path}, else the file's name, else guessed from its fields. Read as JSON only (Zeek JSON
 * over HTTP), a line that is not a JSON object is malformed, a header line too.
 */
final class ZeekReader extends LineTelemetryReader {
  private final String fileNamePath;
  private final ObjectMapper json;
  private final boolean jsonOnly;
  private final ZeekTsvHeader header = new ZeekTsvHeader();
  private final ZeekTsvRecord tsv = new ZeekTsvRecord(builder.unconverted()); // values not UTF-8: counted with the names IDNA rejects
  private final ZeekJsonRecord record = new ZeekJsonRecord(builder.unconverted());
  private final JsonTrees.Members members = record::read;
  private String headerPath;
  private boolean headerRead;

  ZeekReader(InputStream in, String source, String fileName, ObjectMapper json, boolean jsonOnly) {
    super(in, source);
    this.fileNamePath = ZeekPaths.fromFileName(fileName);
    this.json = json;
    this.jsonOnly = jsonOnly;
  }

  @Override
  boolean tabsTrail() {
    return false;
  }

  /** The header in force after the last line read, as lines; empty before any was read. */
  @Override
  public byte[] preamble() {
    return headerRead ? header.lines().getBytes(StandardCharsets.UTF_8) : new byte[0];
  }

  @Override
  TelemetryItem line(byte[] buffer, int offset, int length, long number) throws IOException {
    byte first = buffer[offset];
    if (jsonOnly) {
      return first == '{' || first == ' ' || first == '\t' ? json(buffer, offset, length, number)
          : new TelemetryItem.Malformed(number, "not a JSON object (Zeek JSON: one object a line)");
    }
    if (first == '#') {
      header.read(new String(buffer, offset, length, StandardCharsets.UTF_8), number);
      headerRead = true;
      tsv.forget();
      headerPath = header.path != null ? header.path : fileNamePath != null ? fileNamePath : header.inferredPath();
      return null;
    }
    return first == '{' ? json(buffer, offset, length, number) : tsv(buffer, offset, length, number);
  }

  private TelemetryItem tsv(byte[] buffer, int offset, int length, long number) {
    String line = new String(buffer, offset, length, StandardCharsets.UTF_8);
    if (line.isBlank()) return null;
    // Zeek writes a byte that is not UTF-8 text as an escape (\xNN); raw, it is not Zeek's, and read as U+FFFD its value
    // matched nothing and was counted nowhere (hostile run 12z: Latin-1 names): the line is malformed, as in JSON
    if (line.indexOf('\uFFFD') >= 0 && !utf8(buffer, offset, length)) {
      return new TelemetryItem.Malformed(number, "not UTF-8 text (Zeek escapes such bytes as \\xNN); telemetry is UTF-8");
    }
    if (header.fields == null) {
      return new TelemetryItem.Malformed(number, header.unreadFields != null
          ? "a TSV record under a header whose fields could not be read: " + header.unreadFields
          : "neither a JSON object (Zeek JSON) nor a TSV record after a #fields header (Zeek TSV)");
    }
    if (!tsv.split(line, header)) {
      return new TelemetryItem.Malformed(number, tsv.count == 1
          ? "no " + header.separatorNamed() + " in the line, where the header names " + header.fields.length + " fields"
          : tsv.count + " fields where the header names " + header.fields.length);
    }
    String path = headerPath == null ? "unknown" : headerPath;
    if (screened(length)) {
      Instant unmatched = ZeekTsvScreen.unmatched(path, tsv, screen);
      if (unmatched != null) return new TelemetryItem.Screened(number, unmatched);
    }
    Instant ts = ZeekRecords.map(path, tsv, builder);
    return finish(ts, buffer, offset, length, number, "no valid ts");
  }

  /** Whether the bytes are UTF-8 (a legitimate U+FFFD is written so too). */
  private static boolean utf8(byte[] buffer, int offset, int length) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(buffer, offset, length)); // reports what it cannot decode
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private TelemetryItem json(byte[] buffer, int offset, int length, long number) throws IOException {
    ZeekJsonRecord fields = record;
    TelemetryItem.Malformed bad = JsonTrees.object(json, buffer, offset, length, number, members);
    if (bad != null) return bad;
    String path = fields.path();
    if (path == null) path = fileNamePath != null ? fileNamePath : ZeekPaths.infer(fields::has);
    if (screened(length)) {
      Instant unmatched = ZeekJsonScreen.unmatched(path, fields, screen);
      if (unmatched != null) return new TelemetryItem.Screened(number, unmatched);
    }
    Instant ts = ZeekRecords.map(path, fields, builder);
    return finish(ts, buffer, offset, length, number, "no valid ts");
  }
}
