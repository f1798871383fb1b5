package dev.parley.detect.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Zeek logs, TSV and JSON alike, told apart line by line: a line that starts with {@code {}
 * is a JSON record (Zeek's JSON writer, one object a line), {@code #} a TSV header line, anything
 * else a TSV record under the latest header. A TSV record is split by the header's separator
 * without a JSON tree; only the fields a mapping asks for are decoded. A JSON record's log is its
 * {@code _path}, else the file's name, else guessed from its fields.
 */
final class ZeekReader extends LineTelemetryReader {
  private final String fileNamePath;
  private final ObjectMapper json;
  private final ZeekTsvHeader header = new ZeekTsvHeader();
  private final ZeekTsvRecord tsv = new ZeekTsvRecord();
  private String headerPath;

  ZeekReader(InputStream in, String source, ObjectMapper json) {
    super(in, source);
    this.fileNamePath = ZeekPaths.fromFileName(source);
    this.json = json;
  }

  @Override
  boolean tabsTrail() {
    return false;
  }

  @Override
  TelemetryItem line(byte[] buffer, int offset, int length, long number) {
    byte first = buffer[offset];
    if (first == '#') {
      header.read(new String(buffer, offset, length, StandardCharsets.UTF_8));
      tsv.forget();
      headerPath = header.path != null ? header.path : fileNamePath != null ? fileNamePath : header.inferredPath();
      return null;
    }
    return first == '{' ? json(buffer, offset, length, number) : tsv(buffer, offset, length, number);
  }

  private TelemetryItem tsv(byte[] buffer, int offset, int length, long number) {
    if (header.fields == null) return new TelemetryItem.Malformed(number, "a record before any #fields header");
    String line = new String(buffer, offset, length, StandardCharsets.UTF_8);
    if (line.isBlank()) return null;
    if (!tsv.split(line, header)) {
      return new TelemetryItem.Malformed(number, tsv.count + " fields where the header names " + header.fields.length);
    }
    String path = headerPath == null ? "unknown" : headerPath;
    if (screen != null) {
      Instant unmatched = ZeekTsvScreen.unmatched(path, tsv, screen);
      if (unmatched != null) return new TelemetryItem.Screened(number, unmatched);
    }
    Instant ts = ZeekRecords.map(path, tsv, builder);
    return finish(ts, buffer, offset, length, number, "no valid ts");
  }

  private TelemetryItem json(byte[] buffer, int offset, int length, long number) {
    JsonNode node;
    try {
      node = json.readTree(buffer, offset, length);
    } catch (JsonProcessingException e) {
      return new TelemetryItem.Malformed(number, "not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      return new TelemetryItem.Malformed(number, "not JSON: " + e.getMessage());
    }
    if (!(node instanceof ObjectNode object)) return new TelemetryItem.Malformed(number, "not a JSON object");
    JsonFields fields = new JsonFields(object);
    String path = object.path("_path").textValue();
    if (path == null) path = fileNamePath != null ? fileNamePath : ZeekPaths.infer(fields::has);
    if (screen != null) {
      Instant unmatched = ZeekJsonScreen.unmatched(path, fields, screen);
      if (unmatched != null) return new TelemetryItem.Screened(number, unmatched);
    }
    Instant ts = ZeekRecords.map(path, fields, builder);
    return finish(ts, buffer, offset, length, number, "no valid ts");
  }

  /** A JSON record's fields: Zeek writes dotted names flat ({@code "id.orig_h"}); nested objects are read too. */
  static final class JsonFields implements ZeekFields {
    private final ObjectNode object;

    JsonFields(ObjectNode object) {
      this.object = object;
    }

    boolean has(String name) {
      return node(name) != null;
    }

    private JsonNode node(String name) {
      JsonNode n = object.get(name);
      if (n != null) return n.isNull() ? null : n;
      int dot = name.indexOf('.');
      if (dot < 0) return null;
      JsonNode parent = object.get(name.substring(0, dot));
      JsonNode child = parent == null ? null : parent.get(name.substring(dot + 1));
      return child == null || child.isNull() ? null : child;
    }

    @Override
    public String text(String name) {
      JsonNode n = node(name);
      if (n == null) return null;
      if (n.isArray()) return n.isEmpty() ? "" : ZeekTsvHeader.unescape(n.get(0).asText());
      return n.isValueNode() ? ZeekTsvHeader.unescape(n.asText()) : null;
    }

    @Override
    public List<String> texts(String name) {
      JsonNode n = node(name);
      if (n == null) return List.of();
      if (!n.isArray()) return n.isValueNode() ? List.of(ZeekTsvHeader.unescape(n.asText())) : List.of();
      List<String> out = new ArrayList<>(n.size());
      for (JsonNode e : n) if (e.isValueNode() && !e.isNull()) out.add(ZeekTsvHeader.unescape(e.asText()));
      return out;
    }
  }
}
